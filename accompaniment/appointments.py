"""Appointments: the services that write them (book, move, cancel, record what happened) and the reads
the agenda, the file and the "Today" page share.

Conflicts are not refused: two appointments of the same staff member, room or person at overlapping times
are shown to whoever books (``appointment_conflicts``), who goes on only by saying so.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accompaniment.appointment_models import Appointment, Room
from accompaniment.enums import ACTIVE_APPOINTMENT_STATUSES, AppointmentKind, AppointmentStatus
from accompaniment.models import Interview
from accompaniment.reminders import reminders_cancel, reminders_schedule
from missionlocale.enums import Profession
from missionlocale.services import instance_save, instance_save_versioned

# The length of an appointment booked as an interview's "next appointment", which has no end of its own.
DEFAULT_APPOINTMENT_MINUTES = 45
# How long after a no-show its follow-up stays on the "Today" page unless the person is seen or booked again.
NO_SHOW_FOLLOW_UP_DAYS = 30
# From this many no-shows in a row the file says so.
NO_SHOW_STREAK_WARNING = 3
# What a staff member may record once the appointment has started, and what the person may say before it.
OUTCOME_STATUSES = (AppointmentStatus.DONE, AppointmentStatus.NO_SHOW, AppointmentStatus.EXCUSED)
# How far ahead an appointment may be booked.
MAX_DAYS_AHEAD = 366
TOO_FAR_MESSAGE = _("An appointment cannot be booked more than a year ahead.")
# The buttons that record what became of an appointment that has started.
OUTCOME_CHOICES = [(status.value, status.label) for status in OUTCOME_STATUSES]


@dataclass(frozen=True)
class Conflict:
    appointment: Appointment
    same_staff: list  # the staff members booked twice
    same_room: bool
    same_person: bool


def appointment_conflicts(
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    staff_members,
    room: Room | None = None,
    job_seeker=None,
    exclude_pk: int | None = None,
) -> list[Conflict]:
    """The planned or confirmed appointments that overlap [starts_at, ends_at) and share a staff member, the
    room or the person; two queries whatever their number."""
    staff_ids = {member.pk for member in staff_members}
    meets = Q(staff_id__in=staff_ids) | Q(other_staff__in=staff_ids)
    if room is not None:
        meets |= Q(room=room)
    if job_seeker is not None:
        meets |= Q(job_seeker=job_seeker)
    found = (
        Appointment.objects.active()
        .overlapping(starts_at, ends_at)
        .filter(pk__in=Appointment.objects.filter(meets).values("pk"))
        .exclude(pk=exclude_pk)
        .for_agenda()
    )
    conflicts = []
    for other in found:
        people = [other.staff, *other.other_staff.all()]
        conflicts.append(
            Conflict(
                appointment=other,
                same_staff=[member for member in people if member.pk in staff_ids],
                same_room=room is not None and other.room_id == room.pk,
                same_person=job_seeker is not None and other.job_seeker_id == job_seeker.pk,
            )
        )
    return conflicts


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime, *, field: str = "starts_at") -> None:
    errors = {}
    if starts_at < timezone.now():
        errors[field] = _("An appointment cannot be booked in the past.")
    elif starts_at > timezone.now() + datetime.timedelta(days=MAX_DAYS_AHEAD):
        errors[field] = TOO_FAR_MESSAGE
    if ends_at <= starts_at:
        errors["ends_at"] = _("The end must come after the start.")
    if errors:
        raise ValidationError(errors, code="bad_times")


def _refuse_conflicts(conflicts: list[Conflict], accept_conflicts: bool) -> None:
    if conflicts and not accept_conflicts:
        raise ValidationError(
            _("This appointment overlaps another one: check the conflicts shown, then confirm to book it anyway."),
            code="conflict",
        )


def kind_for(staff) -> str:
    """The kind of an appointment a staff member books by default: a psychologist's is a psychologist's."""
    return AppointmentKind.PSYCHOLOGIST if staff.profession == Profession.PSYCHOLOGIST else AppointmentKind.INDIVIDUAL


@transaction.atomic
def appointment_book(
    *,
    acting_user,
    staff,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    job_seeker=None,
    kind: str = AppointmentKind.INDIVIDUAL,
    room: Room | None = None,
    place: str = "",
    other_staff=(),
    planned_at_interview=None,
    accept_conflicts: bool = False,
) -> Appointment:
    """Book an appointment in the future; refused while it overlaps another one and ``accept_conflicts`` is off."""
    _check_times(starts_at, ends_at)
    others = [member for member in other_staff if member.pk != staff.pk]
    _refuse_conflicts(
        appointment_conflicts(
            starts_at=starts_at, ends_at=ends_at, staff_members=[staff, *others], room=room, job_seeker=job_seeker
        ),
        accept_conflicts,
    )
    appointment = Appointment(
        staff=staff,
        job_seeker=job_seeker,
        starts_at=starts_at,
        ends_at=ends_at,
        kind=kind,
        room=room,
        place=place,
        planned_at_interview=planned_at_interview,
        created_by=acting_user,
    )
    instance_save(instance=appointment, acting_user=acting_user, reason="booked")
    appointment.other_staff.set(others)
    reminders_schedule(appointment=appointment)
    return appointment


@transaction.atomic
def appointment_move(
    *,
    appointment: Appointment,
    acting_user,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    room: Room | None = None,
    place: str = "",
    expected_version: int | None = None,
    accept_conflicts: bool = False,
) -> Appointment:
    """Give a planned or confirmed appointment another time or place; a confirmed one is planned again, since
    the person confirmed the old time."""
    if not appointment.is_active:
        raise ValidationError(_("Only a planned or confirmed appointment can be moved."), code="not_active")
    _check_times(starts_at, ends_at)
    _refuse_conflicts(
        appointment_conflicts(
            starts_at=starts_at,
            ends_at=ends_at,
            staff_members=[appointment.staff, *appointment.other_staff.all()],
            room=room,
            job_seeker=appointment.job_seeker,
            exclude_pk=appointment.pk,
        ),
        accept_conflicts,
    )
    appointment = instance_save_versioned(
        instance=appointment,
        acting_user=acting_user,
        expected_version=expected_version,
        fields={
            "starts_at": starts_at,
            "ends_at": ends_at,
            "room": room,
            "place": place,
            "status": AppointmentStatus.PLANNED,
            "move_requested_at": None,
        },
        reason="moved",
    )
    # The reminders of the old time are not sent; new ones for the new time are.
    reminders_cancel(appointment=appointment)
    reminders_schedule(appointment=appointment)
    return appointment


def _status_set(*, appointment: Appointment, status: str, acting_user, expected_version=None, reason: str):
    # Cancelled, held, missed or excused: nothing left to remind.
    reminders_cancel(appointment=appointment)
    return instance_save_versioned(
        instance=appointment,
        acting_user=acting_user,
        expected_version=expected_version,
        fields={"status": status, "status_changed_at": timezone.now(), "status_changed_by": acting_user},
        reason=reason,
        validate=False,
    )


@transaction.atomic
def appointment_cancel(*, appointment: Appointment, acting_user, expected_version: int | None = None) -> Appointment:
    """Cancel a planned or confirmed appointment; who and when are kept on it."""
    if not appointment.is_active:
        raise ValidationError(_("Only a planned or confirmed appointment can be cancelled."), code="not_active")
    return _status_set(
        appointment=appointment,
        status=AppointmentStatus.CANCELLED,
        acting_user=acting_user,
        expected_version=expected_version,
        reason="cancelled",
    )


@transaction.atomic
def appointment_record(
    *, appointment: Appointment, status: str, acting_user, expected_version: int | None = None
) -> Appointment:
    """Record what became of an appointment: held or no-show once it has started; excused at any time."""
    if status not in OUTCOME_STATUSES:
        raise ValidationError(_("Choose held, no-show or excused."), code="bad_status")
    if not appointment.is_active:
        raise ValidationError(_("This appointment is no longer planned."), code="not_active")
    if status != AppointmentStatus.EXCUSED and appointment.starts_at > timezone.now():
        raise ValidationError(_("An appointment still to come cannot be marked held or missed."), code="future")
    if not appointment.job_seeker_id and status == AppointmentStatus.NO_SHOW:
        raise ValidationError(_("An internal meeting has no one to miss it."), code="internal")
    return _status_set(
        appointment=appointment,
        status=status,
        acting_user=acting_user,
        expected_version=expected_version,
        reason=status,
    )


def appointment_hold_for_interview(*, interview) -> Appointment | None:
    """An interview logged on the day of a planned appointment of its staff member with the person marks that
    appointment held (the earliest of the day, if several). Run inside the interview's transaction."""
    day_start = timezone.make_aware(datetime.datetime.combine(interview.occurred_on, datetime.time.min))
    appointment = (
        Appointment.objects.active()
        .filter(job_seeker=interview.job_seeker_id, starts_at__gte=day_start)
        .filter(starts_at__lt=day_start + datetime.timedelta(days=1))
        .filter(Q(staff=interview.staff_id) | Q(other_staff=interview.staff_id))
        .order_by("starts_at", "pk")
        .first()
    )
    if appointment is None:
        return None
    appointment.held_interview = interview
    return _status_set(
        appointment=appointment, status=AppointmentStatus.DONE, acting_user=interview.staff, reason="held"
    )


@transaction.atomic
def appointments_reassign(*, appointments, counsellor, acting_user) -> int:
    """Give future planned or confirmed appointments to another staff member (a file's reassignment)."""
    moved = 0
    for appointment in appointments:
        if appointment.is_active and appointment.staff_id != counsellor.pk:
            instance_save_versioned(
                instance=appointment,
                acting_user=acting_user,
                fields={"staff": counsellor},
                reason="reassigned",
                validate=False,
            )
            appointment.other_staff.remove(counsellor)
            moved += 1
    return moved


# Reads


def future_appointments_of_files(*, job_seekers, staff, now: datetime.datetime | None = None):
    """The planned or confirmed appointments of these files that ``staff`` leads and are still to come."""
    return (
        Appointment.objects.active()
        .filter(job_seeker__in=job_seekers, staff=staff, starts_at__gte=now or timezone.now())
        .for_agenda()
    )


def agenda_appointments(
    *, start: datetime.datetime, end: datetime.datetime, staff=None, room=None, team=None, with_cancelled=True
):
    """The appointments of [start, end) of one staff member (those they attend too), one room, or a team."""
    appointments = Appointment.objects.filter(starts_at__lt=end, ends_at__gt=start)
    if staff is not None:
        # A union, not "led by them OR attended by them": an OR with a subquery makes PostgreSQL read every
        # appointment of the region; each branch of the union reads one index (staff and start; attendee).
        led = appointments.filter(staff=staff).order_by().values("pk")
        attended = Appointment.other_staff.through.objects.filter(user=staff).values("appointment")
        appointments = appointments.filter(pk__in=led.union(attended))
    if room is not None:
        appointments = appointments.filter(room=room)
    if team is not None:
        appointments = appointments.filter(staff__in=team)
    if not with_cancelled:
        appointments = appointments.exclude(status=AppointmentStatus.CANCELLED)
    return appointments.for_agenda()


def no_show_streak(job_seeker, *, appointments: list | None = None) -> int:
    """How many of the person's last appointments in a row they missed (held ones end the streak; excused and
    cancelled ones do not count either way). ``appointments``: all the person's appointments in time order, when
    the caller has read them already (the file page): then no query."""
    if appointments is not None:
        statuses = [
            a.status for a in reversed(appointments) if a.status in (AppointmentStatus.DONE, AppointmentStatus.NO_SHOW)
        ][:NO_SHOW_STREAK_WARNING]
    else:
        statuses = (
            Appointment.objects.filter(
                job_seeker=job_seeker, status__in=(AppointmentStatus.DONE, AppointmentStatus.NO_SHOW)
            )
            .order_by("-starts_at", "-pk")
            .values_list("status", flat=True)[:NO_SHOW_STREAK_WARNING]
        )
    streak = 0
    for status in statuses:
        if status != AppointmentStatus.NO_SHOW:
            break
        streak += 1
    return streak


def no_show_follow_ups(*, user, today: datetime.date):
    """The user's no-shows of the last NO_SHOW_FOLLOW_UP_DAYS after which the person was neither seen (an
    interview on or after that day) nor booked again: one call to make."""
    since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=NO_SHOW_FOLLOW_UP_DAYS), datetime.time.min)
    )
    later_interview = Interview.objects.filter(job_seeker=OuterRef("job_seeker"), occurred_on__gte=OuterRef("day"))
    later_booking = Appointment.objects.filter(
        job_seeker=OuterRef("job_seeker"),
        status__in=ACTIVE_APPOINTMENT_STATUSES,
        starts_at__gt=OuterRef("starts_at"),
    )
    return (
        Appointment.objects.filter(
            staff=user,
            status=AppointmentStatus.NO_SHOW,
            starts_at__gte=since,
            job_seeker__isnull=False,
            job_seeker__anonymised_at__isnull=True,
        )
        .annotate(day=TruncDate("starts_at"))
        .filter(~Exists(later_interview), ~Exists(later_booking))
        .select_related("job_seeker")
        .order_by("-starts_at", "pk")
    )
