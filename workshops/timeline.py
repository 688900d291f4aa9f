"""Module enrolments, attendance and completions on the job-seeker file's timeline (accompaniment.timeline)."""

from django.utils.translation import gettext as _

from accompaniment.timeline import TimelineEntry
from workshops.enums import AttendanceStatus, EnrolmentStatus
from workshops.models import Attendance, Enrolment


def workshops_timeline(job_seeker, user) -> list[TimelineEntry]:
    """Entries for the enrolments the reader may see: a confidential module (Nouveaux Départs) shows only to its
    facilitators, the person's team and psychologists; to anyone else nothing of it appears."""
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.visible_to(user).filter(job_seeker=job_seeker).select_related("session__module")
    }
    if not enrolments:
        return []
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
    for attendance in (
        Attendance.objects.filter(enrolment__in=list(enrolments))
        .select_related("meeting")
        .order_by("meeting__date", "pk")
    ):
        module = enrolments[attendance.enrolment_id].session.module
        entries.append(
            TimelineEntry(
                date=attendance.meeting.date,
                kind="attendance",
                title=_("%(status)s at the module %(module)s")
                % {"status": labels[attendance.status], "module": module},
                tags=[f"{attendance.meeting.starts_at:%H:%M}–{attendance.meeting.ends_at:%H:%M}"],
                sort_key=attendance.pk,
            )
        )
    return entries
