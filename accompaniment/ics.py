"""iCalendar (RFC 5545) export of a staff member's appointments, written by hand: the format is small (the
``icalendar`` library is not installed in this environment).

All times are written in UTC with a trailing ``Z`` (RFC 5545 §3.3.5, form #2), so no VTIMEZONE is
needed: calendar applications show them in the phone's own time zone, summer time included.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext

from accompaniment.appointment_models import Appointment

CRLF = "\r\n"
# RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break.
MAX_LINE_OCTETS = 75
PRODID = "-//Mission Locale//Agenda//FR"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime.datetime
    end: datetime.datetime
    summary: str


def ics_escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11): backslash first, then ; , and line breaks."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character.

    Each continuation starts with one space, which counts in its 75 octets.
    """
    parts: list[str] = []
    current, size, limit = [], 0, MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, MAX_LINE_OCTETS - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def ics_datetime(value: datetime.datetime) -> str:
    """An aware datetime as a UTC DATE-TIME, e.g. 20250305T130000Z."""
    if value.tzinfo is None:
        raise ValueError("iCalendar times must be timezone-aware.")
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_build(*, name: str, events: Iterable[CalendarEvent], now: datetime.datetime) -> str:
    """The whole VCALENDAR text, CRLF line endings, folded lines; ``now`` is every event's DTSTAMP."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(name)}",
    ]
    stamp = ics_datetime(now)
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{ics_datetime(event.start)}",
            f"DTEND:{ics_datetime(event.end)}",
            f"SUMMARY:{ics_escape(event.summary)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + CRLF for line in lines)


def person_short_name(job_seeker) -> str:
    """ "Amina E.": the first name and the initial of the last name, nothing more."""
    initial = job_seeker.last_name.strip()[:1].upper()
    return f"{job_seeker.first_name.strip()} {initial}." if initial else job_seeker.first_name.strip()


def appointment_summary(appointment: Appointment) -> str:
    """ "RDV Mission Locale – Amina E.", or the kind of an internal meeting.

    PRIVACY: an .ics file leaves the product: it is synced to phones and to calendar services
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


def appointments_calendar(*, appointments: Iterable[Appointment], name: str, now: datetime.datetime) -> str:
    """The calendar of these appointments (``job_seeker`` selected with them)."""
    events = (
        CalendarEvent(
            uid=appointment_uid(appointment),
            start=appointment.starts_at,
            end=appointment.ends_at,
            summary=appointment_summary(appointment),
        )
        for appointment in appointments
    )
    return calendar_build(name=name, events=events, now=now)
