"""All the figures of one annual report, as a JSON-ready dict with stable keys (docs/indicators.md)."""

import datetime

from django.db.models import Count

from accompaniment.models import LocalProject
from employers import report as employers_report
from missionlocale.enums import Profession
from missionlocale.figures import percent, year_end, year_start
from missionlocale.models import User
from reporting import indicators
from reporting.activity import activity_section
from reporting.models import PastYearFigures
from reporting.profile import profile_section
from workshops import report as workshops_report

STAFF_PROFESSIONS = (
    Profession.COUNSELLOR,
    Profession.PSYCHOLOGIST,
    Profession.SOCIAL_WORKER,
    Profession.IMAGE_COACH,
    Profession.DIGITAL_COACH,
    Profession.EMPLOYER_RELATIONS,
    Profession.PROJECT_OFFICER,
    Profession.DEIES_SUPERVISOR,
)


def staff_composition(*, year: int) -> dict[str, int]:
    """Staff members employed on at least one day of Y, by profession."""
    rows = (
        User.objects.filter(profession__in=STAFF_PROFESSIONS)
        .employed_on_some_day(year_start(year), year_end(year))
        .values("profession")
        .annotate(people=Count("pk"))
        .order_by()
    )
    counts = {row["profession"]: row["people"] for row in rows}
    return {profession.value: counts.get(profession.value, 0) for profession in STAFF_PROFESSIONS}


def annual_indicators(*, year: int, cutoff: datetime.date) -> dict:
    """Every indicator of the annual report for year Y as the data stands at the cut-off C."""
    # One pass counts the positive exits of Y and splits them by outcome; Y closes the five-year history.
    first_outcomes = indicators.first_positive_outcome_kinds(year=year, cutoff=cutoff)
    summary = indicators.accompaniment_summary(year=year, cutoff=cutoff, exits=sum(first_outcomes.values()))
    return {
        "year": year,
        "cutoff": cutoff.isoformat(),
        "accompaniment": summary,
        "computed_objective": indicators.computed_objective(year=year),
        "positive_exits_by_outcome": indicators.split_by_outcome(first_outcomes),
        "history": [*with_entered_figures(indicators.history(year=year - 1, cutoff=cutoff, years=4)), summary],
        "durability": indicators.durability(year=year, cutoff=cutoff),
        "staff": staff_composition(year=year),
        "modules": workshops_report.modules_section(year=year, cutoff=cutoff),
        "epn": workshops_report.epn_section(year=year, cutoff=cutoff),
        "local_projects": workshops_report.local_projects_section(year=year, cutoff=cutoff),
        "employers": employers_report.employers_section(year=year, cutoff=cutoff),
        "partners": employers_report.partners_section(year=year, cutoff=cutoff),
        "deies": employers_report.deies_section(year=year, cutoff=cutoff),
        "profile": profile_section(year=year, cutoff=cutoff),
        "activity": activity_section(year=year, cutoff=cutoff),
        "appointments": indicators.appointments_summary(year=year, cutoff=cutoff),
    }


def with_entered_figures(rows: list[dict]) -> list[dict]:
    """The history's years before the report's, each replaced by the figures the director entered for it (a year
    before the product), marked ``"entered": true``; the others as the product counts them."""
    entered = {figures.year: figures for figures in PastYearFigures.objects.filter(year__in=[r["year"] for r in rows])}
    result = []
    for row in rows:
        figures = entered.get(row["year"])
        if figures is None:
            result.append(row)
            continue
        result.append(
            {
                "year": figures.year,
                "accompanied": figures.accompanied,
                "objective": figures.objective,
                "objective_percent": percent(figures.accompanied, figures.objective) if figures.objective else None,
                "positive_exits": figures.positive_exits,
                "positive_exit_rate": percent(figures.positive_exits, figures.accompanied),
                "entered": True,
            }
        )
    return result


def funder_indicators(*, year: int, cutoff: datetime.date, funder) -> dict:
    """The report restricted to a funder: the people tagged with a local project it pays for (the dashboard's
    funder filter, with the same figures) and its projects. The team's objective, the other modules' sections and
    the activity are the whole organisation's, so not in it; the history holds counted figures only."""
    filters = {"funder": funder}
    first_outcomes = indicators.first_positive_outcome_kinds(year=year, cutoff=cutoff, **filters)
    summary = indicators.accompaniment_summary(year=year, cutoff=cutoff, exits=sum(first_outcomes.values()), **filters)
    projects = workshops_report.local_projects_section(year=year, cutoff=cutoff)
    paid = set(LocalProject.objects.filter(details__funder=funder).values_list("name", flat=True))
    projects["by_project"] = {name: row for name, row in projects["by_project"].items() if name in paid}
    return {
        "year": year,
        "cutoff": cutoff.isoformat(),
        "funder": {"id": funder.pk, "name": funder.name},
        "accompaniment": summary,
        "positive_exits_by_outcome": indicators.split_by_outcome(first_outcomes),
        "history": [*indicators.history(year=year - 1, cutoff=cutoff, years=4, **filters), summary],
        "staff": {},
        "local_projects": projects,
        # The 100-of-150 rule is the whole team's: not read against a funder's share of the people.
        "profile": {**profile_section(year=year, cutoff=cutoff, **filters), "per_fte": None},
    }
