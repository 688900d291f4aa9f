"""Right of access: everything held on one person, as JSON and as a PDF, each export in the access log; it starts
from a recorded request, answered within a month, confidential notes added only by their author's profession."""

import datetime
import json
import subprocess

import pytest
from django.urls import reverse

from accompaniment.enums import AccessAction
from accompaniment.models import FileAccess
from accompaniment.services import file_access_record
from privacy.models import AccessRequest, NoteRelease
from tests.missionlocale.factories import UserFactory
from tests.privacy.factories import open_access_request, person_with_everything

PSY_NOTE = "Séance psy confidentielle."


@pytest.fixture
def psychologist(db):
    return UserFactory(psychologist=True)


@pytest.fixture
def person(db, psychologist):
    person = person_with_everything(year=2024, niss="85073003328", psychologist=psychologist)
    file_access_record(user=UserFactory(counsellor=True), job_seeker=person, action=AccessAction.READ_FILE)
    return person


@pytest.fixture
def access_request(person):
    return open_access_request(person)


def _release(client, user, person):
    client.force_login(user)
    return client.post(reverse("privacy:access_request_notes", args=[person.pk]), {"release": "1"})


def test_json_archive_holds_the_data_of_every_app(
    client, person, psychologist, access_request, django_assert_max_num_queries
):
    _release(client, psychologist, person)
    manager = UserFactory(manager=True)
    client.force_login(manager)
    with django_assert_max_num_queries(46):  # about one query per kind of record, whatever their number
        response = client.get(reverse("privacy:personal_data_json", args=[person.pk]))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["file"]["last_name"] == person.last_name and data["file"]["niss"] == "85073003328"
    assert data["file"]["email"] == "personne@example.be" and "Nouveaux Départs" in data["file"]["local_projects"]
    # accompaniment app
    assert data["accompaniments"][0]["started_on"] == "2024-02-01"
    assert data["accompaniments"][0]["target_occupations"] == "Aide-soignante"
    assert data["outcomes"][0]["organisation"] == "Delhaize Anderlecht"
    assert data["action_steps"][0]["description"] == "Chercher un logement sûr"
    assert data["barriers"] and data["orientations"][0]["purpose"] == "Hébergement d'urgence"
    assert data["team"]
    # every interview, the confidential one included, with who wrote it
    notes = {row["note"]: row for row in data["interviews"]}
    confidential = notes[PSY_NOTE]
    assert confidential["confidential"] is True and confidential["staff"] and confidential["author_profession"]
    # workshops
    assert data["enrolments"] and data["attendance"][0]["date"] == "2024-03-05"
    assert data["epn_visits"] and data["epn_coaching"][0]["note"] == "Créer son adresse email"
    # employers
    assert data["matchings"][0]["reason"].startswith("Horaires") and data["matching_status_changes"]
    assert data["job_days"] and data["information_sessions"]
    contract = data["insertion_contracts"][0]
    assert "Sécurité" in contract["trainings"] and "VCA" in contract["certifications"]
    # history and access log of the file
    assert any("téléphone" in row["changes"].lower() or "phone" in row["changes"].lower() for row in data["history"])
    assert data["access_log"][0]["action"]
    # the export is recorded: who, which file, and the confidential note it carries; never the content
    export = FileAccess.objects.get(user=manager, job_seeker=person, action=AccessAction.EXPORT)
    assert export.detail == "right of access (json)"
    assert (
        FileAccess.objects.filter(user=manager, job_seeker=person, action=AccessAction.READ_CONFIDENTIAL).count() == 1
    )
    assert not FileAccess.objects.filter(detail__icontains="psy").exists()


def test_pdf_has_the_name_and_an_interview_note(client, person, psychologist, access_request, tmp_path):
    _release(client, psychologist, person)
    manager = UserFactory(manager=True)
    client.force_login(manager)
    response = client.get(reverse("privacy:personal_data_pdf", args=[person.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "export.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert person.full_name in text
    assert PSY_NOTE in text and "Delhaize Anderlecht" in text
    assert "Données personnelles" in text and "Journal des accès au dossier" in text
    assert FileAccess.objects.filter(
        user=manager, job_seeker=person, action=AccessAction.EXPORT, detail="right of access (pdf)"
    ).exists()


def test_personal_data_page_links_both_exports_and_erasure(client, person, access_request):
    client.force_login(UserFactory(manager=True))
    page = client.get(reverse("privacy:personal_data", args=[person.pk])).content.decode()
    for name in ("personal_data_pdf", "personal_data_json", "erase"):
        assert reverse(f"privacy:{name}", args=[person.pk]) in page
    file_page = client.get(reverse("accompaniment:file_detail", args=[person.pk])).content.decode()
    assert reverse("privacy:personal_data", args=[person.pk]) in file_page


def test_only_managers_export(client, person, access_request):
    for user in (UserFactory(counsellor=True), UserFactory(psychologist=True), UserFactory(director=True)):
        client.force_login(user)
        for name in ("personal_data", "personal_data_json", "personal_data_pdf"):
            assert client.get(reverse(f"privacy:{name}", args=[person.pk])).status_code == 403
    assert not FileAccess.objects.filter(action=AccessAction.EXPORT).exists()


def test_without_a_recorded_request_no_export(client, person):
    manager = UserFactory(manager=True)
    client.force_login(manager)
    for name in ("personal_data_json", "personal_data_pdf"):
        response = client.get(reverse(f"privacy:{name}", args=[person.pk]))
        assert response.status_code == 302 and response["Location"] == reverse(
            "privacy:personal_data", args=[person.pk]
        )
    assert not FileAccess.objects.filter(action=AccessAction.EXPORT).exists()


def test_the_request_is_recorded_with_who_when_how_and_its_deadline(client, person):
    manager = UserFactory(manager=True)
    client.force_login(manager)
    url = reverse("privacy:access_request_create", args=[person.pk])
    page = client.get(reverse("privacy:personal_data", args=[person.pk])).content.decode()
    assert url in page and reverse("privacy:personal_data_json", args=[person.pk]) not in page
    # Identity checked "otherwise" needs to say how; a request cannot be dated in the future.
    response = client.post(url, {"requested_on": "2026-01-31", "requester": "Elle-même", "identity_check": "other"})
    assert response.status_code == 200 and not AccessRequest.objects.exists()
    data = {"requested_on": "2024-01-31", "requester": "Elle-même, par courrier", "identity_check": "letter_with_copy"}
    assert client.post(url, data).status_code == 302
    request = AccessRequest.objects.get()
    assert request.recorded_by == manager and request.is_open
    assert request.deadline == datetime.date(2024, 2, 29)  # one month (GDPR art. 12), 31 January + 1 month
    page = client.get(reverse("privacy:personal_data", args=[person.pk])).content.decode()
    assert "29/02/2024" in page and "Elle-même, par courrier" in page
    assert reverse("privacy:personal_data_json", args=[person.pk]) in page
    # One open request at a time; once answered, the exports close again.
    assert client.post(url, data).status_code == 200 and AccessRequest.objects.count() == 1
    assert client.post(reverse("privacy:access_request_answer", args=[person.pk])).status_code == 302
    assert not AccessRequest.objects.get().is_open
    assert client.get(reverse("privacy:personal_data_json", args=[person.pk])).status_code == 302


def test_a_confidential_note_is_withheld_with_the_reason_until_its_profession_adds_it(
    client, person, psychologist, access_request
):
    manager = UserFactory(manager=True)
    client.force_login(manager)
    data = json.loads(client.get(reverse("privacy:personal_data_json", args=[person.pk])).content)
    withheld = [row for row in data["interviews"] if row["withheld"]]
    assert len(withheld) == 1 and PSY_NOTE not in json.dumps(data, ensure_ascii=False)
    row = withheld[0]
    assert row["author_profession"] == "psychologist" and row["occurred_on"] and not row["staff"]
    assert "art. 15(4)" in row["note"] or "art. 15, 4" in row["note"]
    assert not FileAccess.objects.filter(user=manager, action=AccessAction.READ_CONFIDENTIAL).exists()
    # A counsellor or the manager cannot add the psychologist's notes: only their own profession's.
    _release(client, UserFactory(counsellor=True), person)
    _release(client, manager, person)
    assert set(access_request.released_professions()) == {"counsellor", "manager"}
    client.force_login(manager)
    data = json.loads(client.get(reverse("privacy:personal_data_json", args=[person.pk])).content)
    assert PSY_NOTE not in json.dumps(data, ensure_ascii=False)
    # Another psychologist (the author's profession) adds them.
    page = _release(client, UserFactory(psychologist=True), person)
    assert page.status_code == 302
    assert NoteRelease.objects.filter(access_request=access_request, profession="psychologist").exists()
    client.force_login(manager)
    data = json.loads(client.get(reverse("privacy:personal_data_json", args=[person.pk])).content)
    assert PSY_NOTE in {row["note"] for row in data["interviews"]}
    # ... and may withhold them again before the answer.
    client.force_login(psychologist)
    client.post(reverse("privacy:access_request_notes", args=[person.pk]), {"release": "0"})
    client.force_login(manager)
    data = json.loads(client.get(reverse("privacy:personal_data_json", args=[person.pk])).content)
    assert PSY_NOTE not in json.dumps(data, ensure_ascii=False)


def test_the_notes_page_counts_ones_profession_notes_and_needs_an_open_request(client, person, psychologist):
    client.force_login(psychologist)
    url = reverse("privacy:access_request_notes", args=[person.pk])
    assert "Séance" not in client.get(url).content.decode()
    client.post(url, {"release": "1"})
    assert not NoteRelease.objects.exists()
    open_access_request(person)
    page = client.get(url).content.decode()
    assert 'data-testid="note-count"' in page and "1" in page and PSY_NOTE not in page
    for user in (UserFactory(director=True), UserFactory(administrator=True)):
        client.force_login(user)
        assert client.get(url).status_code == 403
