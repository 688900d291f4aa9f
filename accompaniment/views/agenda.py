"""The agenda: a day, a week or a month of appointments, of a staff member, a room or a team; its .ics export."""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accompaniment import perms
from accompaniment.appointments import OUTCOME_CHOICES, agenda_appointments
from accompaniment.enums import AccessAction
from accompaniment.forms import AgendaForm
from accompaniment.ics import appointments_calendar
from accompaniment.services import file_access_record, list_read_record
from missionlocale.dates import add_months
from missionlocale.enums import Profession
from missionlocale.models import User

# How far ahead the .ics export reaches, today included.
ICS_DAYS = 60


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of that day in the current time zone (Europe/Brussels); never ambiguous there."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class AgendaPeriod:
    view: str  # day, week or month
    first: datetime.date
    last: datetime.date  # included
    previous: datetime.date
    next: datetime.date

    @property
    def days(self) -> list[datetime.date]:
        """The days shown: those of the period, whole weeks (Monday to Sunday) for a month's grid."""
        first, last = self.first, self.last
        if self.view == "month":
            first -= datetime.timedelta(days=first.weekday())
            last += datetime.timedelta(days=6 - last.weekday())
        return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def agenda_period(view: str, day: datetime.date) -> AgendaPeriod:
    """The day itself, its week (Monday to Sunday) or its calendar month, and the dates one period before and
    after, for the navigation."""
    if view == "day":
        one = datetime.timedelta(days=1)
        return AgendaPeriod("day", day, day, day - one, day + one)
    if view == "month":
        first = day.replace(day=1)
        last = add_months(first, 1) - datetime.timedelta(days=1)
        return AgendaPeriod("month", first, last, add_months(first, -1), add_months(first, 1))
    monday = day - datetime.timedelta(days=day.weekday())
    week = datetime.timedelta(days=7)
    return AgendaPeriod("week", monday, monday + datetime.timedelta(days=6), monday - week, monday + week)


class AgendaStaffForm(forms.Form):
    """The staff member whose agenda a manager looks at (``?staff=<id>``), among those who keep files.

    The choices are read once and kept in ``staff_members``: validating and rendering share one query.
    """

    staff = forms.TypedChoiceField(label=gettext_lazy("Staff member"), coerce=int, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff_members = {
            member.pk: member
            for member in User.objects.filter(is_active=True, groups__permissions__codename="keep_caseload").distinct()
        }
        self.fields["staff"].choices = [("", "---------")] + [
            (pk, str(member)) for pk, member in self.staff_members.items()
        ]


def _agenda_owner(request) -> tuple[User | None, AgendaStaffForm | None]:
    """The user whose agenda is shown: oneself, or for a manager the staff member chosen in ``?staff``.

    Anybody else who passes another person's id gets a 403 rather than a silent fallback to their own
    agenda, so that a shared or edited link never looks like someone else's day.
    """
    user = request.user
    wanted = request.GET.get("staff")
    if not perms.can_manage_caseloads(user):
        if wanted not in (None, "") and wanted != str(user.pk):
            raise PermissionDenied
        return user, None
    if wanted is None:
        return user, AgendaStaffForm(initial={"staff": user.pk})
    form = AgendaStaffForm(data=request.GET)
    if form.is_valid():
        chosen = form.cleaned_data["staff"]
        return (form.staff_members[chosen] if chosen else None), form
    return user, form


def _query(params: dict, **changes) -> str:
    """The agenda's query string with some parameters changed (the navigation links keep the others)."""
    merged = {key: value for key, value in {**params, **changes}.items() if value not in (None, "")}
    return "&".join(f"{key}={value}" for key, value in merged.items())


@require_GET
def agenda(request):
    """ "Mon agenda": a day, a week or a month (``?view=``) around ``?date=``, of oneself, of a staff member (a
    manager), of a room (``?room=``) or of a team (``?team=<profession>``). Bad parameters show the form's
    message and today's week."""
    if not perms.can_read_files(request.user):
        raise PermissionDenied
    owner, staff_form = _agenda_owner(request)
    form = AgendaForm(data=request.GET)
    valid = form.is_valid()
    cleaned = form.cleaned_data if valid else {}
    today = timezone.localdate()
    period = agenda_period(cleaned.get("view") or "week", cleaned.get("date") or today)
    room, team = cleaned.get("room"), cleaned.get("team") or None
    if room is not None or team is not None:
        owner = None
    elif owner is None:
        owner = request.user
    is_manager = perms.can_manage_caseloads(request.user)
    days = period.days
    appointments = list(
        agenda_appointments(
            start=_day_start(days[0]),
            end=_day_start(days[-1] + datetime.timedelta(days=1)),
            staff=owner,
            room=room,
            team=User.objects.filter(profession=team) if team else None,
        )
    )
    if is_manager and owner != request.user:
        # Another staff member's, a room's or a team's appointments name people outside the reader's team.
        what = f"staff {owner.pk}" if owner else (f"room {room.pk}" if room else f"team {team}")
        list_read_record(user=request.user, detail=f"agenda of {what}")
    by_day = {day: [] for day in days}
    # Read once for the whole page: the files the reader works on, among those of these appointments.
    own_files = perms.team_file_ids(request.user, {a.job_seeker_id for a in appointments if a.job_seeker_id})
    for appointment in appointments:
        mine = is_manager or perms.is_appointment_staff(request.user, appointment)
        in_team = appointment.job_seeker_id in own_files
        appointment.person_visible = mine or in_team or appointment.job_seeker_id is None
        appointment.changeable = mine or in_team
        day = timezone.localdate(appointment.starts_at)
        if day in by_day:
            by_day[day].append(appointment)
    params = {
        "view": period.view,
        "date": period.first.isoformat(),
        "staff": request.GET.get("staff", "") if owner and owner != request.user else "",
        "room": room.pk if room else "",
        "team": team or "",
    }
    context = {
        "owner": owner,
        "room": room,
        "team_label": Profession(team).label if team else None,
        "is_own_agenda": owner is not None and owner.pk == request.user.pk,
        "staff_form": staff_form,
        "form": form,
        "period": period,
        "today": today,
        "now": timezone.now(),
        "days": list(by_day.items()),
        "weeks": [list(by_day.items())[i : i + 7] for i in range(0, len(by_day), 7)] if period.view == "month" else [],
        "count": len(appointments),
        "outcome_choices": OUTCOME_CHOICES,
        "query_previous": _query(params, date=period.previous.isoformat()),
        "query_next": _query(params, date=period.next.isoformat()),
        "query_today": _query(params, date=today.isoformat()),
        "query_views": [(view, label, _query(params, view=view)) for view, label in form.fields["view"].choices],
    }
    return render(request, "accompaniment/agenda.html", context)


@require_GET
@never_cache
def agenda_ics(request):
    """The user's own appointments of the next ``ICS_DAYS`` days (today included) as an .ics download.

    Always the requesting user's own agenda: a manager's ``?staff`` does not apply, so that nobody
    carries a colleague's appointments away on their phone. The export is written in the access log.
    """
    if not perms.can_read_files(request.user):
        raise PermissionDenied
    now = timezone.now()
    today = timezone.localdate(now)
    appointments = agenda_appointments(
        start=_day_start(today),
        end=_day_start(today + datetime.timedelta(days=ICS_DAYS)),
        staff=request.user,
        with_cancelled=False,
    )
    body = appointments_calendar(appointments=appointments, name=_("Mission Locale agenda"), now=now)
    file_access_record(user=request.user, job_seeker=None, action=AccessAction.EXPORT, detail="agenda.ics")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="agenda.ics"'
    return response
