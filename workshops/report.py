"""The collective modules, EPN and local projects in the annual report and on the dashboard."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Sum

from workshops import indicators
from workshops.enums import SEATED_STATUSES, AttendanceStatus, ModuleKind
from workshops.models import Attendance, Enrolment, Meeting, Session


def modules_section(*, year: int, cutoff: datetime.date) -> dict:
    return {
        "participants": indicators.module_participants(year=year, cutoff=cutoff),
        "positive_exits": indicators.module_positive_exits(year=year, cutoff=cutoff),
        "by_module": indicators.module_figures(year=year, cutoff=cutoff),
    }


def epn_section(*, year: int, cutoff: datetime.date) -> dict:
    return {
        "computer_users": indicators.epn_computer_users(year=year, cutoff=cutoff),
        "anonymous_visits": indicators.epn_anonymous_visits(year=year, cutoff=cutoff),
        "coached_people": indicators.epn_coached_people(year=year, cutoff=cutoff),
        "digital_trainings": indicators.epn_digital_trainings(year=year, cutoff=cutoff),
    }


def local_projects_section(*, year: int, cutoff: datetime.date) -> dict:
    return {"by_project": indicators.local_project_figures(year=year, cutoff=cutoff)}


def fill_and_attendance(*, year: int, cutoff: datetime.date) -> dict:
    """Seats taken ÷ seats offered in the collective sessions meeting in Y, and presences ÷ attendances taken."""
    first, last = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), cutoff)
    sessions = Session.objects.filter(
        Exists(Meeting.objects.filter(session=OuterRef("pk"), date__gte=first, date__lte=last)),
        module__kind=ModuleKind.COLLECTIVE,
    )
    seats = sessions.aggregate(capacity=Sum("capacity"))["capacity"] or 0
    taken = Enrolment.objects.filter(session__in=sessions, status__in=SEATED_STATUSES).count()
    marks = Attendance.objects.filter(
        meeting__date__gte=first, meeting__date__lte=last, meeting__session__module__kind=ModuleKind.COLLECTIVE
    ).aggregate(all=Count("pk"), present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)))
    return {
        "sessions": sessions.count(),
        "fill_percent": indicators_percent(taken, seats),
        "attendance_percent": indicators_percent(marks["present"], marks["all"]),
    }


def indicators_percent(part: int, whole: int) -> int | None:
    from reporting.indicators import percent

    return percent(part, whole)


def dashboard_panel(*, year: int, cutoff: datetime.date) -> dict:
    return {
        "template": "workshops/includes/dashboard_panel.html",
        "modules": {
            "participants": indicators.module_participants(year=year, cutoff=cutoff),
            "positive_exits": indicators.module_positive_exits(year=year, cutoff=cutoff),
        },
        "rates": fill_and_attendance(year=year, cutoff=cutoff),
        "epn": epn_section(year=year, cutoff=cutoff),
    }
