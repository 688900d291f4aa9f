"""Documents follow the person's rights: listed in the access export and given as copies in a ZIP; erased with
the file at anonymisation, rows and bytes in the storage."""

import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accompaniment.enums import AccessAction, AnonymisationCause
from accompaniment.models import FileAccess
from documents.enums import DocumentKind
from documents.models import Document
from privacy.anonymisation import job_seeker_anonymise
from tests.accompaniment.factories import AccompanimentFactory
from tests.documents.factories import PDF, PNG, document_add, stored_files
from tests.employers.factories import MatchingFactory
from tests.missionlocale.factories import UserFactory
from tests.privacy.factories import open_access_request
from tests.responses import close_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_file(counsellor):
    """A file whose accompaniment is closed, with a CV for a matching and an identity document; and another
    person's document, which nothing here may touch."""
    person = AccompanimentFactory(counsellor=counsellor, closed=True).job_seeker
    document_add(
        job_seeker=person,
        uploaded_by=counsellor,
        name="CV Vanderzwalmen.pdf",
        matching=MatchingFactory(job_seeker=person),
    )
    document_add(job_seeker=person, uploaded_by=counsellor, kind=DocumentKind.IDENTITY, name="carte.png", content=PNG)
    other = AccompanimentFactory(counsellor=counsellor).job_seeker
    kept = document_add(job_seeker=other, uploaded_by=counsellor, name="CV autre.pdf")
    return person, kept


def test_anonymisation_erases_the_documents_rows_and_bytes(closed_file, django_capture_on_commit_callbacks):
    person, kept = closed_file
    assert len(stored_files()) == 3

    with django_capture_on_commit_callbacks(execute=True):
        job_seeker_anonymise(job_seeker=person, cause=AnonymisationCause.REQUEST, reason="Demande de la personne")

    assert list(Document.objects.all()) == [kept]
    assert list(stored_files()) == [kept.stored_name]


def test_a_refused_anonymisation_keeps_the_documents(closed_file, django_capture_on_commit_callbacks):
    person, _kept = closed_file
    AccompanimentFactory(job_seeker=person)  # an open accompaniment: the anonymisation is refused

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        job_seeker_anonymise(job_seeker=person, cause=AnonymisationCause.REQUEST, reason="Demande")

    assert Document.objects.filter(job_seeker=person).count() == 2 and len(stored_files()) == 3


def test_the_access_export_lists_the_documents_and_the_zip_gives_their_copies(client, closed_file):
    person, _kept = closed_file
    manager = UserFactory(manager=True)
    open_access_request(person, manager)
    client.force_login(manager)

    data = json.loads(client.get(reverse("privacy:personal_data_json", args=[person.pk])).content)
    response = client.get(reverse("privacy:personal_data_documents", args=[person.pk]))

    assert [(row["kind"], row["original_name"]) for row in data["documents"]] == [
        ("CV", "CV Vanderzwalmen.pdf"),
        ("Pièce d’identité", "carte.png"),
    ]
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    close_response(response)
    contents = {name.split("-", 4)[-1]: archive.read(name) for name in archive.namelist()}
    assert contents == {"CV Vanderzwalmen.pdf": PDF, "carte.png": PNG}
    assert FileAccess.objects.filter(
        job_seeker=person, action=AccessAction.EXPORT, detail="right of access (documents)"
    ).exists()


def test_the_documents_zip_needs_a_recorded_request(client, closed_file):
    person, _kept = closed_file
    client.force_login(UserFactory(manager=True))

    response = client.get(reverse("privacy:personal_data_documents", args=[person.pk]))

    assert response.status_code == 302
    assert not FileAccess.objects.filter(action=AccessAction.EXPORT).exists()
