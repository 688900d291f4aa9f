"""The indicators as a workbook: one named sheet per area of the annual report's JSON (possibly a stored one) with
its real numbers and dates, and a sheet with one row per counsellor. Written by the shared writer
(missionlocale/exports.py), so that no cell can run as a formula; each sheet is also a CSV of its own.

The figures are as counted, small ones included (a workbook is for checking and consolidating, not for
publishing); the confidential programmes are left out unless asked for, as in the PDF.
"""

import copy
import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from accompaniment.enums import ActirisRegistrationHelp, InterviewKind, OrientationResult, OutcomeKind, PartnerKind
from accompaniment.models import Interview
from accompaniment.selectors import counsellors_with_fill
from employers import report as employers_report
from employers.enums import OfferSource
from missionlocale.enums import Profession
from missionlocale.figures import year_bounds
from reporting import indicators
from reporting.activity import NO_OUTCOME_LABEL, NO_OUTCOME_YET, NON_POSITIVE_REASONS
from reporting.profile import profile_tables
from workshops import report as workshops_report

Sheet = tuple[str, list, list[list]]


def without_confidential(data: dict) -> dict:
    """The figures without the confidential programmes' own lines (their people stay in the totals, which point
    at nobody): what a report the director did not tick them for may show."""
    data = copy.deepcopy(data)
    for key, lines in (("modules", "by_module"), ("local_projects", "by_project")):
        section = data.get(key)
        if section:
            for name in section.get("confidential", ()):
                section.get(lines, {}).pop(name, None)
    return data


def indicator_sheets(data: dict, *, with_confidential: bool = False) -> list[Sheet]:
    """Every area of the report's JSON as a sheet (title, header, rows); an area the JSON does not hold (a report
    stored before it was counted) has no sheet."""
    if not with_confidential:
        data = without_confidential(data)
    indicator, value = _("Indicator"), _("Value")
    sheets = [
        (_("Accompaniment"), [indicator, value], _accompaniment_rows(data)),
        (
            _("Five-year history"),
            [
                _("Year"),
                _("People accompanied"),
                _("Objective"),
                _("Objective reached (%)"),
                _("Positive exits"),
                _("Positive-exit rate (%)"),
            ],
            [
                [
                    row["year"],
                    row["accompanied"],
                    row["objective"],
                    row["objective_percent"],
                    row["positive_exits"],
                    row["positive_exit_rate"],
                ]
                for row in data["history"]
            ],
        ),
    ]
    if data.get("profile"):
        sheets.append(
            (
                _("Profile"),
                [_("Breakdown"), _("Row"), _("People"), _("Positive exits"), _("Positive-exit rate (%)")],
                [
                    [table["title"], row["label"], row["count"], row["exits"], row["rate"]]
                    for table in profile_tables(data["profile"], threshold=0)
                    for row in table["rows"]
                ],
            )
        )
    if data.get("activity"):
        sheets.append((_("Activity"), [indicator, _("Detail"), value], _activity_rows(data["activity"])))
    modules = data.get("modules")
    if modules:
        rows = [[label, "", n] for label, n in workshops_report.modules_rows(modules)]
        rows += [
            [name, n, exits]
            for name, n, exits in workshops_report.module_table_rows(modules, threshold=0, with_confidential=True)
        ]
        sheets.append((_("Collective modules"), [_("Module"), _("Participants"), _("Positive exits")], rows))
    if data.get("epn"):
        sheets.append((_("EPN"), [indicator, value], [list(row) for row in workshops_report.epn_rows(data["epn"])]))
    projects = data.get("local_projects")
    if projects:
        sheets.append(
            (
                _("Local projects"),
                [_("Project"), _("People tagged"), _("Participants"), _("Positive exits")],
                [
                    [name, figures.get("tagged_people"), figures["participants"], figures["positive_exits"]]
                    for name, figures in projects["by_project"].items()
                ],
            )
        )
    if data.get("employers"):
        sheets.append(
            (
                _("Employers"),
                [indicator, value],
                [list(row) for row in employers_report.employers_rows(data["employers"], threshold=0)],
            )
        )
    if data.get("partners"):
        sheets.append(
            (
                _("Partners"),
                [indicator, value],
                [list(row) for row in employers_report.partners_rows(data["partners"])],
            )
        )
    if data.get("deies"):
        sheets.append((_("DEIES"), [indicator, _("Detail"), value], _deies_rows(data["deies"])))
    return sheets


def _accompaniment_rows(data: dict) -> list[list]:
    summary, split = data["accompaniment"], data["positive_exits_by_outcome"]
    rows = [
        [_("Year"), data["year"]],
        [_("Cut-off date"), datetime.date.fromisoformat(data["cutoff"])],
        [_("People accompanied"), summary["accompanied"]],
        [_("Objective"), summary["objective"]],
        [_("Computed objective"), data.get("computed_objective")],
        [_("Objective reached (%)"), summary["objective_percent"]],
        [_("Positive exits"), summary["positive_exits"]],
        [_("Positive-exit rate (%)"), summary["positive_exit_rate"]],
        [_("Positive exits to employment"), split["employment"]],
        [_("Positive exits to training"), split["training"]],
    ]
    rows += [[str(OutcomeKind(kind).label), n] for kind, n in split["by_kind"].items()]
    rows += [[str(Profession(profession).label), n] for profession, n in data.get("staff", {}).items()]
    return rows


def _activity_rows(activity: dict) -> list[list]:
    rows = [
        [_("First receptions (files opened)"), "", activity["first_receptions"]],
        [_("Interviews held"), "", activity["interviews"]],
    ]
    rows += [[_("Interviews held"), str(InterviewKind(k).label), n] for k, n in activity["interviews_by_kind"].items()]
    rows += [
        [_("People met in an interview"), "", activity["people_interviewed"]],
        [_("Professional project contracts (CPP) signed"), "", activity["cpps_signed"]],
        [_("Orientations to partners, by result"), "", activity["orientations"]],
    ]
    rows += [
        [_("Orientations to partners, by result"), f"{PartnerKind(kind).label} – {OrientationResult(result).label}", n]
        for kind, results in activity["orientations_by_partner_kind"].items()
        for result, n in results.items()
    ]
    rows += [[_("Job offers collected from employers"), "", activity["job_offers"]]]
    rows += [
        [_("Job offers collected from employers"), str(OfferSource(source).label), n]
        for source, n in activity["job_offers_by_source"].items()
    ]
    rows += [
        [_("Posts offered"), "", activity["job_offer_posts"]],
        [
            _("People whose accompaniment started this year is not recognised by Actiris"),
            "",
            activity["started_not_recognised"]["people"],
        ],
        [_("of whom recognition still pending"), "", activity["started_not_recognised"]["pending"]],
    ]
    labels = {reason.value: str(reason.label) for reason in NON_POSITIVE_REASONS} | {
        NO_OUTCOME_YET: str(NO_OUTCOME_LABEL)
    }
    rows += [
        [_("People accompanied who are not (yet) a positive exit, by reason"), labels[key], n]
        for key, n in activity["non_positive_exits"].items()
    ]
    helped = activity.get("actiris_registration_help")
    if helped is not None:
        rows += [[_("People helped with their Actiris registration"), "", helped["people"]]]
        rows += [
            [_("People helped with their Actiris registration"), str(ActirisRegistrationHelp(kind).label), n]
            for kind, n in helped["by_kind"].items()
        ]
    needs = activity.get("training_needs")
    if needs is not None:
        rows += [
            [_("Training needs recorded with employers"), "", needs["recorded"]],
            [_("Employers who expressed a training need"), "", needs["employers"]],
        ]
        rows += [
            [_("Employers who expressed a training need"), need, row["employers"]]
            for need, row in needs["by_need"].items()
        ]
    return rows


def _deies_rows(deies: dict) -> list[list]:
    after = deies["after_contract"]
    rows = [
        [_("Workers under a DEIES or Article 60 contract during the year"), "", deies["workers"]],
        [_("Highest number under contract on the same day"), "", deies["peak"]],
        [_("Article 60 posts"), "", deies["article_60_posts"]],
        [_("Internal training hours"), "", deies["training_hours"]["internal"]],
        [_("External training hours"), "", deies["training_hours"]["external"]],
        [_("Contracts ended in the year"), "", after["ended"]],
        [_("Contracts ended in the year followed by employment or training"), "", after["positive"]],
        [_("Contracts ended in the year followed by employment or training"), "%", after["percent"]],
    ]
    rows += [[_("Workers per worksite"), name, n] for name, n in deies.get("by_worksite", {}).items()]
    rows += [[_("Certifications obtained"), name, n] for name, n in deies.get("certifications", {}).items()]
    return rows


def counsellor_sheet(*, year: int, cutoff: datetime.date) -> Sheet:
    """One row per active counsellor: FTE, capacity, open accompaniments today (of which referred by Actiris),
    people accompanied in Y and their positive exits (as the report counts them), interviews held in Y."""
    start, end = year_bounds(year, cutoff)
    accompanied = dict(
        indicators.counted_accompaniments(year=year, cutoff=cutoff)
        .values_list("counsellor")
        .annotate(n=Count("job_seeker", distinct=True))
        .order_by()
    )
    exits = dict(
        indicators.positive_outcomes(year=year, cutoff=cutoff)
        .values_list("accompaniment__counsellor")
        .annotate(n=Count("accompaniment__job_seeker", distinct=True))
        .order_by()
    )
    interviews = dict(
        Interview.objects.filter(Q(occurred_on__gte=start) & Q(occurred_on__lte=end))
        .values_list("staff")
        .annotate(n=Count("*"))
        .order_by()
    )
    rows = [
        [
            counsellor.last_name,
            counsellor.first_name,
            counsellor.fte,
            counsellor.caseload_capacity,
            counsellor.open_count,
            counsellor.actiris_count,
            accompanied.get(counsellor.pk, 0),
            exits.get(counsellor.pk, 0),
            interviews.get(counsellor.pk, 0),
        ]
        for counsellor in counsellors_with_fill()
    ]
    header = [
        _("Last name"),
        _("First name"),
        _("FTE"),
        _("Capacity"),
        _("Open accompaniments today"),
        _("of which referred by Actiris"),
        _("People accompanied"),
        _("Positive exits"),
        _("Interviews held"),
    ]
    return _("Counsellors"), header, rows
