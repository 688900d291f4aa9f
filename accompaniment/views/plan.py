"""What staff record on a file: interviews, barriers, orientations, the accompaniment and its outcomes,
the professional project and its action plan."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accompaniment import services
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
    StepForm,
)
from accompaniment.models import Accompaniment, ActionStep, Barrier, Orientation
from accompaniment.views.files import file_detail_context, file_page, get_editable_file
from missionlocale.forms import form_add_service_error


def _back_to_file(job_seeker, anchor=""):
    response = redirect("accompaniment:file_detail", pk=job_seeker.pk)
    response["Location"] += anchor
    return response


def _file_page_with(request, job_seeker, **bound_forms):
    """Show the file again with the submitted form and its errors; nothing was saved."""
    general = [str(error) for form in bound_forms.values() for error in form.non_field_errors()]
    if general:
        messages.error(request, _("Nothing was saved: %(errors)s") % {"errors": " ".join(general)})
    else:
        messages.error(request, _("Nothing was saved: correct the fields shown in red."))
    return file_page(request, job_seeker, **bound_forms)


@require_http_methods(["GET", "POST"])
def interview_create(request, pk):
    """The most frequent act of the day: one form, saved without leaving the page (HTMX)."""
    job_seeker = get_editable_file(request, pk)
    from_caseload = request.GET.get("from") == "caseload" or request.POST.get("from") == "caseload"
    form = InterviewForm(request.POST or None, job_seeker=job_seeker, user=request.user)
    form_context = {"job_seeker": job_seeker, "from_caseload": from_caseload}
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        barriers = data.pop("barriers_worked_on")
        services.interview_log(job_seeker=job_seeker, barriers=barriers, **data)
        if not request.htmx:
            messages.success(request, _("The interview is saved."))
            return _back_to_file(job_seeker, "#timeline")
        if from_caseload:
            return render(request, "accompaniment/includes/interview_saved.html", {"job_seeker": job_seeker})
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
            services.barrier_lift(barrier=barrier, lifted_on=form.cleaned_data["lifted_on"], acting_user=request.user)
            messages.success(request, _("The barrier is marked as lifted."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
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
        services.orientation_set_result(
            orientation=orientation, result=form.cleaned_data["result"], acting_user=request.user
        )
        messages.success(request, _("The result of the orientation is saved."))
    else:
        messages.error(request, _("Choose a result."))
    return _back_to_file(job_seeker, "#orientations")


@require_POST
def accompaniment_create(request, pk):
    job_seeker = get_editable_file(request, pk)
    form = AccompanimentOpenForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            accompaniment = services.accompaniment_open(
                job_seeker=job_seeker, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
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


def _editable_accompaniment(request, pk) -> Accompaniment:
    accompaniment = get_object_or_404(Accompaniment.objects.select_related("job_seeker"), pk=pk)
    get_editable_file(request, accompaniment.job_seeker_id)
    return accompaniment


@require_POST
def outcome_create(request, pk):
    accompaniment = _editable_accompaniment(request, pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.outcome_record(accompaniment=accompaniment, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The outcome is recorded."))
            return _back_to_file(accompaniment.job_seeker, "#accompaniment")
    return _file_page_with(request, accompaniment.job_seeker, outcome_form=form)


@require_POST
def accompaniment_close(request, pk):
    accompaniment = _editable_accompaniment(request, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.accompaniment_close(
                accompaniment=accompaniment, closed_on=form.cleaned_data["closed_on"], acting_user=request.user
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The accompaniment is closed."))
            return _back_to_file(accompaniment.job_seeker, "#accompaniment")
    return _file_page_with(request, accompaniment.job_seeker, close_form=form)


@require_POST
def accompaniment_recognition(request, pk):
    accompaniment = _editable_accompaniment(request, pk)
    form = RecognitionForm(request.POST, instance=Accompaniment.objects.get(pk=accompaniment.pk))
    if form.is_valid():
        services.accompaniment_set_recognition(
            accompaniment=accompaniment,
            status=form.cleaned_data["recognition_status"],
            recognised_on=form.cleaned_data["recognised_on"],
            acting_user=request.user,
        )
        messages.success(request, _("The Actiris recognition is saved."))
        return _back_to_file(accompaniment.job_seeker, "#accompaniment")
    return _file_page_with(request, accompaniment.job_seeker, recognition_form=form)


@require_POST
def project_edit(request, pk):
    accompaniment = _editable_accompaniment(request, pk)
    form = ProjectForm(request.POST)
    if form.is_valid():
        services.project_save(accompaniment=accompaniment, acting_user=request.user, **form.cleaned_data)
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
    step = get_object_or_404(ActionStep.objects.select_related("accompaniment"), pk=pk)
    job_seeker = get_editable_file(request, step.accompaniment.job_seeker_id)
    services.step_toggle(step=step, acting_user=request.user, today=timezone.localdate())
    if request.htmx:
        return render(
            request,
            "accompaniment/includes/step.html",
            {"step": step, "today": timezone.localdate(), "can_edit": True},
        )
    return _back_to_file(job_seeker, "#plan")
