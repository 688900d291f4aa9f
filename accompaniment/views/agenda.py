"""A staff member's agenda: the next appointments set on the interviews they logged, and its .ics export."""

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
from accompaniment.enums import AccessAction
from accompaniment.ics import appointments_calendar
from accompaniment.models import Interview
from accompaniment.services import file_access_record, list_read_record
from missionlocale.models import User

# How far ahead the .ics export reaches, today included.
ICS_DAYS = 60


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of that day in the current time zone (Europe/Brussels); never ambiguous there."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class AgendaPeriods:
    today: datetime.date
    tomorrow: datetime.date
    week_end: datetime.date  # exclusive: the Monday after the period
    is_next_week: bool


def agenda_periods(today: datetime.date) -> AgendaPeriods:
    """Today, then "this week": from tomorrow to Sunday included (weeks run Monday to Sunday).

    On a Sunday the rest of the week is empty, so the second section shows the whole next week
    instead (Monday to Sunday) and is titled "Next week". On other days it never reaches past Sunday,
    so on a Saturday it shows Sunday only: counsellors plan their week on Friday or Monday.
    """
    tomorrow = today + datetime.timedelta(days=1)
    next_monday = today + datetime.timedelta(days=7 - today.weekday())
    if today.weekday() == 6:
        return AgendaPeriods(today, tomorrow, next_monday + datetime.timedelta(days=7), is_next_week=True)
    return AgendaPeriods(today, tomorrow, next_monday, is_next_week=False)


class AgendaStaffForm(forms.Form):
    """The staff member whose agenda a manager looks at (``?staff=<id>``), among those who keep files.

    The choices are read once and kept in ``staff_members``: validating and rendering share one query.
    """

    staff = forms.TypedChoiceField(label=gettext_lazy("Staff member"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff_members = {
            member.pk: member
            for member in User.objects.filter(is_active=True, groups__permissions__codename="keep_caseload").distinct()
        }
        self.fields["staff"].choices = [(pk, str(member)) for pk, member in self.staff_members.items()]


def _agenda_owner(request) -> tuple[User, AgendaStaffForm | None]:
    """The user whose agenda is shown: oneself, or for a manager the staff member chosen in ``?staff``.

    Anybody else who passes another person's id gets a 403 rather than a silent fallback to their own
    agenda, so that a shared or edited link never looks like someone else's day.
    """
    user = request.user
    wanted = request.GET.get("staff")
    if not perms.can_manage_caseloads(user):
        if wanted is not None and wanted != str(user.pk):
            raise PermissionDenied
        return user, None
    if wanted is None:
        return user, AgendaStaffForm(initial={"staff": user.pk})
    form = AgendaStaffForm(data=request.GET)
    return (form.staff_members[form.cleaned_data["staff"]] if form.is_valid() else user), form


@require_GET
def agenda(request):
    """ "Mon agenda": today's appointments, then the rest of the week (see ``agenda_periods``)."""
    if not perms.can_read_files(request.user):
        raise PermissionDenied
    owner, form = _agenda_owner(request)
    if owner != request.user:
        # Another staff member's appointments name people outside the reader's team.
        list_read_record(user=request.user, detail=f"agenda of staff {owner.pk}")
    periods = agenda_periods(timezone.localdate())
    tomorrow_start = _day_start(periods.tomorrow)
    # One query for both sections, split here.
    appointments = list(Interview.objects.upcoming_for(owner, _day_start(periods.today), _day_start(periods.week_end)))
    context = {
        "owner": owner,
        "is_own_agenda": owner.pk == request.user.pk,
        "form": form,
        "periods": periods,
        "week_last_day": periods.week_end - datetime.timedelta(days=1),
        "now": timezone.now(),
        "today_appointments": [i for i in appointments if i.next_appointment_at < tomorrow_start],
        "week_appointments": [i for i in appointments if i.next_appointment_at >= tomorrow_start],
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
    interviews = Interview.objects.upcoming_for(
        request.user, _day_start(today), _day_start(today + datetime.timedelta(days=ICS_DAYS))
    )
    text = appointments_calendar(interviews=interviews, name=_("Mission Locale agenda"), now=now)
    file_access_record(user=request.user, job_seeker=None, action=AccessAction.EXPORT, detail="agenda.ics")
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="agenda.ics"'
    return response
