"""The figures of the management dashboard, for a year up to today, with optional filters."""

import datetime
import functools

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accompaniment.enums import POSITIVE_OUTCOMES
from accompaniment.models import Outcome
from accompaniment.selectors import counsellors_with_fill
from employers import report as employers_report
from missionlocale import figure_cache
from missionlocale.dates import add_years
from missionlocale.figure_cache import APPOINTMENTS, INTERVIEWS, RECORDS
from reporting import indicators
from workshops import report as workshops_report

# The panels of the other apps under the accompaniment figures, by name: {"template": ..., **its context} each.
PANELS = {"modules": workshops_report.dashboard_panel, "employers": employers_report.dashboard_panel}


def dashboard_panels(*, year: int, cutoff: datetime.date, names=tuple(PANELS)) -> list[dict]:
    """The other apps' panels (all of them by default), computed."""
    return [PANELS[name](year=year, cutoff=cutoff) for name in names]


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


# The no-show rates per staff member: every one of a team of this size; beyond, the highest and the lowest rates.
NO_SHOW_ROWS = 20


def no_show_by_staff_shown(rows: list[dict]) -> dict:
    """The rows of `indicators.no_show_rate_by_staff` the dashboard shows: all of them for a team, the staff with the
    highest and the lowest no-show rates for a region (a list that grows with the data is never shown whole)."""
    if len(rows) <= NO_SHOW_ROWS:
        return {"rows": rows, "highest": [], "lowest": [], "count": len(rows)}
    rated = sorted((row for row in rows if row["no_show_rate"] is not None), key=lambda row: row["no_show_rate"])
    half = NO_SHOW_ROWS // 2
    return {"rows": [], "highest": rated[-half:][::-1], "lowest": rated[:half], "count": len(rows)}


def _active_filters(**filters) -> dict:
    """The filters the manager chose (counsellor, local project, funder), without the empty ones."""
    return {key: value for key, value in filters.items() if value is not None}


def _stored(name: str, *, year: int, today: datetime.date, active: dict, reads, compute, tokens: dict):
    """A figure of the dashboard, stored until the data it reads changes (missionlocale/figure_cache.py); the key
    holds the year, the day (the cut-off) and the filters."""
    key = (year, today.isoformat(), *(f"{field}={getattr(value, 'pk', value)}" for field, value in active.items()))
    return figure_cache.stored(f"dashboard.{name}", key, reads=reads, compute=compute, tokens=tokens)


def _accompaniment_figures(*, year: int, cutoff: datetime.date, active: dict) -> dict:
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
        "summary": summary,
        "started": people["started"],
        "last_year": {
            "cutoff": last_year_cutoff,
            "accompanied": people["last_year_accompanied"],
            "positive_exits": people["last_year_positive_exits"],
        },
        "by_outcome": indicators.split_by_outcome(first_outcomes),
        "ending_soon": indicators.ending_soon_count(today=cutoff, **active) if year == cutoff.year else None,
    }


def _figure(name: str, *, year: int, today: datetime.date, active: dict, tokens: dict, counsellors=None):
    """One of the dashboard's stored figures, by name: what it computes and the data it reads."""
    if name == "accompaniment":
        reads, compute = (RECORDS,), lambda: _accompaniment_figures(year=year, cutoff=today, active=active)
    elif name == "by_outcome":
        return _figure("accompaniment", year=year, today=today, active=active, tokens=tokens)["by_outcome"]
    elif name == "interviews_per_month":
        reads = (RECORDS, INTERVIEWS)
        compute = lambda: indicators.interviews_per_month(year=year, cutoff=today, **active)  # noqa: E731
    elif name == "fill":
        # Today's caseloads, whatever the year.
        reads = (RECORDS,)
        compute = lambda: caseload_fill(counsellor=active.get("counsellor"), counsellors=counsellors)  # noqa: E731
        year, active = 0, {"counsellor": active.get("counsellor")}
    elif name == "appointments":
        reads = (RECORDS, APPOINTMENTS)

        def compute():
            return {
                "appointments": indicators.appointments_summary(year=year, cutoff=today, **active),
                "no_show_rate_by_month": indicators.no_show_rate_by_month(year=year, cutoff=today, **active),
                "no_show_rate_by_staff": no_show_by_staff_shown(
                    indicators.no_show_rate_by_staff(year=year, cutoff=today, **active)
                ),
            }
    elif name == "durability":
        reads, compute = (RECORDS,), lambda: indicators.durability(year=year, cutoff=today, **active)
    elif name.startswith("panel:"):
        reads, compute = (RECORDS,), lambda: PANELS[name.removeprefix("panel:")](year=year, cutoff=today)
    else:
        raise ValueError(name)
    return _stored(name, year=year, today=today, active=active, reads=reads, compute=compute, tokens=tokens)


def _figures_of(*, year: int, today: datetime.date | None, **filters):
    """(the day, a reader of the dashboard's stored figures for Y, these filters and today's data versions)."""
    today = today or timezone.localdate()
    active = _active_filters(**filters)
    reader = functools.partial(_figure, year=year, today=today, active=active, tokens=figure_cache.versions())
    return today, reader


def dashboard_figures(
    *,
    year: int,
    counsellor=None,
    local_project=None,
    funder=None,
    today: datetime.date | None = None,
    counsellors: list | None = None,
) -> dict:
    """The dashboard's figures of the accompaniment for Y, the data as it stands today (a past year's
    accompaniments recognised since then count): stored between requests until their data changes."""
    today, figure = _figures_of(
        year=year, today=today, counsellor=counsellor, local_project=local_project, funder=funder
    )
    return {
        "year": year,
        "cutoff": today,
        **figure("accompaniment"),
        "fill": figure("fill", counsellors=counsellors),
        "interviews_per_month": figure("interviews_per_month"),
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
    the same stored figure, for the chart's own request."""
    if name not in ("by_outcome", "interviews_per_month", "fill"):
        raise ValueError(name)
    _today, figure = _figures_of(
        year=year, today=today, counsellor=counsellor, local_project=local_project, funder=funder
    )
    return figure(name, counsellors=counsellors)


FOLLOW_UP_SECTIONS = ("appointments", "durability")


def dashboard_follow_up(
    *,
    year: int,
    counsellor=None,
    local_project=None,
    funder=None,
    today: datetime.date | None = None,
    sections=FOLLOW_UP_SECTIONS,
) -> dict:
    """The dashboard's figures of what follows the accompaniment: missed appointments ("appointments") and the
    durability of exits ("durability"), or one of them.

    Apart from ``dashboard_figures`` because the page loads each in a request of its own (each request stays
    within its query budget and its time); the exports take both.
    """
    today, figure = _figures_of(
        year=year, today=today, counsellor=counsellor, local_project=local_project, funder=funder
    )
    figures = {"year": year, "cutoff": today}
    if "appointments" in sections:
        figures |= figure("appointments")
    if "durability" in sections:
        figures["durability"] = figure("durability")
    return figures


def dashboard_activity(*, year: int, today: datetime.date | None = None, names=tuple(PANELS)) -> list[dict]:
    """The other apps' panels (``dashboard_panels``), stored between requests until their data changes."""
    today = today or timezone.localdate()
    tokens = figure_cache.versions()
    return [_figure(f"panel:{name}", year=year, today=today, active={}, tokens=tokens) for name in names]


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
