"""What staff record on a file: interviews, barriers, orientations, the accompaniment and its outcomes,
the professional project and its action plan."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accompaniment import perms, services
from accompaniment.enums import AssignmentReason
from accompaniment.forms import (
    AccompanimentOpenForm,
    BarrierForm,
    CloseForm,
    InterviewForm,
    LiftBarrierForm,
    OrientationForm,
    OrientationResultForm,
    OutcomeForm,
    ProjectForm,
    RecognitionForm,
    StepDoneForm,
    StepForm,
)
from accompaniment.models import Accompaniment, ActionStep, Barrier, Orientation, ProfessionalProject
from accompaniment.selectors import NO_RECENT_INTERVIEW_DAYS, caseload_without_recent_interview
from accompaniment.views.files import (
    file_detail_context,
    file_page,
    get_editable_file,
    get_followed_file,
    step_counters,
)
from missionlocale.forms import form_add_save_error, form_add_service_error


def _back_to_file(job_seeker, anchor=""):
    response = redirect("accompaniment:file_detail", pk=job_seeker.pk)
    response["Location"] += anchor
    return response


def _file_page_with(request, job_seeker, **bound_forms):
    """Show the file again with the submitted form and its errors; nothing was saved."""
    # A hidden field (the version) has nowhere to show its error but with the general ones.
    general = [
        str(error)
        for form in bound_forms.values()
        for error in [*form.non_field_errors(), *(e for field in form.hidden_fields() for e in field.errors)]
    ]
    if general:
        messages.error(request, _("Nothing was saved: %(errors)s") % {"errors": " ".join(general)})
    else:
        messages.error(request, _("Nothing was saved: correct the fields shown in red."))
    return file_page(request, job_seeker, **bound_forms)


@require_http_methods(["GET", "POST"])
def interview_create(request, pk):
    """The most frequent act of the day: one form, saved without leaving the page (HTMX)."""
    # Editors of the file, and its last counsellor during the follow-up after closing.
    job_seeker = get_followed_file(request, pk)
    if request.method == "GET" and not request.htmx:
        # The form alone is a fragment of the file page: an address typed or bookmarked opens the page at the form.
        return _back_to_file(job_seeker, "#interview-form-region")
    from_caseload = request.GET.get("from") == "caseload" or request.POST.get("from") == "caseload"
    follow_up = not perms.is_current_counsellor(request.user, job_seeker) and perms.is_following_up(
        request.user, job_seeker
    )
    form = InterviewForm(request.POST or None, job_seeker=job_seeker, user=request.user, follow_up=follow_up)
    form_context = {"job_seeker": job_seeker, "from_caseload": from_caseload}
    saved = False
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        barriers = data.pop("barriers_worked_on")
        try:
            services.interview_log(job_seeker=job_seeker, barriers=barriers, **data)
            saved = True
        except ValidationError as error:
            # The next appointment met a booking made since the form was checked: nothing was saved.
            form_add_service_error(form, error)
    if saved:
        if not request.htmx:
            messages.success(request, _("The interview is saved."))
            return _back_to_file(job_seeker, "#timeline")
        if from_caseload:
            return render(
                request, "accompaniment/includes/interview_saved.html", _caseload_update(request, job_seeker)
            )
        context = file_detail_context(request, job_seeker)
        return render(request, "accompaniment/includes/interview_created.html", context)
    if request.method == "POST" and not request.htmx:
        return _file_page_with(request, job_seeker, interview_form=form)
    response = render(request, "accompaniment/includes/interview_form.html", {**form_context, "interview_form": form})
    if request.method == "POST":
        # Show the errors where the form is, whatever the original target was.
        response["HX-Retarget"] = "#caseload-panel" if from_caseload else "#interview-form-region"
        response["HX-Reswap"] = "innerHTML"
    return response


def _caseload_update(request, job_seeker) -> dict:
    """After an interview logged from the caseload: the confirmation, and out of band the person's row and the
    caseload's counter, so that the list says what changed without a reload.

    The counter is the caseload of the accompaniment's counsellor when a manager logs it (a manager looks at
    that counsellor's caseload), one's own otherwise.
    """
    today = timezone.localdate()
    row = Accompaniment.objects.open().for_caseload_page(today).filter(job_seeker=job_seeker).first()
    owner = request.user
    if row is not None:
        row.days_left_value = row.days_left(today)
        if row.counsellor_id != request.user.pk and perms.can_manage_caseloads(request.user):
            owner = row.counsellor
    return {
        "job_seeker": job_seeker,
        "accompaniment": row,
        "can_manage": perms.can_manage_caseloads(request.user),
        "just_logged": True,
        "oob": True,
        "without_recent_interview": caseload_without_recent_interview(owner=owner, today=today),
        "recent_days": NO_RECENT_INTERVIEW_DAYS,
    }


@require_POST
def barrier_create(request, pk):
    job_seeker = get_editable_file(request, pk)
    form = BarrierForm(request.POST)
    if not form.is_valid():
        return _file_page_with(request, job_seeker, barrier_form=form)
    services.barrier_add(job_seeker=job_seeker, acting_user=request.user, **form.cleaned_data)
    messages.success(request, _("The barrier is recorded."))
    return _back_to_file(job_seeker, "#barriers")


@require_POST
def barrier_lift(request, pk):
    barrier = get_object_or_404(Barrier.objects.select_related("job_seeker"), pk=pk)
    job_seeker = get_editable_file(request, barrier.job_seeker_id)
    form = LiftBarrierForm(request.POST)
    if form.is_valid():
        try:
            services.barrier_lift(
                barrier=barrier,
                lifted_on=form.cleaned_data["lifted_on"],
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            )
            messages.success(request, _("The barrier is marked as lifted."))
        except ValidationError as error:
            # A stale save says so; the file page then shows the barrier as the other person left it.
            messages.error(request, " ".join(error.messages))
    elif "version" in form.errors:
        messages.error(request, " ".join(form.errors["version"]))
    else:
        messages.error(request, _("Give a valid date."))
    return _back_to_file(job_seeker, "#barriers")


@require_POST
def orientation_create(request, pk):
    job_seeker = get_editable_file(request, pk)
    form = OrientationForm(request.POST)
    if not form.is_valid():
        return _file_page_with(request, job_seeker, orientation_form=form)
    services.orientation_add(job_seeker=job_seeker, staff=request.user, **form.cleaned_data)
    messages.success(request, _("The orientation is recorded."))
    return _back_to_file(job_seeker, "#orientations")


@require_POST
def orientation_result(request, pk):
    orientation = get_object_or_404(Orientation, pk=pk)
    job_seeker = get_editable_file(request, orientation.job_seeker_id)
    form = OrientationResultForm(request.POST, instance=orientation)
    if form.is_valid():
        try:
            services.orientation_set_result(
                orientation=orientation,
                result=form.cleaned_data["result"],
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            )
            messages.success(request, _("The result of the orientation is saved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    elif "version" in form.errors:
        messages.error(request, " ".join(form.errors["version"]))
    else:
        messages.error(request, _("Choose a result."))
    return _back_to_file(job_seeker, "#orientations")


@require_POST
def accompaniment_create(request, pk):
    """A manager assigns the file; a counsellor who may edit it (its creator, a walk-in) takes it in her own
    caseload, within her capacity: when it is full, the file goes to the managers, who are told."""
    job_seeker = get_editable_file(request, pk)
    if not perms.can_manage_caseloads(request.user) and not perms.can_open_own_accompaniment(request.user, job_seeker):
        raise PermissionDenied
    form = AccompanimentOpenForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            accompaniment = services.accompaniment_open(
                job_seeker=job_seeker, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            if error.code in ("capacity", "actiris_capacity") and not perms.can_manage_caseloads(request.user):
                return _refused_for_capacity(request, job_seeker, error)
            form_add_service_error(form, error)
        else:
            total, _actiris = services.caseload_counts(accompaniment.counsellor)
            if total > accompaniment.counsellor.caseload_capacity:
                messages.warning(
                    request,
                    _("The accompaniment is open; the caseload of %(name)s is beyond capacity (%(total)s / %(cap)s).")
                    % {
                        "name": accompaniment.counsellor,
                        "total": total,
                        "cap": accompaniment.counsellor.caseload_capacity,
                    },
                )
            else:
                messages.success(
                    request,
                    _("The accompaniment is open until %(end)s.")
                    % {"end": accompaniment.planned_end_on.strftime("%d/%m/%Y")},
                )
            return _back_to_file(job_seeker)
    return _file_page_with(request, job_seeker, open_form=form)


def _refused_for_capacity(request, job_seeker, error: ValidationError):
    """Her caseload is full: say what is full, and put the file on the managers' list (they are emailed)."""
    reason = AssignmentReason.ACTIRIS_FULL if error.code == "actiris_capacity" else AssignmentReason.CASELOAD_FULL
    services.assignment_request(
        job_seeker=job_seeker,
        reason=reason,
        acting_user=request.user,
        file_url=request.build_absolute_uri(reverse("accompaniment:file_detail", args=[job_seeker.pk])),
    )
    messages.error(
        request,
        _(
            "%(refusal)s The file is on the managers' list of files to assign and they have been told; "
            "you can log the first interview now."
        )
        % {"refusal": " ".join(error.messages)},
    )
    return _back_to_file(job_seeker, "#accompaniment")


@require_POST
def assignment_request(request, pk):
    """Staff who keep no caseload ask the managers to assign the file they created."""
    job_seeker = get_editable_file(request, pk)
    if perms.can_manage_caseloads(request.user):
        raise PermissionDenied
    if job_seeker.accompaniments.open().exists():
        messages.info(request, _("This file already has a counsellor."))
        return _back_to_file(job_seeker, "#accompaniment")
    reason = (
        AssignmentReason.NOT_A_COUNSELLOR
        if not perms.can_open_own_accompaniment(request.user, job_seeker)
        else AssignmentReason.CASELOAD_FULL
    )
    services.assignment_request(
        job_seeker=job_seeker,
        reason=reason,
        acting_user=request.user,
        file_url=request.build_absolute_uri(reverse("accompaniment:file_detail", args=[job_seeker.pk])),
    )
    messages.success(request, _("The managers are asked to assign this file to a counsellor."))
    return _back_to_file(job_seeker, "#accompaniment")


def _editable_accompaniment(request, pk) -> Accompaniment:
    accompaniment = get_object_or_404(Accompaniment.objects.select_related("job_seeker"), pk=pk)
    get_editable_file(request, accompaniment.job_seeker_id)
    return accompaniment


@require_POST
def outcome_create(request, pk):
    """An outcome of the open accompaniment, or a late one of a closed accompaniment during its follow-up."""
    accompaniment = get_object_or_404(Accompaniment.objects.select_related("job_seeker"), pk=pk)
    job_seeker = get_followed_file(request, accompaniment.job_seeker_id)
    if not perms.can_edit_file(request.user, job_seeker) and accompaniment.counsellor_id != request.user.pk:
        raise PermissionDenied
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.outcome_record(accompaniment=accompaniment, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The outcome is recorded."))
            return _back_to_file(job_seeker, "#accompaniment")
    if accompaniment.is_open:
        return _file_page_with(request, job_seeker, outcome_form=form)
    return _file_page_with(request, job_seeker, late_outcome_form=form)


@require_POST
def accompaniment_close(request, pk):
    """Close with a reason, after a confirmation page that says what will be closed (no JavaScript needed)."""
    accompaniment = _editable_accompaniment(request, pk)
    form = CloseForm(request.POST)
    if form.is_valid() and not form.cleaned_data["confirmed"]:
        try:
            services.accompaniment_close_check(
                accompaniment=accompaniment,
                closed_on=form.cleaned_data["closed_on"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form_add_save_error(form, error, instance=accompaniment)
            return _file_page_with(request, accompaniment.job_seeker, close_form=form)
        services.file_read_record(user=request.user, job_seeker=accompaniment.job_seeker, detail="close")
        return render(
            request,
            "accompaniment/close_confirm.html",
            {
                "accompaniment": accompaniment,
                "job_seeker": accompaniment.job_seeker,
                "form": form,
                "reason_label": dict(form.fields["closing_reason"].choices)[form.cleaned_data["closing_reason"]],
            },
        )
    if form.is_valid():
        try:
            services.accompaniment_close(
                accompaniment=accompaniment,
                closed_on=form.cleaned_data["closed_on"],
                closing_reason=form.cleaned_data["closing_reason"],
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_save_error(form, error, instance=accompaniment)
        else:
            messages.success(
                request, _("The accompaniment is closed. You can undo this today, from the Accompaniment section.")
            )
            return _back_to_file(accompaniment.job_seeker, "#accompaniment")
    return _file_page_with(request, accompaniment.job_seeker, close_form=form)


@require_POST
def accompaniment_undo_close(request, pk):
    """Reopen an accompaniment closed today by mistake: whoever closed it, or a manager."""
    accompaniment = get_object_or_404(Accompaniment.objects.select_related("job_seeker"), pk=pk)
    job_seeker = get_followed_file(request, accompaniment.job_seeker_id)
    try:
        services.accompaniment_undo_close(accompaniment=accompaniment, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The close is undone: the accompaniment is open again."))
    return _back_to_file(job_seeker, "#accompaniment")


@require_POST
def accompaniment_recognition(request, pk):
    accompaniment = _editable_accompaniment(request, pk)
    form = RecognitionForm(request.POST, instance=Accompaniment.objects.get(pk=accompaniment.pk))
    if form.is_valid():
        try:
            services.accompaniment_set_recognition(
                accompaniment=accompaniment,
                status=form.cleaned_data["recognition_status"],
                recognised_on=form.cleaned_data["recognised_on"],
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_save_error(form, error, instance=accompaniment)
        else:
            messages.success(request, _("The Actiris recognition is saved."))
            return _back_to_file(accompaniment.job_seeker, "#accompaniment")
    return _file_page_with(request, accompaniment.job_seeker, recognition_form=form)


@require_POST
def project_edit(request, pk):
    accompaniment = _editable_accompaniment(request, pk)
    project = ProfessionalProject.objects.filter(accompaniment=accompaniment).first()
    form = ProjectForm(request.POST, instance=project)
    if form.is_valid():
        data = dict(form.cleaned_data)
        # 0 when the form was shown before the project existed: a project created meanwhile wins.
        expected_version = data.pop("version")
        try:
            services.project_save(
                accompaniment=accompaniment, acting_user=request.user, expected_version=expected_version, **data
            )
        except ValidationError as error:
            if getattr(error, "code", None) != "stale":
                raise
            # The editor's input again, now on the current project and its version: the file page above
            # the form shows the project as the other person saved it.
            data = request.POST.copy()
            current = ProfessionalProject.objects.get(accompaniment=accompaniment)
            data["version"] = str(current.version)
            form = ProjectForm(data, instance=current)
            form.is_valid()
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The professional project is saved."))
            return _back_to_file(accompaniment.job_seeker, "#plan")
    return _file_page_with(request, accompaniment.job_seeker, project_form=form)


@require_POST
def step_create(request, pk):
    accompaniment = _editable_accompaniment(request, pk)
    form = StepForm(request.POST)
    if form.is_valid():
        services.step_add(accompaniment=accompaniment, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The step is added to the action plan."))
        return _back_to_file(accompaniment.job_seeker, "#plan")
    return _file_page_with(request, accompaniment.job_seeker, step_form=form)


@require_POST
def step_toggle(request, pk):
    """Set the step done or not done, as the button asked (done=1 / done=0): a state, not a toggle, so a
    double click or a resent request leaves it as asked."""
    step = get_object_or_404(ActionStep.objects.select_related("accompaniment"), pk=pk)
    job_seeker = get_editable_file(request, step.accompaniment.job_seeker_id)
    form = StepDoneForm(request.POST)
    refusal = ""
    if form.is_valid():
        try:
            services.step_set_done(
                step=step,
                done=form.cleaned_data["done"],
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
                today=timezone.localdate(),
            )
        except ValidationError as error:
            refusal = " ".join(error.messages)
            step.refresh_from_db()
    else:
        refusal = " ".join(_error_texts(form))
    if request.htmx:
        # The step's row, and out of band the plan's counters in the file's header.
        today = timezone.localdate()
        context = {
            "step": step,
            "today": today,
            "can_edit": True,
            "step_refusal": refusal,
            "step_saved": not refusal,
            "oob": True,
            **step_counters(ActionStep.objects.filter(accompaniment_id=step.accompaniment_id), today),
        }
        return render(request, "accompaniment/includes/step_toggled.html", context)
    if refusal:
        messages.error(request, refusal)
    return _back_to_file(job_seeker, "#plan")


def _error_texts(form) -> list[str]:
    return [str(error) for errors in form.errors.values() for error in errors]
