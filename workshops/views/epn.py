"""The public computer room (EPN): the walk-in reception, individual digital coaching, the visitor page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accompaniment.models import JobSeeker
from missionlocale.forms import ascii_digits, form_add_service_error, search_text
from workshops import perms, services
from workshops.enums import ModuleKind
from workshops.forms import CoachingForm, VisitorForm
from workshops.models import CoachingSession, ComputerVisit, Enrolment, Session, Visitor

SEARCH_LIMIT = 15


def _require_epn(user):
    if not perms.can_use_epn(user):
        raise PermissionDenied


def _today_context():
    today = timezone.localdate()
    visits = ComputerVisit.objects.filter(visited_on=today)
    counts = visits.aggregate(
        total=Count("pk"),
        anonymous=Count("pk", filter=Q(visitor__isnull=True)),
        people=Count("visitor", distinct=True),
    )
    return {
        "today": today,
        "today_counts": counts,
        "recent_visits": visits.select_related("visitor").order_by("-at", "-pk")[:12],
    }


@require_GET
def reception(request):
    _require_epn(request.user)
    trainings = (
        Session.objects.for_list_page()
        .filter(module__kind=ModuleKind.DIGITAL_TRAINING, ends_on__gte=timezone.localdate())
        .order_by("starts_on", "pk")[:6]
    )
    return render(
        request, "workshops/epn_reception.html", {**_today_context(), "trainings": trainings, "form": VisitorForm()}
    )


@require_POST
def search(request):
    """Find the person: EPN visitors and job-seeker files, by name, by POST (never in a URL)."""
    _require_epn(request.user)
    query = search_text(request.POST.get("q"))
    visitors, files = [], []
    if len(query) >= 2:
        visitors = list(
            Visitor.objects.search(query).select_related("job_seeker").order_by("name_key", "pk")[:SEARCH_LIMIT]
        )
        files = list(
            JobSeeker.objects.search(query)
            .filter(visitor__isnull=True)
            .order_by("name_key", "birth_date", "pk")[:SEARCH_LIMIT]
        )
    parts = query.split(None, 1)
    form = VisitorForm(
        initial={"first_name": parts[0] if parts else "", "last_name": parts[1] if len(parts) > 1 else ""}
    )
    return render(
        request,
        "workshops/includes/epn_results.html",
        {
            "query": query,
            "visitors": visitors,
            "files": files,
            "form": form,
            "mode": request.POST.get("mode", "visit"),
        },
    )


@require_POST
def visit_log(request):
    """Log a visit: of a known visitor, of a person with a file (recorded as a visitor once), of a new person, or
    anonymous."""
    _require_epn(request.user)
    visitor = None
    if request.POST.get("visitor"):
        visitor = get_object_or_404(
            Visitor, pk=request.POST["visitor"] if ascii_digits(request.POST["visitor"]) else 0
        )
    elif request.POST.get("job_seeker"):
        value = request.POST["job_seeker"]
        job_seeker = get_object_or_404(JobSeeker, pk=value if ascii_digits(value) else 0)
        visitor = services.visitor_create(
            first_name=job_seeker.first_name,
            last_name=job_seeker.last_name,
            job_seeker=job_seeker,
            acting_user=request.user,
        )
    elif not request.POST.get("anonymous"):
        form = VisitorForm(request.POST)
        if not form.is_valid():
            context = {
                **_today_context(),
                "form": form,
                "error": _("Give at least a first name, or log an anonymous visit."),
            }
            return render(
                request,
                "workshops/includes/epn_today.html" if request.htmx else "workshops/epn_reception.html",
                {**context, "trainings": []},
            )
        visitor = services.visitor_create(acting_user=request.user, **form.cleaned_data)
    services.visit_log(visitor=visitor, acting_user=request.user)
    if request.POST.get("next") == "visitor" and visitor:
        return redirect("workshops:visitor_detail", pk=visitor.pk)
    message = _("Visit of %(name)s logged.") % {"name": visitor.full_name} if visitor else _("Anonymous visit logged.")
    if request.htmx:
        return render(request, "workshops/includes/epn_today.html", {**_today_context(), "logged": message})
    messages.success(request, message)
    return redirect("workshops:epn")


@require_http_methods(["GET", "POST"])
def visitor_detail(request, pk):
    """One EPN visitor: their visits, coaching sessions and trainings; the coach logs a session here."""
    _require_epn(request.user)
    visitor = get_object_or_404(Visitor.objects.select_related("job_seeker"), pk=pk)
    form = CoachingForm(request.POST or None, initial={"occurred_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.coaching_log(visitor=visitor, coach=request.user, acting_user=request.user, **data)
            except ValidationError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("The coaching session is logged."))
                return redirect("workshops:visitor_detail", pk=visitor.pk)
    return render(
        request,
        "workshops/visitor_detail.html",
        {
            "visitor": visitor,
            "visits": visitor.visits.order_by("-at")[:20],
            "visit_count": visitor.visits.count(),
            "coaching_sessions": visitor.coaching_sessions.select_related("coach")[:20],
            "trainings": Enrolment.objects.filter(visitor=visitor).select_related("session__module"),
            "form": form,
        },
    )


@require_GET
def coaching_list(request):
    """The coach's recent sessions and the month's figures."""
    _require_epn(request.user)
    today = timezone.localdate()
    month = CoachingSession.objects.filter(occurred_on__year=today.year, occurred_on__month=today.month)
    return render(
        request,
        "workshops/coaching_list.html",
        {
            "sessions": CoachingSession.objects.select_related("visitor", "coach")[:50],
            "month_counts": month.aggregate(sessions=Count("pk"), people=Count("visitor", distinct=True)),
            "today": today,
        },
    )
