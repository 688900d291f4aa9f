"""Managers: every caseload side by side, assigning and reassigning files."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Q, Subquery
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accompaniment import perms, services
from accompaniment.enums import AssignmentReason
from accompaniment.forms import AccompanimentOpenForm, ReassignForm
from accompaniment.models import Accompaniment, AssignmentRequest, JobSeeker
from accompaniment.selectors import counsellors_with_fill


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
    # Files whose creator could not take them on come first, with who asked and why (they were emailed too).
    asked = AssignmentRequest.objects.filter(job_seeker=OuterRef("pk")).order_by("-requested_at", "-pk")
    to_assign = (
        JobSeeker.objects.exclude(pk__in=Accompaniment.objects.open().values("job_seeker"))
        .annotate(
            last_start=last_start,
            requested_at=Subquery(asked.values("requested_at")[:1]),
            request_reason=Subquery(asked.values("reason")[:1]),
            requested_by_first=Subquery(asked.values("requested_by__first_name")[:1]),
            requested_by_last=Subquery(asked.values("requested_by__last_name")[:1]),
        )
        .filter(Q(last_start__isnull=True) | Q(actiris_referral_date__gt=F("last_start")))
        .order_by(F("requested_at").asc(nulls_last=True), F("actiris_referral_date").asc(nulls_last=True), "pk")
    )[:100]
    reasons = dict(AssignmentReason.choices)
    to_assign = list(to_assign)
    for person in to_assign:
        person.request_reason_label = reasons.get(person.request_reason, "")
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
        accompaniments = list(form.cleaned_data["accompaniments"].select_related("counsellor", "job_seeker"))
        if not form.cleaned_data["appointments_reviewed"]:
            appointments = services.reassigned_appointments(
                accompaniments=accompaniments, counsellor=form.cleaned_data["counsellor"]
            )
            if appointments:
                # Shown before anything moves: the manager may keep some with the current counsellor.
                return render(
                    request,
                    "accompaniment/reassign_appointments.html",
                    {"form": form, "accompaniments": accompaniments, "appointments": appointments, "next": next_url},
                )
        moved = services.accompaniments_reassign(
            accompaniments=accompaniments,
            counsellor=form.cleaned_data["counsellor"],
            reason=form.cleaned_data["reason"],
            acting_user=request.user,
            keep_appointments=form.cleaned_data["keep_appointments"],
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
