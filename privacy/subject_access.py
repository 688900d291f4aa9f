"""Right of access (GDPR art. 15): everything the product holds on one person, for the JSON and PDF exports.

The file's fields come from its ``PERSONAL_DATA`` declaration, so a field classified there is exported without
more code. The data subject has a right to all of it, so nothing is masked here: the NISS in full, confidential
interview notes with who wrote them (each confidential note only once a member of its author's profession
released it for this request, else listed as withheld with the legal reason: ``accompaniment/policy.py``),
confidential local projects, the change history and the access log of
their file. Only managers produce it, and each export is written in the access log.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from accompaniment import policy
from accompaniment.history import file_history_entries
from accompaniment.models import (
    Accompaniment,
    Anonymisation,
    Appointment,
    Barrier,
    FileAccess,
    Interview,
    JobSeeker,
    Orientation,
    TeamMember,
)
from documents.models import Document
from employers.models import InformationSession, InsertionContract, JobDayGuest, Matching
from missionlocale.enums import Profession
from missionlocale.personal_data import Kind, classification
from workshops.models import Attendance, CoachingSession, ComputerVisit, Enrolment, Visitor


@dataclass
class Section:
    """One kind of record: a stable key for the JSON, a translated title and column labels for the PDF."""

    key: str
    title: str
    columns: list[tuple[str, str]]  # (key, label)
    rows: list[dict] = field(default_factory=list)

    @property
    def records(self) -> list[list[tuple[str, object]]]:
        """Each row as (label, value) pairs in column order, for the PDF."""
        return [[(label, row[key]) for key, label in self.columns] for row in self.rows]


def _value(value):
    """A JSON-ready value: dates as ISO strings, choices already displayed by the caller, None kept."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return value
    return str(value)


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _section(key, title, columns, rows) -> Section:
    return Section(
        key=key,
        title=str(title),
        columns=[(name, str(label)) for name, label in columns],
        rows=[{name: _value(row.get(name)) for name, _label_ in columns} for row in rows],
    )


def _field_value(instance, name: str):
    """A field as the person reads it: the label of a choice, the name of a related row, a list joined."""
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return ", ".join(str(related) for related in getattr(instance, name).all())
    if field.choices:
        return getattr(instance, f"get_{name}_display")()
    if field.is_relation:
        return getattr(instance, name) or ""
    return getattr(instance, name)


def _file_section(job_seeker: JobSeeker) -> Section:
    """Every field of the file but the product's bookkeeping, in the order of its PERSONAL_DATA declaration."""
    names = [name for name, kind in classification(JobSeeker).items() if kind is not Kind.INTERNAL]
    columns = [(name, _label(JobSeeker, name)) for name in names]
    return _section("file", _("File"), columns, [{name: _field_value(job_seeker, name) for name in names}])


def withheld_reason(profession: str) -> str:
    return _(
        "Confidential note of a %(profession)s, withheld: its release is decided by that profession, because it "
        "may harm you or others (GDPR art. 15(4) and 23(1)(i); Code of ethics of the profession). You may ask "
        "the Mission Locale to review it, or complain to the Data Protection Authority."
    ) % {"profession": str(dict(Profession.choices).get(profession, profession)).lower()}


def _interview_row(interview: Interview, released_professions: set[str]) -> dict:
    if not policy.field_released_to_person(
        instance=interview, field_name="note", released_professions=released_professions
    ):
        # Listed, so that the person knows it exists: its date, its author's profession and why it is withheld.
        return {
            "occurred_on": interview.occurred_on,
            "staff": "",
            "author_profession": interview.author_profession,
            "kind": "",
            "duration_minutes": None,
            "topics": "",
            "barriers_worked_on": "",
            "note": withheld_reason(interview.author_profession),
            "confidential": True,
            "withheld": True,
        }
    return {
        "occurred_on": interview.occurred_on,
        "staff": interview.staff,
        "author_profession": interview.author_profession,
        "kind": interview.get_kind_display(),
        "duration_minutes": interview.duration_minutes,
        "topics": interview.topics,
        "barriers_worked_on": ", ".join(b.get_kind_display() for b in interview.barriers_worked_on.all()),
        "note": interview.note,
        "confidential": interview.confidential,
        "withheld": False,
    }


def _accompaniment_sections(job_seeker: JobSeeker, released_professions: set[str]) -> list[Section]:
    accompaniments = list(
        Accompaniment.objects.filter(job_seeker=job_seeker)
        .select_related("counsellor", "project")
        .prefetch_related("outcomes__recorded_by", "steps")
        .order_by("started_on", "pk")
    )
    rows, outcomes, steps = [], [], []
    for accompaniment in accompaniments:
        project = getattr(accompaniment, "project", None)
        rows.append(
            {
                "counsellor": accompaniment.counsellor,
                "started_on": accompaniment.started_on,
                "planned_end_on": accompaniment.planned_end_on,
                "closed_on": accompaniment.closed_on,
                "referral_source": accompaniment.get_referral_source_display(),
                "recognition_status": accompaniment.get_recognition_status_display(),
                "recognised_on": accompaniment.recognised_on,
                "target_occupations": project.target_occupations if project else "",
                "summary": project.summary if project else "",
                "signed_on": project.signed_on if project else None,
            }
        )
        for outcome in accompaniment.outcomes.all():
            outcomes.append(
                {
                    "accompaniment": accompaniment.started_on,
                    "kind": outcome.get_kind_display(),
                    "occurred_on": outcome.occurred_on,
                    "organisation": outcome.organisation,
                    "note": outcome.note_text,
                    "recorded_by": outcome.recorded_by or "",
                }
            )
        for step in accompaniment.steps.all():
            steps.append(
                {
                    "accompaniment": accompaniment.started_on,
                    "description": step.description,
                    "owner": step.get_owner_display(),
                    "due_on": step.due_on,
                    "done_on": step.done_on,
                }
            )
    interviews = (
        Interview.objects.filter(job_seeker=job_seeker)
        .select_related("staff")
        .prefetch_related("barriers_worked_on")
        .order_by("occurred_on", "pk")
    )
    interview_rows = [_interview_row(interview, released_professions) for interview in interviews]
    barrier_rows = [
        {"kind": b.get_kind_display(), "identified_on": b.identified_on, "lifted_on": b.lifted_on, "note": b.note}
        for b in Barrier.objects.filter(job_seeker=job_seeker).order_by("identified_on", "pk")
    ]
    orientation_rows = [
        {
            "partner": o.partner,
            "oriented_on": o.oriented_on,
            "purpose": o.purpose,
            "result": o.get_result_display(),
            "staff": o.staff,
        }
        for o in Orientation.objects.filter(job_seeker=job_seeker).select_related("partner", "staff")
    ]
    appointment_rows = [
        {
            "starts_at": timezone.localtime(a.starts_at),
            "ends_at": timezone.localtime(a.ends_at),
            "kind": a.get_kind_display(),
            "staff": a.staff,
            "place": a.room or a.place,
            "status": a.get_status_display(),
        }
        for a in Appointment.objects.filter(job_seeker=job_seeker)
        .select_related("staff", "room")
        .order_by("starts_at", "pk")
    ]
    team_rows = [
        {"user": m.user, "profession": m.user.get_profession_display(), "added_on": m.added_on}
        for m in TeamMember.objects.filter(job_seeker=job_seeker).select_related("user")
    ]
    return [
        _section(
            "accompaniments",
            Accompaniment._meta.verbose_name_plural,
            [
                ("counsellor", _label(Accompaniment, "counsellor")),
                ("started_on", _label(Accompaniment, "started_on")),
                ("planned_end_on", _label(Accompaniment, "planned_end_on")),
                ("closed_on", _label(Accompaniment, "closed_on")),
                ("referral_source", _label(Accompaniment, "referral_source")),
                ("recognition_status", _label(Accompaniment, "recognition_status")),
                ("recognised_on", _label(Accompaniment, "recognised_on")),
                ("target_occupations", _("target occupations")),
                ("summary", _("project")),
                ("signed_on", _("CPP signed on")),
            ],
            rows,
        ),
        _section(
            "outcomes",
            _("outcomes"),
            [
                ("accompaniment", _("accompaniment")),
                ("kind", _("outcome")),
                ("occurred_on", _("date")),
                ("organisation", _("employer or training centre")),
                ("note", _("note")),
                ("recorded_by", _("recorded by")),
            ],
            outcomes,
        ),
        _section(
            "exit_checkpoints",
            _("follow-up checkpoints"),
            [
                ("exit_on", _("exit date")),
                ("months", _("checkpoint")),
                ("due_on", _("due on")),
                ("reached", _("person reached")),
                ("situation", _("situation")),
                ("note", _("note")),
                ("recorded_by", _("recorded by")),
                ("recorded_at", _("recorded at")),
            ],
            [
                {
                    "exit_on": checkpoint.exit_on,
                    "months": checkpoint.get_months_display(),
                    "due_on": checkpoint.due_on,
                    "reached": checkpoint.reached,
                    "situation": checkpoint.get_situation_display(),
                    "note": checkpoint.note,
                    "recorded_by": checkpoint.recorded_by or "",
                    "recorded_at": checkpoint.recorded_at,
                }
                for checkpoint in job_seeker.exit_checkpoints.select_related("recorded_by").order_by(
                    "exit_on", "months", "pk"
                )
            ],
        ),
        _section(
            "action_steps",
            _("action steps"),
            [
                ("accompaniment", _("accompaniment")),
                ("description", _("step")),
                ("owner", _("who")),
                ("due_on", _("due date")),
                ("done_on", _("done on")),
            ],
            steps,
        ),
        _section(
            "interviews",
            Interview._meta.verbose_name_plural,
            [
                ("occurred_on", _("date")),
                ("staff", _("written by")),
                ("author_profession", _("profession")),
                ("kind", _("kind")),
                ("duration_minutes", _("duration (minutes)")),
                ("topics", _("topics")),
                ("barriers_worked_on", _("barriers worked on")),
                ("note", _("note")),
                ("confidential", _("confidential")),
                ("withheld", _("withheld")),
            ],
            interview_rows,
        ),
        _section(
            "barriers",
            Barrier._meta.verbose_name_plural,
            [
                ("kind", _("barrier")),
                ("identified_on", _("identified on")),
                ("lifted_on", _("lifted on")),
                ("note", _("note")),
            ],
            barrier_rows,
        ),
        _section(
            "orientations",
            Orientation._meta.verbose_name_plural,
            [
                ("partner", _("partner")),
                ("oriented_on", _("date")),
                ("purpose", _("purpose")),
                ("result", _("result")),
                ("staff", _("staff member")),
            ],
            orientation_rows,
        ),
        _section(
            "appointments",
            Appointment._meta.verbose_name_plural,
            [
                ("starts_at", _("start")),
                ("ends_at", _("end")),
                ("kind", _("kind")),
                ("staff", _("staff member")),
                ("place", _("place")),
                ("status", _("status")),
            ],
            appointment_rows,
        ),
        _section(
            "team",
            _("Team"),
            [("user", _("staff member")), ("profession", _("profession")), ("added_on", _("added on"))],
            team_rows,
        ),
    ]


def _workshops_sections(job_seeker: JobSeeker) -> list[Section]:
    enrolments = (
        Enrolment.objects.filter(job_seeker=job_seeker)
        .select_related("session__module")
        .prefetch_related(Prefetch("attendances", queryset=Attendance.objects.select_related("meeting")))
        .order_by("enrolled_on", "pk")
    )
    enrolment_rows, attendance_rows = [], []
    for enrolment in enrolments:
        session = enrolment.session
        name = f"{session.module}{f' – {session.label}' if session.label else ''}"
        enrolment_rows.append(
            {
                "module": name,
                "starts_on": session.starts_on,
                "ends_on": session.ends_on,
                "status": enrolment.get_status_display(),
                "enrolled_on": enrolment.enrolled_on,
                "completed_on": enrolment.completed_on,
            }
        )
        for attendance in sorted(enrolment.attendances.all(), key=lambda a: (a.meeting.date, a.pk)):
            attendance_rows.append(
                {"module": name, "date": attendance.meeting.date, "status": attendance.get_status_display()}
            )
    visitor = Visitor.objects.filter(job_seeker=job_seeker).first()
    visits = list(ComputerVisit.objects.filter(visitor=visitor).order_by("visited_on", "pk")) if visitor else []
    coaching = (
        list(CoachingSession.objects.filter(visitor=visitor).select_related("coach").order_by("occurred_on", "pk"))
        if visitor
        else []
    )
    return [
        _section(
            "enrolments",
            _("Modules"),
            [
                ("module", _("module")),
                ("starts_on", _("start")),
                ("ends_on", _("end")),
                ("status", _("status")),
                ("enrolled_on", _("enrolled on")),
                ("completed_on", _("completed on")),
            ],
            enrolment_rows,
        ),
        _section(
            "attendance",
            _("Attendance"),
            [("module", _("module")), ("date", _("date")), ("status", _("attendance"))],
            attendance_rows,
        ),
        _section(
            "epn_visits",
            _("Computer room visits"),
            [("visited_on", _("date"))],
            [{"visited_on": v.visited_on} for v in visits],
        ),
        _section(
            "epn_coaching",
            _("Digital coaching"),
            [
                ("occurred_on", _("date")),
                ("coach", _("coach")),
                ("duration_minutes", _("duration (minutes)")),
                ("skills", _("skills worked on")),
                ("note", _("note")),
            ],
            [
                {
                    "occurred_on": c.occurred_on,
                    "coach": c.coach,
                    "duration_minutes": c.duration_minutes,
                    "skills": ", ".join(str(s) for s in c.skill_labels),
                    "note": c.note,
                }
                for c in coaching
            ],
        ),
    ]


def _employers_sections(job_seeker: JobSeeker) -> list[Section]:
    matchings = (
        Matching.objects.filter(job_seeker=job_seeker)
        .select_related("employer", "offer", "proposed_by")
        .prefetch_related("status_changes__changed_by")
        .order_by("proposed_on", "pk")
    )
    matching_rows, change_rows = [], []
    for matching in matchings:
        matching_rows.append(
            {
                "employer": matching.employer,
                "offer": matching.offer or "",
                "proposed_on": matching.proposed_on,
                "proposed_by": matching.proposed_by,
                "status": matching.get_status_display(),
                "status_changed_on": matching.status_changed_on,
                "reason": matching.reason,
                "note": matching.note,
            }
        )
        for change in matching.status_changes.all():
            change_rows.append(
                {
                    "employer": matching.employer,
                    "status": change.get_status_display(),
                    "changed_on": change.changed_on,
                    "changed_by": change.changed_by or "",
                    "reason": change.reason,
                }
            )
    contracts = (
        InsertionContract.objects.filter(worker=job_seeker)
        .select_related("worksite", "supervisor")
        .prefetch_related("trainings", "certifications__kind")
        .order_by("started_on", "pk")
    )
    contract_rows = []
    for contract in contracts:
        contract_rows.append(
            {
                "measure": contract.get_measure_display(),
                "worksite": contract.worksite,
                "job_title": contract.job_title,
                "supervisor": contract.supervisor or "",
                "started_on": contract.started_on,
                "planned_end_on": contract.planned_end_on,
                "ended_on": contract.ended_on,
                "end_reason": contract.get_end_reason_display(),
                "situation_at_end": contract.get_situation_at_end_display(),
                "trainings": "; ".join(
                    f"{t.title} ({t.hours} h, {t.trained_on:%d/%m/%Y})" for t in contract.trainings.all()
                ),
                "certifications": "; ".join(
                    f"{c.kind} ({c.obtained_on:%d/%m/%Y})" for c in contract.certifications.all()
                ),
            }
        )
    guests = JobDayGuest.objects.filter(job_seeker=job_seeker).select_related("job_day").order_by("job_day__held_on")
    sessions = InformationSession.objects.filter(attendees=job_seeker).select_related("partner").order_by("held_on")
    return [
        _section(
            "matchings",
            _("Matchings"),
            [
                ("employer", _("employer")),
                ("offer", _("offer")),
                ("proposed_on", _("proposed on")),
                ("proposed_by", _("proposed by")),
                ("status", _("status")),
                ("status_changed_on", _("status since")),
                ("reason", _("reason")),
                ("note", _("note")),
            ],
            matching_rows,
        ),
        _section(
            "matching_status_changes",
            _("Matching status changes"),
            [
                ("employer", _("employer")),
                ("status", _("status")),
                ("changed_on", _("date")),
                ("changed_by", _("by")),
                ("reason", _("reason")),
            ],
            change_rows,
        ),
        _section(
            "job_days",
            _("Job Days"),
            [("title", _("title")), ("held_on", _("date")), ("present", _("present"))],
            [{"title": g.job_day.title, "held_on": g.job_day.held_on, "present": g.present} for g in guests],
        ),
        _section(
            "information_sessions",
            _("Information sessions"),
            [("theme", _("theme")), ("held_on", _("date")), ("partner", _("partner"))],
            [{"theme": s.theme, "held_on": s.held_on, "partner": s.partner} for s in sessions],
        ),
        _section(
            "insertion_contracts",
            _("Insertion contracts"),
            [
                ("measure", _("measure")),
                ("worksite", _("worksite")),
                ("job_title", _("job title")),
                ("supervisor", _("supervisor")),
                ("started_on", _("start")),
                ("planned_end_on", _("planned end")),
                ("ended_on", _("actual end")),
                ("end_reason", _("reason for the end")),
                ("situation_at_end", _("situation at the end")),
                ("trainings", _("trainings")),
                ("certifications", _("certifications")),
            ],
            contract_rows,
        ),
    ]


def _documents_section(job_seeker: JobSeeker) -> Section:
    """The person's documents, all of them (their own data: an identity document or a confidential programme's
    included); the copies themselves are in the documents archive of the same request."""
    documents = Document.objects.filter(job_seeker=job_seeker).select_related("matching__employer", "uploaded_by")
    return _section(
        "documents",
        _("Documents"),
        [
            ("kind", _("kind of document")),
            ("dated_on", _("date of the document")),
            ("expires_on", _("expires on")),
            ("original_name", _("file name")),
            ("content_type", _("type")),
            ("matching", _("sent to")),
            ("uploaded_by", _("added by")),
            ("uploaded_at", _("added on")),
        ],
        [
            {
                "kind": document.get_kind_display(),
                "dated_on": document.dated_on,
                "expires_on": document.expires_on,
                "original_name": document.original_name,
                "content_type": document.get_content_type_display(),
                "matching": document.matching.employer if document.matching else "",
                "uploaded_by": document.uploaded_by,
                "uploaded_at": document.uploaded_at,
            }
            for document in documents.order_by("dated_on", "pk")
        ],
    )


def _trace_sections(job_seeker: JobSeeker, user) -> list[Section]:
    history = file_history_entries(job_seeker, user, show_protected=True)
    accesses = FileAccess.objects.filter(job_seeker=job_seeker).select_related("user").order_by("at", "pk")
    anonymisation = Anonymisation.objects.filter(job_seeker=job_seeker).select_related("by").first()
    return [
        _section(
            "history",
            _("History of changes"),
            [
                ("when", _("when")),
                ("who", _("who")),
                ("what", _("what")),
                ("action", _("action")),
                ("changes", _("changes")),
            ],
            [
                {
                    "when": entry.when,
                    "who": entry.who,
                    "what": entry.what,
                    "action": entry.action,
                    "changes": "; ".join(f"{name}: {before} → {after}" for name, before, after in entry.changes),
                }
                for entry in reversed(history)
            ],
        ),
        _section(
            "access_log",
            _("Access log of the file"),
            [("at", _("when")), ("user", _("who")), ("action", _("action")), ("detail", _("detail"))],
            [{"at": a.at, "user": a.user, "action": a.get_action_display(), "detail": a.detail} for a in accesses],
        ),
        _section(
            "anonymisation",
            _("Anonymisation"),
            [("cause", _("cause")), ("reason", _("reason")), ("at", _("when")), ("by", _("by"))],
            [
                {
                    "cause": anonymisation.get_cause_display(),
                    "reason": anonymisation.reason,
                    "at": anonymisation.at,
                    "by": anonymisation.by or _("system"),
                }
            ]
            if anonymisation
            else [],
        ),
    ]


def subject_access_sections(*, job_seeker: JobSeeker, user, released_professions: set[str]) -> list[Section]:
    """Every record the product holds on the person, grouped by kind, each app's data included; confidential notes
    of the ``released_professions`` only (the others listed as withheld)."""
    return [
        _file_section(job_seeker),
        *_accompaniment_sections(job_seeker, released_professions),
        *_workshops_sections(job_seeker),
        *_employers_sections(job_seeker),
        _documents_section(job_seeker),
        *_trace_sections(job_seeker, user),
    ]


def subject_access_json(*, sections: list[Section], generated_at: datetime.datetime) -> dict:
    """The JSON archive: one key per kind of record (stable English keys), with the values as shown in the PDF."""
    data = {"generated_at": _value(generated_at)}
    for section in sections:
        data[section.key] = section.rows[0] if section.key == "file" else section.rows
    return data
