from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accompaniment.services import list_read_record
from employers import perms
from employers.forms import ConcertationForm, InformationSessionForm, JobDayForm, JobDayGuestForm
from employers.models import Concertation, InformationSession, JobDay, JobDayGuest, Matching
from employers.views.common import require
from missionlocale.forms import ascii_digits

LIST_LIMIT = 100


@require_GET
def event_list(request):
    """Job Days, partner information sessions and zonal concertations, newest first."""
    require(perms.can_view_employers(request.user))
    year = request.GET.get("year", "")
    job_days = JobDay.objects.for_event_list()
    sessions = InformationSession.objects.select_related("partner")
    concertations = Concertation.objects.all()
    if ascii_digits(year) and 1900 <= int(year) <= 2100:
        job_days = job_days.filter(held_on__year=int(year))
        sessions = sessions.filter(held_on__year=int(year))
        concertations = concertations.filter(held_on__year=int(year))
    return render(
        request,
        "employers/event_list.html",
        {
            "job_days": job_days[:LIST_LIMIT],
            "sessions": sessions[:LIST_LIMIT],
            "concertations": concertations[:LIST_LIMIT],
            "year": year,
            "years": range(timezone.localdate().year, 2019, -1),
            "can_manage": perms.can_manage_employers(request.user),
        },
    )


def _create(request, form_class, template_title, success, redirect_to):
    require(perms.can_manage_employers(request.user))
    form = form_class(request.POST or None, request.FILES or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        event = form.save()
        messages.success(request, success)
        return redirect(*redirect_to(event))
    return render(request, "employers/event_form.html", {"form": form, "title": template_title})


@require_http_methods(["GET", "POST"])
def job_day_create(request):
    return _create(
        request,
        JobDayForm,
        _("New Job Day"),
        _("The Job Day is recorded."),
        lambda event: ("employers:job_day_detail", event.pk),
    )


@require_http_methods(["GET", "POST"])
def session_create(request):
    return _create(
        request,
        InformationSessionForm,
        _("New information session"),
        _("The information session is recorded."),
        lambda event: ("employers:event_list",),
    )


@require_http_methods(["GET", "POST"])
def concertation_create(request):
    return _create(
        request,
        ConcertationForm,
        _("New zonal concertation"),
        _("The concertation is recorded."),
        lambda event: ("employers:event_list",),
    )


def job_day_context(request, job_day, guest_form=None) -> dict:
    can_manage = perms.can_manage_employers(request.user)
    return {
        "job_day": job_day,
        "employers": list(job_day.employers.all()),
        "offers": list(job_day.offers.select_related("employer")),
        "guests": list(job_day.guests.select_related("job_seeker").order_by("job_seeker__name_key", "pk")),
        "matchings": list(Matching.objects.filter(job_day=job_day).select_related("job_seeker", "employer", "offer")),
        "can_manage": can_manage,
        "guest_form": guest_form or (JobDayGuestForm(auto_id="guest_%s") if can_manage else None),
    }


def _job_day_page(request, job_day, guest_form=None):
    """The Job Day page, a rejected form included; its guest list is logged on every read that names someone (rule
    5): the guests come from every caseload, and checking each against the reader's team would cost a query."""
    context = job_day_context(request, job_day, guest_form=guest_form)
    if context["guests"] or context["matchings"]:
        list_read_record(user=request.user, detail=f"job day {job_day.pk} guests")
    return render(request, "employers/job_day_detail.html", context)


@require_GET
def job_day_detail(request, pk):
    require(perms.can_view_employers(request.user))
    job_day = get_object_or_404(JobDay, pk=pk)
    return _job_day_page(request, job_day)


@require_POST
def job_day_guest_add(request, pk):
    require(perms.can_manage_employers(request.user))
    job_day = get_object_or_404(JobDay, pk=pk)
    form = JobDayGuestForm(request.POST, auto_id="guest_%s")
    if form.is_valid():
        JobDayGuest.objects.update_or_create(
            job_day=job_day,
            job_seeker=form.cleaned_data["job_seeker"],
            defaults={"present": form.cleaned_data["present"]},
        )
        messages.success(request, _("%(name)s is on the guest list.") % {"name": form.cleaned_data["job_seeker"]})
        return redirect("employers:job_day_detail", pk=job_day.pk)
    return _job_day_page(request, job_day, guest_form=form)


@require_POST
def job_day_guest_presence(request, pk):
    require(perms.can_manage_employers(request.user))
    guest = get_object_or_404(JobDayGuest, pk=pk)
    guest.present = not guest.present
    guest.save(update_fields=["present"])
    return redirect("employers:job_day_detail", pk=guest.job_day_id)


@require_GET
def concertation_minutes(request, pk):
    require(perms.can_view_employers(request.user))
    concertation = get_object_or_404(Concertation, pk=pk)
    if not concertation.minutes:
        raise Http404
    return FileResponse(concertation.minutes.open("rb"), as_attachment=True)
