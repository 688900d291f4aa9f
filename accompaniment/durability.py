"""The follow-up of positive exits: checkpoints 3, 6 and 12 months after the exit (reads).

The exit of an accompaniment is its first positive outcome (employment or training) dated on or after its
start. Its checkpoints are due ``months`` after that date (``dates.add_months``: 30 November + 3 months is
28 or 29 February). A checkpoint someone recorded is an ``ExitCheckpoint`` row; one not recorded yet has no
row and is computed here, so that an outcome corrected or removed never leaves a stale checkpoint behind.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Min, OuterRef, Prefetch, Subquery

from accompaniment.enums import CHECKPOINT_MONTHS, POSITIVE_OUTCOMES, CheckpointSituation
from accompaniment.models import Accompaniment, ExitCheckpoint, JobSeeker, Outcome
from missionlocale.dates import add_months

# The counsellor records the 12-month checkpoint up to this many months after the exit; she keeps the follow-up
# access to the file until then (accompaniment/perms.py), even when the accompaniment closed long before.
CHECKPOINT_ACCESS_MONTHS = 13


@dataclass(frozen=True)
class Checkpoint:
    """One checkpoint of one exit, recorded (``recorded`` is its row) or not yet."""

    accompaniment: Accompaniment
    months: int
    exit_on: datetime.date
    due_on: datetime.date
    recorded: ExitCheckpoint | None

    @property
    def job_seeker(self) -> JobSeeker:
        return self.accompaniment.job_seeker

    def is_due(self, today: datetime.date) -> bool:
        """Due and not recorded yet."""
        return self.recorded is None and self.due_on <= today

    @property
    def offers_new_accompaniment(self) -> bool:
        return self.recorded is not None and self.recorded.situation == CheckpointSituation.JOB_SEEKER_AGAIN


def exit_date(*, cutoff: datetime.date | None = None) -> Subquery:
    """The exit date of the accompaniment of the outer query: its first positive outcome since its start
    (recorded on or before ``cutoff`` when given), or NULL when it has none."""
    outcomes = Outcome.objects.filter(
        accompaniment=OuterRef("pk"), kind__in=POSITIVE_OUTCOMES, occurred_on__gte=OuterRef("started_on")
    )
    if cutoff is not None:
        outcomes = outcomes.filter(occurred_on__lte=cutoff)
    return Subquery(outcomes.order_by().values("accompaniment").annotate(first=Min("occurred_on")).values("first"))


def exit_on_of(accompaniment: Accompaniment) -> datetime.date | None:
    """The exit date from the accompaniment's prefetched outcomes (the file page has them already)."""
    dates = [
        outcome.occurred_on
        for outcome in accompaniment.outcomes.all()
        if outcome.is_positive and outcome.occurred_on >= accompaniment.started_on
    ]
    return min(dates, default=None)


def checkpoints_of(
    accompaniment: Accompaniment, exit_on: datetime.date, recorded: list[ExitCheckpoint]
) -> list[Checkpoint]:
    """The three checkpoints of one exit, with the rows recorded for it."""
    by_months = {row.months: row for row in recorded}
    return [
        Checkpoint(
            accompaniment=accompaniment,
            months=months,
            exit_on=exit_on,
            due_on=add_months(exit_on, months),
            recorded=by_months.get(months),
        )
        for months in CHECKPOINT_MONTHS
    ]


def checkpoint_of(accompaniment: Accompaniment, months: int) -> Checkpoint | None:
    """One checkpoint of an accompaniment's exit, or None when it has no positive exit (two queries)."""
    exit_on = (
        Accompaniment.objects.filter(pk=accompaniment.pk).annotate(exit_on=exit_date()).values_list("exit_on").get()
    )[0]
    if exit_on is None or months not in CHECKPOINT_MONTHS:
        return None
    recorded = list(
        ExitCheckpoint.objects.filter(accompaniment=accompaniment, months=months).select_related("recorded_by")
    )
    return checkpoints_of(accompaniment, exit_on, recorded)[CHECKPOINT_MONTHS.index(months)]


def file_checkpoints(accompaniments: list[Accompaniment]) -> list[Checkpoint]:
    """The checkpoints of every exit of the file, newest exit first, from the file page's accompaniments (their
    outcomes prefetched): one query, for the recorded rows."""
    exits = [(accompaniment, exit_on_of(accompaniment)) for accompaniment in accompaniments]
    exits = [(accompaniment, exit_on) for accompaniment, exit_on in exits if exit_on is not None]
    if not exits:
        return []
    rows: dict[int, list[ExitCheckpoint]] = {}
    for row in ExitCheckpoint.objects.filter(accompaniment__in=[a for a, _exit in exits]).select_related(
        "recorded_by"
    ):
        rows.setdefault(row.accompaniment_id, []).append(row)
    return [
        checkpoint
        for accompaniment, exit_on in exits
        for checkpoint in checkpoints_of(accompaniment, exit_on, rows.get(accompaniment.pk, []))
    ]


def checkpoints_due(*, user, today: datetime.date) -> list[Checkpoint]:
    """The checkpoints due and not recorded of the exits the user accompanied, while she follows them up
    (up to CHECKPOINT_ACCESS_MONTHS after the exit; not once someone else accompanies the person again), the
    oldest due first: two queries."""
    someone_else = Accompaniment.objects.open().filter(job_seeker=OuterRef("job_seeker")).exclude(counsellor=user)
    accompaniments = (
        Accompaniment.objects.filter(counsellor=user, job_seeker__anonymised_at__isnull=True)
        .filter(~Exists(someone_else))
        .annotate(exit_on=exit_date(cutoff=today))
        # The bounds only narrow the rows read; Checkpoint.is_due decides (3 months are never fewer than 89 days).
        .filter(
            exit_on__gte=add_months(today, -CHECKPOINT_ACCESS_MONTHS),
            exit_on__lte=today - datetime.timedelta(days=89),
        )
        .select_related("job_seeker")
        .prefetch_related(Prefetch("exit_checkpoints", queryset=ExitCheckpoint.objects.order_by()))
        .order_by("exit_on", "pk")
    )
    due = [
        checkpoint
        for accompaniment in accompaniments
        for checkpoint in checkpoints_of(
            accompaniment, accompaniment.exit_on, list(accompaniment.exit_checkpoints.all())
        )
        if checkpoint.is_due(today)
    ]
    return sorted(due, key=lambda checkpoint: (checkpoint.due_on, checkpoint.accompaniment.pk))
