"""The collective modules, EPN and local projects in the annual report and on the dashboard.

The `*_section` functions give a section's figures (the report's JSON, docs/indicators.md); the `*_rows`
functions turn a section of that JSON, possibly a stored one, into the lines the PDF prints.
"""

import datetime

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accompaniment.models import LocalProject
from missionlocale.figures import small_number
from workshops import indicators
from workshops.enums import ModuleKind
from workshops.models import Module


def modules_section(*, year: int, cutoff: datetime.date) -> dict:
    return {
        **indicators.module_participants_and_exits(year=year, cutoff=cutoff),
        "by_module": indicators.module_figures(year=year, cutoff=cutoff),
        # Named in the report's JSON so that a stored report is printed with the same protection.
        "confidential": list(
            Module.objects.filter(kind=ModuleKind.COLLECTIVE, confidential=True)
            .order_by("name")
            .values_list("name", flat=True)
        ),
    }


def epn_section(*, year: int, cutoff: datetime.date) -> dict:
    return {
        "computer_users": indicators.epn_computer_users(year=year, cutoff=cutoff),
        "anonymous_visits": indicators.epn_anonymous_visits(year=year, cutoff=cutoff),
        "coached_people": indicators.epn_coached_people(year=year, cutoff=cutoff),
        "digital_trainings": indicators.epn_digital_trainings(year=year, cutoff=cutoff),
    }


def local_projects_section(*, year: int, cutoff: datetime.date) -> dict:
    return {
        "by_project": indicators.local_project_figures(year=year, cutoff=cutoff),
        "confidential": list(
            LocalProject.objects.filter(confidential=True).order_by("name").values_list("name", flat=True)
        ),
    }


def modules_rows(section: dict) -> list[tuple]:
    return [
        (_("People who took part in a collective module"), section["participants"]),
        (_("of whom positive exits to employment or training"), section["positive_exits"]),
    ]


def module_table_rows(
    section: dict, *, threshold: int, with_confidential: bool
) -> list[tuple[str, int | str, int | str]]:
    """One line per module: its name, participants and positive exits; a count below the threshold prints
    "< 5". A confidential module (Nouveaux Départs) is left out unless the director included it in this report,
    and then every figure of it below the threshold is hidden, a zero too."""
    confidential = set(section.get("confidential", ()))
    return [
        (
            name,
            small_number(figures["participants"], threshold=threshold, confidential=name in confidential),
            small_number(figures["positive_exits"], threshold=threshold, confidential=name in confidential),
        )
        for name, figures in (section.get("by_module") or {}).items()
        if with_confidential or name not in confidential
    ]


def epn_rows(section: dict) -> list[tuple]:
    return [
        (_("People who used a computer of the EPN"), section["computer_users"]),
        (_("Anonymous visits"), section["anonymous_visits"]),
        (_("People coached individually (ETIC coach)"), section["coached_people"]),
        (_("Digital trainings held"), section["digital_trainings"]),
    ]


def local_projects_rows(section: dict, *, threshold: int, with_confidential: bool) -> list[tuple]:
    """The projects that had participants in the year, with their figures in words; small numbers and
    confidential projects are protected as in ``module_table_rows``."""
    confidential = set(section.get("confidential", ()))
    rows = []
    for name, figures in section["by_project"].items():
        secret = name in confidential
        if not figures["participants"] or (secret and not with_confidential):
            continue
        people = small_number(figures["participants"], threshold=threshold, confidential=secret)
        exits = small_number(figures["positive_exits"], threshold=threshold, confidential=secret)
        rows.append((name, f"{_participants_words(people, threshold)}, {_exits_words(exits, threshold)}"))
    return rows


def _participants_words(count: int | str, threshold: int) -> str:
    # "< 5" reads as a plural.
    number = threshold if isinstance(count, str) else count
    return ngettext("%(count)s participant", "%(count)s participants", number) % {"count": _written(count)}


def _exits_words(count: int | str, threshold: int) -> str:
    number = threshold if isinstance(count, str) else count
    return ngettext("%(count)s positive exit", "%(count)s positive exits", number) % {"count": _written(count)}


def _written(count: int | str) -> str:
    """A count in the reader's language (FR "1 861", NL "1.861"); "< 5" as it is."""
    return count if isinstance(count, str) else number_format(count, use_l10n=True, force_grouping=True)


def dashboard_panel(*, year: int, cutoff: datetime.date) -> dict:
    return {
        "template": "workshops/includes/dashboard_panel.html",
        "modules": indicators.module_participants_and_exits(year=year, cutoff=cutoff),
        "rates": indicators.fill_and_attendance(year=year, cutoff=cutoff),
        "epn": epn_section(year=year, cutoff=cutoff),
    }
