"""Writes on modules, sessions, attendance and the computer room. Every write that matters goes through here."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accompaniment.enums import ChangeReason
from accompaniment.niss import name_key
from missionlocale.figure_cache import RECORDS, data_changed
from missionlocale.services import instance_save, instance_save_versioned
from workshops.enums import SEATED_STATUSES, AttendanceStatus, EnrolmentStatus
from workshops.models import (
    Attendance,
    CoachingSession,
    ComputerVisit,
    Enrolment,
    Meeting,
    Session,
    Visitor,
)


def meeting_dates(*, starts_on: datetime.date, ends_on: datetime.date, weekdays: list[int]) -> list[datetime.date]:
    """The days of the weekly pattern between the session's start and end, both included."""
    days, day = [], starts_on
    while day <= ends_on:
        if day.weekday() in weekdays:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


@transaction.atomic
def session_create(*, module, facilitators, acting_user, **fields) -> Session:
    """Create a session and the meetings of its weekly pattern (editable afterwards)."""
    session = instance_save(instance=Session(module=module, **fields), acting_user=acting_user)
    session.facilitators.set(facilitators)
    data_changed(RECORDS)  # no signal for a bulk insert
    Meeting.objects.bulk_create(
        Meeting(session=session, date=day, starts_at=session.starts_at, ends_at=session.ends_at)
        for day in meeting_dates(starts_on=session.starts_on, ends_on=session.ends_on, weekdays=session.weekday_list)
    )
    return session


@transaction.atomic
def session_update(
    *, session: Session, facilitators, acting_user, expected_version: int | None = None, **fields
) -> Session:
    """Change a session; its meetings stay as they are (edit them one by one). Refused if someone saved the
    session since the form was loaded (``expected_version``, see ``instance_save_versioned``)."""
    instance_save_versioned(
        instance=session, expected_version=expected_version, fields=fields, acting_user=acting_user
    )
    session.facilitators.set(facilitators)
    return session


@transaction.atomic
def meeting_save(*, session: Session, meeting: Meeting | None = None, acting_user, **fields) -> Meeting:
    return instance_save(instance=meeting or Meeting(session=session), fields=fields, acting_user=acting_user)


@transaction.atomic
def meeting_delete(*, meeting: Meeting, acting_user) -> None:
    if meeting.attendances.exists():
        raise ValidationError(_("Attendance was taken at this meeting: it cannot be deleted."), code="has_attendance")
    meeting.delete()


def _lock(session: Session) -> None:
    # Two enrolments at the same time must not both take the last seat.
    Session.objects.select_for_update().filter(pk=session.pk).first()


@transaction.atomic
def enrolment_add(
    *, session: Session, acting_user, job_seeker=None, visitor=None, invited: bool = False, on=None
) -> Enrolment:
    """Enrol a person: registered (or invited) while seats are free, on the waiting list once the session is full."""
    if (job_seeker is None) == (visitor is None):
        raise ValidationError(_("Choose one person to enrol."), code="no_person")
    _lock(session)
    existing = Enrolment.objects.filter(session=session, job_seeker=job_seeker, visitor=visitor).first()
    if existing and existing.status not in (EnrolmentStatus.WITHDRAWN, EnrolmentStatus.REFUSED):
        raise ValidationError(_("This person is already enrolled in this session."), code="already_enrolled")
    enrolment = existing or Enrolment(session=session, job_seeker=job_seeker, visitor=visitor)
    full = session.enrolments.seated().count() >= session.capacity
    now = timezone.now()
    enrolment.status = (
        EnrolmentStatus.WAITING if full else (EnrolmentStatus.INVITED if invited else EnrolmentStatus.REGISTERED)
    )
    enrolment.waiting_since = now if full else None
    enrolment.enrolled_on = on or timezone.localdate()
    enrolment.enrolled_by = acting_user
    return instance_save(instance=enrolment, acting_user=acting_user)


def completion_rule_met(enrolment: Enrolment) -> bool:
    """The module's rule: present at least at ``completion_rate`` % of the session's meetings."""
    counts = Meeting.objects.filter(session=enrolment.session_id).aggregate(
        total=Count("pk", distinct=True),
        present=Count(
            "attendances",
            filter=Q(attendances__enrolment=enrolment, attendances__status=AttendanceStatus.PRESENT),
        ),
    )
    if not counts["total"]:
        return False
    return counts["present"] * 100 >= enrolment.session.module.completion_rate * counts["total"]


@transaction.atomic
def enrolment_set_status(*, enrolment: Enrolment, status: str, acting_user) -> Enrolment | None:
    """Change an enrolment's status; a seat freed goes to the first person of the waiting list, who is invited.

    Returns the enrolment offered the freed seat, if any.
    """
    session = enrolment.session
    _lock(session)
    if status not in EnrolmentStatus.values:
        raise ValidationError(_("Unknown status."), code="status")
    if status == EnrolmentStatus.COMPLETED and not completion_rule_met(enrolment):
        raise ValidationError(
            _("The completion rule is not met: at least %(rate)s %% of the meetings attended.")
            % {"rate": session.module.completion_rate},
            code="rule_not_met",
        )
    was_seated = enrolment.status in SEATED_STATUSES
    if status in SEATED_STATUSES and not was_seated and session.enrolments.seated().count() >= session.capacity:
        raise ValidationError(_("The session is full: this person stays on the waiting list."), code="full")
    enrolment.status = status
    enrolment.completed_on = timezone.localdate() if status == EnrolmentStatus.COMPLETED else None
    if status == EnrolmentStatus.WAITING:
        enrolment.waiting_since = timezone.now()
    instance_save(instance=enrolment, acting_user=acting_user)
    if was_seated and status not in SEATED_STATUSES:
        return _offer_freed_seat(session, acting_user)
    return None


def _offer_freed_seat(session: Session, acting_user) -> Enrolment | None:
    if session.enrolments.seated().count() >= session.capacity:
        return None
    first = session.enrolments.filter(status=EnrolmentStatus.WAITING).order_by("waiting_since", "pk").first()
    if first is None:
        return None
    return instance_save(
        instance=first,
        fields={"status": EnrolmentStatus.INVITED},
        acting_user=acting_user,
        reason=ChangeReason.SEAT_FREED,
        validate=False,
    )


@transaction.atomic
def attendance_mark(*, meeting: Meeting, enrolment: Enrolment, status: str, acting_user) -> Attendance:
    if enrolment.session_id != meeting.session_id:
        raise ValidationError(_("This person is not in this session."), code="other_session")
    if status not in AttendanceStatus.values:
        raise ValidationError(_("Unknown attendance status."), code="status")
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting,
        enrolment=enrolment,
        defaults={"status": status, "recorded_by": acting_user, "recorded_at": timezone.now()},
    )
    return attendance


@transaction.atomic
def attendance_mark_all(*, meeting: Meeting, enrolments, status: str, acting_user) -> int:
    """Mark everyone not yet marked (one query to read, one to write)."""
    marked = set(Attendance.objects.filter(meeting=meeting).values_list("enrolment_id", flat=True))
    now = timezone.now()
    rows = [
        Attendance(meeting=meeting, enrolment=e, status=status, recorded_by=acting_user, recorded_at=now)
        for e in enrolments
        if e.pk not in marked and e.session_id == meeting.session_id
    ]
    Attendance.objects.bulk_create(rows)
    data_changed(RECORDS)  # no signal for a bulk insert
    return len(rows)


@transaction.atomic
def visitor_create(*, first_name: str, last_name: str = "", job_seeker=None, acting_user) -> Visitor:
    """A minimal record for the computer room; a person with a file is linked to it, never recorded twice."""
    if job_seeker is not None:
        existing = Visitor.objects.filter(job_seeker=job_seeker).first()
        if existing:
            return existing
    visitor = Visitor(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        job_seeker=job_seeker,
        created_by=acting_user,
    )
    visitor.name_key = name_key(visitor.last_name, visitor.first_name)
    return instance_save(instance=visitor, acting_user=acting_user)


@transaction.atomic
def visit_log(*, visitor: Visitor | None, acting_user, on: datetime.date | None = None) -> ComputerVisit:
    """Log a computer-access visit; ``visitor=None`` is an anonymous visit, counted without personal data."""
    visit = ComputerVisit(visitor=visitor, visited_on=on or timezone.localdate(), recorded_by=acting_user)
    return instance_save(instance=visit, acting_user=acting_user)


@transaction.atomic
def coaching_log(*, visitor: Visitor, coach, acting_user, **fields) -> CoachingSession:
    return instance_save(instance=CoachingSession(visitor=visitor, coach=coach, **fields), acting_user=acting_user)
