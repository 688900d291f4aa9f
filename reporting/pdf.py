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
        "modules": section_rows("modules", data.get("modules")),
        "module_rows": [
            (name, figures["participants"], figures["positive_exits"])
            for name, figures in ((data.get("modules") or {}).get("by_module") or {}).items()
        ],
        "epn": section_rows("epn", data.get("epn")),
        "local_projects": section_rows("local_projects", data.get("local_projects")),
        "employers": section_rows("employers", data.get("employers")),
        "partners": section_rows("partners", data.get("partners")),
        "deies": section_rows("deies", data.get("deies")),
        "deies_worksites": sorted((data.get("deies") or {}).get("by_worksite", {}).items(), key=lambda i: -i[1]),
        "deies_certifications": sorted(
            (data.get("deies") or {}).get("certifications", {}).items(), key=lambda i: -i[1]
        ),
    }


def section_rows(key: str, section: dict | None) -> dict | None:
    """The label / value lines a section prints, or None when the module does not record that data."""
    if section is None:
        return None
    if key == "employers":
        from employers.enums import MatchingStatus

        rows = [
            (_("Employers prospected"), section["prospected"]),
            (_("of which very small companies (TPE, under 10 workers)"), section["tpe"]),
            (_("Matchings proposed to employers"), section["matchings"]),
        ]
        rows += [(f"— {MatchingStatus(status).label}", n) for status, n in section["matchings_by_status"].items() if n]
    elif key == "partners":
        rows = [
            (_("Information sessions with partners"), section["information_sessions"]),
            (_("Job seekers reached by those sessions"), section["people_reached"]),
            (_("Zonal concertations"), section["concertations"]),
        ]
    elif key == "deies":
        after = section["after_contract"]
        rows = [
            (_("Workers under a DEIES or Article 60 contract during the year"), section["workers"]),
            (_("Highest number under contract on the same day"), section["peak"]),
            (_("Article 60 posts"), section["article_60_posts"]),
            (_("Internal training hours"), section["training_hours"]["internal"]),
            (_("External training hours"), section["training_hours"]["external"]),
            (
                _("Contracts ended in the year followed by employment or training"),
                f"{after['positive']} / {after['ended']}"
                + (f" ({after['percent']} %)" if after["percent"] is not None else ""),
            ),
        ]
    elif key == "modules":
        rows = [
            (_("People who took part in a collective module"), section["participants"]),
            (_("of whom positive exits to employment or training"), section["positive_exits"]),
        ]
    elif key == "epn":
        rows = [
            (_("People who used a computer of the EPN"), section["computer_users"]),
            (_("Anonymous visits"), section["anonymous_visits"]),
            (_("People coached individually (ETIC coach)"), section["coached_people"]),
            (_("Digital trainings held"), section["digital_trainings"]),
        ]
    elif key == "local_projects":
        rows = [
            (
                name,
                _("%(people)s participants, %(exits)s positive exits")
                % {"people": figures["participants"], "exits": figures["positive_exits"]},
            )
            for name, figures in section["by_project"].items()
            if figures["participants"]
        ]
    else:
        rows = [(label, value) for label, value in section.items()]
    return {"rows": rows}
