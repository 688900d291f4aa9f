"""Nouveaux Départs reveals domestic violence: who is enrolled shows only to the session's facilitators, the
person's counsellor (and file team) and psychologists; nothing in lists, exports, search or the timeline of other
staff may reveal it. Checked role by role."""

import pytest
from django.urls import reverse

from accompaniment.models import LocalProject, TeamMember
from tests.accompaniment.factories import AccompanimentFactory
from tests.missionlocale.factories import UserFactory
from tests.workshops.factories import EnrolmentFactory, ModuleFactory, SessionFactory
from workshops.enums import EnrolmentStatus
from workshops.models import Attendance, Enrolment, Module
from workshops.timeline import workshops_timeline

SECRET = "Nouveaux Départs"


@pytest.fixture
def scenario(db):
    facilitator = UserFactory(username="facilitatrice", profession="project_officer")
    counsellor = UserFactory(username="conseillere_de_la_personne", counsellor=True)
    users = {
        "facilitator": facilitator,
        "counsellor": counsellor,
        "team_member": UserFactory(username="assistante_sociale", profession="social_worker"),
        "psychologist": UserFactory(username="psy", psychologist=True),
        "other_counsellor": UserFactory(username="autre_conseiller", counsellor=True),
        "project_officer": UserFactory(username="autre_chargee", profession="project_officer"),
        "digital_coach": UserFactory(username="coach_etic", profession="digital_coach"),
        "manager": UserFactory(username="coordination", manager=True),
        "director": UserFactory(username="direction", director=True),
        "administrator": UserFactory(username="admin", administrator=True),
    }
    accompaniment = AccompanimentFactory(
        counsellor=counsellor, job_seeker__first_name="Leïla", job_seeker__last_name="Secretnom"
    )
    person = accompaniment.job_seeker
    TeamMember.objects.create(job_seeker=person, user=users["team_member"])
    module = Module.objects.get(name=SECRET)
    session = SessionFactory(module=module, facilitators=[facilitator])
    enrolment = EnrolmentFactory(session=session, job_seeker=person, status=EnrolmentStatus.REGISTERED)
    meeting = session.meetings.first()
    Attendance.objects.create(meeting=meeting, enrolment=enrolment, status="present")
    # The same person also follows an ordinary module: that one everybody who reads files may see.
    ordinary = SessionFactory(module=ModuleFactory(name="Look@job"), facilitators=[users["project_officer"]])
    EnrolmentFactory(session=ordinary, job_seeker=person)
    return users, person, session, meeting, enrolment


SEES = {"facilitator", "counsellor", "team_member", "psychologist"}
READS_FILES_BUT_MUST_NOT_SEE = {"other_counsellor", "project_officer", "digital_coach", "manager"}


def test_the_catalogue_marks_the_module_confidential(db):
    assert Module.objects.get(name=SECRET).confidential
    assert LocalProject.objects.get(name=SECRET).confidential


@pytest.mark.parametrize("role", sorted(SEES | READS_FILES_BUT_MUST_NOT_SEE))
def test_file_page_and_timeline(client, scenario, role):
    users, person, *_ = scenario
    client.force_login(users[role])

    page = client.get(reverse("accompaniment:file_detail", args=[person.pk])).content.decode()
    modules = client.get(reverse("workshops:file_enrolments", args=[person.pk])).content.decode()

    assert "Look@job" in page and "Look@job" in modules  # the ordinary module shows to everybody
    if role in SEES:
        assert SECRET in page and SECRET in modules
    else:
        assert SECRET not in page and SECRET not in modules
        assert [e.title for e in workshops_timeline(person, users[role]) if SECRET in e.title] == []


@pytest.mark.parametrize("role", ["director", "administrator"])
def test_roles_without_files_see_no_file(client, scenario, role):
    users, person, *_ = scenario
    client.force_login(users[role])
    assert client.get(reverse("workshops:file_enrolments", args=[person.pk])).status_code == 403


@pytest.mark.parametrize("role", sorted(SEES | READS_FILES_BUT_MUST_NOT_SEE))
def test_session_page_attendance_and_exports(client, scenario, role):
    users, person, session, meeting, enrolment = scenario
    client.force_login(users[role])
    may_list = role in {"facilitator", "psychologist"}  # the counsellor sees it on the file, not the whole group

    page = client.get(reverse("workshops:session_detail", args=[session.pk])).content.decode()
    export = client.get(reverse("workshops:session_export", args=[session.pk]))
    sheet = client.get(reverse("workshops:sign_in_sheet", args=[meeting.pk]))
    attendance = client.get(reverse("workshops:attendance_sheet", args=[meeting.pk]))

    assert ("Secretnom".upper() in page) is may_list
    assert export.status_code == (200 if may_list else 403)
    if may_list:
        assert "Secretnom" in export.content.decode("utf-8-sig")
    assert sheet.status_code == (200 if may_list else 403)
    assert attendance.status_code == (200 if role == "facilitator" else 403)


@pytest.mark.parametrize("role", sorted(READS_FILES_BUT_MUST_NOT_SEE))
def test_lists_and_searches_reveal_nothing(client, scenario, role):
    users, person, session, meeting, enrolment = scenario
    client.force_login(users[role])

    # The caseload export and the file search of the accompaniment app, and this app's lists.
    search = client.post(reverse("accompaniment:file_search"), {"q": "Secretnom"}, follow=True).content.decode()
    assert "SECRETNOM" in search and SECRET not in search
    projects = client.get(reverse("workshops:project_detail", args=[LocalProject.objects.get(name=SECRET).pk]))
    assert "Secretnom".upper() not in projects.content.decode()
    assert not Enrolment.objects.visible_to(users[role]).filter(session=session).exists()
    status = client.post(reverse("workshops:enrolment_status", args=[enrolment.pk]), {"status": "withdrawn"})
    assert status.status_code == 403
    certificate = client.get(reverse("workshops:certificate", args=[enrolment.pk]))
    assert certificate.status_code == 404


def test_the_persons_counsellor_and_psychologists_see_it_in_the_visible_queryset(scenario):
    users, person, session, *_ = scenario
    for role in SEES:
        assert Enrolment.objects.visible_to(users[role]).filter(session=session).exists(), role
    # After the accompaniment closes, the former counsellor no longer sees it.
    accompaniment = person.accompaniments.get()
    accompaniment.status, accompaniment.closed_on = "closed", accompaniment.started_on
    accompaniment.save()
    assert not Enrolment.objects.visible_to(users["counsellor"]).filter(session=session).exists()


def test_the_manager_cannot_run_a_confidential_session(client, scenario):
    users, person, session, meeting, enrolment = scenario
    client.force_login(users["manager"])
    assert client.get(reverse("workshops:session_edit", args=[session.pk])).status_code == 403
    assert client.post(reverse("workshops:candidates", args=[session.pk]), {"q": "sec"}).status_code == 403
