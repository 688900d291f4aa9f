"""Writes on job-seeker files. Every write that matters goes through one of these functions."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from accompaniment import perms
from accompaniment.appointments import (
    DEFAULT_APPOINTMENT_MINUTES,
    appointment_book,
    appointment_hold_for_interview,
    appointments_reassign,
    kind_for,
)
from accompaniment.enums import AccessAction, AccompanimentStatus, AssignmentReason, ReferralSource
from accompaniment.models import (
    CONFIDENTIAL_PROFESSIONS,
    Accompaniment,
    ActionStep,
    Appointment,
    AssignmentRequest,
    Barrier,
    ExitCheckpoint,
    FileAccess,
    Interview,
    JobSeeker,
    Orientation,
    Outcome,
    ProfessionalProject,
    TeamMember,
)
from accompaniment.niss import name_key
from accompaniment.reminders import reminders_reschedule_for_file
from missionlocale.dates import add_months, add_years
from missionlocale.enums import Role
from missionlocale.figure_cache import RECORDS, data_changed
from missionlocale.models import User
from missionlocale.services import instance_save, instance_save_versioned

logger = logging.getLogger(__name__)


def add_one_year(day: datetime.date) -> datetime.date:
    """The planned end of a one-year accompaniment (29 February ends on 28 February)."""
    return add_years(day, 1)


def _with_identity_keys(job_seeker: JobSeeker, fields: dict) -> dict:
    """``fields`` plus what derives from them: no NISS stored as NULL (the column is unique) and the name key
    that finds duplicates whatever the accents and case."""

    def value(name):
        return fields.get(name, getattr(job_seeker, name))

    return {**fields, "niss": value("niss") or None, "name_key": name_key(value("last_name"), value("first_name"))}


def job_seeker_duplicates(*, first_name: str, last_name: str, birth_date, niss: str | None, exclude_pk=None):
    """Existing files with the same NISS, or the same name and birth date (whatever the accents and case)."""
    from django.db.models import Q

    condition = Q(name_key=name_key(last_name, first_name), birth_date=birth_date)
    if niss:
        condition |= Q(niss=niss)
    duplicates = JobSeeker.objects.filter(condition)
    if exclude_pk:
        duplicates = duplicates.exclude(pk=exclude_pk)
    return duplicates.order_by("pk")


@transaction.atomic
def job_seeker_create(*, acting_user, local_projects=(), **fields) -> JobSeeker:
    job_seeker = JobSeeker(created_by=acting_user)
    instance_save(instance=job_seeker, fields=_with_identity_keys(job_seeker, fields), acting_user=acting_user)
    job_seeker.local_projects.set(local_projects)
    return job_seeker


# A stale save of the file or of anything recorded on it: the file form shows the other change below this
# message (accompaniment/views/files.py), the file page shows the file as it now is.
FILE_STALE_MESSAGE = gettext_lazy(
    "Someone else saved this file while you were editing it: nothing was saved. "
    "Their changes are shown below; check them, then save again."
)


# What decides whether, and where, a person's appointment reminders go.
REMINDER_CONTACT_FIELDS = (
    "reminder_channel",
    "phone",
    "email",
    "safe_phone",
    "safe_email",
    "do_not_contact_at_home",
    "anonymised_at",
)


@transaction.atomic
def job_seeker_update(
    *, job_seeker: JobSeeker, acting_user, local_projects=None, expected_version: int | None = None, **fields
) -> JobSeeker:
    """Save the file, unless someone else saved it since it was loaded (optimistic concurrency).

    ``expected_version`` is the version the editor's form was loaded with (by default, the instance's). The
    version is bumped by one ``UPDATE ... WHERE version = n``: of two simultaneous saves from the same version,
    the second finds no row to update and is refused with a ValidationError of code "stale"; nothing is written.
    """
    # As stored: a bound form has already written its values on the instance.
    contact_before = JobSeeker.objects.filter(pk=job_seeker.pk).values(*REMINDER_CONTACT_FIELDS).first()
    instance_save_versioned(
        instance=job_seeker,
        acting_user=acting_user,
        expected_version=expected_version,
        fields=_with_identity_keys(job_seeker, fields),
        stale_message=FILE_STALE_MESSAGE,
    )
    if local_projects is not None:
        job_seeker.local_projects.set(local_projects)
    if contact_before != {name: getattr(job_seeker, name) for name in REMINDER_CONTACT_FIELDS}:
        # Consent, channel or contact changed: the coming appointments' reminders follow.
        reminders_reschedule_for_file(job_seeker=job_seeker)
    return job_seeker


def caseload_counts(counsellor) -> tuple[int, int]:
    """(open accompaniments, of which referred by Actiris) of one counsellor."""
    from django.db.models import Count, Q

    counts = (
        Accompaniment.objects.open()
        .filter(counsellor=counsellor)
        .aggregate(total=Count("pk"), actiris=Count("pk", filter=Q(referral_source=ReferralSource.ACTIRIS)))
    )
    return counts["total"], counts["actiris"]


def capacity_refusal(*, counsellor, referral_source: str) -> ValidationError | None:
    """Why one more accompaniment does not fit in this caseload (rule 2), or None when it fits.

    Two limits, both pro rata of the FTE: 150 open accompaniments in all, and 100 of them referred by Actiris.
    The error's code says which is full: "capacity" or "actiris_capacity".
    """
    total, actiris = caseload_counts(counsellor)
    capacity, actiris_capacity = counsellor.caseload_capacity, counsellor.actiris_caseload_capacity
    fte = {"fte": f"{counsellor.fte.normalize():f}".replace(".", ",")}
    if total >= capacity:
        return ValidationError(
            _(
                "The caseload of %(name)s is full: %(total)s open accompaniments for a capacity of %(capacity)s "
                "(150 per full-time post, %(fte)s FTE). Only a manager can assign beyond capacity."
            )
            % {"name": counsellor, "total": total, "capacity": capacity, **fte},
            code="capacity",
        )
    if referral_source == ReferralSource.ACTIRIS and actiris >= actiris_capacity:
        return ValidationError(
            _(
                "The Actiris share of the caseload of %(name)s is full: %(actiris)s accompaniments referred by "
                "Actiris for a limit of %(capacity)s (100 per full-time post, %(fte)s FTE). Only a manager can "
                "assign beyond it."
            )
            % {"name": counsellor, "actiris": actiris, "capacity": actiris_capacity, **fte},
            code="actiris_capacity",
        )
    return None


@transaction.atomic
def accompaniment_open(
    *, job_seeker: JobSeeker, counsellor, started_on: datetime.date, acting_user, referral_source: str | None = None
) -> Accompaniment:
    """Open a one-year accompaniment (rule 1). Beyond capacity, in all or in its Actiris share, only a manager
    may assign (rule 2): anyone else gets a ValidationError that names what is full."""
    from accompaniment.perms import can_manage_caseloads

    # Lock the file so that two simultaneous openings cannot both pass the check.
    JobSeeker.objects.select_for_update().filter(pk=job_seeker.pk).first()
    if Accompaniment.objects.open().filter(job_seeker=job_seeker).exists():
        raise ValidationError(_("This person already has an open accompaniment."), code="already_open")
    referral_source = referral_source or job_seeker.referral_source
    if not can_manage_caseloads(acting_user):
        refusal = capacity_refusal(counsellor=counsellor, referral_source=referral_source)
        if refusal is not None:
            raise refusal
    accompaniment = Accompaniment(
        job_seeker=job_seeker,
        counsellor=counsellor,
        started_on=started_on,
        planned_end_on=add_one_year(started_on),
        referral_source=referral_source,
    )
    return instance_save(instance=accompaniment, acting_user=acting_user)


def _managers():
    return User.objects.with_role(Role.MANAGER).filter(is_active=True)


@transaction.atomic
def assignment_request(*, job_seeker: JobSeeker, reason: str, acting_user, file_url: str) -> AssignmentRequest:
    """Put a file its creator cannot take on the managers' "files to assign" list and tell them by email.

    Asked again while the file still waits, the request is kept as it was and nobody is emailed twice. The
    email names no one: the reason and a link to the file, which only staff can open.
    """
    waiting = AssignmentRequest.objects.filter(job_seeker=job_seeker).first()
    if waiting is not None:
        return waiting
    request = AssignmentRequest.objects.create(job_seeker=job_seeker, requested_by=acting_user, reason=reason)
    recipients = sorted({address for address in _managers().values_list("email", flat=True) if address})

    def notify():
        sent = send_mail(
            _("%(organisation)s: a file to assign") % {"organisation": settings.ORGANISATION_NAME},
            _(
                "Hello,\n\n%(staff)s created a file and cannot take it on: %(reason)s.\nAssign it to a "
                "counsellor: %(url)s\n(it is also on the list of files to assign of the caseloads page).\n"
            )
            % {"staff": acting_user, "reason": AssignmentReason(reason).label, "url": file_url},
            None,
            recipients,
            fail_silently=True,
        )
        # Ids only: the log never names anyone.
        logger.info("assignment request %s by staff %s (managers emailed: %s)", request.pk, acting_user.pk, sent)

    if recipients:
        transaction.on_commit(notify)
    return request


@transaction.atomic
def outcome_record(
    *,
    accompaniment: Accompaniment,
    kind: str,
    occurred_on: datetime.date,
    acting_user,
    organisation="",
    note="",
    system_note="",
    system_note_params: dict | None = None,
) -> Outcome:
    """``note`` is what staff wrote; a note the product writes is a ``system_note`` code (enums.SystemNote) and its
    parameters, written out in each reader's language."""
    if occurred_on < accompaniment.started_on:
        raise ValidationError(
            {"occurred_on": _("An outcome cannot precede the start of the accompaniment.")}, code="before_start"
        )
    outcome = Outcome(
        accompaniment=accompaniment,
        kind=kind,
        occurred_on=occurred_on,
        organisation=organisation,
        note=note,
        system_note=system_note,
        system_note_params=system_note_params,
        recorded_by=acting_user,
    )
    return instance_save(instance=outcome, acting_user=acting_user)


@transaction.atomic
def checkpoint_record(
    *,
    job_seeker: JobSeeker,
    exit_on: datetime.date,
    months: int,
    reached: bool,
    situation: str,
    acting_user,
    note: str = "",
    accompaniment: Accompaniment | None = None,
    checkpoint: ExitCheckpoint | None = None,
    today: datetime.date | None = None,
) -> ExitCheckpoint:
    """Record (or correct) a follow-up checkpoint ``months`` after a positive exit on ``exit_on``.

    An accompaniment's exit has one checkpoint per number of months: recorded again, the same row is corrected
    (its history keeps the former answer). Without an accompaniment (an insertion contract's follow-up), the
    caller passes the row it already links to, if any. A checkpoint cannot be recorded before it is due.
    """
    due_on = add_months(exit_on, months)
    if due_on > (today or timezone.localdate()):
        raise ValidationError(
            _("This checkpoint is due on %(date)s: it can be recorded from that day.")
            % {"date": due_on.strftime("%d/%m/%Y")},
            code="not_due",
        )
    if checkpoint is None and accompaniment is not None:
        checkpoint = (
            ExitCheckpoint.objects.select_for_update().filter(accompaniment=accompaniment, months=months).first()
        )
    fields = {
        "job_seeker": job_seeker,
        "accompaniment": accompaniment,
        "exit_on": exit_on,
        "months": months,
        "due_on": due_on,
        "reached": reached,
        "situation": situation,
        "note": note,
        "recorded_by": acting_user,
        "recorded_at": timezone.now(),
    }
    return instance_save(instance=checkpoint or ExitCheckpoint(), fields=fields, acting_user=acting_user)


def accompaniment_close_check(
    *, accompaniment: Accompaniment, closed_on: datetime.date, expected_version: int | None = None
) -> None:
    """Raise the ValidationError closing would raise: the confirmation page is shown only for a close that can
    be made."""
    if expected_version is not None and expected_version != accompaniment.version:
        # Closed (or changed) by someone else meanwhile: the same refusal as any stale save, before the others.
        raise ValidationError(FILE_STALE_MESSAGE, code="stale")
    if not accompaniment.is_open:
        raise ValidationError(_("This accompaniment is already closed."), code="already_closed")
    if not accompaniment.outcomes.exists():
        raise ValidationError(_("Record at least one outcome before closing the accompaniment."), code="no_outcome")
    if closed_on < accompaniment.started_on:
        raise ValidationError({"closed_on": _("The closing date cannot precede the start.")}, code="before_start")


@transaction.atomic
def accompaniment_close(
    *,
    accompaniment: Accompaniment,
    closed_on: datetime.date,
    acting_user,
    closing_reason: str = "",
    expected_version: int | None = None,
) -> Accompaniment:
    """Close an accompaniment, with its reason; at least one outcome must have been recorded (rule 1). Refused if
    someone saved the accompaniment since the form was loaded (``expected_version``, see
    ``instance_save_versioned``). Who closed it and when are kept for the undo of the same day."""
    accompaniment_close_check(accompaniment=accompaniment, closed_on=closed_on, expected_version=expected_version)
    return instance_save_versioned(
        instance=accompaniment,
        expected_version=expected_version,
        fields={
            "status": AccompanimentStatus.CLOSED,
            "closed_on": closed_on,
            "closing_reason": closing_reason,
            "closed_at": timezone.now(),
            "closed_by": acting_user,
        },
        acting_user=acting_user,
        stale_message=FILE_STALE_MESSAGE,
    )


def can_undo_close(*, accompaniment: Accompaniment, user, today: datetime.date | None = None) -> bool:
    """The close may be undone the day it was made, by whoever made it or by a manager."""
    from accompaniment.perms import can_manage_caseloads

    if accompaniment.is_open or accompaniment.closed_at is None or accompaniment.job_seeker.anonymised_at:
        return False
    if timezone.localdate(accompaniment.closed_at) != (today or timezone.localdate()):
        return False
    return accompaniment.closed_by_id == user.pk or can_manage_caseloads(user)


@transaction.atomic
def accompaniment_undo_close(*, accompaniment: Accompaniment, acting_user) -> Accompaniment:
    """Reopen an accompaniment closed today by mistake, as it was before; the history keeps both changes."""
    Accompaniment.objects.select_for_update().filter(pk=accompaniment.pk).first()
    accompaniment.refresh_from_db()
    if not can_undo_close(accompaniment=accompaniment, user=acting_user):
        raise ValidationError(
            _("This close can no longer be undone: only on the day it was made, by whoever made it or a manager."),
            code="undo_too_late",
        )
    if Accompaniment.objects.open().filter(job_seeker_id=accompaniment.job_seeker_id).exists():
        raise ValidationError(_("This person already has an open accompaniment."), code="already_open")
    return instance_save_versioned(
        instance=accompaniment,
        expected_version=accompaniment.version,
        fields={
            "status": AccompanimentStatus.OPEN,
            "closed_on": None,
            "closing_reason": "",
            "closed_at": None,
            "closed_by": None,
        },
        acting_user=acting_user,
        reason=_("Close undone the same day"),
        stale_message=FILE_STALE_MESSAGE,
    )


@transaction.atomic
def accompaniment_set_recognition(
    *, accompaniment: Accompaniment, status: str, recognised_on, acting_user, expected_version: int | None = None
):
    return instance_save_versioned(
        instance=accompaniment,
        expected_version=expected_version,
        fields={"recognition_status": status, "recognised_on": recognised_on},
        acting_user=acting_user,
        stale_message=FILE_STALE_MESSAGE,
    )


def reassigned_appointments(*, accompaniments, counsellor) -> list:
    """The future planned or confirmed appointments the reassignment of these accompaniments to ``counsellor``
    moves: those of each file led by its counsellor until now."""
    moving = {
        a.job_seeker_id: a.counsellor_id for a in accompaniments if a.is_open and a.counsellor_id != counsellor.pk
    }
    if not moving:
        return []
    candidates = Appointment.objects.active().filter(
        job_seeker__in=moving, staff__in=set(moving.values()), starts_at__gte=timezone.now()
    )
    return [a for a in candidates.for_agenda() if moving[a.job_seeker_id] == a.staff_id]


@transaction.atomic
def accompaniments_reassign(*, accompaniments, counsellor, reason: str, acting_user, keep_appointments=()) -> int:
    """Give open accompaniments to another counsellor, with the reason kept in each one's history; their future
    appointments with the old counsellor go with them, except those in ``keep_appointments``."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the files are reassigned.")}, code="no_reason")
    kept = {appointment.pk for appointment in keep_appointments}
    appointments = [
        a for a in reassigned_appointments(accompaniments=accompaniments, counsellor=counsellor) if a.pk not in kept
    ]
    moved = [a for a in accompaniments if a.is_open and a.counsellor_id != counsellor.pk]
    for accompaniment in moved:
        accompaniment.counsellor = counsellor
    bulk_update_with_history(
        moved, Accompaniment, ["counsellor"], default_user=acting_user, default_change_reason=reason.strip()
    )
    data_changed(RECORDS)  # a bulk update sends no signal: the caseloads and the counsellor filter
    appointments_reassign(appointments=appointments, counsellor=counsellor, acting_user=acting_user)
    return len(moved)


@transaction.atomic
def interview_log(*, job_seeker: JobSeeker, staff, barriers=(), submission_key=None, **fields) -> Interview:
    """Log an interview; psychologists' and social workers' notes are always confidential (rule 4).

    ``submission_key`` is the random token of the form that posted it: the same form posted again (a double
    click, a request resent by the browser) returns the interview it stored the first time, never a second one.
    """
    if submission_key is not None:
        # The key is unique: of two simultaneous posts of the same form, the second waits for the first's
        # commit at its INSERT; the savepoint lets it then return the stored interview instead of failing.
        stored = Interview.objects.filter(submission_key=submission_key).first()
        if stored is not None:
            return stored
        try:
            with transaction.atomic():
                return _interview_create(
                    job_seeker=job_seeker, staff=staff, barriers=barriers, submission_key=submission_key, **fields
                )
        except IntegrityError:
            stored = Interview.objects.filter(submission_key=submission_key).first()
            if stored is None:
                raise
            return stored
    return _interview_create(job_seeker=job_seeker, staff=staff, barriers=barriers, **fields)


def _interview_create(
    *, job_seeker: JobSeeker, staff, barriers, next_appointment_at=None, accept_conflicts=False, **fields
) -> Interview:
    interview = Interview(
        job_seeker=job_seeker,
        staff=staff,
        author_profession=staff.profession,
        accompaniment=Accompaniment.objects.open().filter(job_seeker=job_seeker).first(),
        **fields,
    )
    if staff.profession in CONFIDENTIAL_PROFESSIONS:
        interview.confidential = True
    instance_save(instance=interview, acting_user=staff)
    interview.barriers_worked_on.set([b for b in barriers if b.job_seeker_id == job_seeker.pk])
    appointment_hold_for_interview(interview=interview)
    if next_appointment_at is not None:
        appointment_book(
            acting_user=staff,
            staff=staff,
            job_seeker=job_seeker,
            starts_at=next_appointment_at,
            ends_at=next_appointment_at + datetime.timedelta(minutes=DEFAULT_APPOINTMENT_MINUTES),
            kind=kind_for(staff),
            planned_at_interview=interview,
            accept_conflicts=accept_conflicts,
        )
    return interview


@transaction.atomic
def barrier_add(*, job_seeker: JobSeeker, kind: str, identified_on, acting_user, note="") -> Barrier:
    barrier = Barrier(job_seeker=job_seeker, kind=kind, identified_on=identified_on, note=note)
    return instance_save(instance=barrier, acting_user=acting_user)


@transaction.atomic
def barrier_lift(*, barrier: Barrier, lifted_on, acting_user, expected_version: int | None = None) -> Barrier:
    if lifted_on < barrier.identified_on:
        raise ValidationError(_("A barrier cannot be lifted before it was identified."), code="before_identified")
    return instance_save_versioned(
        instance=barrier,
        expected_version=expected_version,
        fields={"lifted_on": lifted_on},
        acting_user=acting_user,
        validate=False,
        stale_message=FILE_STALE_MESSAGE,
    )


@transaction.atomic
def team_member_add(*, job_seeker: JobSeeker, user, acting_user) -> TeamMember:
    member, _created = TeamMember.objects.get_or_create(
        job_seeker=job_seeker, user=user, defaults={"added_by": acting_user}
    )
    return member


@transaction.atomic
def project_save(
    *, accompaniment: Accompaniment, acting_user, expected_version: int | None = None, **fields
) -> ProfessionalProject:
    """Create or change the accompaniment's project, unless someone saved it since the form was loaded.

    ``expected_version`` is the version of the project the form was loaded with, 0 when there was no project
    yet: a project written meanwhile, even the first one, then refuses the save.
    """
    # Lock the accompaniment: two first saves cannot both create its (one) project.
    Accompaniment.objects.select_for_update().filter(pk=accompaniment.pk).first()
    project = ProfessionalProject.objects.filter(accompaniment=accompaniment).first()
    if project is None:
        return instance_save(
            instance=ProfessionalProject(accompaniment=accompaniment), fields=fields, acting_user=acting_user
        )
    return instance_save_versioned(
        instance=project,
        expected_version=expected_version,
        fields=fields,
        acting_user=acting_user,
        stale_message=FILE_STALE_MESSAGE,
    )


@transaction.atomic
def step_add(*, accompaniment: Accompaniment, acting_user, **fields) -> ActionStep:
    return instance_save(instance=ActionStep(accompaniment=accompaniment, **fields), acting_user=acting_user)


@transaction.atomic
def step_set_done(
    *,
    step: ActionStep,
    done: bool,
    acting_user,
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> ActionStep:
    """Mark the step done (today) or not done. A state, not a toggle: "done" posted twice leaves it done, and
    asking for the state it already has changes nothing (not even its date). Another change is refused as
    stale when someone saved the step since the page was loaded."""
    if done == (step.done_on is not None):
        return step
    done_on = (today or timezone.localdate()) if done else None
    return instance_save_versioned(
        instance=step,
        expected_version=expected_version,
        fields={"done_on": done_on},
        acting_user=acting_user,
        validate=False,
        stale_message=FILE_STALE_MESSAGE,
    )


@transaction.atomic
def orientation_add(*, job_seeker: JobSeeker, staff, **fields) -> Orientation:
    orientation = Orientation(
        job_seeker=job_seeker,
        staff=staff,
        accompaniment=Accompaniment.objects.open().filter(job_seeker=job_seeker).first(),
        **fields,
    )
    return instance_save(instance=orientation, acting_user=staff)


@transaction.atomic
def orientation_set_result(
    *, orientation: Orientation, result: str, acting_user, expected_version: int | None = None
) -> Orientation:
    return instance_save_versioned(
        instance=orientation,
        expected_version=expected_version,
        fields={"result": result},
        acting_user=acting_user,
        stale_message=FILE_STALE_MESSAGE,
    )


def file_access_record(*, user, job_seeker: JobSeeker | None, action: AccessAction, detail: str = "") -> None:
    """Record a read or an export in the access log (rule 5); never the content itself."""
    FileAccess.objects.create(user=user, job_seeker=job_seeker, action=action, detail=detail[:120])


def list_read_record(*, user, detail: str) -> None:
    """A list naming people who may be outside the reader's team was shown: one access-log row per read (rule 5)."""
    file_access_record(user=user, job_seeker=None, action=AccessAction.READ_LIST, detail=detail)


def file_read_record(*, user, job_seeker: JobSeeker, detail: str = "", also: list[FileAccess] = ()) -> None:
    """A page of the file was shown in full: logged when the reader is outside the file's team (rule 5).

    Every full render of a file page calls this, a form shown again with its errors included. ``also``: the other
    rows of the access log that page adds (its confidential notes read), written in the same statement.
    """
    rows = list(also)
    if perms.access_is_logged(user, job_seeker):
        read = FileAccess(user=user, job_seeker=job_seeker, action=AccessAction.READ_FILE, detail=detail[:120])
        rows.insert(0, read)
    file_accesses_record(rows)


# At most this many rows of the access log in one INSERT statement (5 columns: far below SQLite's 999 parameters).
ACCESS_ROWS_PER_STATEMENT = 100


def file_accesses_record(rows: list[FileAccess]) -> None:
    """Write rows of the access log (rule 5) in one INSERT statement, without a transaction around it (one
    statement is atomic by itself): a page that logs several reads costs one write, not BEGIN, INSERT and COMMIT."""
    if len(rows) == 1:
        rows[0].save(force_insert=True)
    elif 1 < len(rows) <= ACCESS_ROWS_PER_STATEMENT:
        # What Model.save() does for one row, for several (bulk_create always opens a transaction).
        fields = [field for field in FileAccess._meta.local_concrete_fields if not field.primary_key]
        FileAccess.objects._insert(rows, fields=fields)
    elif rows:
        FileAccess.objects.bulk_create(rows)
