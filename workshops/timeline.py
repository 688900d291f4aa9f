"""Module enrolments, attendance and completions on the job-seeker file's timeline (accompaniment.timeline)."""

from django.db.models import F
from django.utils.translation import gettext as _

from accompaniment.timeline import TimelineEntry
from workshops.enums import AttendanceStatus, EnrolmentStatus
from workshops.models import Enrolment


def workshops_timeline(job_seeker, user) -> list[TimelineEntry]:
    """Entries for the enrolments the reader may see: a confidential module (Nouveaux Départs) shows only to its
    facilitators, the person's team and psychologists; to anyone else nothing of it appears."""
    # One query: each enrolment with its attendances (a LEFT JOIN: a row per attendance, or one without).
    rows = list(
        Enrolment.objects.visible_to(user)
        .filter(job_seeker=job_seeker)
        .select_related("session__module")
        .annotate(
            attendance_pk=F("attendances__pk"),
            attendance_status=F("attendances__status"),
            attendance_date=F("attendances__meeting__date"),
            attendance_starts_at=F("attendances__meeting__starts_at"),
            attendance_ends_at=F("attendances__meeting__ends_at"),
        )
    )
    if not rows:
        return []
    enrolments = {}
    for row in rows:
        enrolments.setdefault(row.pk, row)
    entries = []
    for enrolment in enrolments.values():
        module = enrolment.session.module
        entries.append(
            TimelineEntry(
                date=enrolment.enrolled_on,
                kind="module",
                title=_("Enrolled in the module %(module)s") % {"module": module},
                detail=str(enrolment.session),
                tags=[enrolment.get_status_display()] + ([_("Confidential")] if module.confidential else []),
                sort_key=enrolment.pk,
            )
        )
        if enrolment.status == EnrolmentStatus.COMPLETED and enrolment.completed_on:
            entries.append(
                TimelineEntry(
                    date=enrolment.completed_on,
                    kind="module",
                    title=_("Completed the module %(module)s") % {"module": module},
                    tags=[_("Completion certificate")],
                    sort_key=enrolment.pk,
                )
            )
    labels = dict(AttendanceStatus.choices)
    attended = sorted(
        (row for row in rows if row.attendance_pk is not None),
        key=lambda row: (row.attendance_date, row.attendance_pk),
    )
    for row in attended:
        module = enrolments[row.pk].session.module
        entries.append(
            TimelineEntry(
                date=row.attendance_date,
                kind="attendance",
                title=_("%(status)s at the module %(module)s")
                % {"status": labels[row.attendance_status], "module": module},
                tags=[f"{row.attendance_starts_at:%H:%M}–{row.attendance_ends_at:%H:%M}"],
                sort_key=row.attendance_pk,
            )
        )
    return entries
