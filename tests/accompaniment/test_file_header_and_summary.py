"""Issue 13, the file page and lists: the file's header, in-place updates, the file summary PDF."""

import datetime
import re
import subprocess
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accompaniment import services
from accompaniment.enums import AccessAction, OutcomeKind
from accompaniment.models import ActionStep, FileAccess, LocalProject, Partner, TeamMember
from tests.accompaniment.factories import AccompanimentFactory, InterviewFactory, JobSeekerFactory, OutcomeFactory
from tests.missionlocale.factories import UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
NOON = datetime.datetime(2026, 6, 10, 12, 0, tzinfo=BRUSSELS)
SECRET = "Violences conjugales évoquées"
ORDINARY_NOTE = "Bilan du CV, très motivée"
STREET = "Rue des Tanneurs 58"


@pytest.fixture
def noon(db):
    with time_machine.travel(NOON, tick=False):
        yield


def _file(counsellor, **person):
    person = JobSeekerFactory(
        first_name="Célia",
        last_name="Goffin",
        birth_date=datetime.date(1990, 6, 11),  # 35 today, 36 tomorrow
        niss="90061100107",
        street=STREET,
        **person,
    )
    return AccompanimentFactory(
        job_seeker=person, counsellor=counsellor, started_on=datetime.date(2025, 6, 30)
    )  # planned end 30/06/2026: 20 days left


def test_the_header_tells_who_where_and_the_alerts(client, noon, counsellor, django_assert_max_num_queries):
    accompaniment = _file(counsellor, do_not_contact_at_home=True, address_hidden=True)
    person = accompaniment.job_seeker
    person.local_projects.set(LocalProject.objects.filter(confidential=True)[:1])
    programme = LocalProject.objects.filter(confidential=True).first()
    ActionStep.objects.create(accompaniment=accompaniment, description="CV", due_on=datetime.date(2026, 6, 1))
    ActionStep.objects.create(accompaniment=accompaniment, description="Lettre", done_on=datetime.date(2026, 6, 2))
    client.force_login(counsellor)

    with django_assert_max_num_queries(20):
        content = client.get(reverse("accompaniment:file_detail", args=[person.pk])).content.decode()

    header = re.search(r'<header class="ml-file-header.*?</header>', content, re.S).group(0)
    assert "Célia Goffin" in header
    assert "35 ans" in header
    assert "Accompagnement ouvert" in header
    assert "20 jours restants" in header
    assert str(counsellor) in header
    assert "Ne pas contacter au domicile" in header and "Adresse masquée" in header
    assert f"Programme confidentiel : {programme}" in header
    assert "1 / 2 étapes faites" in header and "1 étape en retard" in header
    assert 'aria-keyshortcuts="n"' in header
    # The page lands at its top: no field takes the focus on load.
    assert "autofocus" not in content


def test_a_reader_outside_the_team_sees_no_confidential_programme(client, noon, counsellor):
    person = _file(counsellor).job_seeker
    person.local_projects.set(LocalProject.objects.filter(confidential=True)[:1])
    client.force_login(UserFactory(counsellor=True))

    content = client.get(reverse("accompaniment:file_detail", args=[person.pk])).content.decode()

    assert "Programme confidentiel" not in content
    assert "Enregistrer un entretien" not in content  # nothing to log outside one's team


def test_marking_a_step_done_updates_the_counters_and_says_so(client, noon, counsellor):
    accompaniment = _file(counsellor)
    step = ActionStep.objects.create(accompaniment=accompaniment, description="CV", due_on=datetime.date(2026, 6, 1))
    ActionStep.objects.create(accompaniment=accompaniment, description="Lettre", due_on=datetime.date(2026, 6, 5))
    client.force_login(counsellor)

    response = client.post(
        reverse("accompaniment:step_toggle", args=[step.pk]),
        {"done": "1", "version": step.version},
        headers={"HX-Request": "true"},
    )

    content = response.content.decode()
    assert f'id="step-{step.pk}"' in content and "Étape marquée comme faite" in content
    counters = re.search(r'<span id="plan-counters"[^>]*hx-swap-oob="true".*', content, re.S).group(0)
    assert "1 / 2 étapes faites" in counters and "1 étape en retard" in counters


def test_an_interview_from_the_caseload_sends_back_its_row_and_the_counter(client, noon, counsellor):
    accompaniment = _file(counsellor)
    other = AccompanimentFactory(counsellor=counsellor)
    InterviewFactory(job_seeker=other.job_seeker, staff=counsellor, occurred_on=datetime.date(2026, 6, 1))
    client.force_login(counsellor)
    caseload = client.get(reverse("accompaniment:caseload")).content.decode()
    assert "1 accompagnement ouvert sans entretien depuis 30 jours" in caseload

    response = client.post(
        reverse("accompaniment:interview_create", args=[accompaniment.job_seeker.pk]),
        {
            "from": "caseload",
            "occurred_on": "2026-06-10",
            "kind": "individual",
            "duration_minutes": 30,
            "staff": counsellor.pk,
            "next_appointment_at": "2026-06-17T10:00",
        },
        headers={"HX-Request": "true"},
    )

    content = response.content.decode()
    assert "L’entretien avec Célia Goffin est enregistré." in content
    row = re.search(rf'<tr id="caseload-row-{accompaniment.pk}" hx-swap-oob="true".*?</tr>', content, re.S).group(0)
    assert "10/06/2026" in row and "17/06/2026 10:00" in row and "Entretien enregistré" in row
    assert re.search(r'id="caseload-counters"[^>]*hx-swap-oob="true"', content)
    assert "0 accompagnement ouvert sans entretien depuis 30 jours" in content


def _summary_file(counsellor):
    accompaniment = _file(counsellor, address_hidden=True)
    person = accompaniment.job_seeker
    services.project_save(
        accompaniment=accompaniment,
        acting_user=counsellor,
        target_occupations="Cariste en logistique",
        summary="Permis cariste puis intérim",
    )
    ActionStep.objects.create(
        accompaniment=accompaniment,
        description="S’inscrire chez Bruxelles Formation",
        due_on=datetime.date(2026, 6, 1),
    )
    services.orientation_add(
        job_seeker=person, staff=counsellor, partner=Partner.objects.order_by("pk").first(), purpose="Formation VCA"
    )
    OutcomeFactory(
        accompaniment=accompaniment,
        kind=OutcomeKind.INTERIM,
        occurred_on=datetime.date(2026, 6, 3),
        organisation="Randstad",
    )
    psychologist = UserFactory(psychologist=True)
    TeamMember.objects.create(job_seeker=person, user=psychologist)
    InterviewFactory(job_seeker=person, staff=psychologist, confidential=True, note=SECRET)
    InterviewFactory(job_seeker=person, staff=counsellor, note=ORDINARY_NOTE)
    return person


def _pdf_text(response, tmp_path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(response.content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_summary_pdf_holds_the_project_and_the_plan_and_no_note(client, noon, counsellor, tmp_path):
    person = _summary_file(counsellor)
    client.force_login(counsellor)

    response = client.get(reverse("accompaniment:file_summary_pdf", args=[person.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response, tmp_path)
    for expected in (
        "Célia Goffin",
        "Cariste en logistique",
        "Permis cariste puis intérim",
        "S’inscrire chez Bruxelles Formation",
        "Formation VCA",
        "Randstad",
        "90.06.11-001.07",  # the team sees the NISS
        STREET,  # and the counsellor of the open accompaniment the hidden address
    ):
        assert expected in text, expected
    assert SECRET not in text and ORDINARY_NOTE not in text
    assert not FileAccess.objects.exists()  # her own file: not a read outside the team


def test_a_manager_gets_the_summary_masked_and_it_is_logged(client, noon, counsellor, manager, tmp_path):
    person = _summary_file(counsellor)
    client.force_login(manager)

    text = _pdf_text(client.get(reverse("accompaniment:file_summary_pdf", args=[person.pk])), tmp_path)

    assert STREET not in text and "90.06.11-001.07" not in text and "Masquée" in text
    assert SECRET not in text
    access = FileAccess.objects.get()
    assert (access.user, access.job_seeker, access.action) == (manager, person, AccessAction.READ_FILE)


def test_a_reader_outside_the_team_cannot_take_the_summary(client, noon, counsellor):
    person = _summary_file(counsellor)
    client.force_login(UserFactory(psychologist=True))

    assert client.get(reverse("accompaniment:file_summary_pdf", args=[person.pk])).status_code == 403
