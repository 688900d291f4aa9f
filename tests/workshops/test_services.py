import datetime

import pytest
from django.core.exceptions import ValidationError

from accompaniment.models import JobSeeker
from tests.accompaniment.factories import JobSeekerFactory
from tests.missionlocale.factories import UserFactory
from tests.workshops.factories import ModuleFactory, SessionFactory, VisitorFactory
from workshops import services
from workshops.enums import AttendanceStatus, EnrolmentStatus
from workshops.models import Attendance, ComputerVisit, Enrolment, Visitor


@pytest.fixture
def officer(db):
    return UserFactory(username="projets", first_name="Nadia", last_name="Bensaïd", profession="project_officer")


def test_the_13th_registration_on_a_12_seat_session_goes_to_the_waiting_list(officer):
    session = SessionFactory(capacity=12, facilitators=[officer])
    people = JobSeekerFactory.create_batch(13)

    enrolments = [services.enrolment_add(session=session, job_seeker=p, acting_user=officer) for p in people]

    assert [e.status for e in enrolments[:12]] == [EnrolmentStatus.REGISTERED] * 12
    assert enrolments[12].status == EnrolmentStatus.WAITING
    assert session.enrolments.seated().count() == 12


def test_a_withdrawal_offers_the_seat_to_the_first_waiting_person(officer):
    session = SessionFactory(capacity=2, facilitators=[officer])
    first, second, waiting_first, waiting_second = (
        services.enrolment_add(session=session, job_seeker=JobSeekerFactory(), acting_user=officer) for _ in range(4)
    )
    assert waiting_first.status == waiting_second.status == EnrolmentStatus.WAITING

    offered = services.enrolment_set_status(enrolment=first, status=EnrolmentStatus.WITHDRAWN, acting_user=officer)

    assert offered == waiting_first
    waiting_first.refresh_from_db()
    waiting_second.refresh_from_db()
    assert waiting_first.status == EnrolmentStatus.INVITED
    assert waiting_second.status == EnrolmentStatus.WAITING
    assert session.enrolments.seated().count() == 2
    # The change is in the enrolment's history, with who made it.
    assert waiting_first.history.first().history_user == officer


def test_a_refusal_also_frees_the_seat_but_a_waiting_person_leaving_frees_none(officer):
    session = SessionFactory(capacity=1, facilitators=[officer])
    seated = services.enrolment_add(session=session, job_seeker=JobSeekerFactory(), acting_user=officer)
    waiting = services.enrolment_add(session=session, job_seeker=JobSeekerFactory(), acting_user=officer)
    other = services.enrolment_add(session=session, job_seeker=JobSeekerFactory(), acting_user=officer)

    assert services.enrolment_set_status(enrolment=other, status="withdrawn", acting_user=officer) is None
    assert services.enrolment_set_status(enrolment=seated, status="refused", acting_user=officer) == waiting


def test_a_person_cannot_be_enrolled_twice_nor_seated_beyond_capacity(officer):
    session = SessionFactory(capacity=1, facilitators=[officer])
    person = JobSeekerFactory()
    services.enrolment_add(session=session, job_seeker=person, acting_user=officer)
    waiting = services.enrolment_add(session=session, job_seeker=JobSeekerFactory(), acting_user=officer)

    with pytest.raises(ValidationError):
        services.enrolment_add(session=session, job_seeker=person, acting_user=officer)
    with pytest.raises(ValidationError):
        services.enrolment_set_status(enrolment=waiting, status="registered", acting_user=officer)
    assert Enrolment.objects.filter(session=session).count() == 2


def test_session_create_generates_the_meetings_of_the_weekly_pattern(officer):
    module = ModuleFactory()
    session = services.session_create(
        module=module,
        facilitators=[officer],
        acting_user=officer,
        starts_on=datetime.date(2026, 3, 2),  # a Monday
        ends_on=datetime.date(2026, 3, 27),
        weekdays="0,2",
        starts_at=datetime.time(9, 30),
        ends_at=datetime.time(12, 0),
        capacity=12,
        place="Salle 1",
    )

    dates = list(session.meetings.values_list("date", flat=True))
    assert len(dates) == 8
    assert {d.weekday() for d in dates} == {0, 2}
    assert dates[0] == datetime.date(2026, 3, 2) and dates[-1] == datetime.date(2026, 3, 25)


def _attend(session, enrolment, presents: int, officer):
    for index, meeting in enumerate(session.meetings.all()):
        status = AttendanceStatus.PRESENT if index < presents else AttendanceStatus.ABSENT
        services.attendance_mark(meeting=meeting, enrolment=enrolment, status=status, acting_user=officer)


def test_completion_needs_the_rule_of_the_module(officer):
    session = SessionFactory(facilitators=[officer])  # 8 meetings, rule 75 % → 6
    assert session.meetings.count() == 8
    below = services.enrolment_add(session=session, job_seeker=JobSeekerFactory(), acting_user=officer)
    met = services.enrolment_add(session=session, job_seeker=JobSeekerFactory(), acting_user=officer)
    _attend(session, below, 5, officer)
    _attend(session, met, 6, officer)

    assert not services.completion_rule_met(below)
    assert services.completion_rule_met(met)
    with pytest.raises(ValidationError):
        services.enrolment_set_status(enrolment=below, status="completed", acting_user=officer)
    services.enrolment_set_status(enrolment=met, status="completed", acting_user=officer)
    met.refresh_from_db()
    assert met.status == EnrolmentStatus.COMPLETED and met.completed_on


def test_attendance_is_one_row_per_person_and_meeting(officer):
    session = SessionFactory(facilitators=[officer])
    enrolment = services.enrolment_add(session=session, job_seeker=JobSeekerFactory(), acting_user=officer)
    meeting = session.meetings.first()

    services.attendance_mark(meeting=meeting, enrolment=enrolment, status="absent", acting_user=officer)
    services.attendance_mark(meeting=meeting, enrolment=enrolment, status="excused", acting_user=officer)

    assert list(Attendance.objects.values_list("status", flat=True)) == ["excused"]
    other = SessionFactory(facilitators=[officer]).meetings.first()
    with pytest.raises(ValidationError):
        services.attendance_mark(meeting=other, enrolment=enrolment, status="present", acting_user=officer)


def test_a_visitor_with_a_file_is_recorded_once_and_anonymous_visits_keep_no_person(officer):
    person = JobSeekerFactory(first_name="Samir", last_name="Ait")
    first = services.visitor_create(first_name="Samir", last_name="Ait", job_seeker=person, acting_user=officer)
    again = services.visitor_create(first_name="Samir", last_name="Ait", job_seeker=person, acting_user=officer)
    services.visit_log(visitor=first, acting_user=officer)
    services.visit_log(visitor=None, acting_user=officer)

    assert first == again and Visitor.objects.count() == 1
    assert ComputerVisit.objects.filter(visitor=None).count() == 1
    assert JobSeeker.objects.get().visitor == first


def test_a_digital_training_enrols_epn_visitors(officer):
    session = SessionFactory(module=ModuleFactory(digital=True), facilitators=[officer])
    visitor = VisitorFactory()

    enrolment = services.enrolment_add(session=session, visitor=visitor, acting_user=officer)

    assert enrolment.participant == visitor
    with pytest.raises(ValidationError):
        services.enrolment_add(session=session, acting_user=officer)
