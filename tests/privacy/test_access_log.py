"""Rule 5: the access log records reads outside one's team, confidential reads, NISS unmasking and every export —
who, when, what, never the content — and managers read it, filter it and export it."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accompaniment.enums import AccessAction
from accompaniment.models import FileAccess
from employers.models import JobDay, JobDayGuest
from reporting.enums import ReportLanguage, ReportStatus
from reporting.models import AnnualReport
from tests.accompaniment.factories import AccompanimentFactory, InterviewFactory, JobSeekerFactory
from tests.missionlocale.factories import UserFactory
from tests.responses import close_response
from tests.workshops.factories import EnrolmentFactory, MeetingFactory, ModuleFactory, SessionFactory
from workshops.enums import AttendanceStatus
from workshops.models import Attendance

NISS = "85073003328"
NOTE = "Note confidentielle sur la santé."


@pytest.fixture
def file(db):
    accompaniment = AccompanimentFactory(job_seeker=JobSeekerFactory(niss=NISS))
    return accompaniment.job_seeker


def entries(user, action):
    return list(FileAccess.objects.filter(user=user, action=action))


def assert_no_content_logged():
    for detail in FileAccess.objects.values_list("detail", flat=True):
        assert NISS not in detail and "santé" not in detail


def test_read_outside_team_is_logged_inside_team_is_not(client, file):
    other = UserFactory(counsellor=True)
    client.force_login(other)
    client.get(reverse("accompaniment:file_detail", args=[file.pk]))
    client.get(reverse("accompaniment:file_history", args=[file.pk]))
    client.get(reverse("employers:job_seeker_matchings", args=[file.pk]))
    client.get(reverse("workshops:file_enrolments", args=[file.pk]))
    assert len(entries(other, AccessAction.READ_FILE)) == 4
    assert all(e.job_seeker == file and e.at for e in entries(other, AccessAction.READ_FILE))
    own = file.accompaniments.get().counsellor
    client.force_login(own)
    client.get(reverse("accompaniment:file_detail", args=[file.pk]))
    assert entries(own, AccessAction.READ_FILE) == []


def test_every_read_of_a_confidential_note_is_logged(client, file):
    author = UserFactory(psychologist=True)
    InterviewFactory(job_seeker=file, staff=author, note=NOTE, confidential=True)
    colleague = UserFactory(psychologist=True)
    client.force_login(colleague)
    for _time in range(2):
        assert NOTE in client.get(reverse("accompaniment:file_detail", args=[file.pk])).content.decode()
    assert len(entries(colleague, AccessAction.READ_CONFIDENTIAL)) == 2
    # A counsellor sees that the note exists, not its text: nothing to log as a read.
    counsellor = file.accompaniments.get().counsellor
    client.force_login(counsellor)
    assert NOTE not in client.get(reverse("accompaniment:file_detail", args=[file.pk])).content.decode()
    assert entries(counsellor, AccessAction.READ_CONFIDENTIAL) == []
    assert_no_content_logged()


def test_every_unmasking_of_a_niss_is_logged(client, file):
    manager = UserFactory(manager=True)
    client.force_login(manager)
    client.post(reverse("accompaniment:niss_unmask", args=[file.pk]))
    # The edit form shows the NISS in full to a manager outside the team: an unmasking too.
    assert NISS in client.get(reverse("accompaniment:file_edit", args=[file.pk])).content.decode()
    logged = entries(manager, AccessAction.UNMASK_NISS)
    assert len(logged) == 2 and {e.detail for e in logged} == {"", "edit form"}
    assert_no_content_logged()


def test_caseload_csv_export_is_logged(client, file):
    counsellor = file.accompaniments.get().counsellor
    client.force_login(counsellor)
    client.post(reverse("accompaniment:caseload_export"))
    assert entries(counsellor, AccessAction.EXPORT)[0].detail == "portefeuille.csv"


def test_agenda_ics_export_is_logged(client, file):
    counsellor = file.accompaniments.get().counsellor
    client.force_login(counsellor)
    client.get(reverse("accompaniment:agenda_ics"))
    assert entries(counsellor, AccessAction.EXPORT)[0].detail == "agenda.ics"


def test_dashboard_exports_are_logged(client, file):
    manager = UserFactory(manager=True)
    client.force_login(manager)
    client.get(reverse("reporting:dashboard_export", args=["csv"]))
    client.get(reverse("reporting:dashboard_list_export", args=["accompanied", "xlsx"]))
    assert {e.detail for e in entries(manager, AccessAction.EXPORT)} == {
        "dashboard indicators.csv",
        "dashboard accompanied.xlsx",
    }


def test_annual_report_download_is_logged(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    director = UserFactory(director=True)
    report = AnnualReport.objects.create(
        year=2024,
        version=1,
        cutoff=datetime.date(2025, 1, 31),
        language=ReportLanguage.FRENCH,
        status=ReportStatus.DONE,
        requested_by=director,
        finished_at=timezone.now(),
    )
    report.file.save("rapport-2024.pdf", ContentFile(b"%PDF-1.4"))
    client.force_login(director)
    close_response(client.get(reverse("reporting:report_download", args=[report.pk])))
    assert len(entries(director, AccessAction.EXPORT)) == 1


def test_module_exports_are_logged(client, file):
    facilitator = UserFactory(counsellor=True)
    session = SessionFactory(module=ModuleFactory(completion_rate=50), meetings=False, facilitators=[facilitator])
    meeting = MeetingFactory(session=session)
    enrolment = EnrolmentFactory(session=session, job_seeker=file)
    Attendance.objects.create(meeting=meeting, enrolment=enrolment, status=AttendanceStatus.PRESENT)
    client.force_login(facilitator)
    client.get(reverse("workshops:session_export", args=[session.pk]))
    client.get(reverse("workshops:sign_in_sheet", args=[meeting.pk]))
    assert client.get(reverse("workshops:certificate", args=[enrolment.pk])).status_code == 200
    logged = entries(facilitator, AccessAction.EXPORT)
    assert len(logged) == 3
    assert any(e.job_seeker == file and e.detail.startswith("certificate") for e in logged)


def test_access_log_is_filterable_and_exportable_and_the_export_is_logged(client, file, django_assert_max_num_queries):
    reader, other = UserFactory(counsellor=True), UserFactory(counsellor=True)
    for user in (reader, other):
        client.force_login(user)
        client.get(reverse("accompaniment:file_detail", args=[file.pk]))
    for _index in range(30):
        FileAccess.objects.create(user=other, job_seeker=JobSeekerFactory(), action=AccessAction.READ_FILE)
    manager = UserFactory(manager=True)
    client.force_login(manager)
    with django_assert_max_num_queries(12):  # session, user, count, page of entries, staff list
        page = client.get(reverse("privacy:access_log"), {"staff": reader.pk}).content.decode()
    assert str(file) in page and page.count("<tr>") == 2  # header + one entry
    page = client.get(reverse("privacy:access_log"), {"file": file.pk}).content.decode()
    assert page.count("<tr>") == 3
    assert reverse("privacy:access_log_export") in page

    with django_assert_max_num_queries(10):  # one query for the rows, whatever their number
        response = client.get(reverse("privacy:access_log_export"), {"file": file.pk})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 3 and lines[0].startswith("Quand;Qui;Quoi")
    assert all(str(file.pk) in line for line in lines[1:])
    export = entries(manager, AccessAction.EXPORT)
    assert len(export) == 1 and export[0].detail == f"access-log.csv staff=* file={file.pk}"
    # All rows, unfiltered, include the export itself.
    response = client.get(reverse("privacy:access_log_export"))
    assert "access-log.csv" in response.content.decode("utf-8-sig")


def test_only_managers_read_and_export_the_access_log(client, db):
    for user in (UserFactory(counsellor=True), UserFactory(director=True), UserFactory(administrator=True)):
        client.force_login(user)
        assert client.get(reverse("privacy:access_log")).status_code == 403
        assert client.get(reverse("privacy:access_log_export")).status_code == 403
    assert not FileAccess.objects.exists()


def test_every_full_render_of_a_file_page_is_logged_rejected_forms_included(client, file):
    """Issue 12, item 7: a rejected form shows the whole file page again; that is a read like any other."""
    manager = UserFactory(manager=True)
    client.force_login(manager)
    pk = file.pk
    renders = [
        client.post(reverse("accompaniment:barrier_create", args=[pk]), {}),
        client.post(reverse("accompaniment:interview_create", args=[pk]), {}),
        client.post(reverse("accompaniment:niss_unmask", args=[pk])),
        client.post(reverse("workshops:file_enrolments", args=[pk]), {}),
        client.post(reverse("employers:job_seeker_propose", args=[pk]), {}),
    ]
    assert [response.status_code for response in renders] == [200] * 5
    logged = entries(manager, AccessAction.READ_FILE)
    assert len(logged) == 5 and all(entry.job_seeker == file for entry in logged)
    # The file's own team is not logged, rejected forms included.
    counsellor = file.accompaniments.get().counsellor
    client.force_login(counsellor)
    assert client.post(reverse("accompaniment:barrier_create", args=[pk]), {}).status_code == 200
    assert entries(counsellor, AccessAction.READ_FILE) == []


def test_each_read_of_a_list_naming_people_outside_ones_team_is_one_row(client, file):
    """Issue 12, item 7: dashboard lists, a session's participants, Job Day guests, another staff member's agenda."""
    manager = UserFactory(manager=True)
    client.force_login(manager)
    client.get(reverse("reporting:dashboard_list", args=["accompanied"]))
    facilitator = UserFactory(counsellor=True)
    session = SessionFactory(module=ModuleFactory(), meetings=False, facilitators=[facilitator])
    EnrolmentFactory(session=session, job_seeker=file)
    client.get(reverse("workshops:session_detail", args=[session.pk]))
    job_day = JobDay.objects.create(title="Job Day", held_on=timezone.localdate())
    JobDayGuest.objects.create(job_day=job_day, job_seeker=file)
    client.get(reverse("employers:job_day_detail", args=[job_day.pk]))
    counsellor = file.accompaniments.get().counsellor
    client.get(reverse("accompaniment:agenda"), {"staff": counsellor.pk})
    client.get(reverse("accompaniment:agenda"))  # one's own agenda: not logged
    logged = entries(manager, AccessAction.READ_LIST)
    assert [entry.detail for entry in reversed(logged)] == [
        "dashboard accompanied page 1",
        f"session {session.pk} participants",
        f"job day {job_day.pk} guests",
        f"agenda of staff {counsellor.pk}",
    ]
    assert all(entry.job_seeker is None for entry in logged)
    # Reading twice is two rows: one per read of the list.
    client.get(reverse("reporting:dashboard_list", args=["accompanied"]))
    assert len(entries(manager, AccessAction.READ_LIST)) == 5
    # A session without participants names nobody: nothing to log.
    empty = SessionFactory(module=ModuleFactory(), meetings=False, facilitators=[facilitator])
    client.force_login(facilitator)
    client.get(reverse("workshops:session_detail", args=[empty.pk]))
    assert entries(facilitator, AccessAction.READ_LIST) == []
