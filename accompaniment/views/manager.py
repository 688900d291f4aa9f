"""Managers: every caseload side by side, assigning and reassigning files, the access log."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Q, Subquery
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accompaniment import perms, services
from accompaniment.enums import AccessAction
from accompaniment.forms import AccompanimentOpenForm, ReassignForm
from accompaniment.models import Accompaniment, FileAccess, JobSeeker
from accompaniment.selectors import BULK_READ_FILES, BULK_READ_WINDOW, bulk_reads, counsellors_with_fill
from missionlocale.forms import ascii_digits
from missionlocale.models import User


def _require_manager(request):
    if not perms.can_manage_caseloads(request.user):
        raise PermissionDenied


@require_GET
def caseloads(request):
    _require_manager(request)
    counsellors = list(counsellors_with_fill())
    for counsellor in counsellors:
        counsellor.capacity = counsellor.caseload_capacity
        counsellor.actiris_capacity = counsellor.actiris_caseload_capacity
        counsellor.over = counsellor.open_count > counsellor.capacity
        counsellor.actiris_over = counsellor.actiris_count > counsellor.actiris_capacity
        counsellor.percent = (
            min(100, round(100 * counsellor.open_count / counsellor.capacity)) if counsellor.capacity else 0
        )
    # Files waiting for a counsellor: never accompanied, or referred again by Actiris after their last
    # accompaniment started, and none open now.
    last_start = Subquery(
        Accompaniment.objects.filter(job_seeker=OuterRef("pk")).order_by("-started_on").values("started_on")[:1]
    )
    to_assign = (
        JobSeeker.objects.exclude(pk__in=Accompaniment.objects.open().values("job_seeker"))
        .annotate(last_start=last_start)
        .filter(Q(last_start__isnull=True) | Q(actiris_referral_date__gt=F("last_start")))
        .order_by(F("actiris_referral_date").asc(nulls_last=True), "pk")
    )[:100]
    return render(
        request,
        "accompaniment/caseloads.html",
        {
            "counsellors": counsellors,
            "to_assign": to_assign,
            "open_form": AccompanimentOpenForm(user=request.user),
            "totals": {
                "open": sum(c.open_count for c in counsellors),
                "capacity": sum(c.capacity for c in counsellors),
                "actiris": sum(c.actiris_count for c in counsellors),
            },
        },
    )


@require_POST
def reassign(request):
    _require_manager(request)
    form = ReassignForm(request.POST)
    # Back to the page the manager came from, only if it is a path of this site: redirect() would take any
    # other string for a URL name to reverse, and fail on it.
    next_url = request.POST.get("next", "")
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}
    ):
        next_url = ""
    if form.is_valid():
        moved = services.accompaniments_reassign(
            accompaniments=list(form.cleaned_data["accompaniments"].select_related("counsellor")),
            counsellor=form.cleaned_data["counsellor"],
            reason=form.cleaned_data["reason"],
            acting_user=request.user,
        )
        counsellor = form.cleaned_data["counsellor"]
        messages.success(
            request,
            ngettext("%(count)s file reassigned to %(name)s.", "%(count)s files reassigned to %(name)s.", moved)
            % {"count": moved, "name": counsellor},
        )
        total, _actiris = services.caseload_counts(counsellor)
        if total > counsellor.caseload_capacity:
            messages.warning(
                request,
                _("The caseload of %(name)s is beyond capacity: %(total)s / %(capacity)s.")
                % {"name": counsellor, "total": total, "capacity": counsellor.caseload_capacity},
            )
    else:
        errors = "; ".join(
            _("%(field)s: %(errors)s") % {"field": form.fields[f].label, "errors": " ".join(e)}
            if f in form.fields
            else " ".join(e)
            for f, e in form.errors.items()
        )
        messages.error(request, _("Nothing was reassigned: %(errors)s") % {"errors": errors})
    return HttpResponseRedirect(next_url) if next_url else redirect("accompaniment:caseloads")


def _access_log_entries(request):
    """The access log, filtered by staff member (?staff=<id>) and by file (?file=<number>)."""
    entries = FileAccess.objects.select_related("user", "job_seeker").order_by("-at", "-pk")
    staff_id = request.GET.get("staff", "")
    file_id = request.GET.get("file", "")
    if ascii_digits(staff_id):
        entries = entries.filter(user_id=staff_id)
    if ascii_digits(file_id):
        entries = entries.filter(job_seeker_id=file_id)
    return entries, staff_id, file_id


@require_GET
def access_log(request):
    _require_manager(request)
    entries, staff_id, file_id = _access_log_entries(request)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "accompaniment/access_log.html",
        {
            "page": page,
            "staff": User.objects.filter(is_active=True).order_by("last_name", "first_name"),
            "staff_id": staff_id,
            "file_id": file_id,
            "bulk_reads": bulk_reads(),
            "bulk_files": BULK_READ_FILES,
            "minutes": int(BULK_READ_WINDOW.total_seconds() // 60),
        },
    )


@require_GET
def access_log_export(request):
    """The access log as CSV, with the same filters; the export itself is written in the log first."""
    _require_manager(request)
    entries, staff_id, file_id = _access_log_entries(request)
    services.file_access_record(
        user=request.user,
        job_seeker=None,
        action=AccessAction.EXPORT,
        detail=f"access-log.csv staff={staff_id or '*'} file={file_id or '*'}",
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="journal-des-acces.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with accents correctly only with a BOM.
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("When"), _("Who"), _("What"), _("Detail"), _("File number"), _("File")])
    for entry in entries.iterator(chunk_size=1000):
        writer.writerow(
            [
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                str(entry.user),
                entry.get_action_display(),
                entry.detail,
                entry.job_seeker_id or "",
                str(entry.job_seeker) if entry.job_seeker else "",
            ]
        )
    return response
