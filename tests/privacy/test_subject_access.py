"""Right of access: everything held on one person, as JSON and as a PDF, each export in the access log."""

import json
import subprocess

import pytest
from django.urls import reverse

from accompaniment.enums import AccessAction
from accompaniment.models import FileAccess
from accompaniment.services import file_access_record
from tests.missionlocale.factories import UserFactory
from tests.privacy.factories import person_with_everything


@pytest.fixture
def person(db):
    person = person_with_everything(year=2024, niss="85073003328")
    file_access_record(user=UserFactory(counsellor=True), job_seeker=person, action=AccessAction.READ_FILE)
    return person


def test_json_archive_holds_the_data_of_every_app(client, person, django_assert_max_num_queries):
    manager = UserFactory(manager=True)
    client.force_login(manager)
    with django_assert_max_num_queries(45):  # about one query per kind of record, whatever their number
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
    confidential = notes["Séance psy confidentielle."]
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


def test_pdf_has_the_name_and_an_interview_note(client, person, tmp_path):
    manager = UserFactory(manager=True)
    client.force_login(manager)
    response = client.get(reverse("privacy:personal_data_pdf", args=[person.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "export.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert person.full_name in text
    assert "Séance psy confidentielle." in text and "Delhaize Anderlecht" in text
    assert "Données personnelles" in text and "Journal des accès au dossier" in text
    assert FileAccess.objects.filter(
        user=manager, job_seeker=person, action=AccessAction.EXPORT, detail="right of access (pdf)"
    ).exists()


def test_personal_data_page_links_both_exports_and_erasure(client, person):
    client.force_login(UserFactory(manager=True))
    page = client.get(reverse("privacy:personal_data", args=[person.pk])).content.decode()
    for name in ("personal_data_pdf", "personal_data_json", "erase"):
        assert reverse(f"privacy:{name}", args=[person.pk]) in page
    file_page = client.get(reverse("accompaniment:file_detail", args=[person.pk])).content.decode()
    assert reverse("privacy:personal_data", args=[person.pk]) in file_page


def test_only_managers_export(client, person):
    for user in (UserFactory(counsellor=True), UserFactory(psychologist=True), UserFactory(director=True)):
        client.force_login(user)
        for name in ("personal_data", "personal_data_json", "personal_data_pdf"):
            assert client.get(reverse(f"privacy:{name}", args=[person.pk])).status_code == 403
    assert not FileAccess.objects.filter(action=AccessAction.EXPORT).exists()
