"""Adding a document to a file: checked by its content, not its name; too large, a name with a path, or anything
but a PDF, JPEG, PNG, DOCX or ODT document is refused with a clear message, and then nothing is stored."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.content import RefusedDocument, clean_name
from documents.enums import ContentType, DocumentKind
from documents.models import Document
from documents.services import document_upload
from tests.accompaniment.factories import AccompanimentFactory
from tests.documents.factories import (
    ELF,
    HTML,
    JPEG,
    PDF,
    PNG,
    WINDOWS_EXE,
    document_add,
    docx,
    odt,
    plain_zip,
    stored_files,
)
from tests.employers.factories import MatchingFactory
from tests.missionlocale.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_of(counsellor):
    return AccompanimentFactory(counsellor=counsellor).job_seeker


def _post(client, job_seeker, name, content, **fields):
    data = {"kind": DocumentKind.CV, "dated_on": "2024-03-01", "file": SimpleUploadedFile(name, content), **fields}
    return client.post(reverse("documents:document_upload", args=[job_seeker.pk]), data)


def test_a_counsellor_adds_a_cv_for_a_matching_stored_under_a_random_name(client, counsellor, file_of):
    matching = MatchingFactory(job_seeker=file_of)
    client.force_login(counsellor)

    response = _post(client, file_of, "CV Amina Benali 2024.pdf", PDF, matching=matching.pk)

    assert response.status_code == 302
    assert response["Location"].endswith(f"/files/{file_of.pk}/#documents")
    document = Document.objects.get()
    assert (document.kind, document.matching, document.uploaded_by) == (DocumentKind.CV, matching, counsellor)
    assert (document.content_type, document.size, document.original_name) == (
        ContentType.PDF,
        len(PDF),
        "CV Amina Benali 2024.pdf",
    )
    files = stored_files()
    assert list(files.values()) == [PDF]
    (stored_name,) = files
    assert stored_name == document.stored_name
    assert "Amina" not in stored_name and stored_name.endswith(".pdf") and len(stored_name) == 2 + 1 + 32 + 4
    page = client.get(reverse("accompaniment:file_detail", args=[file_of.pk])).content.decode()
    assert "CV Amina Benali 2024.pdf" in page
    assert reverse("documents:document_download", args=[document.pk]) in page


@pytest.mark.parametrize(
    ("name", "content", "expected_type", "expected_name"),
    [
        ("photo.png", PNG, ContentType.PNG, "photo.png"),
        ("carte.jpeg", JPEG, ContentType.JPEG, "carte.jpeg"),
        ("contrat.docx", docx(), ContentType.DOCX, "contrat.docx"),
        ("attestation.odt", odt(), ContentType.ODT, "attestation.odt"),
        # The type is the content's: a PNG sent as "scan.pdf" is kept as a PNG and downloaded with its extension.
        ("scan.pdf", PNG, ContentType.PNG, "scan.png"),
        ("b" * 118 + ".pdf", PNG, ContentType.PNG, "b" * 116 + ".png"),
    ],
)
def test_each_allowed_type_is_told_by_its_content(counsellor, file_of, name, content, expected_type, expected_name):
    document = document_add(job_seeker=file_of, uploaded_by=counsellor, name=name, content=content)

    assert (document.content_type, document.original_name) == (expected_type, expected_name)


# What the counsellor reads (the interface speaks French first).
NOT_A_DOCUMENT = "n’est pas un document PDF, JPEG, PNG, DOCX ou ODT"
NOTHING_STORED = "Rien n’a été enregistré"

REFUSALS = {
    "a renamed Linux executable": ("cv.pdf", ELF, NOT_A_DOCUMENT),
    "a renamed Windows executable": ("cv.docx", WINDOWS_EXE, NOT_A_DOCUMENT),
    "an HTML page named .pdf": ("cv.pdf", HTML, NOT_A_DOCUMENT),
    "a zip that is no document": ("cv.docx", plain_zip(), NOT_A_DOCUMENT),
    "a macro-enabled Word file": (
        "cv.docx",
        docx('<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'),
        NOT_A_DOCUMENT,
    ),
    "an empty file": ("cv.pdf", b"", "Le fichier soumis est vide."),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_file_that_is_not_an_allowed_document_is_refused_and_nothing_is_stored(client, counsellor, file_of, case):
    name, content, message = REFUSALS[case]
    client.force_login(counsellor)

    response = _post(client, file_of, name, content)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in response.context["form"].errors["file"][0]
    assert NOTHING_STORED in page
    assert Document.objects.count() == 0
    assert stored_files() == {}


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(client, counsellor, file_of, settings):
    settings.DOCUMENT_MAX_BYTES = 1000
    client.force_login(counsellor)

    response = _post(client, file_of, "cv.pdf", PDF + b"0" * (1001 - len(PDF)))

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Le fichier est trop volumineux (1001\xa0octets) : 1000\xa0octets au maximum."
    ]
    assert Document.objects.count() == 0 and stored_files() == {}
    # At the limit, it is accepted.
    assert _post(client, file_of, "cv.pdf", PDF + b"0" * (1000 - len(PDF))).status_code == 302


def test_the_default_limit_is_ten_megabytes(settings):
    assert settings.DOCUMENT_MAX_BYTES == 10 * 1024 * 1024


@pytest.mark.parametrize(
    "name", ["../../etc/cron.d/evil.pdf", "..\\..\\Windows\\evil.pdf", "/etc/passwd", "..", "cv\x00.pdf.exe"]
)
def test_a_name_with_a_path_or_control_characters_is_refused_and_nothing_is_stored(counsellor, file_of, name):
    with pytest.raises(ValidationError) as refusal:
        document_upload(
            job_seeker=file_of,
            upload=SimpleUploadedFile("upload", PDF),  # Django itself refuses some of these names on a file
            name=name,
            kind=DocumentKind.CV,
            dated_on=datetime.date(2024, 3, 1),
            acting_user=counsellor,
        )

    assert refusal.value.message_dict["file"][0].startswith("Le nom du fichier ")
    assert Document.objects.count() == 0 and stored_files() == {}


def test_a_name_with_a_path_sent_by_a_browser_is_refused_on_the_form(client, counsellor, file_of):
    """Django keeps only the last part of a name with slashes; a name with backslashes reaches the form whole on
    this server and is refused there."""
    from documents.forms import DocumentForm
    from documents.views import document_upload as view

    assert view  # the view feeds the form's file to the service, as below
    form = DocumentForm(
        {"kind": DocumentKind.CV, "dated_on": "2024-03-01"},
        {"file": SimpleUploadedFile("..\\..\\evil.pdf", PDF)},
        job_seeker=file_of,
        user=counsellor,
    )
    assert form.is_valid()
    with pytest.raises(ValidationError, match="chemin de dossier"):
        document_upload(
            job_seeker=file_of,
            upload=form.cleaned_data["file"],
            name=form.cleaned_data["file"].name,
            kind=DocumentKind.CV,
            dated_on=datetime.date(2024, 3, 1),
            acting_user=counsellor,
        )
    assert stored_files() == {}


def test_a_path_in_the_uploaded_name_never_leaves_the_documents_storage(client, counsellor, file_of, tmp_path):
    client.force_login(counsellor)
    boundary = "----boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncv\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="dated_on"\r\n\r\n2024-03-01\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="../../../escaped.pdf"\r\n'
            f"Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + PDF
        + f"\r\n--{boundary}--\r\n".encode()
    )

    response = client.post(
        reverse("documents:document_upload", args=[file_of.pk]),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )

    assert response.status_code in {200, 302}
    assert not list(tmp_path.parent.rglob("escaped.pdf"))
    assert all(".." not in name for name in stored_files())


def test_a_matching_takes_only_a_cv_of_the_same_person(counsellor, file_of):
    other_persons = MatchingFactory()
    with pytest.raises(ValidationError, match="Seul un CV"):
        document_add(job_seeker=file_of, uploaded_by=counsellor, matching=other_persons)
    with pytest.raises(ValidationError, match="Seul un CV"):
        document_add(
            job_seeker=file_of,
            uploaded_by=counsellor,
            kind=DocumentKind.CONTRACT,
            matching=MatchingFactory(job_seeker=file_of),
        )
    assert Document.objects.count() == 0 and stored_files() == {}


def test_only_who_edits_the_file_adds_a_document(client, file_of):
    psychologist = UserFactory(psychologist=True)  # reads the file, outside its team
    client.force_login(psychologist)

    assert client.get(reverse("documents:document_upload", args=[file_of.pk])).status_code == 403
    assert _post(client, file_of, "cv.pdf", PDF).status_code == 403
    assert Document.objects.count() == 0 and stored_files() == {}


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("CV Amina.pdf", "CV Amina.pdf"),
        ("  Évaluation   finale .pdf", "Évaluation finale .pdf"),
        ('cv<script>"x".pdf', "cv_script__x_.pdf"),
        ("a" * 200 + ".pdf", "a" * 116 + ".pdf"),
    ],
)
def test_the_name_is_cleaned(name, cleaned):
    assert clean_name(name) == cleaned


def test_a_name_with_a_right_to_left_override_is_refused():
    with pytest.raises(RefusedDocument):
        clean_name("cv\u202efdp.exe")
