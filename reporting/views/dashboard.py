from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import MONTHS_AP
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accompaniment.enums import CHECKPOINT_MONTHS, AccessAction, OutcomeKind
from accompaniment.models import LocalProject
from accompaniment.selectors import active_counsellors
from accompaniment.services import file_access_record, list_read_record
from missionlocale.exports import table_response, workbook_response
from missionlocale.models import User
from reporting import charts
from reporting.annual import annual_indicators
from reporting.dashboard import (
    FOLLOW_UP_SECTIONS,
    dashboard_activity,
    dashboard_chart_figures,
    dashboard_figures,
    dashboard_follow_up,
    people_behind,
)
from reporting.workbook import counsellor_sheet, indicator_sheets
from workshops.models import Funder

LISTS = {
    "accompanied": gettext_lazy("People accompanied"),
    "positive_exits": gettext_lazy("Positive exits"),
    "ending_soon": gettext_lazy("Accompaniments ending within 30 days without an outcome"),
}
MONTHS = [MONTHS_AP[month] for month in range(1, 13)]


class DashboardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    counsellor = forms.ModelChoiceField(
        label=gettext_lazy("Counsellor"), required=False, queryset=User.objects.none(), empty_label=gettext_lazy("All")
    )
    local_project = forms.ModelChoiceField(
        label=gettext_lazy("Local project"),
        required=False,
        # A confidential project (Nouveaux Départs) is never a dashboard filter: its figures would reveal it.
        queryset=LocalProject.objects.filter(confidential=False),
        empty_label=gettext_lazy("All"),
    )
    funder = forms.ModelChoiceField(
        label=gettext_lazy("Funder"), required=False, queryset=Funder.objects.all(), empty_label=gettext_lazy("All")
    )

    def __init__(self, data, *args, **kwargs):
        this_year = timezone.localdate().year
        data = data.copy()
        data.setdefault("year", str(this_year))
        super().__init__(data, *args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in range(this_year, this_year - 7, -1)]
        self.fields["counsellor"].queryset = active_counsellors()

    def read_choices(self) -> list[User]:
        """Reads the choices once, for a page that lists them (a template's loop would count them first); gives the
        counsellors read."""
        counsellors = list(self.fields["counsellor"].queryset)
        field = self.fields["counsellor"]
        field.choices = [("", field.empty_label)] + [
            (field.prepare_value(user), field.label_from_instance(user)) for user in counsellors
        ]
        for name in ("local_project", "funder"):
            self.fields[name].choices = list(self.fields[name].choices)
        return counsellors

    def filters(self) -> dict:
        if not self.is_valid():
            return {"year": timezone.localdate().year, "counsellor": None, "local_project": None, "funder": None}
        return self.cleaned_data


def _blank(value):
    return "" if value is None else value


def _figures_table(figures) -> list[list]:
    summary = figures["summary"]
    rows = [
        [_("Accompaniments started (all)"), figures["started"]],
        [_("People accompanied (recognised by Actiris)"), summary["accompanied"]],
        [_("Objective"), summary["objective"] if summary["objective"] is not None else ""],
        [_("Objective reached (%)"), summary["objective_percent"] if summary["objective_percent"] is not None else ""],
        [_("Positive exits"), summary["positive_exits"]],
        [
            _("Positive-exit rate (%)"),
            summary["positive_exit_rate"] if summary["positive_exit_rate"] is not None else "",
        ],
        [_("People accompanied on the same date last year"), figures["last_year"]["accompanied"]],
        [_("Positive exits on the same date last year"), figures["last_year"]["positive_exits"]],
        [_("Positive exits to employment"), figures["by_outcome"]["employment"]],
        [_("Positive exits to training"), figures["by_outcome"]["training"]],
    ]
    rows += [[str(OutcomeKind(kind).label), n] for kind, n in figures["by_outcome"]["by_kind"].items()]
    rows += [
        [_("Interviews in %(month)s") % {"month": MONTHS[i]}, n] for i, n in enumerate(figures["interviews_per_month"])
    ]
    rows += [
        [_("Appointments booked"), figures["appointments"]["planned"]],
        [_("Appointments held"), figures["appointments"]["held"]],
        [_("Appointments missed (no-show)"), figures["appointments"]["no_show"]],
        [_("No-show rate (%)"), _blank(figures["appointments"]["no_show_rate"])],
        [_("No-show rate with a reminder sent (%)"), _blank(figures["appointments"]["with_reminder_no_show_rate"])],
        [
            _("No-show rate without a reminder sent (%)"),
            _blank(figures["appointments"]["without_reminder_no_show_rate"]),
        ],
    ]
    rows += [
        [_("No-show rate in %(month)s (%%)") % {"month": MONTHS[i]}, _blank(rate)]
        for i, rate in enumerate(figures["no_show_rate_by_month"])
    ]
    if figures["ending_soon"] is not None:
        rows.append([_("Ending within 30 days without an outcome"), figures["ending_soon"]])
    for months in CHECKPOINT_MONTHS:
        at = figures["durability"][f"at_{months}_months"]
        known, lasting = at["known_percent"], at["in_employment_or_training_percent"]
        rows += [
            [
                _("Situation known %(months)s months after the exit (%%)") % {"months": months},
                "" if known is None else known,
            ],
            [
                _("Still in employment or training %(months)s months after the exit (%%)") % {"months": months},
                "" if lasting is None else lasting,
            ],
        ]
    return rows


def _outcome_items(by_outcome: dict) -> list[tuple[str, int]]:
    return [(str(OutcomeKind(kind).label), n) for kind, n in by_outcome["by_kind"].items() if n]


def _month_items(interviews_per_month: list[int]) -> list[tuple[str, int]]:
    return [(str(MONTHS[i]), n) for i, n in enumerate(interviews_per_month)]


def _fill_rows(fill: dict) -> list[dict]:
    return fill["rows"] or fill["fullest"] + fill["emptiest"]


@require_GET
@permission_required("missionlocale.view_dashboard", raise_exception=True)
def dashboard(request):
    form = DashboardFilterForm(request.GET)
    filters = form.filters()
    figures = dashboard_figures(**filters, counsellors=form.read_choices())
    outcome_items = _outcome_items(figures["by_outcome"])
    return render(
        request,
        "reporting/dashboard.html",
        {
            "form": form,
            "figures": figures,
            "query": request.GET.urlencode(),
            "outcome_items": sorted(outcome_items, key=lambda item: -item[1]),
            "months": _month_items(figures["interviews_per_month"]),
            "has_fill_chart": bool(_fill_rows(figures["fill"])),
            "lists": LISTS,
            "parts": DASHBOARD_PARTS,
        },
    )


# The dashboard's charts, each drawn in a request of its own for the page's <img>: the page's figures show at once,
# and a chart drawn again because its figures changed (an interview logged anywhere changes this year's months)
# costs the page nothing. The figures are also in the page's tables, which the charts' alt texts point to.
DASHBOARD_CHARTS = ("outcomes", "months", "fill")


@require_GET
@permission_required("missionlocale.view_dashboard", raise_exception=True)
def dashboard_chart(request, chart):
    if chart not in DASHBOARD_CHARTS:
        raise Http404
    form = DashboardFilterForm(request.GET)
    filters = form.filters()
    if chart == "outcomes":
        items = _outcome_items(dashboard_chart_figures("by_outcome", **filters))
        uri = charts.horizontal_bars(items) if items else ""
    elif chart == "months":
        uri = charts.vertical_bars(_month_items(dashboard_chart_figures("interviews_per_month", **filters)))
    else:
        rows = _fill_rows(dashboard_chart_figures("fill", **filters, counsellors=form.read_choices()))
        uri = (
            charts.caseload_bars(
                [(str(row["counsellor"]), row["actiris"], row["other"], row["capacity"]) for row in rows],
                actiris_label=_("Referred by Actiris"),
                other_label=_("Spontaneous or partners"),
            )
            if rows
            else ""
        )
    if not uri:
        raise Http404  # nothing to draw: the page shows no chart either
    return HttpResponse(charts.svg_bytes(uri), content_type="image/svg+xml")


# The parts of the dashboard that the page loads in requests of their own (htmx, as soon as it is shown): each
# request keeps within its query budget and its time (issue 17: each under 500 ms at 100 times the demo data when
# its figures are recomputed), and the first figures show at once.
DASHBOARD_PARTS = ("appointments", "durability", "modules", "employers")
# The sections of each part; "follow-up" and "activity" show two at once (a bookmark, the link without JavaScript).
PART_SECTIONS = {
    "appointments": ("appointments",),
    "durability": ("durability",),
    "follow-up": ("appointments", "durability"),
    "modules": ("modules",),
    "employers": ("employers",),
    "activity": ("modules", "employers"),
}


@require_GET
@permission_required("missionlocale.view_dashboard", raise_exception=True)
def dashboard_part(request, part):
    """Missed appointments, the durability of exits, the collective modules and computer room, or the employers and
    DEIES (or two of them, ``PART_SECTIONS``), for the same filters as the page; asked without htmx, the part on a
    page of its own."""
    sections = PART_SECTIONS.get(part)
    if sections is None:
        raise Http404
    filters = DashboardFilterForm(request.GET).filters()
    if sections[0] in FOLLOW_UP_SECTIONS:
        figures = dashboard_follow_up(**filters, sections=sections)
        context = {"figures": figures, "sections": sections}
        if "appointments" in sections:
            rates = figures["no_show_rate_by_month"]
            context["no_show_months"] = [(str(MONTHS[i]), rate) for i, rate in enumerate(rates)]
        if "durability" in sections:
            context["durability_rows"] = [
                (_("%(months)s months after the exit") % {"months": m}, figures["durability"][f"at_{m}_months"])
                for m in CHECKPOINT_MONTHS
            ]
        template = "reporting/includes/dashboard_follow_up.html"
    else:
        context = {"panels": dashboard_activity(year=filters["year"], names=sections)}
        template = "reporting/includes/dashboard_panels.html"
    if request.htmx:
        return render(request, template, context)
    context |= {"part_template": template, "year": filters["year"]}
    return render(request, "reporting/dashboard_part.html", context)


@require_GET
@permission_required("missionlocale.view_dashboard", raise_exception=True)
def dashboard_export(request, fmt):
    """The indicators: in XLSX, the dashboard's figures, then (unfiltered, the whole team's) every area of the
    annual report on its own sheet and one row per counsellor; in CSV, one sheet (``?sheet=``, from 1)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    filters = DashboardFilterForm(request.GET).filters()
    figures = {**dashboard_figures(**filters), **dashboard_follow_up(**filters)}
    sheets = [(_("Dashboard"), [_("Indicator"), _("Value")], _figures_table(figures))]
    if not any(filters.get(name) for name in ("counsellor", "local_project", "funder")):
        year, cutoff = figures["year"], figures["cutoff"]
        sheets += indicator_sheets(annual_indicators(year=year, cutoff=cutoff))
        sheets.append(counsellor_sheet(year=year, cutoff=cutoff))
    filename = f"indicateurs-{figures['year']}"
    if fmt == "csv":
        try:
            title, header, rows = sheets[int(request.GET.get("sheet", 1)) - 1]
        except (ValueError, IndexError):
            raise Http404 from None
    file_access_record(
        user=request.user, job_seeker=None, action=AccessAction.EXPORT, detail=f"dashboard indicators.{fmt}"
    )
    if fmt == "csv":
        return table_response(fmt=fmt, filename=filename, header=header, rows=rows)
    return workbook_response(filename=filename, sheets=sheets)


def _list_rows(accompaniments, *, dates_as_text: bool = True) -> list[list]:
    """One line per accompaniment; the exports keep the dates as dates (``dates_as_text=False``)."""

    def day(value):
        return value.strftime("%d/%m/%Y") if dates_as_text else value

    rows = []
    for accompaniment in accompaniments:
        person = accompaniment.job_seeker
        outcomes = ", ".join(
            f"{outcome.get_kind_display()} ({outcome.occurred_on:%d/%m/%Y})"
            for outcome in accompaniment.outcomes.all()
        )
        rows.append(
            [
                person.last_name,
                person.first_name,
                person.actiris_number,
                str(accompaniment.counsellor),
                day(accompaniment.started_on),
                day(accompaniment.planned_end_on),
                accompaniment.get_recognition_status_display(),
                outcomes,
            ]
        )
    return rows


LIST_HEADER = [
    gettext_lazy("Last name"),
    gettext_lazy("First name"),
    gettext_lazy("Actiris number"),
    gettext_lazy("Counsellor"),
    gettext_lazy("Start"),
    gettext_lazy("Planned end"),
    gettext_lazy("Actiris recognition"),
    gettext_lazy("Outcomes"),
]


@require_GET
@permission_required("missionlocale.view_dashboard", raise_exception=True)
def dashboard_list(request, kind):
    if kind not in LISTS:
        raise Http404
    form = DashboardFilterForm(request.GET)
    accompaniments = people_behind(kind, **form.filters())
    page = Paginator(accompaniments, 100).get_page(request.GET.get("page"))
    # Everyone's accompaniments: logged on every read, whoever reads (knowing whether the page holds someone outside
    # the reader's team would cost a query, and managers and directors have no team for most of these people).
    list_read_record(user=request.user, detail=f"dashboard {kind} page {page.number}")
    return render(
        request,
        "reporting/dashboard_list.html",
        {
            "title": LISTS[kind],
            "kind": kind,
            "page": page,
            "header": LIST_HEADER,
            "rows": _list_rows(page),
            "query": request.GET.urlencode(),
            "form": form,
        },
    )


@require_GET
@permission_required("missionlocale.view_dashboard", raise_exception=True)
def dashboard_list_export(request, kind, fmt):
    if kind not in LISTS or fmt not in ("csv", "xlsx"):
        raise Http404
    filters = DashboardFilterForm(request.GET).filters()
    rows = _list_rows(people_behind(kind, **filters), dates_as_text=False)
    file_access_record(
        user=request.user, job_seeker=None, action=AccessAction.EXPORT, detail=f"dashboard {kind}.{fmt}"
    )
    return table_response(
        fmt=fmt, filename=f"{kind}-{filters['year']}", header=[str(h) for h in LIST_HEADER], rows=rows
    )
