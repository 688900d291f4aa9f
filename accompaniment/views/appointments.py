"""Book, move, cancel an appointment and record what became of it, from the agenda or from the file."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accompaniment import appointments as services
from accompaniment import perms
from accompaniment.forms import AppointmentForm
from accompaniment.models import Appointment, JobSeeker
from missionlocale.forms import ascii_digits, form_add_service_error, version_field


def _back(appointment_or_day, back: str, job_seeker=None):
    """To the file's appointments when the action started there, else to the agenda on the appointment's day."""
    if back == "file" and job_seeker is not None:
        return redirect(reverse("accompaniment:file_detail", args=[job_seeker.pk]) + "#appointments")
    day = timezone.localdate(appointment_or_day.starts_at)
    return redirect(f"{reverse('accompaniment:agenda')}?view=day&date={day.isoformat()}")


def _get_changeable(request, pk) -> Appointment:
    if not perms.can_read_files(request.user):
        raise PermissionDenied
    appointment = get_object_or_404(
        Appointment.objects.select_related("staff", "job_seeker", "room").prefetch_related("other_staff"), pk=pk
    )
    if not perms.can_change_appointment(request.user, appointment):
        raise PermissionDenied
    return appointment


@require_http_methods(["GET", "POST"])
def appointment_create(request):
    """Book an appointment: from the agenda with anyone of one's caseload or nobody, or from a file
    (``?file=<pk>``, for whoever edits it)."""
    if not perms.can_read_files(request.user):
        raise PermissionDenied
    job_seeker = None
    file_pk = request.GET.get("file") or request.POST.get("file")
    if file_pk:
        valid = ascii_digits(file_pk) and len(file_pk) <= 12
        job_seeker = get_object_or_404(JobSeeker, pk=int(file_pk)) if valid else None
        if job_seeker is None or not perms.can_edit_file(request.user, job_seeker):
            raise PermissionDenied
    initial = {}
    if request.GET.get("date"):
        initial["day"] = request.GET["date"]
    form = AppointmentForm(request.POST or None, user=request.user, job_seeker=job_seeker, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.appointment_book(
                acting_user=request.user,
                staff=data["staff"],
                job_seeker=job_seeker or data.get("job_seeker"),
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                kind=data["kind"],
                room=data["room"],
                place=data["place"],
                accept_conflicts=data["accept_conflicts"],
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The appointment is booked."))
            return _back(appointment, "file" if job_seeker else "agenda", job_seeker)
    if request.method == "POST":
        messages.error(request, _("Nothing was saved: correct the fields shown in red."))
    return render(
        request,
        "accompaniment/appointment_form.html",
        {"form": form, "job_seeker": job_seeker, "appointment": None, "back": "file" if job_seeker else "agenda"},
    )


@require_http_methods(["GET", "POST"])
def appointment_move(request, pk):
    """Give a planned or confirmed appointment another day, time or place."""
    appointment = _get_changeable(request, pk)
    back = request.GET.get("back") or request.POST.get("back") or "agenda"
    if not appointment.is_active:
        messages.error(request, _("Only a planned or confirmed appointment can be moved."))
        return _back(appointment, back, appointment.job_seeker)
    form = AppointmentForm(request.POST or None, user=request.user, appointment=appointment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.appointment_move(
                appointment=appointment,
                acting_user=request.user,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                room=data["room"],
                place=data["place"],
                expected_version=data["version"],
                accept_conflicts=data["accept_conflicts"],
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The appointment is moved."))
            return _back(appointment, back, appointment.job_seeker)
    if request.method == "POST":
        messages.error(request, _("Nothing was saved: correct the fields shown in red."))
    return render(
        request,
        "accompaniment/appointment_form.html",
        {"form": form, "job_seeker": appointment.job_seeker, "appointment": appointment, "back": back},
    )


def _posted_version(request) -> int | None:
    field = version_field()
    try:
        return field.clean(request.POST.get("version"))
    except ValidationError:
        return None


def _version_required(request) -> int:
    version = _posted_version(request)
    if version is None:
        raise ValidationError(_("The form is incomplete: reload the page and try again."), code="no_version")
    return version


@require_POST
def appointment_cancel(request, pk):
    """Cancel a planned or confirmed appointment; who and when are kept on it."""
    appointment = _get_changeable(request, pk)
    try:
        services.appointment_cancel(
            appointment=appointment, acting_user=request.user, expected_version=_version_required(request)
        )
    except ValidationError as error:
        messages.error(request, _("Nothing was saved: %(errors)s") % {"errors": " ".join(error.messages)})
    else:
        messages.success(request, _("The appointment is cancelled."))
    return _back(appointment, request.POST.get("back", "agenda"), appointment.job_seeker)


@require_POST
def appointment_record(request, pk):
    """Held, no-show or excused."""
    appointment = _get_changeable(request, pk)
    try:
        services.appointment_record(
            appointment=appointment,
            status=request.POST.get("status", ""),
            acting_user=request.user,
            expected_version=_version_required(request),
        )
    except ValidationError as error:
        messages.error(request, _("Nothing was saved: %(errors)s") % {"errors": " ".join(error.messages)})
    else:
        messages.success(request, _("Recorded: %(status)s.") % {"status": appointment.get_status_display()})
    return _back(appointment, request.POST.get("back", "agenda"), appointment.job_seeker)
