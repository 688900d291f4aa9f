"""All the figures of one annual report, as a JSON-ready dict with stable keys (docs/indicators.md)."""

import datetime
from collections.abc import Callable

from django.db.models import Count

from missionlocale.enums import Profession
from missionlocale.models import User
from reporting import indicators

# Sections other modules add when they exist: key -> function(*, year, cutoff) -> dict. A key absent
# here is reported as null, and the report says that the module does not record that data yet.
SECTION_PROVIDERS: dict[str, Callable[..., dict]] = {}
EXPECTED_SECTIONS = ("modules", "epn", "local_projects", "employers", "partners", "deies")

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
        .employed_on_some_day(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
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
    data = {
        "year": year,
        "cutoff": cutoff.isoformat(),
        "accompaniment": summary,
        "computed_objective": indicators.computed_objective(year=year),
        "positive_exits_by_outcome": indicators.split_by_outcome(first_outcomes),
        "history": [*indicators.history(year=year - 1, cutoff=cutoff, years=4), summary],
        "staff": staff_composition(year=year),
    }
    for key in EXPECTED_SECTIONS:
        provider = SECTION_PROVIDERS.get(key)
        data[key] = provider(year=year, cutoff=cutoff) if provider else None
    return data
