from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_POST

from accompaniment.enums import AccessAction
from accompaniment.services import file_access_record
from missionlocale.forms import ascii_digits
from workshops import perms, services
from workshops.enums import SEATED_STATUSES, AttendanceStatus
from workshops.models import Attendance, Enrolment, Meeting
from workshops.pdf import pdf_response, render_pdf

CERTIFICATE_LANGUAGES = ("fr", "nl")


def _meeting_for(request, pk, *, run: bool) -> Meeting:
    if not perms.can_use_workshops(request.user):
        raise PermissionDenied
    meeting = get_object_or_404(Meeting.objects.select_related("session__module"), pk=pk)
    session = meeting.session
    allowed = (
        perms.can_run_session(request.user, session) if run else perms.can_see_participants(request.user, session)
    )
    if not allowed:
        raise PermissionDenied
    return meeting


def _sheet_rows(meeting: Meeting):
    """The seated participants with their attendance at this meeting: two queries whatever their number."""
    enrolments = list(
        meeting.session.enrolments.filter(status__in=SEATED_STATUSES)
        .select_related("job_seeker", "visitor")
        .order_by("job_seeker__last_name", "job_seeker__first_name", "visitor__last_name", "visitor__first_name", "pk")
    )
    marks = dict(Attendance.objects.filter(meeting=meeting).values_list("enrolment_id", "status"))
    for enrolment in enrolments:
        enrolment.mark = marks.get(enrolment.pk, "")
    return enrolments


def _counts(rows) -> dict:
    return {status: sum(1 for row in rows if row.mark == status) for status in AttendanceStatus.values}


def _sheet_context(meeting, rows, **extra):
    return {
        "meeting": meeting,
        "session": meeting.session,
        "rows": rows,
        "counts": _counts(rows),
        "statuses": AttendanceStatus.choices,
        **extra,
    }


@require_GET
def attendance_sheet(request, pk):
    meeting = _meeting_for(request, pk, run=True)
    rows = _sheet_rows(meeting)
    siblings = list(meeting.session.meetings.all())
    index = next(i for i, m in enumerate(siblings) if m.pk == meeting.pk)
    return render(
        request,
        "workshops/attendance_sheet.html",
        _sheet_context(
            meeting,
            rows,
            previous=siblings[index - 1] if index > 0 else None,
            next=siblings[index + 1] if index + 1 < len(siblings) else None,
            today=timezone.localdate(),
        ),
    )


@require_POST
def attendance_mark(request, pk):
    """One click or key: present, absent or excused. HTMX swaps the row and refreshes the counters."""
    meeting = _meeting_for(request, pk, run=True)
    enrolment_pk = request.POST.get("enrolment", "")
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("job_seeker", "visitor"),
        pk=enrolment_pk if ascii_digits(enrolment_pk) else 0,
        session=meeting.session_id,
        status__in=SEATED_STATUSES,
    )
    status = request.POST.get("status", "")
    if status not in AttendanceStatus.values:
        if request.htmx:
            return render(request, "workshops/includes/attendance_error.html", status=400)
        return redirect("workshops:attendance_sheet", pk=meeting.pk)
    services.attendance_mark(meeting=meeting, enrolment=enrolment, status=status, acting_user=request.user)
    if not request.htmx:
        return redirect("workshops:attendance_sheet", pk=meeting.pk)
    enrolment.mark = status
    counts = dict.fromkeys(AttendanceStatus.values, 0)
    for value in Attendance.objects.filter(meeting=meeting).values_list("status", flat=True):
        counts[value] += 1
    return render(
        request,
        "workshops/includes/attendance_marked.html",
        {"meeting": meeting, "row": enrolment, "counts": counts, "statuses": AttendanceStatus.choices},
    )


@require_POST
def attendance_all_present(request, pk):
    meeting = _meeting_for(request, pk, run=True)
    rows = _sheet_rows(meeting)
    services.attendance_mark_all(
        meeting=meeting, enrolments=rows, status=AttendanceStatus.PRESENT, acting_user=request.user
    )
    return redirect("workshops:attendance_sheet", pk=meeting.pk)


@require_GET
def sign_in_sheet(request, pk):
    """The printable sign-in sheet (émargement), with a line per participant for the signatures."""
    meeting = _meeting_for(request, pk, run=False)
    rows = _sheet_rows(meeting)
    file_access_record(user=request.user, job_seeker=None, action=AccessAction.EXPORT, detail=f"sign-in {meeting.pk}")
    content = render_pdf(
        "workshops/pdf/sign_in_sheet.html",
        {
            "meeting": meeting,
            "session": meeting.session,
            "rows": rows,
            "facilitators": list(meeting.session.facilitators.all()),
        },
        request=request,
    )
    return pdf_response(content, f"emargement-{meeting.date:%Y-%m-%d}.pdf")


@require_GET
def certificate(request, pk):
    """The completion certificate, in French or Dutch (?lang=nl), only when the module's rule is met."""
    if not perms.can_use_workshops(request.user):
        raise PermissionDenied
    enrolment = get_object_or_404(Enrolment.objects.select_related("session__module", "job_seeker", "visitor"), pk=pk)
    if not perms.can_see_enrolment(request.user, enrolment):
        raise Http404
    if not services.completion_rule_met(enrolment):
        raise Http404("The completion rule is not met.")
    language = request.GET.get("lang", "fr")
    if language not in CERTIFICATE_LANGUAGES:
        language = "fr"
    session = enrolment.session
    meetings = session.meetings.count()
    present = enrolment.attendances.filter(status=AttendanceStatus.PRESENT).count()
    with translation.override(language):
        content = render_pdf(
            "workshops/pdf/certificate.html",
            {
                "enrolment": enrolment,
                "person": enrolment.participant,
                "session": session,
                "module": session.module,
                "present": present,
                "meetings": meetings,
                "hours": _hours(session, enrolment),
                "facilitators": list(session.facilitators.all()),
                "issued_on": timezone.localdate(),
                "language": language,
            },
        )
    file_access_record(
        user=request.user, job_seeker=enrolment.job_seeker, action=AccessAction.EXPORT, detail=f"certificate {pk}"
    )
    return pdf_response(content, f"attestation-{enrolment.pk}-{language}.pdf")


def _hours(session, enrolment) -> int:
    minutes = 0
    for meeting in session.meetings.filter(
        attendances__enrolment=enrolment, attendances__status=AttendanceStatus.PRESENT
    ).only("starts_at", "ends_at"):
        minutes += (meeting.ends_at.hour * 60 + meeting.ends_at.minute) - (
            meeting.starts_at.hour * 60 + meeting.starts_at.minute
        )
    return round(minutes / 60)
