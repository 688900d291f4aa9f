"""Reads shared by several views of the accompaniment app."""

import datetime
from collections import Counter, deque
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from accompaniment.enums import AccessAction, ReferralSource
from accompaniment.models import Accompaniment, FileAccess, Interview, JobSeeker, TeamMember
from accompaniment.niss import name_key
from accompaniment.search import NEAR_DUPLICATE_SCORE, name_closeness
from missionlocale.enums import Profession
from missionlocale.models import User


def caseload_queryset(*, owner):
    """The accompaniments on a staff member's caseload: theirs as counsellor, and the files of their team.

    The team's files are read first (a short list, kept on `owner` for the request): with a list, PostgreSQL
    reads both sides of the OR from their indexes; with a sub-select it read every open accompaniment."""
    team_files = getattr(owner, "_team_file_ids", None)
    if team_files is None:
        team_files = owner._team_file_ids = list(
            TeamMember.objects.filter(user=owner).values_list("job_seeker_id", flat=True)
        )
    mine = Q(counsellor=owner)
    return Accompaniment.objects.filter(mine | Q(job_seeker_id__in=team_files, status="open") if team_files else mine)


# The caseload's "to see" counter: open accompaniments without an interview for this many days.
NO_RECENT_INTERVIEW_DAYS = 30


def caseload_without_recent_interview(*, owner, today: datetime.date) -> int:
    """How many open accompaniments of the caseload had no interview in the last NO_RECENT_INTERVIEW_DAYS days."""
    since = today - datetime.timedelta(days=NO_RECENT_INTERVIEW_DAYS)
    recent = Interview.objects.filter(job_seeker=OuterRef("job_seeker"), occurred_on__gte=since)
    return caseload_queryset(owner=owner).filter(status="open").filter(~Exists(recent)).count()


def active_counsellors():
    return User.objects.filter(is_active=True, profession=Profession.COUNSELLOR).order_by(
        "last_name", "first_name", "pk"
    )


def counsellors_with_fill(*, counsellor=None, pks=None, users: list[User] | None = None) -> list[User]:
    """Every active counsellor (or one, or those of `pks`) with `open_count` and `actiris_count`: open
    accompaniments, and of those the ones referred by Actiris. ``users``: the active counsellors, when the caller
    has read them already."""
    counsellors = active_counsellors()
    if counsellor is not None:
        counsellors = counsellors.filter(pk=counsellor.pk)
    if pks is not None:
        counsellors = counsellors.filter(pk__in=pks)
    # Counted apart from the staff rows, from the partial index on open accompaniments alone.
    open_accompaniments = Accompaniment.objects.filter(status="open")
    if counsellor is not None:
        open_accompaniments = open_accompaniments.filter(counsellor=counsellor)
    if pks is not None:
        open_accompaniments = open_accompaniments.filter(counsellor__in=pks)
    counts = {
        row["counsellor"]: row
        for row in open_accompaniments.values("counsellor")
        .annotate(n=Count("*"), actiris=Count("referral_source", filter=Q(referral_source=ReferralSource.ACTIRIS)))
        .order_by()
    }
    if users is not None and pks is None:
        counsellors = [user for user in users if counsellor is None or user.pk == counsellor.pk]
    else:
        counsellors = list(counsellors)
    for user in counsellors:
        row = counts.get(user.pk, {})
        user.open_count, user.actiris_count = row.get("n", 0), row.get("actiris", 0)
    return counsellors


# Reading many files outside one's team in a short time (a list read from top to bottom, a copy being made) is
# flagged to managers on the access-log page: more than BULK_READ_FILES distinct files within BULK_READ_WINDOW.
BULK_READ_FILES = 30
BULK_READ_WINDOW = datetime.timedelta(minutes=10)
BULK_READ_LOOKBACK = datetime.timedelta(days=30)


@dataclass(frozen=True)
class BulkRead:
    user: User
    started_at: datetime.datetime
    ended_at: datetime.datetime
    files: int


def bulk_reads(*, now: datetime.datetime | None = None) -> list[BulkRead]:
    """The bursts of reads outside one's team over the last BULK_READ_LOOKBACK, most recent first.

    One burst per staff member and stretch of time: from the first read of a window that went over the limit to
    the last read that kept one over it; ``files`` is the most distinct files any window of it held.
    """
    now = now or timezone.now()
    reads = (
        FileAccess.objects.filter(action=AccessAction.READ_FILE, at__gte=now - BULK_READ_LOOKBACK)
        .exclude(job_seeker=None)
        .order_by("user_id", "at", "pk")
        .values_list("user_id", "at", "job_seeker_id")
    )
    bursts: list[list] = []  # [user_id, started_at, ended_at, files]
    window: deque = deque()
    in_window: Counter = Counter()
    current_user = None
    for user_id, at, file_id in reads.iterator(chunk_size=2000):
        if user_id != current_user:
            current_user, window, in_window = user_id, deque(), Counter()
        window.append((at, file_id))
        in_window[file_id] += 1
        while window[0][0] < at - BULK_READ_WINDOW:
            _old_at, old_file = window.popleft()
            in_window[old_file] -= 1
            if not in_window[old_file]:
                del in_window[old_file]
        if len(in_window) <= BULK_READ_FILES:
            continue
        last = bursts[-1] if bursts else None
        if last and last[0] == user_id and window[0][0] <= last[2]:
            last[2], last[3] = at, max(last[3], len(in_window))
        else:
            bursts.append([user_id, window[0][0], at, len(in_window)])
    users = User.objects.in_bulk({burst[0] for burst in bursts})
    return sorted(
        (BulkRead(users[user_id], started, ended, files) for user_id, started, ended, files in bursts),
        key=lambda burst: burst.started_at,
        reverse=True,
    )


def job_seeker_near_duplicates(*, first_name: str, last_name: str, birth_date, exclude_pks=()) -> list:
    """Files born the same day whose name is spelt almost the same (Verbeek / Verbeke, Mohamed / Mohammed, the
    names swapped): probably the same person, to show before a second file is created. The closest first."""
    key = name_key(last_name, first_name)
    born_that_day = JobSeeker.objects.filter(birth_date=birth_date, anonymised_at__isnull=True).exclude(
        pk__in=list(exclude_pks)
    )
    scored = [(name_closeness(key, person.name_key), person) for person in born_that_day.order_by("pk")]
    return [person for score, person in sorted(scored, key=lambda s: -s[0]) if score >= NEAR_DUPLICATE_SCORE]
