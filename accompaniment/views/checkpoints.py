"""The follow-up checkpoints of a positive exit: record one, and offer a new accompaniment to a job seeker again."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accompaniment import durability, perms, services
from accompaniment.forms import CheckpointForm
from accompaniment.models import Accompaniment, JobSeeker
from accompaniment.views.files import get_readable_file
from accompaniment.views.plan import _refused_for_capacity
from missionlocale.forms import form_add_service_error


def may_offer_reopening(user, job_seeker: JobSeeker) -> bool:
    """A counsellor opens the new accompaniment in her own caseload, when none is open (a manager assigns it from
    the file, as for any file)."""
    return (
        perms.can_open_own_accompaniment(user, job_seeker)
        and not perms.can_manage_caseloads(user)
        and not job_seeker.accompaniments.open().exists()
    )


def _back(request, job_seeker: JobSeeker):
    if request.POST.get("from", request.GET.get("from")) == "today":
        return redirect("accompaniment:today")
    response = redirect("accompaniment:file_detail", pk=job_seeker.pk)
    response["Location"] += "#checkpoints"
    return response


@require_http_methods(["GET", "POST"])
def checkpoint_record(request, pk, months):
    """Record the checkpoint ``months`` after the accompaniment's positive exit; "job seeker again" may open a new
    accompaniment in the same step, within the counsellor's capacity (rule 2, as when she takes a walk-in)."""
    accompaniment = get_object_or_404(Accompaniment.objects.select_related("job_seeker", "counsellor"), pk=pk)
    job_seeker = get_readable_file(request, accompaniment.job_seeker_id)
    accompaniment.job_seeker = job_seeker
    if not perms.can_record_checkpoint(request.user, accompaniment):
        raise PermissionDenied
    checkpoint = durability.checkpoint_of(accompaniment, months)
    if checkpoint is None:
        raise Http404
    today = timezone.localdate()
    if checkpoint.due_on > today:
        messages.info(
            request,
            _("This checkpoint is due on %(date)s: it can be recorded from that day.")
            % {"date": checkpoint.due_on.strftime("%d/%m/%Y")},
        )
        return _back(request, job_seeker)
    offer = may_offer_reopening(request.user, job_seeker)
    form = CheckpointForm(request.POST or None, instance=checkpoint.recorded, offer_reopening=offer)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reopen = data.pop("open_accompaniment", False)
        try:
            services.checkpoint_record(
                job_seeker=job_seeker,
                accompaniment=accompaniment,
                exit_on=checkpoint.exit_on,
                months=months,
                acting_user=request.user,
                today=today,
                **data,
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The %(months)s-month checkpoint is recorded.") % {"months": months})
            if reopen:
                return _reopen(request, job_seeker, today)
            return _back(request, job_seeker)
    elif request.method == "POST":
        messages.error(request, _("Nothing was saved: correct the fields shown in red."))
    services.file_read_record(user=request.user, job_seeker=job_seeker)
    return render(
        request,
        "accompaniment/checkpoint_form.html",
        {
            "job_seeker": job_seeker,
            "months": months,
            "exit_on": checkpoint.exit_on,
            "due_on": checkpoint.due_on,
            "recorded": checkpoint.recorded,
            "exit_label": _("Positive exit of the accompaniment started on %(date)s")
            % {"date": accompaniment.started_on.strftime("%d/%m/%Y")},
            "form": form,
            "came_from": request.POST.get("from", request.GET.get("from", "")),
            "back_url": _back(request, job_seeker)["Location"],
        },
    )


def _reopen(request, job_seeker: JobSeeker, today):
    """Open the new accompaniment in the counsellor's caseload; a full caseload sends the file to the managers."""
    try:
        accompaniment = services.accompaniment_open(
            job_seeker=job_seeker, counsellor=request.user, started_on=today, acting_user=request.user
        )
    except ValidationError as error:
        if error.code in ("capacity", "actiris_capacity"):
            return _refused_for_capacity(request, job_seeker, error)
        messages.error(request, " ".join(error.messages))
        return redirect("accompaniment:file_detail", pk=job_seeker.pk)
    messages.success(
        request,
        _("A new accompaniment is open until %(end)s.") % {"end": accompaniment.planned_end_on.strftime("%d/%m/%Y")},
    )
    return redirect("accompaniment:file_detail", pk=job_seeker.pk)
