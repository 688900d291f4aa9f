"""Demo follow-up checkpoints of the positive exits (3, 6 and 12 months after each exit), 2020 to today.

Where the shares come from: no published figure measures what became of every positive exit of a Brussels
Mission Locale (that is what this feature starts to measure). The only anchor in the 2024 activity report is
the DEIES follow-up: 57 % of the contracts ended in 2024 were followed by employment or training at the end or
within 3 months. People leaving an accompaniment for a job or a training are expected to fare better than the
end of a fixed-term insertion contract, and fewer of them are reached as months pass. The demo therefore
assumes, and says so in docs/indicators.md:

- the person's situation is known at 85 % of the 3-month checkpoints, 75 % at 6 months and 65 % at 12 months
  (a counsellor who cannot reach the person records "not reached, unknown"; some are never recorded);
- of those known, 80 % are drawn still in employment or training at 3 months, 75 % at 6 and 70 % at 12; someone
  who was a job seeker again at the previous checkpoint is back in work or training only one time in three (so
  the demo reads about 80 %, 70 % and 60 %);
- a checkpoint that fell due within the last 45 days is recorded only one time in three, so that the counsellors'
  "Today" pages show checkpoints due.

Its own random generator: the figures of the other demo modules do not move.
"""

import datetime
import random

from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone

from accompaniment.enums import CHECKPOINT_MONTHS, POSITIVE_OUTCOMES, CheckpointSituation
from accompaniment.models import ExitCheckpoint, Outcome
from demo.years import now_on
from missionlocale.dates import add_months

SEED = 15
FIRST_EXIT_YEAR = 2020
KNOWN_SHARE = {3: 0.85, 6: 0.75, 12: 0.65}
# The checkpoints recorded at all (reached or not); of them, KNOWN_SHARE / RECORDED_SHARE reached the person.
RECORDED_SHARE = {3: 0.92, 6: 0.85, 12: 0.78}
LASTING_SHARE = {3: 0.80, 6: 0.75, 12: 0.70}
BACK_TO_WORK_SHARE = 0.33
RECENT_DAYS = 45
RECENT_RECORDED_SHARE = 0.33
BATCH = 2000


def demo_durability_seed(*, today: datetime.date | None = None) -> None:
    """Record the demo checkpoints of every positive exit since 2020; does nothing when some exist already."""
    if ExitCheckpoint.objects.filter(accompaniment__isnull=False).exists() or not Outcome.objects.exists():
        return
    today = today or timezone.localdate()
    now = now_on(today)
    rng = random.Random(SEED)
    exits = (
        Outcome.objects.filter(
            kind__in=POSITIVE_OUTCOMES,
            occurred_on__gte=F("accompaniment__started_on"),
            occurred_on__lte=today,
        )
        .values("accompaniment", "accompaniment__job_seeker", "accompaniment__counsellor")
        .annotate(exit_on=Min("occurred_on"))
        .filter(exit_on__gte=datetime.date(FIRST_EXIT_YEAR, 1, 1))
        .order_by("exit_on", "accompaniment")
    )
    checkpoints = []
    for row in exits:
        previous = None
        for months in CHECKPOINT_MONTHS:
            due_on = add_months(row["exit_on"], months)
            if due_on > today:
                break
            recent = (today - due_on).days < RECENT_DAYS
            if rng.random() >= (RECENT_RECORDED_SHARE if recent else RECORDED_SHARE[months]):
                continue  # not recorded (yet)
            reached = rng.random() < KNOWN_SHARE[months] / RECORDED_SHARE[months]
            situation = _situation(rng, months, previous) if reached else CheckpointSituation.UNKNOWN
            previous = situation if reached else previous
            recorded_on = min(due_on + datetime.timedelta(days=rng.randint(0, 20)), today)
            checkpoints.append(
                ExitCheckpoint(
                    job_seeker_id=row["accompaniment__job_seeker"],
                    accompaniment_id=row["accompaniment"],
                    exit_on=row["exit_on"],
                    months=months,
                    due_on=due_on,
                    reached=reached,
                    situation=situation,
                    recorded_by_id=row["accompaniment__counsellor"],
                    recorded_at=min(
                        now, timezone.make_aware(datetime.datetime.combine(recorded_on, datetime.time(10)))
                    ),
                )
            )
    with transaction.atomic():
        for start in range(0, len(checkpoints), BATCH):
            batch = ExitCheckpoint.objects.bulk_create(checkpoints[start : start + BATCH])
            ExitCheckpoint.history.bulk_history_create(batch)


def _situation(rng: random.Random, months: int, previous: str | None) -> str:
    lasting = BACK_TO_WORK_SHARE if previous == CheckpointSituation.JOB_SEEKER_AGAIN else LASTING_SHARE[months]
    if rng.random() >= lasting:
        return CheckpointSituation.JOB_SEEKER_AGAIN
    if previous == CheckpointSituation.JOB_SEEKER_AGAIN:
        return rng.choice((CheckpointSituation.OTHER_JOB, CheckpointSituation.TRAINING))
    return rng.choices(
        (CheckpointSituation.SAME_JOB, CheckpointSituation.OTHER_JOB, CheckpointSituation.TRAINING), (70, 18, 12)
    )[0]
