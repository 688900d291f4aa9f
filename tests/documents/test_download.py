"""Who downloads which document (documents/perms.py, asked through accompaniment/policy.py): the CV of a matching
by the employer relations officer of that matching only; an identity document by the file's team; a document of
a confidential programme by whom sees that programme; the rest by the file's readers. Every download is an
attachment the browser does not sniff, and is written in the access log."""

import pytest
from django.urls import reverse

from accompaniment.enums import AccessAction
from accompaniment.models import FileAccess, LocalProject, TeamMember
from documents.enums import DocumentKind
from tests.accompaniment.factories import AccompanimentFactory
from tests.documents.factories import PDF, PNG, document_add
from tests.employers.factories import MatchingFactory
from tests.missionlocale.factories import UserFactory
from tests.responses import close_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(counsellor):
    """A file in the counsellor's caseload, in the Nouveaux Départs programme (confidential), with a CV sent for a
    matching proposed by one employer relations officer, a second CV without matching, an identity document, a
    certificate, and an attestation of the confidential programme."""
    person = AccompanimentFactory(counsellor=counsellor).job_seeker
    programme = LocalProject.objects.get(name="Nouveaux Départs")
    person.local_projects.add(programme)
    officer = UserFactory(employer_relations=True, username="officer")
    matching = MatchingFactory(job_seeker=person, proposed_by=officer)
    add = lambda **fields: document_add(job_seeker=person, uploaded_by=counsellor, **fields)  # noqa: E731
    documents = {
        "cv_for_matching": add(name="CV pour Boulangerie.pdf", matching=matching),
        "other_cv": add(name="CV ancien.pdf"),
        "identity": add(kind=DocumentKind.IDENTITY, name="carte identite.png", content=PNG),
        "certificate": add(kind=DocumentKind.CERTIFICATE, name="VCA.pdf"),
        "programme": add(kind=DocumentKind.OTHER, name="attestation ND.pdf", local_project=programme),
    }
    users = {
        "counsellor_of_file": counsellor,
        "officer_of_matching": officer,
        "other_officer": UserFactory(employer_relations=True),
        "other_counsellor": UserFactory(counsellor=True),
        "psychologist": UserFactory(psychologist=True),
        "manager": UserFactory(manager=True),
        "director": UserFactory(director=True),
        "administrator": UserFactory(administrator=True),
    }
    return person, documents, users


ALL = {"cv_for_matching", "other_cv", "identity", "certificate", "programme"}
# role -> (documents listed on the file page, documents downloaded)
EXPECTED = {
    "counsellor_of_file": (ALL, ALL),
    "officer_of_matching": ({"cv_for_matching"}, {"cv_for_matching"}),
    "other_officer": (set(), set()),
    "other_counsellor": (ALL - {"programme"}, ALL - {"programme", "identity"}),
    "psychologist": (ALL, ALL - {"identity"}),
    "manager": (ALL - {"programme"}, ALL - {"programme", "identity"}),
    "director": (set(), set()),
    "administrator": (set(), set()),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_each_role_lists_and_downloads_what_the_policy_lets_it(client, scenario, role):
    person, documents, users = scenario
    listed, downloaded = EXPECTED[role]
    client.force_login(users[role])

    page = client.get(reverse("accompaniment:file_detail", args=[person.pk]))
    shown = {key for key, document in documents.items() if document.original_name in page.content.decode()}
    statuses = {}
    for key, document in documents.items():
        response = client.get(reverse("documents:document_download", args=[document.pk]))
        close_response(response)
        statuses[key] = response.status_code

    if page.status_code == 200:
        # An identity document out of reach is listed by its kind, not its name.
        names_listed = listed - ({"identity"} - downloaded)
        assert shown == names_listed
    else:
        assert page.status_code == 403 and not listed
    assert {key for key, status in statuses.items() if status == 200} == downloaded
    assert {status for key, status in statuses.items() if key not in downloaded} <= {403}


def test_the_officer_of_the_matching_downloads_its_cv_as_an_attachment_written_in_the_access_log(client, scenario):
    person, documents, users = scenario
    document = documents["cv_for_matching"]
    client.force_login(users["officer_of_matching"])

    response = client.get(reverse("documents:document_download", args=[document.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    close_response(response)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="CV pour Boulangerie.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    access = FileAccess.objects.get(action=AccessAction.DOWNLOAD_DOCUMENT)
    assert (access.user, access.job_seeker, access.detail) == (
        users["officer_of_matching"],
        person,
        f"cv #{document.pk}",
    )
    # The log says which document, never its name (it may say something of the person).
    assert "Boulangerie" not in access.detail


def test_the_officer_added_to_the_team_reads_the_file_as_the_team(client, scenario):
    person, documents, users = scenario
    TeamMember.objects.create(job_seeker=person, user=users["other_officer"])
    client.force_login(users["other_officer"])

    response = client.get(reverse("documents:document_download", args=[documents["other_cv"].pk]))

    close_response(response)
    assert response.status_code == 200


def test_every_download_is_logged_the_team_included(client, scenario):
    person, documents, users = scenario
    client.force_login(users["counsellor_of_file"])
    for _ in range(2):
        close_response(client.get(reverse("documents:document_download", args=[documents["identity"].pk])))

    assert FileAccess.objects.filter(action=AccessAction.DOWNLOAD_DOCUMENT, job_seeker=person).count() == 2


def test_the_file_page_lists_many_documents_in_a_bounded_number_of_queries(
    client, scenario, django_assert_max_num_queries
):
    person, documents, users = scenario
    for number in range(15):
        document_add(job_seeker=person, uploaded_by=users["counsellor_of_file"], name=f"piece {number}.pdf")
    client.force_login(users["other_counsellor"])

    with django_assert_max_num_queries(20):
        response = client.get(reverse("accompaniment:file_detail", args=[person.pk]))

    assert response.content.decode().count('data-testid="document-row"') == 19


def test_the_counsellor_deletes_a_document_added_by_mistake_rows_and_bytes(
    client, scenario, django_capture_on_commit_callbacks
):
    from documents.models import Document
    from tests.documents.factories import stored_files

    person, documents, users = scenario
    mistake = documents["other_cv"]
    client.force_login(users["counsellor_of_file"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:document_delete", args=[mistake.pk]))

    assert response.status_code == 302 and response["Location"].endswith("#documents")
    assert not Document.objects.filter(pk=mistake.pk).exists()
    assert mistake.stored_name not in stored_files() and len(stored_files()) == 4
    access = FileAccess.objects.get(action=AccessAction.DELETE_DOCUMENT)
    assert (access.user, access.job_seeker, access.detail) == (
        users["counsellor_of_file"],
        person,
        f"cv #{mistake.pk}",
    )


@pytest.mark.parametrize("role", ["psychologist", "officer_of_matching", "other_counsellor", "director"])
def test_who_does_not_edit_the_file_deletes_nothing(client, scenario, role):
    from tests.documents.factories import stored_files

    _person, documents, users = scenario
    client.force_login(users[role])

    response = client.post(reverse("documents:document_delete", args=[documents["cv_for_matching"].pk]))

    assert response.status_code == 403
    assert len(stored_files()) == 5
    assert not FileAccess.objects.filter(action=AccessAction.DELETE_DOCUMENT).exists()
