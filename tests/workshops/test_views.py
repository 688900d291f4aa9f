import datetime
import subprocess
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accompaniment.enums import OutcomeKind
from accompaniment.models import LocalProject
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory, OutcomeFactory
from tests.missionlocale.factories import UserFactory
from tests.workshops.factories import EnrolmentFactory, MeetingFactory, ModuleFactory, SessionFactory
from workshops import services
from workshops.enums import AttendanceStatus, EnrolmentStatus
from workshops.models import Attendance, Enrolment, Meeting, Session


@pytest.fixture
def officer(db):
    return UserFactory(username="projets", first_name="Nadia", last_name="Bensaïd", profession="project_officer")


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


def _full_session(officer, size=12):
    session = SessionFactory(facilitators=[officer], capacity=12)
    people = [JobSeekerFactory(last_name=f"Nom{i:02d}", first_name=f"Prénom{i:02d}") for i in range(size)]
    enrolments = [EnrolmentFactory(session=session, job_seeker=p) for p in people]
    return session, enrolments


def test_marking_12_people_present_takes_a_bounded_number_of_queries(client, officer, django_assert_max_num_queries):
    session, enrolments = _full_session(officer)
    meeting = session.meetings.first()
    client.force_login(officer)
    url = reverse("workshops:attendance_mark", args=[meeting.pk])

    for enrolment in enrolments:
        # The same handful of queries (session, user, meeting, row, upsert, counters) whoever is marked.
        with django_assert_max_num_queries(20):
            response = client.post(url, {"enrolment": enrolment.pk, "status": "present"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200

    assert Attendance.objects.filter(meeting=meeting, status="present").count() == 12
    assert "12 présent·es" in response.content.decode() or "12 present" in response.content.decode()
    assert 'hx-swap-oob="true"' in response.content.decode()


def test_the_attendance_sheet_shows_everyone_in_bounded_queries(client, officer, django_assert_max_num_queries):
    session, enrolments = _full_session(officer)
    meeting = session.meetings.first()
    services.attendance_mark(meeting=meeting, enrolment=enrolments[0], status="absent", acting_user=officer)
    client.force_login(officer)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("workshops:attendance_sheet", args=[meeting.pk]))

    page = response.content.decode()
    assert all(f"NOM{i:02d} Prénom{i:02d}" in page for i in range(12))
    assert page.count("data-attendance-row") == 12
    assert "✗ Absent" in page


def test_everyone_present_in_one_post_and_bad_status_changes_nothing(client, officer, django_assert_max_num_queries):
    session, enrolments = _full_session(officer)
    meeting = session.meetings.first()
    client.force_login(officer)

    response = client.post(
        reverse("workshops:attendance_mark", args=[meeting.pk]),
        {"enrolment": enrolments[0].pk, "status": "asleep"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "Choisissez présent, absent ou excusé" in response.content.decode()
    assert not Attendance.objects.exists()

    with django_assert_max_num_queries(16):
        client.post(reverse("workshops:attendance_all_present", args=[meeting.pk]))
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == 12


def test_the_sign_in_sheet_pdf_lists_every_participant(client, officer, tmp_path):
    session, enrolments = _full_session(officer)
    EnrolmentFactory(session=session, status=EnrolmentStatus.WITHDRAWN, job_seeker__last_name="Partie")
    meeting = session.meetings.first()
    client.force_login(officer)

    response = client.get(reverse("workshops:sign_in_sheet", args=[meeting.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Feuille d’émargement" in text or "Feuille d'émargement" in text
    assert "Mission Locale de Bruxelles-Ville" in text
    for enrolment in enrolments:
        assert enrolment.job_seeker.last_name.upper() in text and enrolment.job_seeker.first_name in text
    assert "PARTIE" not in text
    assert meeting.date.strftime("%d/%m/%Y") in text


def test_the_certificate_exists_only_when_the_rule_is_met(client, officer, tmp_path):
    session = SessionFactory(facilitators=[officer], module__name="Look@job")
    met = EnrolmentFactory(session=session, job_seeker__first_name="Awa", job_seeker__last_name="Diallo")
    below = EnrolmentFactory(session=session)
    for index, meeting in enumerate(session.meetings.all()):
        Attendance.objects.create(meeting=meeting, enrolment=met, status="present" if index < 6 else "absent")
        Attendance.objects.create(meeting=meeting, enrolment=below, status="present" if index < 5 else "absent")
    client.force_login(officer)

    assert client.get(reverse("workshops:certificate", args=[below.pk])).status_code == 404
    french = client.get(reverse("workshops:certificate", args=[met.pk]))
    dutch = client.get(reverse("workshops:certificate", args=[met.pk]) + "?lang=nl")

    text_fr = pdf_text(french.content, tmp_path)
    assert "Attestation de participation" in text_fr and "Awa DIALLO" in text_fr and "Look@job" in text_fr
    assert "6 sur 8" in text_fr
    text_nl = pdf_text(dutch.content, tmp_path)
    assert "Deelnameattest" in text_nl and "Awa DIALLO" in text_nl and "6 van 8" in text_nl


def test_the_session_page_shows_fill_rate_attendance_and_outcomes(client, officer, django_assert_max_num_queries):
    session, enrolments = _full_session(officer)
    for enrolment in enrolments[:3]:
        accompaniment = AccompanimentFactory(job_seeker=enrolment.job_seeker, started_on=session.starts_on)
        OutcomeFactory(
            accompaniment=accompaniment, kind=OutcomeKind.QUALIFYING_TRAINING, occurred_on=timezone.localdate()
        )
    meeting = session.meetings.first()
    for enrolment in enrolments[:9]:
        Attendance.objects.create(meeting=meeting, enrolment=enrolment, status="present")
    for enrolment in enrolments[9:]:
        Attendance.objects.create(meeting=meeting, enrolment=enrolment, status="absent")
    EnrolmentFactory(session=session, status=EnrolmentStatus.WAITING, waiting_since=timezone.now())
    client.force_login(officer)

    with django_assert_max_num_queries(15):
        response = client.get(reverse("workshops:session_detail", args=[session.pk]))

    page = response.content.decode()
    assert "12 / 12" in page and "(100 %)" in page
    assert "9 / 12" in page and "75 %" in page
    assert page.count("Formation qualifiante") >= 3 or page.count("Formation : qualifiante") >= 3
    assert "1 personne sur la liste d’attente" in page


def test_the_session_list_is_bounded(client, officer, django_assert_max_num_queries):
    for _ in range(15):
        session = SessionFactory(facilitators=[officer, UserFactory()])
        EnrolmentFactory.create_batch(2, session=session)
    MeetingFactory(session=Session.objects.first())
    client.force_login(officer)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("workshops:sessions"))

    assert response.status_code == 200
    assert response.content.decode().count("2 / 12") == 15
    assert "Prendre les présences" in response.content.decode()


@time_machine.travel(datetime.datetime(2025, 3, 12, 10, tzinfo=ZoneInfo("Europe/Brussels")))
def test_the_session_list_shows_the_sessions_not_over_yet_a_page_at_a_time(
    client, officer, django_assert_max_num_queries
):
    module = ModuleFactory(name="Atelier CV")
    for index in range(55):
        starts_on = datetime.date(2025, 3, 1) + datetime.timedelta(days=index)
        session = SessionFactory(
            module=module, label=f"Groupe {index:02d}", starts_on=starts_on, facilitators=[officer], meetings=False
        )
        EnrolmentFactory(session=session)
    SessionFactory(module=module, label="Groupe fini", starts_on=datetime.date(2025, 1, 6), meetings=False)
    client.force_login(officer)

    with django_assert_max_num_queries(12):
        first = client.get(reverse("workshops:sessions")).content.decode()
    with django_assert_max_num_queries(12):
        second = client.get(reverse("workshops:sessions"), {"page": 2}).content.decode()

    # The soonest first, fifty a page, and a link to the next page; a session already over is not shown.
    assert "Groupe 00" in first and "Groupe 49" in first and "Groupe 50" not in first
    assert first.index("Groupe 00") < first.index("Groupe 01")
    assert "Page 1 sur 2" in first and 'page=2">Suivant' in first
    assert "Groupe 50" in second and "Groupe 54" in second and "Groupe 49" not in second
    assert "Groupe fini" not in first + second
    assert '<option value="">En cours et à venir</option>' in first
    # A year shows its sessions, the latest first, the finished one among them.
    with django_assert_max_num_queries(12):
        year = client.get(reverse("workshops:sessions"), {"year": 2025, "page": 2}).content.decode()
    assert "Groupe fini" in year and "Groupe 04" in year and "Groupe 05" not in year
    assert 'year=2025&amp;page=1">Précédent' in year


def test_creating_a_session_generates_its_meetings_and_bad_input_changes_nothing(client, officer):
    module = ModuleFactory()
    client.force_login(officer)
    data = {
        "module": module.pk,
        "label": "Printemps",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-18",
        "starts_at": "09:30",
        "ends_at": "12:30",
        "place": "Salle 2",
        "capacity": 12,
        "facilitators": [officer.pk],
        "weekday_choices": ["1", "3"],
    }

    bad = client.post(reverse("workshops:session_create"), {**data, "ends_on": "2026-11-01", "weekday_choices": []})
    assert bad.status_code == 200
    assert "La fin ne peut pas précéder le début." in bad.content.decode()
    assert "Choisissez au moins un jour de séance." in bad.content.decode()
    assert not Session.objects.exists()

    response = client.post(reverse("workshops:session_create"), data)
    session = Session.objects.get()
    assert response.url == reverse("workshops:session_detail", args=[session.pk])
    assert session.meetings.count() == 6
    assert list(session.facilitators.all()) == [officer]


def test_enrol_from_the_session_search_and_from_the_file(client, officer):
    session = SessionFactory(facilitators=[officer], capacity=1)
    counsellor = UserFactory(counsellor=True)
    first = AccompanimentFactory(counsellor=counsellor, job_seeker__last_name="Lemaire").job_seeker
    second = AccompanimentFactory(counsellor=counsellor, job_seeker__last_name="Lemoine").job_seeker
    client.force_login(officer)

    results = client.post(reverse("workshops:candidates", args=[session.pk]), {"q": "lema"})
    assert "LEMAIRE" in results.content.decode() and "LEMOINE" not in results.content.decode()
    client.post(reverse("workshops:enrol", args=[session.pk]), {"person": first.pk})

    client.force_login(counsellor)
    response = client.post(reverse("workshops:file_enrolments", args=[second.pk]), {"session": session.pk})
    assert response.status_code == 302
    assert Enrolment.objects.get(job_seeker=first).status == EnrolmentStatus.REGISTERED
    assert Enrolment.objects.get(job_seeker=second).status == EnrolmentStatus.WAITING
    page = client.get(reverse("workshops:file_enrolments", args=[second.pk])).content.decode()
    assert "Liste d’attente" in page

    bad = client.post(reverse("workshops:file_enrolments", args=[second.pk]), {"session": "999999"})
    assert bad.status_code == 200 and "Sélectionnez un choix valide" in bad.content.decode()


def test_withdrawing_from_the_page_invites_the_first_waiting_person(client, officer):
    session = SessionFactory(facilitators=[officer], capacity=1)
    seated = EnrolmentFactory(session=session)
    waiting = EnrolmentFactory(session=session, status=EnrolmentStatus.WAITING, waiting_since=timezone.now())
    client.force_login(officer)

    response = client.post(
        reverse("workshops:enrolment_status", args=[seated.pk]), {"status": "withdrawn"}, follow=True
    )

    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.INVITED
    assert (
        "première sur la liste d’attente" in response.content.decode()
        or "liste d’attente" in response.content.decode()
    )


def test_meetings_can_be_added_moved_and_deleted_until_attendance_is_taken(client, officer):
    session = SessionFactory(facilitators=[officer])
    client.force_login(officer)
    count = session.meetings.count()

    client.post(
        reverse("workshops:meeting_add", args=[session.pk]),
        {"date": "2026-12-24", "starts_at": "13:00", "ends_at": "15:00", "topic": "Visite"},
    )
    assert session.meetings.count() == count + 1
    bad = client.post(
        reverse("workshops:meeting_add", args=[session.pk]),
        {"date": "2026-12-24", "starts_at": "15:00", "ends_at": "13:00"},
    )
    assert "La séance doit finir après son début." in bad.content.decode()
    meeting = session.meetings.get(topic="Visite")
    client.post(
        reverse("workshops:meeting_edit", args=[meeting.pk]),
        {"date": "2026-12-23", "starts_at": "13:00", "ends_at": "15:00", "topic": "Visite"},
    )
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2026, 12, 23)
    Attendance.objects.create(meeting=meeting, enrolment=EnrolmentFactory(session=session), status="present")
    client.post(reverse("workshops:meeting_edit", args=[meeting.pk]), {"delete": "1"})
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_the_catalogue_lists_the_modules_of_the_domain(client, officer, django_assert_max_num_queries):
    client.force_login(officer)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("workshops:modules")).content.decode()
    for name in (
        "Atelier d’orientation professionnelle",
        "Découvertes métiers",
        "Look@job",
        "Nouveaux Départs",
        "Projet 50+",
        "Maison Digitale",
        "Ateliers femmes CQD Versailles",
    ):
        assert name in page
    assert "programmation" in page


def test_timeline_shows_enrolment_attendance_and_completion(client, officer):
    counsellor = UserFactory(counsellor=True)
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    session = SessionFactory(facilitators=[officer], module__name="Découvertes métiers")
    enrolment = EnrolmentFactory(session=session, job_seeker=accompaniment.job_seeker)
    for meeting in session.meetings.all():
        Attendance.objects.create(meeting=meeting, enrolment=enrolment, status=AttendanceStatus.PRESENT)
    services.enrolment_set_status(enrolment=enrolment, status="completed", acting_user=officer)
    client.force_login(counsellor)

    page = client.get(reverse("accompaniment:file_detail", args=[accompaniment.job_seeker.pk])).content.decode()

    assert "Inscrit·e au module Découvertes métiers" in page
    assert page.count("Présent·e au module Découvertes métiers") == 8
    assert "A terminé le module Découvertes métiers" in page or "A achevé le module Découvertes métiers" in page


def test_project_pages_and_the_file_modules_are_bounded(client, officer, django_assert_max_num_queries):
    from accompaniment.models import LocalProject

    project = LocalProject.objects.get(name="CQD Héliport-Anvers")
    module = ModuleFactory(name="Maison test", local_project=project)
    counsellor = UserFactory(counsellor=True)
    person = AccompanimentFactory(counsellor=counsellor).job_seeker
    for _ in range(6):
        session = SessionFactory(module=module, facilitators=[officer])
        enrolments = EnrolmentFactory.create_batch(3, session=session)
        EnrolmentFactory(session=session, job_seeker=person)
        for enrolment in enrolments:
            Attendance.objects.create(meeting=session.meetings.first(), enrolment=enrolment, status="present")
            enrolment.job_seeker.local_projects.add(project)
    client.force_login(counsellor)

    with django_assert_max_num_queries(10):  # one query for every project's figures
        page = client.get(reverse("workshops:projects")).content.decode()
    assert ">18<" in page
    with django_assert_max_num_queries(20):
        page = client.get(reverse("workshops:project_detail", args=[project.pk])).content.decode()
    assert "18 personnes rattachées au projet" in page and page.count("Maison test") >= 6
    with django_assert_max_num_queries(12):
        page = client.get(reverse("workshops:file_enrolments", args=[person.pk])).content.decode()
    assert page.count("Maison test") >= 6


def test_the_session_list_reads_each_session_s_project_without_a_query_per_row(
    client, officer, django_assert_max_num_queries
):
    """A session without a project of its own shows its module's: read with the module, not once per session."""
    projects = LocalProject.objects.bulk_create(LocalProject(name=f"Quartier {index}") for index in range(12))
    for index, project in enumerate(projects):
        SessionFactory(module=ModuleFactory(name=f"Module {index}", local_project=project), meetings=False)
    client.force_login(officer)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("workshops:sessions"))

    content = response.content.decode()
    assert all(f"Quartier {index}</small>" in content for index in range(12))
