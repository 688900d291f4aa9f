"""The collective modules, EPN and local projects in the annual report and on the dashboard.

The `*_section` functions give a section's figures (the report's JSON, docs/indicators.md); the `*_rows`
functions turn a section of that JSON, possibly a stored one, into the lines the PDF prints.
"""

import datetime

from django.utils.translation import gettext as _

from workshops import indicators


def modules_section(*, year: int, cutoff: datetime.date) -> dict:
    return {
        "participants": indicators.module_participants(year=year, cutoff=cutoff),
        "positive_exits": indicators.module_positive_exits(year=year, cutoff=cutoff),
        "by_module": indicators.module_figures(year=year, cutoff=cutoff),
    }


def epn_section(*, year: int, cutoff: datetime.date) -> dict:
    return {
        "computer_users": indicators.epn_computer_users(year=year, cutoff=cutoff),
        "anonymous_visits": indicators.epn_anonymous_visits(year=year, cutoff=cutoff),
        "coached_people": indicators.epn_coached_people(year=year, cutoff=cutoff),
        "digital_trainings": indicators.epn_digital_trainings(year=year, cutoff=cutoff),
    }


def local_projects_section(*, year: int, cutoff: datetime.date) -> dict:
    return {"by_project": indicators.local_project_figures(year=year, cutoff=cutoff)}


def modules_rows(section: dict) -> list[tuple]:
    return [
        (_("People who took part in a collective module"), section["participants"]),
        (_("of whom positive exits to employment or training"), section["positive_exits"]),
    ]


def module_table_rows(section: dict) -> list[tuple[str, int, int]]:
    """One line per module: its name, participants and positive exits."""
    return [
        (name, figures["participants"], figures["positive_exits"])
        for name, figures in (section.get("by_module") or {}).items()
    ]


def epn_rows(section: dict) -> list[tuple]:
    return [
        (_("People who used a computer of the EPN"), section["computer_users"]),
        (_("Anonymous visits"), section["anonymous_visits"]),
        (_("People coached individually (ETIC coach)"), section["coached_people"]),
        (_("Digital trainings held"), section["digital_trainings"]),
    ]


def local_projects_rows(section: dict) -> list[tuple]:
    """The projects that had participants in the year, with their figures in words."""
    return [
        (
            name,
            _("%(people)s participants, %(exits)s positive exits")
            % {"people": figures["participants"], "exits": figures["positive_exits"]},
        )
        for name, figures in section["by_project"].items()
        if figures["participants"]
    ]


def dashboard_panel(*, year: int, cutoff: datetime.date) -> dict:
    return {
        "template": "workshops/includes/dashboard_panel.html",
        "modules": {
            "participants": indicators.module_participants(year=year, cutoff=cutoff),
            "positive_exits": indicators.module_positive_exits(year=year, cutoff=cutoff),
        },
        "rates": indicators.fill_and_attendance(year=year, cutoff=cutoff),
        "epn": epn_section(year=year, cutoff=cutoff),
    }
