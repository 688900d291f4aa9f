"""iCalendar (RFC 5545) calendars of a staff member's appointments, written with the ``icalendar`` library: the
one-off .ics download of the agenda and the personal calendar feed a phone or Outlook subscribes to.

All times are written in UTC (``...Z``), so no VTIMEZONE is needed: calendar applications show them in the
phone's own time zone, summer time included.
"""

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext
from icalendar import Alarm, Calendar, Event

from accompaniment.appointment_models import Appointment

PRODID = "-//Mission Locale//Agenda//FR"


def person_short_name(job_seeker) -> str:
    """ "Amina E.": the first name and the initial of the last name, nothing more."""
    initial = job_seeker.last_name.strip()[:1].upper()
    return f"{job_seeker.first_name.strip()} {initial}." if initial else job_seeker.first_name.strip()


def appointment_summary(appointment: Appointment) -> str:
    """ "RDV Mission Locale – Amina E.", or the kind of an internal meeting.

    PRIVACY: an .ics file or feed leaves the product: it is synced to phones and to calendar services
    (Google, Microsoft) we do not control, and is often shared with colleagues or family calendars.
    So it carries just enough for the counsellor to recognise the person: no full name, no NISS,
    no Actiris number, no place, no interview note or topic. The details stay behind the login, in the file.
    """
    if appointment.job_seeker is None:
        return gettext("Mission Locale – %(kind)s") % {"kind": appointment.get_kind_display()}
    return gettext("Mission Locale appointment – %(name)s") % {"name": person_short_name(appointment.job_seeker)}


def appointment_uid(appointment: Appointment) -> str:
    """Stable per appointment, so that importing the file again updates the event instead of doubling it."""
    return f"appointment-{appointment.pk}@missionlocale"


def _utc(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is None:
        raise ValueError("iCalendar times must be timezone-aware.")
    return value.astimezone(datetime.UTC)


def appointments_calendar(
    *,
    appointments: Iterable[Appointment],
    name: str,
    now: datetime.datetime,
    alarm_minutes: int | None = None,
    refresh: datetime.timedelta | None = None,
) -> bytes:
    """The calendar of these appointments (``job_seeker`` selected with them), CRLF lines folded at 75 octets.

    ``now`` is every event's DTSTAMP; ``alarm_minutes`` adds an alarm that many minutes before each one;
    ``refresh`` tells subscribing applications how often to read a feed again.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    if refresh is not None:
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", refresh)
    for appointment in appointments:
        summary = appointment_summary(appointment)
        event = Event()
        event.add("uid", appointment_uid(appointment))
        event.add("dtstamp", _utc(now))
        event.add("dtstart", _utc(appointment.starts_at))
        event.add("dtend", _utc(appointment.ends_at))
        event.add("summary", summary)
        if alarm_minutes:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary)
            alarm.add("trigger", datetime.timedelta(minutes=-alarm_minutes))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
