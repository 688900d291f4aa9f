"""What the annual report PDF shows, built from the indicators' JSON (so a stored report can be re-read)."""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from accompaniment.enums import OutcomeKind
from missionlocale.enums import Profession
from reporting import charts
from reporting.definitions import DEFINITIONS


def default_mission() -> str:
    return _(
        "Every day, the Mission Locale accompanies the people the labour market has left behind: low-qualified "
        "job seekers, isolated people, newcomers, people without a network, towards employment and training."
    )


def report_context(*, data: dict, texts: dict, language: str) -> dict:
    history = data["history"]
    split = data["positive_exits_by_outcome"]
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
        "modules": data.get("modules"),
        "epn": data.get("epn"),
        "local_projects": data.get("local_projects"),
        "employers": data.get("employers"),
        "partners": data.get("partners"),
        "deies": data.get("deies"),
    }
