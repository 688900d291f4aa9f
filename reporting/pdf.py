"""What the annual report PDF shows, built from the indicators' JSON (so a stored report can be re-read)."""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from accompaniment.enums import OutcomeKind
from employers import report as employers_report
from missionlocale.enums import Profession
from reporting import charts
from reporting.definitions import DEFINITIONS
from workshops import report as workshops_report


def default_mission() -> str:
    return _(
        "Every day, the Mission Locale accompanies the people the labour market has left behind: low-qualified "
        "job seekers, isolated people, newcomers, people without a network, towards employment and training."
    )


def report_context(*, data: dict, texts: dict, language: str) -> dict:
    history = data["history"]
    split = data["positive_exits_by_outcome"]
    modules, deies = data.get("modules"), data.get("deies")
    outcome_rows = [(str(OutcomeKind(kind).label), people) for kind, people in split["by_kind"].items() if people]
    return {
        "title": _("Activity report %(year)s") % {"year": data["year"]},
        "organisation_name": settings.ORGANISATION_NAME,
        "language": language,
        "data": data,
        "cutoff": datetime.date.fromisoformat(data["cutoff"]),
        "summary": data["accompaniment"],
        "history": history,
        "history_chart": charts.history_chart(
            history, accompanied_label=_("People accompanied"), exits_label=_("Positive exits")
        ),
        "outcome_rows": sorted(outcome_rows, key=lambda row: -row[1]),
        "outcome_chart": charts.horizontal_bars(outcome_rows) if outcome_rows else "",
        "split": split,
        "staff_rows": [(str(Profession(p).label), n) for p, n in data["staff"].items() if n],
        "mission": texts.get("mission") or default_mission(),
        "transversal": texts.get("transversal", ""),
        "perspectives": texts.get("perspectives", ""),
        "definitions": DEFINITIONS,
        "modules": _printed(workshops_report.modules_rows, modules),
        "module_rows": workshops_report.module_table_rows(modules) if modules else [],
        "epn": _printed(workshops_report.epn_rows, data.get("epn")),
        "local_projects": _printed(workshops_report.local_projects_rows, data.get("local_projects")),
        "employers": _printed(employers_report.employers_rows, data.get("employers")),
        "partners": _printed(employers_report.partners_rows, data.get("partners")),
        "deies": _printed(employers_report.deies_rows, deies),
        "deies_worksites": employers_report.deies_worksite_rows(deies) if deies else [],
        "deies_certifications": employers_report.deies_certification_rows(deies) if deies else [],
    }


def _printed(rows, section: dict | None) -> dict | None:
    """The label / value lines the app's report module makes of a section; None when the report holds no data
    for it (a module that did not record that data yet when the report was stored)."""
    if section is None:
        return None
    return {"rows": rows(section)}
