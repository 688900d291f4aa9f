from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accompaniment import perms, search_state
from accompaniment.enums import AccessAction
from accompaniment.filters import CaseloadFilter
from accompaniment.forms import ReassignForm
from accompaniment.selectors import (
    NO_RECENT_INTERVIEW_DAYS,
    caseload_queryset,
    caseload_without_recent_interview,
)
from accompaniment.services import caseload_counts, file_access_record
from missionlocale.enums import Profession
from missionlocale.exports import table_response
from missionlocale.forms import ascii_digits
from missionlocale.models import User


def _caseload_owner(request):
    """Whose caseload is shown: one's own, or any counsellor's for a manager (?counsellor=<id>)."""
    if not perms.can_read_files(request.user):
        raise PermissionDenied
    owner_id = request.GET.get("counsellor")
    if owner_id and owner_id != str(request.user.pk):
        if not perms.can_manage_caseloads(request.user):
            raise PermissionDenied
        return get_object_or_404(User.objects.filter(is_active=True), pk=owner_id if ascii_digits(owner_id) else 0)
    return request.user


def _filter_data(request):
    """Filters come by POST so that a searched name or NISS never lands in a URL, a log or the history; the page
    then stands at ``?f=<key>``, the key of those filters kept in the session (accompaniment/search_state.py), so
    that Back from a file and a reload show the caseload filtered as it was."""
    if request.method == "POST":
        data = request.POST.copy()
    else:
        saved = search_state.recall(request, "caseload", request.GET.get("f"))
        data = request.GET.copy() if saved is None else QueryDict(mutable=True)
        for name, value in saved or []:
            data.appendlist(name, value)
    for name in ("csrfmiddlewaretoken", "counsellor", "page", "f"):
        data.pop(name, None)
    return data


def _saved_filters_url(request, owner) -> str:
    """Keep the posted filters in the session; the caseload's URL that shows them again."""
    pairs = [(name, value[:200]) for name, values in _filter_data(request).lists() for value in values]
    key = search_state.save(request, "caseload", pairs[:50])
    params = {"f": key} if owner == request.user else {"counsellor": owner.pk, "f": key}
    return f"{reverse('accompaniment:caseload')}?{urlencode(params)}"


def _filtered(request, owner):
    today = timezone.localdate()
    queryset = caseload_queryset(owner=owner).for_caseload_page(today)
    # Filtering one's own caseload by a confidential project reveals nothing one's team does not know.
    own = owner == request.user
    caseload_filter = CaseloadFilter(
        _filter_data(request),
        queryset=queryset,
        show_confidential_projects=own or request.user.profession == Profession.PSYCHOLOGIST,
    )
    accompaniments = caseload_filter.qs if caseload_filter.is_valid() else queryset.none()
    if not caseload_filter.data.get("ordering"):
        accompaniments = accompaniments.order_by("planned_end_on", "pk")
    else:
        accompaniments = accompaniments.order_by(*accompaniments.query.order_by, "pk")
    return caseload_filter, accompaniments, today


def _query_string(request, owner) -> str:
    """Pagination keeps the filters but never the free-text search (it may hold a name or a NISS)."""
    data = _filter_data(request)
    data.pop("q", None)
    if owner != request.user:
        data["counsellor"] = owner.pk
    saved_key = request.GET.get("f")
    if saved_key and search_state.recall(request, "caseload", saved_key) is not None:
        # The saved filters, the searched text included, stay behind their key.
        data = QueryDict(mutable=True)
        if owner != request.user:
            data["counsellor"] = owner.pk
        data["f"] = saved_key
    return data.urlencode()


@require_http_methods(["GET", "POST"])
def caseload(request):
    owner = _caseload_owner(request)
    saved_url = _saved_filters_url(request, owner) if request.method == "POST" else None
    if saved_url and not request.htmx:
        return redirect(saved_url)
    caseload_filter, accompaniments, today = _filtered(request, owner)
    page = Paginator(accompaniments, 200).get_page(request.GET.get("page"))
    for accompaniment in page:
        accompaniment.days_left_value = accompaniment.days_left(today)
    is_counsellor = owner.profession == Profession.COUNSELLOR
    total, actiris = caseload_counts(owner) if is_counsellor else (0, 0)
    can_manage = perms.can_manage_caseloads(request.user)
    context = {
        "owner": owner,
        "is_own": owner == request.user,
        "filter": caseload_filter,
        "page": page,
        "today": today,
        "gauge": {
            "shown": is_counsellor,
            "total": total,
            "capacity": owner.caseload_capacity,
            "actiris": actiris,
            "actiris_capacity": owner.actiris_caseload_capacity,
            "over": total > owner.caseload_capacity,
            "percent": min(100, round(100 * total / owner.caseload_capacity)) if owner.caseload_capacity else 0,
        },
        "can_manage": can_manage,
        "reassign_form": ReassignForm() if can_manage else None,
        "filter_data": [(k, v) for k, values in _filter_data(request).lists() for v in values],
        "query_string": _query_string(request, owner),
    }
    if request.htmx:
        response = render(request, "accompaniment/includes/caseload_table.html", context)
    else:
        context["without_recent_interview"] = caseload_without_recent_interview(owner=owner, today=today)
        context["recent_days"] = NO_RECENT_INTERVIEW_DAYS
        response = render(request, "accompaniment/caseload.html", context)
    if saved_url:
        # The address bar now names the filters' key (never the text searched): Back from a file comes back here.
        response["HX-Replace-Url"] = saved_url
    return response


@require_http_methods(["GET", "POST"])
def caseload_export(request):
    """The caseload as CSV, one row per accompaniment, without any note or confidential content."""
    owner = _caseload_owner(request)
    _filter, accompaniments, today = _filtered(request, owner)
    header = [
        _("Last name"),
        _("First name"),
        _("Actiris number"),
        _("Source"),
        _("Start"),
        _("Planned end"),
        _("Days left"),
        _("Last interview"),
        _("Next appointment"),
        _("Open barriers"),
        _("Counsellor"),
    ]
    rows = (
        [
            accompaniment.job_seeker.last_name,
            accompaniment.job_seeker.first_name,
            accompaniment.job_seeker.actiris_number,
            accompaniment.get_referral_source_display(),
            accompaniment.started_on.isoformat(),
            accompaniment.planned_end_on.isoformat(),
            accompaniment.days_left(today),
            accompaniment.last_interview_on.isoformat() if accompaniment.last_interview_on else "",
            timezone.localtime(accompaniment.next_appointment_at).strftime("%Y-%m-%d %H:%M")
            if accompaniment.next_appointment_at
            else "",
            accompaniment.open_barrier_count,
            str(accompaniment.counsellor),
        ]
        for accompaniment in accompaniments.iterator(chunk_size=500)
    )
    response = table_response(fmt="csv", filename="portefeuille", header=header, rows=rows)
    file_access_record(user=request.user, job_seeker=None, action=AccessAction.EXPORT, detail="portefeuille.csv")
    return response
