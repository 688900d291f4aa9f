from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accompaniment import perms as accompaniment_perms
from accompaniment.models import JobSeeker
from accompaniment.services import file_read_record
from employers import perms, services
from employers.enums import MatchingStatus
from employers.forms import JobOfferForm, MatchingMoveForm, MatchingProposeForm
from employers.models import Employer, JobOffer, Matching
from employers.views.common import require
from missionlocale.forms import ascii_digits, form_add_save_error, form_add_service_error

PAGE_SIZE = 50


@require_GET
def offer_list(request):
    require(perms.can_view_employers(request.user))
    offers = JobOffer.objects.for_list_page()
    show = request.GET.get("show", "open")
    if show == "open":
        offers = offers.open()
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "employers/offer_list.html",
        {"page": page, "show": show, "can_manage": perms.can_manage_employers(request.user)},
    )


@require_http_methods(["GET", "POST"])
def offer_create(request):
    require(perms.can_manage_employers(request.user))
    initial = {"opened_on": timezone.localdate()}
    employer_pk = request.GET.get("employer", "")
    if ascii_digits(employer_pk):
        initial["employer"] = Employer.objects.filter(pk=employer_pk).first()
    form = JobOfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        offer = services.offer_save(acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The offer “%(title)s” is recorded.") % {"title": offer.title})
        return redirect("employers:offer_detail", pk=offer.pk)
    return render(request, "employers/offer_form.html", {"form": form, "offer": None})


@require_http_methods(["GET", "POST"])
def offer_edit(request, pk):
    require(perms.can_manage_employers(request.user))
    offer = get_object_or_404(JobOffer, pk=pk)
    form = JobOfferForm(request.POST or None, instance=offer)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.offer_save(acting_user=request.user, offer=offer, expected_version=data.pop("version"), **data)
        except ValidationError as error:
            conflict = form_add_save_error(form, error, instance=offer)
        else:
            messages.success(request, _("The offer is saved."))
            return redirect("employers:offer_detail", pk=offer.pk)
    return render(request, "employers/offer_form.html", {"form": form, "offer": offer, "conflict": conflict})


def _board(matchings) -> list[dict]:
    """Candidates grouped by status, in the order of the flow."""
    columns = {status: [] for status in MatchingStatus}
    for matching in matchings:
        columns[MatchingStatus(matching.status)].append(matching)
    return [{"status": status, "matchings": rows} for status, rows in columns.items()]


def _move_forms(request, matchings, bound=None):
    forms = {}
    today = timezone.localdate()
    for matching in matchings:
        if matching.is_open and perms.can_handle_matching(request.user, matching.job_seeker):
            forms[matching.pk] = (
                bound
                if bound is not None and bound.matching.pk == matching.pk
                else MatchingMoveForm(matching=matching, initial={"changed_on": today})
            )
    for matching in matchings:
        matching.move_form = forms.get(matching.pk)
        matching.can_record_outcome = (
            matching.status == MatchingStatus.HIRED
            and not matching.outcome_id
            and perms.can_handle_matching(request.user, matching.job_seeker)
        )


def offer_detail_context(request, offer, propose_form=None, move_form=None) -> dict:
    matchings = list(Matching.objects.filter(offer=offer).for_board())
    _move_forms(request, matchings, move_form)
    can_manage = perms.can_manage_employers(request.user)
    return {
        "offer": offer,
        "columns": _board(matchings),
        "matching_count": len(matchings),
        "can_manage": can_manage,
        "propose_form": propose_form
        or (MatchingProposeForm(offer=offer, initial={"proposed_on": timezone.localdate()}) if can_manage else None),
    }


@require_GET
def offer_detail(request, pk):
    """The offer and its board: candidates by status."""
    require(perms.can_view_employers(request.user))
    offer = get_object_or_404(JobOffer.objects.select_related("employer"), pk=pk)
    return render(request, "employers/offer_detail.html", offer_detail_context(request, offer))


@require_POST
def offer_propose(request, pk):
    require(perms.can_manage_employers(request.user))
    offer = get_object_or_404(JobOffer.objects.select_related("employer"), pk=pk)
    form = MatchingProposeForm(request.POST, offer=offer)
    if form.is_valid():
        try:
            matching = services.matching_propose(
                job_seeker=form.cleaned_data["job_seeker"],
                employer=offer.employer,
                offer=offer,
                acting_user=request.user,
                proposed_on=form.cleaned_data["proposed_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request, _("%(name)s is proposed for this offer.") % {"name": matching.job_seeker.full_name}
            )
            return redirect("employers:offer_detail", pk=offer.pk)
    return render(request, "employers/offer_detail.html", offer_detail_context(request, offer, propose_form=form))


def job_seeker_board_context(request, job_seeker, propose_form=None, move_form=None) -> dict:
    matchings = list(Matching.objects.filter(job_seeker=job_seeker).for_board())
    _move_forms(request, matchings, move_form)
    can_propose = perms.can_handle_matching(request.user, job_seeker)
    return {
        "job_seeker": job_seeker,
        "matchings": matchings,
        "can_propose": can_propose,
        "propose_form": propose_form
        or (
            MatchingProposeForm(job_seeker=job_seeker, initial={"proposed_on": timezone.localdate()})
            if can_propose
            else None
        ),
    }


def _job_seeker_board(request, job_seeker, **forms):
    """A person's matchings page, a rejected form included: each full render is a read of the file (rule 5)."""
    file_read_record(user=request.user, job_seeker=job_seeker, detail="matchings")
    return render(
        request, "employers/job_seeker_matchings.html", job_seeker_board_context(request, job_seeker, **forms)
    )


@require_GET
def job_seeker_matchings(request, pk):
    """A person's matchings, for their counsellor and the employer relations officer."""
    require(accompaniment_perms.can_read_files(request.user))
    job_seeker = get_object_or_404(JobSeeker, pk=pk)
    return _job_seeker_board(request, job_seeker)


@require_POST
def job_seeker_propose(request, pk):
    require(accompaniment_perms.can_read_files(request.user))
    job_seeker = get_object_or_404(JobSeeker, pk=pk)
    require(perms.can_handle_matching(request.user, job_seeker))
    form = MatchingProposeForm(request.POST, job_seeker=job_seeker)
    if form.is_valid():
        try:
            services.matching_propose(
                job_seeker=job_seeker,
                employer=form.cleaned_data["employer"],
                offer=form.cleaned_data["offer"],
                acting_user=request.user,
                proposed_on=form.cleaned_data["proposed_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The matching is recorded."))
            return redirect("employers:job_seeker_matchings", pk=job_seeker.pk)
    return _job_seeker_board(request, job_seeker, propose_form=form)


def _back(request, matching):
    if request.POST.get("next") == "person" or not matching.offer_id:
        return redirect("employers:job_seeker_matchings", pk=matching.job_seeker_id)
    return redirect("employers:offer_detail", pk=matching.offer_id)


def _get_handled_matching(request, pk) -> Matching:
    require(perms.can_view_employers(request.user) or accompaniment_perms.can_read_files(request.user))
    matching = get_object_or_404(Matching.objects.select_related("job_seeker", "employer", "offer"), pk=pk)
    require(perms.can_handle_matching(request.user, matching.job_seeker))
    return matching


@require_POST
def matching_move(request, pk):
    matching = _get_handled_matching(request, pk)
    form = MatchingMoveForm(request.POST, matching=matching)
    form.matching = matching
    if form.is_valid():
        try:
            matching = services.matching_move(matching=matching, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            if matching.status == MatchingStatus.HIRED:
                messages.success(
                    request,
                    _("%(name)s is hired. Record the positive exit on the accompaniment with the button below.")
                    % {"name": matching.job_seeker.full_name},
                )
            else:
                messages.success(
                    request, _("The matching is now “%(status)s”.") % {"status": matching.get_status_display()}
                )
            return _back(request, matching)
    if request.POST.get("next") == "person" or not matching.offer_id:
        return _job_seeker_board(request, matching.job_seeker, move_form=form)
    return render(
        request, "employers/offer_detail.html", offer_detail_context(request, matching.offer, move_form=form)
    )


@require_POST
def matching_record_outcome(request, pk):
    """One click records the hire as the positive exit of the accompaniment; a second click records nothing more."""
    matching = _get_handled_matching(request, pk)
    already = matching.outcome_id is not None
    try:
        outcome = services.matching_record_outcome(matching=matching, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if already:
            messages.info(request, _("The positive exit was already recorded."))
        else:
            messages.success(
                request,
                _("Positive exit recorded on the accompaniment: %(kind)s, %(date)s.")
                % {"kind": outcome.get_kind_display(), "date": outcome.occurred_on.strftime("%d/%m/%Y")},
            )
    return _back(request, matching)
