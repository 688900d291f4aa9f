"""All the figures of one annual report, as a JSON-ready dict with stable keys (docs/indicators.md)."""

import datetime

from django.db.models import Count

from employers import report as employers_report
from missionlocale.enums import Profession
from missionlocale.figures import year_end, year_start
from missionlocale.models import User
from reporting import indicators
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
        "history": [*indicators.history(year=year - 1, cutoff=cutoff, years=4), summary],
        "durability": indicators.durability(year=year, cutoff=cutoff),
        "staff": staff_composition(year=year),
        "modules": workshops_report.modules_section(year=year, cutoff=cutoff),
        "epn": workshops_report.epn_section(year=year, cutoff=cutoff),
        "local_projects": workshops_report.local_projects_section(year=year, cutoff=cutoff),
        "employers": employers_report.employers_section(year=year, cutoff=cutoff),
        "partners": employers_report.partners_section(year=year, cutoff=cutoff),
        "deies": employers_report.deies_section(year=year, cutoff=cutoff),
    }
