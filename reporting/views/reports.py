from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accompaniment.enums import AccessAction
from accompaniment.services import file_access_record
from missionlocale.exports import workbook_response
from missionlocale.forms import form_add_service_error
from missionlocale.images import image_data_uri
from reporting import indicators, services
from reporting.enums import ReportStatus
from reporting.forms import ObjectiveForm, PastYearFiguresForm, ReportImageForm, ReportRequestForm, ReportTextsForm
from reporting.models import AnnualReport, PastYearFigures, ReportImage, ReportText, YearlyObjective
from reporting.texts import markdown_to_html
from reporting.workbook import indicator_sheets, without_confidential


@require_http_methods(["GET", "POST"])
@permission_required("missionlocale.view_reports", raise_exception=True)
def reports(request):
    form = ReportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            options = {name: value for name, value in form.cleaned_data.items() if name != "without_missing_texts"}
            report = services.report_request(acting_user=request.user, **options)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            # The task was handed to the queue at commit; if the queue was unreachable, the job already says so.
            report.refresh_from_db(fields=["status", "error"])
            if report.status == ReportStatus.FAILED:
                messages.error(request, report.error)
            else:
                messages.success(request, _("The report is being generated; this page shows when it is ready."))
            return redirect("reporting:reports")
    # The texts and objective links follow the year chosen, once it is a valid one; the years of its five-year
    # history before it may have figures entered by hand.
    links_year = getattr(form, "cleaned_data", {}).get("year") or form.initial["year"]
    return render(
        request,
        "reporting/reports.html",
        {
            "form": form,
            "links_year": links_year,
            "past_years": [y for y in range(links_year - 4, links_year) if 2000 <= y < timezone.localdate().year],
            "reports": AnnualReport.objects.select_related("requested_by", "funder")[:50],
        },
    )


@require_GET
@permission_required("missionlocale.view_reports", raise_exception=True)
def report_status(request, pk):
    """The report's row, polled by HTMX while it is generated."""
    report = get_object_or_404(AnnualReport.objects.select_related("requested_by", "funder"), pk=pk)
    return render(request, "reporting/includes/report_row.html", {"report": report})


@require_GET
@permission_required("missionlocale.view_reports", raise_exception=True)
def report_download(request, pk):
    report = get_object_or_404(AnnualReport, pk=pk, status=ReportStatus.DONE)
    try:
        handle = report.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    file_access_record(user=request.user, job_seeker=None, action=AccessAction.EXPORT, detail=report.filename)
    return FileResponse(handle, as_attachment=True, filename=report.filename, content_type="application/pdf")


@require_GET
@permission_required("missionlocale.view_reports", raise_exception=True)
def report_figures(request, pk, fmt):
    """The figures stored with a generated report, as JSON or as a workbook; a confidential programme's own lines
    only if the director included it in that report."""
    if fmt not in ("json", "xlsx"):
        raise Http404
    report = get_object_or_404(AnnualReport, pk=pk, status=ReportStatus.DONE, indicators__isnull=False)
    data = report.indicators if report.with_confidential else without_confidential(report.indicators)
    name = report.filename.removesuffix(".pdf") + "-chiffres"
    file_access_record(user=request.user, job_seeker=None, action=AccessAction.EXPORT, detail=f"{name}.{fmt}")
    if fmt == "xlsx":
        return workbook_response(filename=name, sheets=indicator_sheets(data, with_confidential=True))
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2, "sort_keys": True})
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


@require_http_methods(["GET", "POST"])
@permission_required("missionlocale.view_reports", raise_exception=True)
def report_texts_edit(request, year):
    """The director's texts, section by section in French and Dutch. "Preview" shows them as the report will
    print them, without saving."""
    texts = {
        (t.section, t.language): {"text": t.text, "highlight": t.highlight}
        for t in ReportText.objects.filter(year=year)
    }
    form = ReportTextsForm(request.POST if request.method == "POST" else None, texts=texts)
    previews = {}
    if request.method == "POST" and form.is_valid():
        if "preview" not in request.POST:
            services.report_texts_save(year=year, texts=form.texts(), acting_user=request.user)
            messages.success(request, _("The texts of the %(year)s report are saved.") % {"year": year})
            return redirect("reporting:reports")
        previews = {
            f"{section}_{language}": {"text": markdown_to_html(values["text"]), "highlight": values["highlight"]}
            for (section, language), values in form.texts().items()
            if values["text"].strip() or values["highlight"].strip()
        }
    return render(request, "reporting/report_texts.html", {"form": form, "year": year, "previews": previews})


@require_http_methods(["GET", "POST"])
@permission_required("missionlocale.set_objectives", raise_exception=True)
def objective_edit(request, year):
    current = YearlyObjective.objects.filter(year=year).first()
    form = ObjectiveForm(
        request.POST if request.method == "POST" else None, initial={"value": current.value if current else None}
    )
    if request.method == "POST" and form.is_valid():
        services.objective_set(year=year, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The %(year)s objective is saved.") % {"year": year})
        return redirect("reporting:objective", year=year)
    return render(
        request,
        "reporting/objective.html",
        {
            "form": form,
            "year": year,
            "computed": indicators.computed_objective(year=year),
            "current": current,
            "changes": YearlyObjective.history.filter(year=year).select_related("history_user")[:20],
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("missionlocale.set_objectives", raise_exception=True)
def past_year_figures_edit(request, year):
    """The director enters the figures of a year before the product (from that year's report), so that the
    five-year history has no row of zeros."""
    if not 2000 <= year < timezone.localdate().year:
        raise Http404
    current = PastYearFigures.objects.filter(year=year).first()
    fields = ("accompanied", "objective", "positive_exits", "note")
    initial = {name: getattr(current, name) for name in fields} if current else {}
    form = PastYearFiguresForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.past_year_figures_set(year=year, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The figures of %(year)s are saved.") % {"year": year})
        return redirect("reporting:past_year_figures", year=year)
    return render(
        request,
        "reporting/past_year_figures.html",
        {
            "form": form,
            "year": year,
            "current": current,
            "counted": indicators.accompaniment_summary(year=year, cutoff=timezone.localdate()),
            "changes": PastYearFigures.history.filter(year=year).select_related("history_user")[:20],
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("missionlocale.view_reports", raise_exception=True)
def report_images_edit(request, year):
    """The images under the sections' texts of the year's report: the list, and a form to add one."""
    form = ReportImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "image"}
        try:
            services.report_image_add(year=year, upload=form.cleaned_data["image"], acting_user=request.user, **fields)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The image is added to the %(year)s report.") % {"year": year})
            return redirect("reporting:report_images", year=year)
    images = [
        (image, image_data_uri(image.image))
        for image in ReportImage.objects.filter(year=year).select_related("added_by")
    ]
    return render(request, "reporting/report_images.html", {"form": form, "year": year, "images": images})


@require_POST
@permission_required("missionlocale.view_reports", raise_exception=True)
def report_image_delete(request, pk):
    image = get_object_or_404(ReportImage, pk=pk)
    services.report_image_delete(image=image)
    messages.success(request, _("The image is removed from the %(year)s report.") % {"year": image.year})
    return redirect("reporting:report_images", year=image.year)
