"""The counsellor's "Today" page: what needs her today, each block one query on her own caseload.

Each block is a selector of its own so that a later source can replace one without touching the others:
today's appointments are the user's appointments of the day (cancelled ones aside), and each recent no-show not
followed by an interview or a new booking is a call to make.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accompaniment.appointments import agenda_appointments, no_show_follow_ups
from accompaniment.durability import checkpoints_due
from accompaniment.enums import POSITIVE_OUTCOMES, AccompanimentStatus
from accompaniment.models import Accompaniment, ActionStep, Interview, Outcome
from missionlocale.dates import add_months

# "New files assigned": accompaniments opened for the counsellor within this many days, without an interview yet.
NEW_FILE_DAYS = 7
# "Follow-ups due": positive exits closed within FOLLOW_UP_MONTHS, last contact older than FOLLOW_UP_SILENCE_MONTHS.
FOLLOW_UP_MONTHS = 12
FOLLOW_UP_SILENCE_MONTHS = 3


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def month_last_day(day: datetime.date) -> datetime.date:
    return add_months(day.replace(day=1), 1) - datetime.timedelta(days=1)


def today_appointments(*, user, day: datetime.date):
    """The user's appointments of ``day`` (those they lead or attend), cancelled ones aside."""
    return agenda_appointments(
        start=_day_start(day), end=_day_start(day + datetime.timedelta(days=1)), staff=user, with_cancelled=False
    )


def overdue_steps(*, user, today: datetime.date):
    """Steps of the action plans of the user's open accompaniments, not done, whose due date has passed."""
    return (
        ActionStep.objects.filter(
            accompaniment__counsellor=user,
            accompaniment__status=AccompanimentStatus.OPEN,
            done_on__isnull=True,
            due_on__lt=today,
        )
        .select_related("accompaniment__job_seeker")
        .order_by("due_on", "pk")
    )


def ending_this_month_without_exit(*, user, today: datetime.date):
    """The user's open accompaniments planned to end by the end of this month (those already past their end
    included) on which no outcome is recorded yet: closing them needs one (rule 1)."""
    return (
        Accompaniment.objects.open()
        .filter(counsellor=user, planned_end_on__lte=month_last_day(today))
        .filter(~Exists(Outcome.objects.filter(accompaniment=OuterRef("pk"))))
        .select_related("job_seeker")
        .order_by("planned_end_on", "pk")
    )


def follow_ups_due(*, user, today: datetime.date):
    """People the user accompanied to a positive exit, closed within the last 12 months, not heard of for 3 months.

    The last contact is the person's latest interview, by anyone, or the closing date when there was none after
    it. People with an open accompaniment again are followed there, not here. One row per person (their latest
    such accompaniment), as ``last_contact_on`` annotated.
    """
    last_interview = Subquery(
        Interview.objects.filter(job_seeker=OuterRef("job_seeker"), occurred_on__lte=today)
        .values("job_seeker")
        .annotate(m=Max("occurred_on"))
        .values("m")
    )
    accompaniments = (
        Accompaniment.objects.filter(
            counsellor=user,
            status=AccompanimentStatus.CLOSED,
            closed_on__gte=add_months(today, -FOLLOW_UP_MONTHS),
            job_seeker__anonymised_at__isnull=True,
        )
        .filter(Exists(Outcome.objects.filter(accompaniment=OuterRef("pk"), kind__in=POSITIVE_OUTCOMES)))
        .filter(~Exists(Accompaniment.objects.open().filter(job_seeker=OuterRef("job_seeker"))))
        .annotate(last_contact_on=Greatest(Coalesce(last_interview, "closed_on"), "closed_on"))
        .filter(last_contact_on__lt=add_months(today, -FOLLOW_UP_SILENCE_MONTHS))
        .select_related("job_seeker")
        .order_by("last_contact_on", "-closed_on", "pk")
    )
    seen, rows = set(), []
    for accompaniment in accompaniments:
        if accompaniment.job_seeker_id not in seen:
            seen.add(accompaniment.job_seeker_id)
            rows.append(accompaniment)
    return rows


def new_files_assigned(*, user, today: datetime.date):
    """The user's open accompaniments started within the last 7 days with no interview since their start."""
    return (
        Accompaniment.objects.open()
        .filter(counsellor=user, started_on__gte=today - datetime.timedelta(days=NEW_FILE_DAYS), started_on__lte=today)
        .filter(
            ~Exists(
                Interview.objects.filter(job_seeker=OuterRef("job_seeker"), occurred_on__gte=OuterRef("started_on"))
            )
        )
        .select_related("job_seeker")
        .order_by("started_on", "pk")
    )


@dataclass(frozen=True)
class TodayBlocks:
    appointments: list
    overdue_steps: list
    ending: list
    follow_ups: list
    new_files: list
    no_shows: list
    checkpoints: list


def today_blocks(*, user, today: datetime.date) -> TodayBlocks:
    """The page's blocks, each read in one query (two for the appointments and their other staff, two for the
    checkpoints due)."""
    return TodayBlocks(
        appointments=list(today_appointments(user=user, day=today)),
        overdue_steps=list(overdue_steps(user=user, today=today)),
        ending=list(ending_this_month_without_exit(user=user, today=today)),
        follow_ups=follow_ups_due(user=user, today=today),
        new_files=list(new_files_assigned(user=user, today=today)),
        no_shows=list(no_show_follow_ups(user=user, today=today)),
        checkpoints=checkpoints_due(user=user, today=today),
    )
