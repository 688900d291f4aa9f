"""The figures of the management dashboard, for a year up to today, with optional filters."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accompaniment.enums import POSITIVE_OUTCOMES
from accompaniment.models import Outcome
from accompaniment.selectors import counsellors_with_fill
from employers import report as employers_report
from missionlocale.dates import add_years
from reporting import indicators
from workshops import report as workshops_report


def dashboard_panels(*, year: int, cutoff: datetime.date) -> list[dict]:
    """The panels of the other apps under the accompaniment figures: {"template": ..., **its context} each."""
    return [
        workshops_report.dashboard_panel(year=year, cutoff=cutoff),
        employers_report.dashboard_panel(year=year, cutoff=cutoff),
    ]


# The caseload fill shows every counsellor of a team of this size; beyond, the fullest and the emptiest
# caseloads (what a manager balances), and the whole list is on the caseloads page.
FILL_ROWS = 20


def caseload_fill(*, counsellor=None, counsellors=None) -> dict:
    """Open accompaniments per counsellor (Actiris-referred and others) against their capacity; ``counsellors``: the
    active counsellors, when the caller has read them already."""
    counsellors = counsellors_with_fill(counsellor=counsellor, users=counsellors)
    rows = [
        {
            "counsellor": user,
            "open": user.open_count,
            "actiris": user.actiris_count,
            "other": user.open_count - user.actiris_count,
            "capacity": user.caseload_capacity,
            "actiris_capacity": user.actiris_caseload_capacity,
            "over": user.open_count > user.caseload_capacity,
        }
        for user in counsellors
    ]
    totals = {
        "counsellors": len(rows),
        "open": sum(row["open"] for row in rows),
        "actiris": sum(row["actiris"] for row in rows),
        "capacity": sum(row["capacity"] for row in rows),
        "over": sum(row["over"] for row in rows),
    }
    if len(rows) <= FILL_ROWS:
        return {"rows": rows, "fullest": [], "emptiest": [], "totals": totals}

    def load(row):
        return (row["open"] / row["capacity"] if row["capacity"] else float("inf"), row["open"])

    ranked = sorted(rows, key=load, reverse=True)
    half = FILL_ROWS // 2
    return {"rows": [], "fullest": ranked[:half], "emptiest": ranked[-half:][::-1], "totals": totals}


def _active_filters(**filters) -> dict:
    """The filters the manager chose (counsellor, local project, funder), without the empty ones."""
    return {key: value for key, value in filters.items() if value is not None}


def dashboard_figures(
    *,
    year: int,
    counsellor=None,
    local_project=None,
    funder=None,
    today: datetime.date | None = None,
    counsellors: list | None = None,
) -> dict:
    today = today or timezone.localdate()
    # The data as it stands today: a past year's accompaniments recognised since then count.
    cutoff = today
    active = _active_filters(counsellor=counsellor, local_project=local_project, funder=funder)
    # One pass counts the positive exits and splits them by the kind of each person's first positive outcome.
    first_outcomes = indicators.first_positive_outcome_kinds(year=year, cutoff=cutoff, **active)
    last_year_cutoff = add_years(cutoff, -1)
    people = indicators.started_and_accompanied(year=year, cutoff=cutoff, last_year_cutoff=last_year_cutoff, **active)
    summary = indicators.accompaniment_summary(
        year=year, cutoff=cutoff, people=people["accompanied"], exits=sum(first_outcomes.values()), **active
    )
    if active:
        summary["objective"] = None  # the objective is the whole team's
    return {
        "year": year,
        "cutoff": cutoff,
        "summary": summary,
        "started": people["started"],
        "last_year": {
            "cutoff": last_year_cutoff,
            "accompanied": people["last_year_accompanied"],
            "positive_exits": people["last_year_positive_exits"],
        },
        "by_outcome": indicators.split_by_outcome(first_outcomes),
        "fill": caseload_fill(counsellor=counsellor, counsellors=counsellors),
        "interviews_per_month": indicators.interviews_per_month(year=year, cutoff=cutoff, **active),
        "ending_soon": indicators.ending_soon_count(today=today, **active) if year == today.year else None,
    }


def dashboard_chart_figures(
    name: str,
    *,
    year: int,
    counsellor=None,
    local_project=None,
    funder=None,
    today: datetime.date | None = None,
    counsellors: list | None = None,
):
    """The one figure of ``dashboard_figures`` a chart draws ("by_outcome", "interviews_per_month" or "fill"),
    computed alone and the same way, for the chart's own request."""
    cutoff = today or timezone.localdate()
    active = _active_filters(counsellor=counsellor, local_project=local_project, funder=funder)
    if name == "by_outcome":
        return indicators.split_by_outcome(indicators.first_positive_outcome_kinds(year=year, cutoff=cutoff, **active))
    if name == "interviews_per_month":
        return indicators.interviews_per_month(year=year, cutoff=cutoff, **active)
    if name == "fill":
        return caseload_fill(counsellor=counsellor, counsellors=counsellors)
    raise ValueError(name)


def dashboard_follow_up(
    *, year: int, counsellor=None, local_project=None, funder=None, today: datetime.date | None = None
) -> dict:
    """The dashboard's figures of what follows the accompaniment: missed appointments and the durability of exits.

    Apart from ``dashboard_figures`` because the page loads them in a second request (each request stays within
    its query budget); the exports take both.
    """
    cutoff = today or timezone.localdate()
    active = _active_filters(counsellor=counsellor, local_project=local_project, funder=funder)
    return {
        "year": year,
        "cutoff": cutoff,
        "appointments": indicators.appointments_summary(year=year, cutoff=cutoff, **active),
        "no_show_rate_by_month": indicators.no_show_rate_by_month(year=year, cutoff=cutoff, **active),
        "no_show_rate_by_staff": indicators.no_show_rate_by_staff(year=year, cutoff=cutoff, **active),
        "durability": indicators.durability(year=year, cutoff=cutoff, **active),
    }


def people_behind(
    kind: str, *, year: int, counsellor=None, local_project=None, funder=None, today: datetime.date | None = None
):
    """The accompaniments behind a figure, one row per person or item, for the list page and the exports."""
    today = today or timezone.localdate()
    cutoff = today
    active = _active_filters(counsellor=counsellor, local_project=local_project, funder=funder)
    if kind == "accompanied":
        queryset = indicators.counted_accompaniments(year=year, cutoff=cutoff, **active)
    elif kind == "positive_exits":
        queryset = indicators.counted_accompaniments(year=year, cutoff=cutoff, **active).filter(
            Exists(
                Outcome.objects.filter(
                    accompaniment=OuterRef("pk"),
                    kind__in=POSITIVE_OUTCOMES,
                    occurred_on__gte=OuterRef("started_on"),
                    occurred_on__lte=cutoff,
                )
            )
        )
    elif kind == "ending_soon":
        queryset = indicators.ending_soon_without_outcome(today=today, **active)
    else:
        raise ValueError(kind)
    if kind != "ending_soon":
        # The figure counts people: one row per person, their first accompaniment behind it (a person accompanied
        # twice in the year is one line, as in the count): the rows with no earlier one of the same person among
        # them. An anti-join, not a subquery per row nor a window: PostgreSQL estimates its rows, so it walks the
        # people by name for the first pages and joins in bulk for the last ones.
        earlier = queryset.filter(job_seeker=OuterRef("job_seeker")).filter(
            Q(started_on__lt=OuterRef("started_on")) | Q(started_on=OuterRef("started_on"), pk__lt=OuterRef("pk"))
        )
        queryset = queryset.filter(~Exists(earlier))
    return (
        queryset.select_related("job_seeker", "counsellor")
        .prefetch_related("outcomes")
        .order_by("job_seeker__name_key", "started_on", "pk")
    )
