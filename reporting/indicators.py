"""The accompaniment indicators of the annual report and the dashboard, one function per definition of
docs/indicators.md.

Every count is an SQL aggregate over the data as it stands at the cut-off date C; no Python loop runs
over people. Functions take keyword arguments only and return plain values, so that the dashboard,
the PDF and `manage.py indicators` show the same figures.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import ExtractMonth, RowNumber
from django.db.models.lookups import IsNull
from django.utils import timezone

from accompaniment.enums import (
    CHECKPOINT_MONTHS,
    EMPLOYMENT_OUTCOMES,
    LASTING_SITUATIONS,
    POSITIVE_OUTCOMES,
    TRAINING_OUTCOMES,
    AppointmentStatus,
    CheckpointSituation,
    OutcomeKind,
    RecognitionStatus,
    ReminderStatus,
)
from accompaniment.models import (
    Accompaniment,
    Appointment,
    ExitCheckpoint,
    Interview,
    JobSeeker,
    Outcome,
    Reminder,
)
from missionlocale.dates import add_months
from missionlocale.enums import Profession
from missionlocale.figures import percent, year_bounds, year_end, year_start
from missionlocale.models import FULL_TIME_CASELOAD, User
from reporting.models import YearlyObjective


def filtered(
    queryset,
    *,
    person: str = "job_seeker",
    staff: str = "counsellor",
    counsellor=None,
    local_project=None,
    funder=None,
):
    """Keep the rows of one counsellor, of people tagged with a local project, or with a project a funder pays."""
    if counsellor is not None:
        queryset = queryset.filter(**{staff: counsellor})
    if local_project is not None:
        queryset = queryset.filter(**{f"{person}__local_projects": local_project})
    if funder is not None:
        # As a subquery, not a join: a person tagged with two of the funder's projects stays one row, with no
        # DISTINCT (which would merge the rows a window function ranks, and cannot order a subquery).
        paid = JobSeeker.objects.filter(local_projects__details__funder=funder).values("pk")
        queryset = queryset.filter(**{f"{person}__in": paid})
    return queryset


def _counted(prefix: str, *, year: int, cutoff: datetime.date) -> Q:
    """The condition on an accompaniment (reached through `prefix`) to be counted for Y as at C."""
    start, end = year_bounds(year, cutoff)
    return (Q(**{f"{prefix}recognised_on__isnull": True}) | Q(**{f"{prefix}recognised_on__lte": cutoff})) & Q(
        **{
            f"{prefix}started_on__gte": start,
            f"{prefix}started_on__lte": end,
            f"{prefix}recognition_status": RecognitionStatus.RECOGNISED,
        }
    )


def counted_accompaniments(*, year: int, cutoff: datetime.date, **filters):
    """Accompaniments started in Y (and not after C) and recognised by Actiris as at C."""
    return filtered(Accompaniment.objects.filter(_counted("", year=year, cutoff=cutoff)), **filters)


def _positive_outcomes(*, year: int, cutoff: datetime.date, **filters):
    """Positive outcomes of the counted accompaniments, dated from the accompaniment's start to C."""
    # The conditions go through one join to the accompaniment (an `__in` subquery scans them all).
    start, _end = year_bounds(year, cutoff)
    outcomes = Outcome.objects.filter(
        _counted("accompaniment__", year=year, cutoff=cutoff),
        # The second bound is implied by the first (the accompaniment started in Y); said for the index on
        # the date, so that only the outcomes since 1 January of Y are read, not those of every past year.
        Q(occurred_on__gte=F("accompaniment__started_on")) & Q(occurred_on__gte=start),
        kind__in=POSITIVE_OUTCOMES,
        occurred_on__lte=cutoff,
    )
    return filtered(outcomes, person="accompaniment__job_seeker", staff="accompaniment__counsellor", **filters)


def accompanied(*, year: int, cutoff: datetime.date, **filters) -> int:
    """People with at least one accompaniment started in Y and recognised by Actiris as at C."""
    return counted_accompaniments(year=year, cutoff=cutoff, **filters).values("job_seeker").distinct().count()


def started_and_accompanied(
    *, year: int, cutoff: datetime.date, last_year_cutoff: datetime.date | None = None, **filters
) -> dict:
    """In one pass: people with an accompaniment started in Y up to C, recognised or not ("started"), and
    those of them counted as accompanied (`accompanied`); with `last_year_cutoff`, also the people
    accompanied in Y-1 as at that date and their positive exits by then ("last_year_accompanied",
    "last_year_positive_exits", as `accompanied` and `positive_exits` count them)."""
    start, end = year_bounds(year, cutoff)
    conditions = {
        "started": Q(started_on__gte=start, started_on__lte=end),
        "accompanied": _counted("", year=year, cutoff=cutoff),
    }
    if last_year_cutoff is not None:
        start = year_start(year - 1)
        last_year = _counted("", year=year - 1, cutoff=last_year_cutoff)
        conditions["last_year_accompanied"] = last_year
        conditions["last_year_positive_exits"] = last_year & _exited(last_year_cutoff)
    accompaniments = filtered(Accompaniment.objects.filter(started_on__gte=start, started_on__lte=end), **filters)
    return accompaniments.aggregate(
        **{key: Count("job_seeker", distinct=True, filter=condition) for key, condition in conditions.items()}
    )


def _exited(cutoff: datetime.date) -> Q:
    """The condition on a counted accompaniment to have a positive outcome dated from its start to C: its first one
    (`Accompaniment.first_positive_on`, derived from its outcomes) is on or before C."""
    return Q(first_positive_on__lte=cutoff)


def positive_exits(*, year: int, cutoff: datetime.date, **filters) -> int:
    """People counted as accompanied with a positive outcome on one of those accompaniments, by C."""
    exited = counted_accompaniments(year=year, cutoff=cutoff, **filters).filter(_exited(cutoff))
    return exited.values("job_seeker").distinct().count()


def positive_exit_rate(*, year: int, cutoff: datetime.date, **filters) -> int | None:
    """Positive exits ÷ accompanied, as a whole percentage rounded half up."""
    return percent(
        positive_exits(year=year, cutoff=cutoff, **filters), accompanied(year=year, cutoff=cutoff, **filters)
    )


def first_positive_outcome_kinds(*, year: int, cutoff: datetime.date, **filters) -> dict[str, int]:
    """The positive exits counted by the kind of each person's first positive outcome (date, then entry order).

    Every person counted as a positive exit has exactly one first positive outcome, so the counts add up
    to `positive_exits`: one pass gives both the total and the split.
    """
    # Each person's first positive outcome: the first of their counted accompaniments' first ones (date, then
    # entry order), ranked per person; rank 1 counted by kind. The accompaniments alone: no outcome is read.
    first = (
        counted_accompaniments(year=year, cutoff=cutoff, **filters)
        .filter(_exited(cutoff))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("job_seeker"),
                order_by=[F("first_positive_on").asc(), F("first_positive_id").asc()],
            )
        )
        .filter(rank=1)
        .values("first_positive_kind")
        .order_by()
    )
    # Django cannot group a window-filtered query: count its rows by kind around the SQL it compiles.
    sql, params = first.query.sql_with_params()
    with connections[first.db].cursor() as cursor:
        cursor.execute(
            f"SELECT first_positive_kind, COUNT(*) FROM ({sql}) first_outcome GROUP BY first_positive_kind", params
        )
        return dict(cursor.fetchall())


def split_by_outcome(counts: dict[str, int]) -> dict:
    """The employment / training / by-kind split of `first_positive_outcome_kinds`."""
    by_kind = {kind.value: counts.get(kind.value, 0) for kind in OutcomeKind if kind in POSITIVE_OUTCOMES}
    return {
        "employment": sum(n for kind, n in by_kind.items() if kind in EMPLOYMENT_OUTCOMES),
        "training": sum(n for kind, n in by_kind.items() if kind in TRAINING_OUTCOMES),
        "by_kind": by_kind,
    }


def positive_exits_by_outcome(*, year: int, cutoff: datetime.date, **filters) -> dict:
    """The positive exits split by the kind of each person's first positive outcome (date, then entry order)."""
    return split_by_outcome(first_positive_outcome_kinds(year=year, cutoff=cutoff, **filters))


def _counsellor_years(year: int):
    """Per counsellor employed on at least one day of Y: (FTE, days employed in Y, days in Y)."""
    start, end = year_start(year), year_end(year)
    days_in_year = (end - start).days + 1
    counsellors = User.objects.filter(profession=Profession.COUNSELLOR).employed_on_some_day(start, end)
    for fte, employment_start, employment_end in counsellors.values_list("fte", "employment_start", "employment_end"):
        first = max(start, employment_start or start)
        last = min(end, employment_end or end)
        yield fte, (last - first).days + 1, days_in_year


def computed_objective(*, year: int) -> int:
    """Σ over counsellors of FTE × 150 × (days employed in Y ÷ days in Y), rounded half up (rule 3)."""
    total = Decimal(0)
    for fte, days, days_in_year in _counsellor_years(year):
        total += fte * FULL_TIME_CASELOAD * Decimal(days) / days_in_year
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def counsellor_fte_years(*, year: int) -> Decimal:
    """Σ over counsellors of FTE × (days employed in Y ÷ days in Y), to two decimals: the year's full-time
    counsellors, whom the 100-of-150 rule is read against."""
    total = sum(
        (fte * Decimal(days) / days_in_year for fte, days, days_in_year in _counsellor_years(year)), Decimal(0)
    )
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def objective(*, year: int) -> int:
    """The director's objective for Y when set by hand, otherwise the computed one."""
    override = YearlyObjective.objects.filter(year=year).values_list("value", flat=True).first()
    return override if override is not None else computed_objective(year=year)


def accompaniment_summary(
    *, year: int, cutoff: datetime.date, people: int | None = None, exits: int | None = None, **filters
) -> dict:
    """The accompaniment line of the report for one year: people, objective and % reached, exits and rate.

    `people` and `exits` may be given when the caller has already counted them (with the functions above).
    """
    if people is None:
        people = accompanied(year=year, cutoff=cutoff, **filters)
    if exits is None:
        exits = positive_exits(year=year, cutoff=cutoff, **filters)
    goal = objective(year=year) if not filters else None
    return {
        "year": year,
        "accompanied": people,
        "objective": goal,
        "objective_percent": percent(people, goal) if goal else None,
        "positive_exits": exits,
        "positive_exit_rate": percent(exits, people),
    }


def history(*, year: int, cutoff: datetime.date, years: int = 5, **filters) -> list[dict]:
    """The summary for each of the five years up to Y, with the same rules and the same cut-off."""
    return [accompaniment_summary(year=y, cutoff=cutoff, **filters) for y in range(year - years + 1, year + 1)]


def _has_outcome():
    return Exists(Outcome.objects.filter(accompaniment=OuterRef("pk")))


def ending_soon_without_outcome(*, today: datetime.date, **filters):
    """Open accompaniments ending within 30 days that have no outcome yet."""
    accompaniments = Accompaniment.objects.ending_within(30, today).filter(~_has_outcome())
    return filtered(accompaniments, **filters)


def ending_soon_count(*, today: datetime.date, **filters) -> int:
    """How many `ending_soon_without_outcome` there are.

    The condition sits in the aggregate's FILTER so that the database checks the outcomes of the few
    accompaniments ending soon, one index lookup each; as a WHERE clause, the planner (which cannot know
    that open accompaniments are the ones with a planned end ahead) reads every outcome ever recorded.
    """
    accompaniments = filtered(Accompaniment.objects.ending_within(30, today), **filters)
    counts = accompaniments.annotate(has_outcome=_has_outcome()).aggregate(n=Count("pk", filter=Q(has_outcome=False)))
    return counts["n"]


def interviews_per_month(*, year: int, cutoff: datetime.date, **filters) -> list[int]:
    """Interviews (not people) by the month of their date, in Y and up to C: twelve counts."""
    interviews = Interview.objects.filter(occurred_on__year=year, occurred_on__lte=cutoff)
    interviews = filtered(interviews, staff="staff", **filters)
    # Counted per day straight from the index on the date (no per-row month to compute), then per month.
    counts = [0] * 12
    for day, n in interviews.values_list("occurred_on").annotate(n=Count("*")).order_by():
        counts[day.month - 1] += n
    return counts


def positive_outcomes(*, year: int, cutoff: datetime.date, **filters):
    """The positive outcomes `positive_exits` counts (for the breakdowns that count them per person)."""
    return _positive_outcomes(year=year, cutoff=cutoff, **filters)


def _appointments_in(*, year: int, cutoff: datetime.date, **filters):
    """Appointments with a person (internal meetings aside) starting on a day in Y, up to C (Brussels days)."""
    first, last = year_bounds(year, cutoff)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min))
    appointments = Appointment.objects.filter(job_seeker__isnull=False, starts_at__gte=start, starts_at__lt=end)
    return filtered(appointments, staff="staff", **filters)


def no_show_figures(counts: dict[str, int]) -> dict:
    held, no_show = counts.get(AppointmentStatus.DONE, 0), counts.get(AppointmentStatus.NO_SHOW, 0)
    return {"held": held, "no_show": no_show, "no_show_rate": percent(no_show, held + no_show)}


def appointments_summary(*, year: int, cutoff: datetime.date, **filters) -> dict:
    """Appointments (not people) of Y up to C: booked (cancelled ones aside), held, missed, and the no-show rate
    (no-shows ÷ (held + no-shows), rounded half up); the same rate over the appointments at least one reminder
    was sent for, and over the others."""
    # "The first sent reminder IS NOT NULL", not EXISTS: PostgreSQL answers an EXISTS over a year's appointments by
    # hashing every sent reminder of every year; this is one probe of the index of sent reminders per appointment,
    # which holds all it reads.
    sent = (
        Reminder.objects.filter(appointment=OuterRef("pk"), status=ReminderStatus.SENT)
        .order_by()
        .values("appointment")[:1]
    )
    rows = (
        _appointments_in(year=year, cutoff=cutoff, **filters)
        .annotate(reminded=IsNull(Subquery(sent), False))
        .values_list("status", "reminded")
        .annotate(n=Count("*"))
        .order_by()
    )
    counts, with_reminder, without_reminder = {}, {}, {}
    for status, reminded, n in rows:
        counts[status] = counts.get(status, 0) + n
        part = with_reminder if reminded else without_reminder
        part[status] = part.get(status, 0) + n
    figures = no_show_figures(counts)
    return {
        "planned": sum(n for status, n in counts.items() if status != AppointmentStatus.CANCELLED),
        **figures,
        "with_reminder_no_show_rate": no_show_figures(with_reminder)["no_show_rate"],
        "without_reminder_no_show_rate": no_show_figures(without_reminder)["no_show_rate"],
    }


def no_show_rate_by_month(*, year: int, cutoff: datetime.date, **filters) -> list[int | None]:
    """The no-show rate of each month of Y (None for a month with no appointment held or missed)."""
    counts = [dict() for _month in range(12)]
    rows = (
        _appointments_in(year=year, cutoff=cutoff, **filters)
        .filter(status__in=(AppointmentStatus.DONE, AppointmentStatus.NO_SHOW))
        .annotate(month=ExtractMonth("starts_at"))
        .values_list("month", "status")
        .annotate(n=Count("*"))
        .order_by()
    )
    for month, status, n in rows:
        counts[month - 1][status] = n
    return [no_show_figures(month)["no_show_rate"] for month in counts]


def no_show_rate_by_staff(*, year: int, cutoff: datetime.date, **filters) -> list[dict]:
    """Per staff member who led appointments held or missed in Y: held, no-shows and the rate, by name."""
    rows = (
        _appointments_in(year=year, cutoff=cutoff, **filters)
        .filter(status__in=(AppointmentStatus.DONE, AppointmentStatus.NO_SHOW))
        .values_list("staff", "status")
        .annotate(n=Count("*"))
        .order_by()
    )
    per_staff: dict[int, dict] = {}
    for staff_id, status, n in rows:
        per_staff.setdefault(staff_id, {})[status] = n
    names = {user.pk: user for user in User.objects.filter(pk__in=per_staff)}
    return sorted(
        ({"staff": names[pk], **no_show_figures(counts)} for pk, counts in per_staff.items()),
        key=lambda row: (row["staff"].last_name, row["staff"].first_name, row["staff"].pk),
    )


def exits_of_year(*, year: int, cutoff: datetime.date, **filters):
    """The accompaniments whose positive exit is dated in Y as at C: their first positive outcome dated on or after
    their start (`Accompaniment.first_positive_on`, derived from the outcomes) is dated in Y, on or before C.
    Whatever the accompaniment's start or recognition; an accompaniment closed since then still counts."""
    start, end = year_bounds(year, cutoff)
    return filtered(Accompaniment.objects.filter(first_positive_on__gte=start, first_positive_on__lte=end), **filters)


def last_exit_due_by(cutoff: datetime.date, months: int) -> datetime.date:
    """The last exit date whose checkpoint ``months`` later is due on or before C: ``add_months`` never goes back
    when the date goes forward, so the exits due by C are exactly those on or before this date."""
    day = add_months(cutoff, -months)  # its checkpoint falls on or before C (a month end clamps it)
    while add_months(day + datetime.timedelta(days=1), months) <= cutoff:
        day += datetime.timedelta(days=1)  # the last days of a longer month land on the same month end
    return day


def durability(*, year: int, cutoff: datetime.date, **filters) -> dict:
    """For the positive exits of Y, at 3, 6 and 12 months: the checkpoints due by C, those whose situation was known
    (recorded by C and not "unknown"), and of those the people still in employment or training (same job, other
    job, training), with both shares rounded half up. A checkpoint due after C is not counted at all.

    Two aggregates without grouping: the exits and those due, from the accompaniments (the exit date is their first
    positive outcome's); the known and lasting situations from their checkpoints recorded by C (one at most per
    accompaniment and months, a constraint), over the exits dated up to the last exit date due by C, which
    ``dates.add_months`` gives (30 November + 3 months is 28 or 29 February; SQL has no portable equivalent).
    """
    exits = exits_of_year(year=year, cutoff=cutoff, **filters)
    due_by = {months: last_exit_due_by(cutoff, months) for months in CHECKPOINT_MONTHS}
    totals = exits.aggregate(
        exits=Count("pk"),
        **{f"due_{months}": Count("pk", filter=Q(first_positive_on__lte=due_by[months])) for months in due_by},
    )
    known_situation = ~Q(situation=CheckpointSituation.UNKNOWN)
    lasting_situation = Q(situation__in=LASTING_SITUATIONS)
    start, end = year_bounds(year, cutoff)
    checkpoints = filtered(
        ExitCheckpoint.objects.recorded_by_cutoff(cutoff).filter(
            accompaniment__first_positive_on__gte=start, accompaniment__first_positive_on__lte=end
        ),
        person="accompaniment__job_seeker",
        staff="accompaniment__counsellor",
        **filters,
    )
    totals |= checkpoints.aggregate(
        **{
            f"{key}_{months}": Count(
                "pk",
                filter=Q(months=months, accompaniment__first_positive_on__lte=due_by[months]) & condition,
            )
            for months in due_by
            for key, condition in (("known", known_situation), ("lasting", lasting_situation))
        }
    )
    figures = {"exits": totals["exits"]}
    for months in CHECKPOINT_MONTHS:
        due, known, lasting = (totals[f"{key}_{months}"] for key in ("due", "known", "lasting"))
        figures[f"at_{months}_months"] = {
            "due": due,
            "known": known,
            "known_percent": percent(known, due),
            "in_employment_or_training": lasting,
            "in_employment_or_training_percent": percent(lasting, known),
        }
    return figures
