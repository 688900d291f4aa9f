from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accompaniment import durability, perms, policy, search_state, selectors, services
from accompaniment.appointments import NO_SHOW_STREAK_WARNING, OUTCOME_CHOICES, no_show_streak
from accompaniment.enums import AccessAction, OrientationResult
from accompaniment.file_sections import file_page_sections
from accompaniment.forms import (
    CHOICES_SHOWN,
    SEARCHABLE_CHOICES,
    AccompanimentOpenForm,
    BarrierForm,
    CloseForm,
    InterviewForm,
    JobSeekerForm,
    OrientationForm,
    OutcomeForm,
    ProjectForm,
    RecognitionForm,
    StepForm,
    TeamAddForm,
    choices_search,
    selects_lazy,
)
from accompaniment.models import Appointment, Interview, JobSeeker, Orientation
from accompaniment.niss import niss_format
from accompaniment.timeline import file_timeline
from missionlocale.forms import beyond_any_id, form_add_service_error, search_text

SEARCH_LIMIT = 50
# No name or number is longer: what is kept in the session stays small.
SEARCH_MAX_LENGTH = 200
# The files opened lately, listed on the search page before anything is typed.
RECENT_SHOWN = 10


def get_readable_file(request, pk) -> JobSeeker:
    """The file, if the user may read files at all; reads outside one's team are logged (rule 5)."""
    if not perms.can_read_files(request.user):
        raise PermissionDenied
    return get_object_or_404(JobSeeker, pk=pk)


def get_editable_file(request, pk) -> JobSeeker:
    job_seeker = get_readable_file(request, pk)
    if not perms.can_edit_file(request.user, job_seeker):
        raise PermissionDenied
    return job_seeker


def get_followed_file(request, pk) -> JobSeeker:
    """A file the user may log contacts and outcomes on: editors, and the counsellor during the follow-up."""
    job_seeker = get_readable_file(request, pk)
    if not perms.can_follow_up(request.user, job_seeker):
        raise PermissionDenied
    return job_seeker


@require_http_methods(["GET", "POST"])
def file_search(request):
    """Search by POST, results by GET: the query is kept in the session behind an opaque key (``?s=``), so a name
    or a NISS typed here never lands in a URL, a log line or the browser history, and Back from a file returns to
    its results without asking to send a form again."""
    if not perms.can_read_files(request.user):
        raise PermissionDenied
    if request.method == "POST":
        query = search_text(request.POST.get("q"))[:SEARCH_MAX_LENGTH]
        if not query:
            return redirect("accompaniment:file_search")
        key = search_state.save(request, "search", [("q", query)])
        return redirect(f"{reverse('accompaniment:file_search')}?s={key}")
    key = request.GET.get("s")
    saved = search_state.recall(request, "search", key)
    if key and saved is None:
        messages.info(request, _("This search has expired: type it again."))
    query = dict(saved or []).get("q", "")
    recent_pks = search_state.recent_files(request)
    results, recent = [], []
    if query:
        results = list(
            JobSeeker.objects.search(query).for_search_results(query=query, recent_pks=recent_pks)[: SEARCH_LIMIT + 1]
        )
    elif recent_pks:
        opened = {person.pk: person for person in JobSeeker.objects.filter(pk__in=recent_pks[:RECENT_SHOWN])}
        recent = [opened[pk] for pk in recent_pks[:RECENT_SHOWN] if pk in opened]
    too_many = len(results) > SEARCH_LIMIT
    return render(
        request,
        "accompaniment/file_search.html",
        {
            "query": query,
            "results": results[:SEARCH_LIMIT],
            "too_many": too_many,
            "limit": SEARCH_LIMIT,
            "recent": recent,
            "recent_count": len(recent_pks),
        },
    )


@require_http_methods(["GET", "POST"])
def file_create(request):
    """A new file, unless the person already has one: the same NISS, or the same name and birth date, is refused
    with a link to that file; a name spelt almost the same with the same birth date is shown first, and the file is
    created only once the user confirms it is someone else."""
    if not perms.can_read_files(request.user):
        raise PermissionDenied
    form = JobSeekerForm(request.POST or None)
    duplicates, near_duplicates = [], []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        identity = {"first_name": data["first_name"], "last_name": data["last_name"], "birth_date": data["birth_date"]}
        duplicates = list(services.job_seeker_duplicates(**identity, niss=data["niss"]))
        if not duplicates and request.POST.get("confirm_other_person") != "1":
            near_duplicates = selectors.job_seeker_near_duplicates(**identity)
        if not duplicates and not near_duplicates:
            local_projects = data.pop("local_projects")
            job_seeker = services.job_seeker_create(acting_user=request.user, local_projects=local_projects, **data)
            messages.success(request, _("The file of %(name)s is created.") % {"name": job_seeker.full_name})
            return redirect("accompaniment:file_detail", pk=job_seeker.pk)
    return render(
        request,
        "accompaniment/file_form.html",
        {
            "form": form,
            "duplicates": duplicates,
            "near_duplicates": near_duplicates,
            "creating": True,
            "address_hidden_for_me": False,
            "conflict": None,
        },
    )


@require_http_methods(["GET", "POST"])
def file_edit(request, pk):
    job_seeker = get_editable_file(request, pk)
    hide_address = not policy.field_visible(user=request.user, instance=job_seeker, field_name="street")
    form = JobSeekerForm(request.POST or None, instance=job_seeker, hide_address=hide_address)
    if (
        request.method == "GET"
        and job_seeker.niss
        and not policy.field_visible(user=request.user, instance=job_seeker, field_name="niss")
    ):
        # The form shows the NISS in full to an editor outside the team (a manager): that is an unmasking.
        services.file_access_record(
            user=request.user, job_seeker=job_seeker, action=AccessAction.UNMASK_NISS, detail="edit form"
        )
    duplicates, conflict = [], None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        duplicates = list(
            services.job_seeker_duplicates(
                first_name=data["first_name"],
                last_name=data["last_name"],
                birth_date=data["birth_date"],
                niss=data["niss"],
                exclude_pk=job_seeker.pk,
            )
        )
        if not duplicates:
            local_projects = data.pop("local_projects")
            expected_version = data.pop("version")
            try:
                services.job_seeker_update(
                    job_seeker=job_seeker,
                    acting_user=request.user,
                    local_projects=local_projects,
                    expected_version=expected_version,
                    **data,
                )
            except ValidationError as error:
                if getattr(error, "code", None) != "stale":
                    raise
                form, conflict = _edit_conflict(request, pk, expected_version, error)
            else:
                messages.success(request, _("The file is saved."))
                return redirect("accompaniment:file_detail", pk=job_seeker.pk)
    return render(
        request,
        "accompaniment/file_form.html",
        {
            "form": form,
            "duplicates": duplicates,
            "near_duplicates": [],
            "creating": False,
            "job_seeker": job_seeker,
            "address_hidden_for_me": hide_address,
            "conflict": conflict,
        },
    )


def _edit_conflict(request, pk, loaded_version: int, error: ValidationError):
    """Someone saved the file meanwhile: the editor's input again, and what the other person changed.

    The form keeps what the editor typed but now carries the current version, so saving again is a deliberate
    choice made after seeing the other change. The other change is read from the file's history: the state
    the editor loaded (its version) against the current one.
    """
    from accompaniment.history import _display

    current = JobSeeker.objects.get(pk=pk)
    data = request.POST.copy()
    data["version"] = str(current.version)
    visible = policy.visible_protected_fields(user=request.user, instance=current)
    form = JobSeekerForm(data, instance=current, hide_address="street" not in visible)
    form.is_valid()
    form_add_service_error(form, error)
    # `form` has written the editor's input onto `current`: compare history records, not the instance.
    records = {
        record.version: record
        for record in current.history.filter(version__in=[loaded_version, current.version])
        .select_related("history_user")
        .order_by("history_date", "history_id")
    }
    before, after = records.get(loaded_version), records.get(current.version)
    changes = []
    if before is not None and after is not None:
        for name, field in form.fields.items():
            if name in ("version", "local_projects") or getattr(before, name, None) == getattr(after, name, None):
                continue
            masked = policy.is_protected(JobSeeker, name) and name not in visible
            changes.append((field.label, _display(before, name, masked), _display(after, name, masked)))
    who = str(after.history_user) if after is not None and after.history_user else ""
    return form, {"who": who, "when": after.history_date if after is not None else None, "changes": changes}


def age_on(birth_date, today) -> int:
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def step_counters(steps, today) -> dict:
    """The action plan's counters of the file's header: steps done, of all, and overdue."""
    steps = list(steps)
    return {
        "steps_total": len(steps),
        "steps_done": sum(1 for step in steps if step.done_on),
        "steps_overdue": sum(1 for step in steps if step.is_overdue(today)),
    }


def file_barriers(job_seeker: JobSeeker) -> tuple[list, dict[int, list]]:
    """The file's barriers, and by interview the ones it worked on (always the file's own: services.interview_log),
    in one query: the barriers with a LEFT JOIN on the interviews' link, a row per interview that worked on one."""
    barriers, worked_on = {}, {}
    for row in job_seeker.barriers.annotate(worked_on_in=F("interviews__pk")):
        barrier = barriers.setdefault(row.pk, row)
        if row.worked_on_in is not None:
            worked_on.setdefault(row.worked_on_in, []).append(barrier)
    return list(barriers.values()), worked_on


# The file shows the coming appointments and this many past ones.
FILE_PAST_APPOINTMENTS = 5


def file_appointments(user, job_seeker: JobSeeker) -> tuple[list, int, int]:
    """The file's coming appointments and its last FILE_PAST_APPOINTMENTS, in time order, how many older ones
    are not shown, and the no-shows in a row: two queries (the appointments, their other staff)."""
    appointments = list(Appointment.objects.filter(job_seeker=job_seeker).for_agenda())
    streak = no_show_streak(job_seeker, appointments=appointments)
    now = timezone.now()
    past = [a for a in appointments if a.starts_at < now]
    shown = past[-FILE_PAST_APPOINTMENTS:] + [a for a in appointments if a.starts_at >= now]
    for appointment in shown:
        appointment.job_seeker = job_seeker  # the file's cached team facts serve every row
        appointment.person_visible = True
        appointment.changeable = perms.can_change_appointment(user, appointment)
    return shown, max(0, len(past) - FILE_PAST_APPOINTMENTS), streak


def file_detail_context(request, job_seeker: JobSeeker, *, access_log: list | None = None) -> dict:
    """Everything the file page shows, in a bounded number of queries. The reads it logs (confidential notes) are
    added to ``access_log`` when given, for the caller to write with its own; else written here."""
    user = request.user
    accompaniments = list(
        job_seeker.accompaniments.select_related("counsellor", "project")
        .prefetch_related("outcomes")
        .order_by("-started_on", "-pk")
    )
    current = next((a for a in accompaniments if a.is_open), None)
    if current is not None:
        # The page shows the action plan of the open accompaniment only: a file without one reads no steps.
        prefetch_related_objects([current], "steps")
    last_closed = accompaniments[0] if accompaniments and not current else None
    interviews = list(
        Interview.objects.filter(job_seeker=job_seeker).select_related("staff").order_by("-occurred_on", "-pk")
    )
    orientations = list(Orientation.objects.filter(job_seeker=job_seeker).select_related("partner", "staff"))
    team = list(job_seeker.team_members.select_related("user"))
    # The rules of who may do what read the same rows: no query of their own.
    perms.file_rows_known(job_seeker, accompaniments=accompaniments, team_user_ids=[m.user_id for m in team])
    barriers, worked_on = file_barriers(job_seeker)
    for interview in interviews:
        interview.barriers_shown = worked_on.get(interview.pk, [])
    can_edit = perms.can_edit_file(user, job_seeker)
    can_follow_up = perms.can_follow_up(user, job_seeker)
    following_up = can_follow_up and not can_edit
    show_confidential_projects = perms.can_see_confidential_projects(user, job_seeker)
    visible = policy.visible_protected_fields(user=user, instance=job_seeker)
    today = timezone.localdate()
    days_left = current.days_left(today) if current else None
    project = getattr(current, "project", None) if current else None
    local_projects = [p for p in job_seeker.local_projects.all() if show_confidential_projects or not p.confidential]
    interview_form = (
        InterviewForm(
            job_seeker=job_seeker,
            user=user,
            follow_up=last_closed is not None,
            open_barriers=[b for b in barriers if b.lifted_on is None],
        )
        if can_follow_up
        else None
    )
    if interview_form is not None:
        # The page opens at its top, on the file's header; the form is one key away (N, static/js/file_page.js).
        interview_form.fields["occurred_on"].widget.attrs.pop("autofocus", None)
    checkpoints = durability.file_checkpoints(accompaniments)
    # A file nobody accompanies: its creator opens the accompaniment herself, or a manager assigns it.
    waiting = can_edit and not current
    opens_own = waiting and not perms.can_manage_caseloads(user) and perms.can_open_own_accompaniment(user, job_seeker)
    team_form = TeamAddForm() if can_edit else None
    orientation_form = OrientationForm(initial={"oriented_on": today}) if can_edit else None
    open_form = (
        AccompanimentOpenForm(user=user) if waiting and (opens_own or perms.can_manage_caseloads(user)) else None
    )
    selects_lazy(
        user,
        interview_form.fields["staff"] if interview_form is not None else None,
        team_form.fields["user"] if team_form is not None else None,
        open_form.fields["counsellor"] if open_form is not None else None,
        orientation_form.fields["partner"] if orientation_form is not None else None,
    )
    appointments, appointments_more, streak = file_appointments(user, job_seeker)
    return {
        "job_seeker": job_seeker,
        "appointments": appointments,
        "appointments_more": appointments_more,
        "outcome_choices": OUTCOME_CHOICES,
        "now": timezone.now(),
        "no_show_streak": streak,
        "no_show_warning": streak >= NO_SHOW_STREAK_WARNING,
        "local_projects": local_projects,
        "confidential_projects": [p for p in local_projects if p.confidential],
        "age": age_on(job_seeker.birth_date, today),
        **step_counters(current.steps.all() if current else [], today),
        "niss_display": niss_format(job_seeker.niss) if "niss" in visible else policy.masked("niss", job_seeker.niss),
        "niss_masked": "niss" not in visible,
        "address_visible": "street" in visible,
        "safe_channel_visible": "safe_phone" in visible,
        "contact_at_home": perms.can_contact_at_home(job_seeker),
        "can_exercise_rights": perms.can_exercise_rights(user),
        "accompaniments": accompaniments,
        "current": current,
        "days_left": days_left,
        "days_overdue": -days_left if days_left is not None and days_left < 0 else None,
        "barriers": barriers,
        "team": team,
        "orientations": orientations,
        "timeline": file_timeline(
            job_seeker=job_seeker,
            user=user,
            interviews=interviews,
            accompaniments=accompaniments,
            orientations=orientations,
            access_log=access_log,
        ),
        "today": today,
        "can_edit": can_edit,
        "can_log_interview": can_follow_up,
        "following_up": following_up,
        "follow_up_until": perms.follow_up_until(job_seeker) if following_up else None,
        "interview_form": interview_form,
        "barrier_form": BarrierForm(initial={"identified_on": today}) if can_edit else None,
        "orientation_form": orientation_form,
        "open_form": open_form,
        "own_fill": services.caseload_counts(user) if opens_own else None,
        "may_ask_assignment": waiting and not opens_own and not perms.can_manage_caseloads(user),
        "assignment_request": job_seeker.assignment_requests.select_related("requested_by").first()
        if waiting
        else None,
        "last_closed": last_closed,
        "late_outcome_form": (OutcomeForm(initial={"occurred_on": today}) if last_closed and can_follow_up else None),
        "can_undo_close": bool(last_closed)
        and services.can_undo_close(accompaniment=last_closed, user=user, today=today),
        "outcome_form": OutcomeForm(initial={"occurred_on": today}) if can_edit and current else None,
        "close_form": CloseForm(initial={"version": current.version}) if can_edit and current else None,
        "recognition_form": RecognitionForm(instance=current) if can_edit and current else None,
        "project": project,
        "project_form": ProjectForm(instance=project) if can_edit and current else None,
        "step_form": StepForm() if can_edit and current else None,
        "team_form": team_form,
        "result_choices": OrientationResult.choices,
        "file_sections": file_page_sections(request=request, job_seeker=job_seeker),
        "checkpoints": checkpoints,
        "checkpoint_recorders": {
            checkpoint.accompaniment.pk
            for checkpoint in checkpoints
            if perms.can_record_checkpoint(user, checkpoint.accompaniment)
        },
    }


def file_page(request, job_seeker: JobSeeker, /, **overrides):
    """The full file page, from any view that shows it (a rejected form too): each render is logged as a read."""
    access_log = []
    context = file_detail_context(request, job_seeker, access_log=access_log)
    services.file_read_record(user=request.user, job_seeker=job_seeker, also=access_log)
    return render(request, "accompaniment/file_detail.html", {**context, **overrides})


@require_GET
def file_detail(request, pk):
    job_seeker = get_readable_file(request, pk)
    response = file_page(request, job_seeker)
    search_state.recent_file_opened(request, response, job_seeker.pk)
    return response


@require_POST
def niss_unmask(request, pk):
    job_seeker = get_readable_file(request, pk)
    if not job_seeker.niss:
        return render(request, "accompaniment/includes/niss.html", {"niss_display": "", "job_seeker": job_seeker})
    if not policy.field_visible(user=request.user, instance=job_seeker, field_name="niss"):
        # Unmasking on request is allowed to every reader of the file and logged (rule 5).
        services.file_access_record(user=request.user, job_seeker=job_seeker, action=AccessAction.UNMASK_NISS)
    context = {"job_seeker": job_seeker, "niss_display": niss_format(job_seeker.niss), "niss_masked": False}
    if request.htmx:
        return render(request, "accompaniment/includes/niss.html", context)
    return file_page(request, job_seeker, **context)


@require_GET
def file_history(request, pk):
    job_seeker = get_readable_file(request, pk)
    services.file_read_record(user=request.user, job_seeker=job_seeker)
    from accompaniment.history import file_history_entries

    return render(
        request,
        "accompaniment/file_history.html",
        {"job_seeker": job_seeker, "entries": file_history_entries(job_seeker, request.user)},
    )


@require_POST
def team_add(request, pk):
    job_seeker = get_editable_file(request, pk)
    form = TeamAddForm(request.POST)
    if form.is_valid():
        services.team_member_add(job_seeker=job_seeker, user=form.cleaned_data["user"], acting_user=request.user)
        messages.success(request, _("%(name)s is added to the team.") % {"name": form.cleaned_data["user"]})
    else:
        messages.error(request, _("Choose a staff member to add to the team."))
    return redirect("accompaniment:file_detail", pk=job_seeker.pk)


@require_GET
def choice_options(request):
    """The options of a searchable select (SearchSelect) for the words typed above it: at most CHOICES_SHOWN.
    What is chosen in the select (its `name`, sent along) stays chosen when listed, and stays listed when
    nothing is typed; otherwise the first match is chosen. Counsellors come with their caseload's fill, for
    managers (who assign files)."""
    if not perms.can_read_files(request.user):
        raise PermissionDenied
    kind = request.GET.get("kind", "")
    if kind not in SEARCHABLE_CHOICES:
        kind = "staff"
    text = search_text(request.GET.get("choice_q", ""))[:SEARCH_MAX_LENGTH]
    name = request.GET.get("name", "")
    chosen = request.GET.get(name, "") if name not in ("", "choice_q", "kind", "name") else ""
    chosen = int(chosen) if chosen.isdigit() and not beyond_any_id(chosen) else None
    rows = list(choices_search(kind, text)[:CHOICES_SHOWN])
    if chosen is not None and not text and chosen not in {row.pk for row in rows}:
        rows = list(SEARCHABLE_CHOICES[kind][0]().filter(pk=chosen)) + rows[: CHOICES_SHOWN - 1]
    if chosen not in {row.pk for row in rows}:
        chosen = rows[0].pk if text and rows else None
    if kind == "counsellor" and perms.can_manage_caseloads(request.user):
        fills = {c.pk: c for c in selectors.counsellors_with_fill(pks=[row.pk for row in rows])}
        for row in rows:
            fill = fills.get(row.pk)
            row.fill = f"{fill.open_count}/{fill.caseload_capacity}" if fill else ""
    return render(
        request,
        "accompaniment/includes/choice_options.html",
        {"rows": rows, "text": text, "kind": kind, "chosen": chosen},
    )
