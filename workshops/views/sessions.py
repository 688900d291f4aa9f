from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accompaniment import perms as accompaniment_perms
from accompaniment.enums import AccessAction
from accompaniment.models import JobSeeker, Outcome
from accompaniment.services import file_access_record, file_read_record, list_read_record
from missionlocale.exports import table_response
from missionlocale.forms import ascii_digits, form_add_save_error, form_add_service_error, search_text
from workshops import perms, services
from workshops.enums import SEATED_STATUSES, AttendanceStatus, EnrolmentStatus, ModuleKind
from workshops.forms import EnrolForm, FileEnrolForm, MeetingForm, SessionForm, StatusForm
from workshops.models import Enrolment, Meeting, Module, Session, Visitor

CANDIDATE_LIMIT = 20
PAGE_SIZE = 50


def _require_workshops(user):
    if not perms.can_use_workshops(user):
        raise PermissionDenied


def get_session(request, pk) -> Session:
    _require_workshops(request.user)
    return get_object_or_404(Session.objects.select_related("module", "local_project"), pk=pk)


def get_run_session(request, pk) -> Session:
    session = get_session(request, pk)
    if not perms.can_run_session(request.user, session):
        raise PermissionDenied
    return session


@require_GET
def module_list(request):
    _require_workshops(request.user)
    modules = (
        Module.objects.filter(is_active=True)
        .select_related("funder", "local_project")
        .annotate(session_count=Count("sessions"))
        .order_by("kind", "name")
    )
    return render(request, "workshops/module_list.html", {"modules": modules})


def _year(request, default: int | None) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if ascii_digits(value) and 2000 <= int(value) <= 2100 else default


@require_GET
def session_list(request):
    """The facilitator's day (today's meetings, their sessions), then the sessions not over yet, the soonest first,
    or those of a chosen year, a page at a time."""
    _require_workshops(request.user)
    today = timezone.localdate()
    year = _year(request, None)
    kind = request.GET.get("kind", "")
    sessions = Session.objects.for_list_page()
    sessions = sessions.running_in(year) if year else sessions.current_and_upcoming(today)
    module_id = request.GET.get("module", "")
    if kind in ModuleKind.values:
        sessions = sessions.filter(module__kind=kind)
    if ascii_digits(module_id):
        sessions = sessions.filter(module_id=module_id)
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    for session in page:
        session.fill_percent = min(100, round(100 * session.seated_count / session.capacity))
    todays = (
        Meeting.objects.filter(date=today, session__in=Session.objects.led_by(request.user))
        .select_related("session__module")
        .order_by("starts_at", "pk")
    )
    return render(
        request,
        "workshops/session_list.html",
        {
            "page": page,
            "todays_meetings": todays,
            "year": year,
            "years": list(range(today.year + 1, today.year - 7, -1)),
            "kind": kind,
            "kinds": ModuleKind.choices,
            "can_create": perms.can_create_sessions(request.user),
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def session_create(request):
    _require_workshops(request.user)
    if not perms.can_create_sessions(request.user):
        raise PermissionDenied
    initial = {"facilitators": [request.user.pk], "weekday_choices": [1, 3], "capacity": 12}
    if ascii_digits(request.GET.get("module", "")):
        initial["module"] = request.GET["module"]
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        weekdays = data.pop("weekday_choices")
        facilitators = data.pop("facilitators")
        session = services.session_create(
            facilitators=facilitators,
            acting_user=request.user,
            weekdays=",".join(str(day) for day in sorted(weekdays)),
            **data,
        )
        messages.success(
            request,
            _("The session is created with %(count)s meetings.") % {"count": session.meetings.count()},
        )
        return redirect("workshops:session_detail", pk=session.pk)
    return render(request, "workshops/session_form.html", {"form": form, "creating": True})


@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = get_run_session(request, pk)
    form = SessionForm(request.POST or None, instance=session, creating=False)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.session_update(
                session=session,
                facilitators=data.pop("facilitators"),
                expected_version=data.pop("version"),
                acting_user=request.user,
                **data,
            )
        except ValidationError as error:
            conflict = form_add_save_error(form, error, instance=session)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("workshops:session_detail", pk=session.pk)
    return render(
        request,
        "workshops/session_form.html",
        {"form": form, "creating": False, "session": session, "conflict": conflict},
    )


def session_detail_context(request, session: Session) -> dict:
    """The session page: fill rate, attendance rate per meeting, participants and their outcomes so far."""
    user = request.user
    today = timezone.localdate()
    show_participants = perms.can_see_participants(user, session)
    enrolments = list(
        session.enrolments.select_related("job_seeker", "visitor")
        .with_attendance_counts()
        .order_by("status", "job_seeker__last_name", "visitor__last_name", "pk")
    )
    seated = [e for e in enrolments if e.status in SEATED_STATUSES]
    waiting = sorted(
        (e for e in enrolments if e.status == EnrolmentStatus.WAITING), key=lambda e: (e.waiting_since, e.pk)
    )
    meetings = list(
        session.meetings.annotate(
            present=Count("attendances", filter=Q(attendances__status=AttendanceStatus.PRESENT)),
            marked=Count("attendances"),
        )
    )
    for meeting in meetings:
        meeting.rate = round(100 * meeting.present / meeting.marked) if meeting.marked else None
    outcomes = defaultdict(list)
    if show_participants:
        people = [e.job_seeker_id for e in enrolments if e.job_seeker_id]
        for outcome in Outcome.objects.filter(
            accompaniment__job_seeker__in=people, occurred_on__gte=session.starts_on
        ).select_related("accompaniment"):
            outcomes[outcome.accompaniment.job_seeker_id].append(outcome)
    total_meetings = len(meetings)
    for enrolment in enrolments:
        enrolment.outcomes_so_far = outcomes.get(enrolment.job_seeker_id, [])
        enrolment.rule_met = bool(total_meetings) and (
            enrolment.present_count * 100 >= session.module.completion_rate * total_meetings
        )
    held = [m for m in meetings if m.marked]
    return {
        "session": session,
        "module": session.module,
        "facilitators": list(session.facilitators.all()),
        "show_participants": show_participants,
        "can_run": perms.can_run_session(user, session),
        "enrolments": [e for e in enrolments if e.status != EnrolmentStatus.WAITING] if show_participants else [],
        "waiting": waiting if show_participants else [],
        "seated_count": len(seated),
        "waiting_count": len(waiting),
        "fill_percent": min(100, round(100 * len(seated) / session.capacity)),
        "meetings": meetings,
        "attendance_rate": round(sum(m.rate for m in held) / len(held)) if held else None,
        "positive_count": sum(1 for e in enrolments if any(o.is_positive for o in e.outcomes_so_far)),
        "status_choices": EnrolmentStatus.choices,
        "meeting_form": MeetingForm(initial={"starts_at": session.starts_at, "ends_at": session.ends_at}),
        "today": today,
        "is_digital": session.module.kind == ModuleKind.DIGITAL_TRAINING,
    }


@require_GET
def session_detail(request, pk):
    return _session_page(request, get_session(request, pk))


def _session_page(request, session: Session, **forms):
    """The session page, a rejected form included; its participant list is logged on every read (rule 5): whether
    each participant is in the reader's team would cost a query per page, so every read that names someone is."""
    context = {**session_detail_context(request, session), **forms}
    if context["show_participants"] and any(e.job_seeker_id for e in context["enrolments"] + context["waiting"]):
        list_read_record(user=request.user, detail=f"session {session.pk} participants")
    return render(request, "workshops/session_detail.html", context)


@require_POST
def meeting_add(request, pk):
    session = get_run_session(request, pk)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_save(session=session, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The meeting is added."))
            return redirect("workshops:session_detail", pk=session.pk)
    return _session_page(request, session, meeting_form=form)


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("session__module"), pk=pk)
    session = get_run_session(request, meeting.session_id)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST":
        if request.POST.get("delete"):
            try:
                services.meeting_delete(meeting=meeting, acting_user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("workshops:meeting_edit", pk=meeting.pk)
            messages.success(request, _("The meeting is deleted."))
            return redirect("workshops:session_detail", pk=session.pk)
        if form.is_valid():
            try:
                services.meeting_save(session=session, meeting=meeting, acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("The meeting is saved."))
                return redirect("workshops:session_detail", pk=session.pk)
    return render(request, "workshops/meeting_form.html", {"form": form, "meeting": meeting, "session": session})


@require_POST
def candidates(request, pk):
    """People to enrol, searched by POST (a name never lands in a URL): files for modules, EPN visitors for
    digital trainings."""
    session = get_run_session(request, pk)
    query = search_text(request.POST.get("q"))
    results = []
    if len(query) >= 2:
        if session.module.kind == ModuleKind.DIGITAL_TRAINING:
            results = list(Visitor.objects.search(query).order_by("name_key", "pk")[:CANDIDATE_LIMIT])
        else:
            results = list(JobSeeker.objects.search(query).order_by("name_key", "birth_date", "pk")[:CANDIDATE_LIMIT])
    enrolled = set(
        session.enrolments.exclude(status__in=[EnrolmentStatus.WITHDRAWN, EnrolmentStatus.REFUSED]).values_list(
            "visitor_id" if session.module.kind == ModuleKind.DIGITAL_TRAINING else "job_seeker_id", flat=True
        )
    )
    for person in results:
        person.already = person.pk in enrolled
    return render(
        request,
        "workshops/includes/candidates.html",
        {"session": session, "results": results, "query": query, "is_digital": session.module.kind != "collective"},
    )


@require_POST
def enrol(request, pk):
    session = get_run_session(request, pk)
    form = EnrolForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a person to enrol."))
        return redirect("workshops:session_detail", pk=session.pk)
    person_id = form.cleaned_data["person"]
    if session.module.kind == ModuleKind.DIGITAL_TRAINING:
        person = {"visitor": get_object_or_404(Visitor, pk=person_id)}
    else:
        person = {"job_seeker": get_object_or_404(JobSeeker, pk=person_id)}
    try:
        enrolment = services.enrolment_add(
            session=session, acting_user=request.user, invited=form.cleaned_data["invited"], **person
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if enrolment.status == EnrolmentStatus.WAITING:
            messages.warning(
                request, _("The session is full: %(name)s is on the waiting list.") % {"name": enrolment.participant}
            )
        else:
            messages.success(request, _("%(name)s is enrolled.") % {"name": enrolment.participant})
    return redirect("workshops:session_detail", pk=session.pk)


@require_POST
def enrolment_status(request, pk):
    enrolment = get_object_or_404(Enrolment.objects.select_related("session__module", "job_seeker", "visitor"), pk=pk)
    session = get_run_session(request, enrolment.session_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect("workshops:session_detail", pk=session.pk)
    try:
        offered = services.enrolment_set_status(
            enrolment=enrolment, status=form.cleaned_data["status"], acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The status of %(name)s is saved.") % {"name": enrolment.participant})
        if offered:
            messages.info(
                request,
                _("The freed seat is offered to %(name)s, first on the waiting list: they are now invited.")
                % {"name": offered.participant},
            )
    return redirect("workshops:session_detail", pk=session.pk)


@require_GET
def session_export(request, pk):
    """The participants as CSV: names, statuses and attendance counts; nothing of their files."""
    session = get_session(request, pk)
    if not perms.can_see_participants(request.user, session):
        raise PermissionDenied
    context = session_detail_context(request, session)
    file_access_record(
        user=request.user, job_seeker=None, action=AccessAction.EXPORT, detail=f"session {session.pk} participants"
    )
    rows = [
        [
            enrolment.participant.last_name,
            enrolment.participant.first_name,
            enrolment.get_status_display(),
            enrolment.present_count,
            len(context["meetings"]),
        ]
        for enrolment in context["enrolments"] + context["waiting"]
    ]
    return table_response(
        fmt="csv",
        filename=f"session-{session.pk}",
        header=[_("Last name"), _("First name"), _("Status"), _("Meetings attended"), _("Meetings")],
        rows=rows,
    )


def _file_sessions():
    today = timezone.localdate()
    return (
        Session.objects.filter(ends_on__gte=today, module__kind=ModuleKind.COLLECTIVE, module__is_active=True)
        .select_related("module")
        .order_by("starts_on", "pk")
    )


@require_http_methods(["GET", "POST"])
def file_enrolments(request, pk):
    """A person's modules, from their file: what the reader may see, and enrolment in an open session."""
    if not accompaniment_perms.can_read_files(request.user):
        raise PermissionDenied
    job_seeker = get_object_or_404(JobSeeker, pk=pk)
    can_enrol = perms.can_enrol_from_file(request.user, job_seeker)
    sessions = _file_sessions()
    if not accompaniment_perms.can_see_confidential_projects(request.user, job_seeker):
        # Only the person's team and psychologists may put someone in Nouveaux Départs (or see it offered).
        sessions = sessions.exclude(module__confidential=True)
    form = FileEnrolForm(request.POST or None, sessions=sessions)
    if request.method == "POST":
        if not can_enrol:
            raise PermissionDenied
        if form.is_valid():
            try:
                enrolment = services.enrolment_add(
                    session=form.cleaned_data["session"],
                    job_seeker=job_seeker,
                    acting_user=request.user,
                    invited=form.cleaned_data["invited"],
                )
            except ValidationError as error:
                form_add_service_error(form, error)
            else:
                if enrolment.status == EnrolmentStatus.WAITING:
                    messages.warning(request, _("The session is full: the person is on the waiting list."))
                else:
                    messages.success(request, _("The person is enrolled."))
                return redirect("workshops:file_enrolments", pk=job_seeker.pk)
    # Shown in full, a rejected enrolment included: a read of the file (rule 5).
    file_read_record(user=request.user, job_seeker=job_seeker)
    enrolments = (
        Enrolment.objects.visible_to(request.user)
        .filter(job_seeker=job_seeker)
        .select_related("session__module")
        .with_attendance_counts()
        .annotate(meeting_count=Count("session__meetings", distinct=True))
        .order_by("-session__starts_on", "-pk")
    )
    return render(
        request,
        "workshops/file_enrolments.html",
        {"job_seeker": job_seeker, "enrolments": enrolments, "form": form if can_enrol else None},
    )
