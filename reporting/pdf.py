"""What the annual report PDF shows, built from the indicators' JSON (so a stored report can be re-read)."""

import datetime

from django.conf import settings
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _

from accompaniment.enums import CHECKPOINT_MONTHS, EMPLOYMENT_OUTCOMES, TRAINING_OUTCOMES, OutcomeKind
from accompaniment.models import LocalProject
from employers import report as employers_report
from employers.models import CertificationKind, Worksite
from missionlocale.enums import Profession
from missionlocale.figures import is_small, small_number
from missionlocale.identity import ReportIdentity, report_identity
from reporting import activity, charts, profile
from reporting.definitions import DEFINITIONS
from reporting.enums import ReportLanguage
from reporting.texts import markdown_to_html
from workshops import report as workshops_report
from workshops.models import Module


def default_mission() -> str:
    return _(
        "Every day, the Mission Locale accompanies the people the labour market has left behind: low-qualified "
        "job seekers, isolated people, newcomers, people without a network, towards employment and training."
    )


def report_context(
    *, data: dict, texts: dict, language: str, with_confidential: bool = False, identity: ReportIdentity | None = None
) -> dict:
    """What the PDF template prints, in the organisation's ``identity`` (its name, logos and colours: the current
    one by default). Breakdown cells below ``REPORT_SMALL_NUMBER_THRESHOLD`` print "< 5"; the
    confidential programmes (Nouveaux Départs) appear only ``with_confidential``, the director's choice for
    this report. Totals are printed as they are: they point at nobody."""
    threshold = settings.REPORT_SMALL_NUMBER_THRESHOLD
    identity = identity or report_identity()
    names = data_names(language)
    history = data["history"]
    split = data["positive_exits_by_outcome"]
    modules, deies = data.get("modules"), data.get("deies")
    # Each positive exit under its kind, employment then training, the most frequent first.
    outcome_groups = []
    for title, kinds, total in (
        (_("Employment"), EMPLOYMENT_OUTCOMES, split["employment"]),
        (_("Training"), TRAINING_OUTCOMES, split["training"]),
    ):
        rows = [
            (str(OutcomeKind(kind).label), small_number(people, threshold=threshold))
            for kind, people in split["by_kind"].items()
            if people and kind in kinds
        ]
        rows.sort(key=lambda row: (is_small(row[1]), -_count(row[1])))
        outcome_groups.append({"title": title, "total": small_number(total, threshold=threshold), "rows": rows})
    employment_rows = [(label, n) for label, n in outcome_groups[0]["rows"] if not is_small(n)]
    training_rows = [(label, n) for label, n in outcome_groups[1]["rows"] if not is_small(n)]
    outcome_rows = outcome_groups[0]["rows"] + outcome_groups[1]["rows"]
    protect = {"threshold": threshold}
    programmes = {**protect, "with_confidential": with_confidential}
    return {
        "title": _("Activity report %(year)s") % {"year": data["year"]},
        "organisation_name": identity.name,
        "identity": identity,
        "language": language,
        "data": data,
        "cutoff": datetime.date.fromisoformat(data["cutoff"]),
        "summary": data["accompaniment"],
        "history": history,
        "history_entered": any(row.get("entered") for row in history),
        "history_chart": charts.history_chart(
            history,
            accompanied_label=_("People accompanied"),
            exits_label=_("Positive exits"),
            thousands=get_format("THOUSAND_SEPARATOR"),
            colors=(identity.primary, identity.secondary),
        ),
        "history_alt": "; ".join(
            _("%(year)s: %(people)s people accompanied, %(exits)s positive exits")
            % {"year": row["year"], "people": _number(row["accompanied"]), "exits": _number(row["positive_exits"])}
            for row in history
        ),
        "outcome_alt": "; ".join(f"{label}: {_number(n)}" for label, n in employment_rows + training_rows),
        "outcome_groups": outcome_groups,
        "outcome_rows": outcome_rows,
        # The chart draws the counts the table prints as numbers (a hidden one has no bar); employment in the
        # main colour, training in the accent colour, and their labels say which.
        "outcome_chart": charts.horizontal_bars(
            employment_rows + training_rows,
            thousands=get_format("THOUSAND_SEPARATOR"),
            colors=[identity.primary] * len(employment_rows) + [identity.secondary] * len(training_rows),
        )
        if employment_rows or training_rows
        else "",
        "staff_rows": [(str(Profession(p).label), n) for p, n in data["staff"].items() if n],
        "texts": _texts(texts),
        "mission": markdown_to_html((texts.get("mission") or {}).get("text") or default_mission()),
        "definitions": DEFINITIONS,
        "modules": _printed(workshops_report.modules_rows, modules),
        "module_rows": _named(workshops_report.module_table_rows(modules, **programmes) if modules else [], names),
        "epn": _printed(workshops_report.epn_rows, data.get("epn")),
        "local_projects": _printed(
            workshops_report.local_projects_rows, data.get("local_projects"), names=names, **programmes
        ),
        "employers": _printed(employers_report.employers_rows, data.get("employers"), **protect),
        "partners": _printed(employers_report.partners_rows, data.get("partners")),
        "information_sessions": employers_report.information_session_table(data["partners"])
        if data.get("partners")
        else [],
        "concertations": employers_report.concertation_table(data["partners"]) if data.get("partners") else [],
        "deies": _printed(employers_report.deies_rows, deies, **protect),
        "deies_worksites": _named(employers_report.deies_worksite_rows(deies, **protect) if deies else [], names),
        "deies_certifications": _named(
            employers_report.deies_certification_rows(deies, **protect) if deies else [], names
        ),
        **_profile_and_activity(data, threshold=threshold),
        "durability_rows": durability_rows(data.get("durability"), threshold=threshold),
    }


def durability_rows(section: dict | None, *, threshold: int) -> list[dict] | None:
    """The durability table: per checkpoint, those due, known and still in employment or training. A count below
    the threshold prints "< 5" and then without the percentage that would give it away. None for a report stored
    before the checkpoints existed."""
    if section is None:
        return None
    rows = []
    for months in CHECKPOINT_MONTHS:
        figures = section[f"at_{months}_months"]
        due = small_number(figures["due"], threshold=threshold)
        known = small_number(figures["known"], threshold=threshold)
        lasting = small_number(figures["in_employment_or_training"], threshold=threshold)
        hidden = is_small(due) or is_small(known) or is_small(lasting)
        rows.append(
            {
                "label": _("%(months)s months after the exit") % {"months": months},
                "due": due,
                "known": known,
                "known_percent": None if hidden else figures["known_percent"],
                "lasting": lasting,
                "lasting_percent": None if hidden else figures["in_employment_or_training_percent"],
            }
        )
    return rows


def _texts(texts: dict) -> dict[str, dict]:
    """Per section, the director's commentary as sanitised HTML, the highlight box's text ("" when none) and the
    images under the text: the template prints none of them, nor any heading of theirs, for a section left
    empty."""
    return {
        section: {
            "html": markdown_to_html(values.get("text", "")),
            "highlight": values.get("highlight", "").strip(),
            "images": values.get("images", []),
        }
        for section, values in texts.items()
    }


def _number(value: int) -> str:
    """A count as the reader's language writes it (FR "1 861", NL "1.861")."""
    return number_format(value, use_l10n=True, force_grouping=True)


def _count(value: int | str) -> int:
    return 0 if is_small(value) else value


def _printed(rows, section: dict | None, names: dict[str, str] | None = None, **protection) -> dict | None:
    """The label / value lines the app's report module makes of a section, their labels in the reader's language
    (``names``); None when the report holds no data for it (a module that did not record that data yet when the
    report was stored)."""
    if section is None:
        return None
    return {"rows": _named(rows(section, **protection), names or {})}


def data_names(language: str) -> dict[str, str]:
    """The names of the data (modules, worksites, certifications, local projects) in the reader's language: the
    report's figures are stored under their French names, which the Dutch report prints in Dutch where one was
    given (an empty Dutch name keeps the French one)."""
    if language != ReportLanguage.DUTCH:
        return {}
    names: dict[str, str] = {}
    for model in (Module, Worksite, CertificationKind, LocalProject):
        names.update(model.objects.exclude(name_nl="").values_list("name", "name_nl"))
    return names


def _named(rows: list[tuple], names: dict[str, str]) -> list[tuple]:
    """The rows with their first cell, a data name, in the reader's language."""
    if not names:
        return rows
    return [(names.get(row[0], row[0]), *row[1:]) for row in rows]


def _profile_and_activity(data: dict, *, threshold: int) -> dict:
    """The public's profile and the activity; a report stored before they were counted has neither, and says so."""
    section, done = data.get("profile"), data.get("activity")
    return {
        "threshold": threshold,
        "profile_tables": profile.profile_tables(section, threshold=threshold) if section else [],
        "per_fte_line": profile.per_fte_line(section) if section else None,
        "activity": {"rows": activity.activity_rows(done, threshold=threshold)} if done else None,
        "training_need_rows": activity.training_need_rows(done) if done else [],
        "orientations": activity.orientation_table(done, threshold=threshold) if done else {},
        "non_positive_rows": activity.non_positive_rows(done, threshold=threshold) if done else [],
        "non_positive_total": sum(done["non_positive_exits"].values()) if done else None,
    }
