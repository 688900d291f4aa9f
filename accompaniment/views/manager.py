"""Managers: every caseload side by side, assigning and reassigning files."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accompaniment import perms, services
from accompaniment.enums import AssignmentReason
from accompaniment.forms import CHOICES_SHOWN, ReassignForm
from accompaniment.models import AssignmentRequest, JobSeeker
from accompaniment.selectors import counsellors_with_fill


def _require_manager(request):
    if not perms.can_manage_caseloads(request.user):
        raise PermissionDenied


TO_ASSIGN_PAGE = 25
# The fill table lists the counsellors by name, this many a page (a region's 240 or 1 200 counsellors are not one
# page); the totals and the choices of counsellors count them all.
COUNSELLORS_PAGE = 50


def files_to_assign():
    """Files waiting for a counsellor: never accompanied, or referred again by Actiris after their last
    accompaniment started, and none open now. Files whose creator could not take them on come first, with
    who asked and why (they were emailed too); then the oldest referrals.

    Read from the partial index on `awaiting_counsellor`, kept on every save of a file or an accompaniment
    (`models.accompaniments_blocking_assignment` is its definition): neither the latest start of each person
    nor the whole population is read, and the plan needs no statistics to find the index.
    """
    asked = AssignmentRequest.objects.filter(job_seeker=OuterRef("pk")).order_by("-requested_at", "-pk")
    return (
        JobSeeker.objects.filter(awaiting_counsellor=True)
        .annotate(
            requested_at=Subquery(asked.values("requested_at")[:1]),
            request_reason=Subquery(asked.values("reason")[:1]),
            requested_by_first=Subquery(asked.values("requested_by__first_name")[:1]),
            requested_by_last=Subquery(asked.values("requested_by__last_name")[:1]),
        )
        .order_by(F("requested_at").asc(nulls_last=True), F("actiris_referral_date").asc(nulls_last=True), "pk")
    )


def _page_number(request, name: str = "page") -> int:
    """?page= (or ?<name>=), a whole number from 1; anything else is the first page."""
    value = request.GET.get(name, "")
    return min(int(value), 10_000) if value.isdigit() and int(value) >= 1 else 1


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
    page = _page_number(request)
    to_assign = files_to_assign()[(page - 1) * TO_ASSIGN_PAGE : page * TO_ASSIGN_PAGE + 1]
    reasons = dict(AssignmentReason.choices)
    to_assign = list(to_assign)
    has_next = len(to_assign) > TO_ASSIGN_PAGE
    to_assign = to_assign[:TO_ASSIGN_PAGE]
    for person in to_assign:
        person.request_reason_label = reasons.get(person.request_reason, "")
    # One short list of counsellors for every file's select, those with the most room first; the search box
    # above each select finds any other.
    with_room = sorted(counsellors, key=lambda c: (c.open_count - c.capacity, c.last_name, c.first_name, c.pk))
    fill_pages = Paginator(counsellors, COUNSELLORS_PAGE)
    fill_page = fill_pages.get_page(_page_number(request, "counsellors_page"))
    return render(
        request,
        "accompaniment/caseloads.html",
        {
            "counsellors": fill_page,
            "fill_page": fill_page,
            "to_assign": to_assign,
            "with_room": with_room[:CHOICES_SHOWN],
            "page": page,
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if has_next else None,
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
