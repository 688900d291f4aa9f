"""Appointment reminders: scheduled when an appointment is booked or moved, sent by email or SMS when due, and
the person's answer through the link they carry.

**At most once.** A sender claims one due reminder at a time: in a transaction it locks the row
(``select_for_update(skip_locked=True)``: a second sender skips it instead of waiting) and marks it "sending"
with a conditional UPDATE (which alone decides on a database without row locks, SQLite), and commits; only then
does it send. A reminder is therefore sent by one sender only, even when two run at the same moment. A sender
killed between the claim and the end of the send leaves the row "sending" for good: it is never sent again
automatically, since nobody can tell whether the message left (at most once wins over at least once). A row
"sending" for more than REMINDER_SENDING_STUCK_MINUTES is reported by every run (a warning in the log and the
command's output, with its id) so that someone can look at the mail server's or the provider's log; it counts
as not sent in the figures. A failure the sender sees (the mail server or the SMS provider
refused or did not answer) puts the row back to "pending" with a later ``next_try_at`` (back-off:
REMINDER_RETRY_MINUTES × 2^(attempts − 1)), up to REMINDER_MAX_ATTEMPTS tries, then "failed".

**Whom.** Only files whose person opted in (``reminder_channel``), in their language. A safe-contact file
(``do_not_contact_at_home``) gets reminders only on the safe phone or email the counsellor recorded, never on
the home number or address (``perms.can_contact_at_home``).

Nothing here logs a name, an address, a number or a message: ids and counts only.
"""

import datetime
import logging
import re
import smtplib
from dataclasses import dataclass, field
from email.utils import make_msgid

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import base36_to_int, int_to_base36
from django.utils.translation import gettext_lazy as _

from accompaniment import perms
from accompaniment.appointment_models import Appointment, Reminder
from accompaniment.enums import ACTIVE_APPOINTMENT_STATUSES, AppointmentStatus, ReminderChannel, ReminderStatus
from accompaniment.sms import SMS_MAX_LENGTH, SmsError, gsm7, sms_send
from missionlocale.figure_cache import APPOINTMENTS, data_changed
from missionlocale.forms import belgian_phone_clean
from missionlocale.services import instance_save_versioned

logger = logging.getLogger(__name__)

_OFFSET = re.compile(r"^(?P<amount>\d+)(?P<unit>[dhm])(?:@(?P<hour>\d{1,2}):(?P<minute>\d{2}))?$")


# When


def reminder_offsets(spec: str | None = None) -> list[tuple[int, str, datetime.time | None]]:
    """The reminder times of REMINDER_OFFSETS: "2d" (two days before, same time), "1d@08:00" (the day before
    at 08:00), "3h", "30m". A malformed entry is refused when the setting is read."""
    spec = settings.REMINDER_OFFSETS if spec is None else spec
    offsets = []
    for part in filter(None, (item.strip() for item in spec.split(","))):
        match = _OFFSET.match(part)
        if not match:
            raise ValueError(f"REMINDER_OFFSETS: cannot read {part!r}")
        at = None
        if match["hour"] is not None:
            if match["unit"] != "d":
                raise ValueError(f"REMINDER_OFFSETS: a time of day goes with days only ({part!r})")
            at = datetime.time(int(match["hour"]), int(match["minute"]))
        offsets.append((int(match["amount"]), match["unit"], at))
    return offsets


def reminder_times(starts_at: datetime.datetime, spec: str | None = None) -> list[datetime.datetime]:
    """When the reminders of an appointment starting at ``starts_at`` are due, earliest first, without repeats."""
    times = set()
    for amount, unit, at in reminder_offsets(spec):
        if unit == "d" and at is not None:
            day = timezone.localtime(starts_at).date() - datetime.timedelta(days=amount)
            times.add(timezone.make_aware(datetime.datetime.combine(day, at)))
        else:
            delta = {"d": datetime.timedelta(days=amount), "h": datetime.timedelta(hours=amount)}.get(
                unit, datetime.timedelta(minutes=amount)
            )
            times.add(starts_at - delta)
    return sorted(times)


# Whom


def reminder_contact(job_seeker) -> tuple[str, str] | None:
    """(channel, address or E.164 number) a reminder to this person goes to, or None when none may be sent."""
    if job_seeker is None or job_seeker.anonymised_at or not job_seeker.reminder_channel:
        return None
    at_home = perms.can_contact_at_home(job_seeker)
    if job_seeker.reminder_channel == ReminderChannel.EMAIL:
        address = job_seeker.email if at_home else ""
        address = address or job_seeker.safe_email
        return (ReminderChannel.EMAIL, address) if address else None
    number = job_seeker.phone if at_home else ""
    number = number or job_seeker.safe_phone
    try:
        number = belgian_phone_clean(number)
    except ValidationError:
        return None
    return (ReminderChannel.SMS, number) if number else None


# Scheduling (called by the appointment services, inside their transaction)


def reminders_schedule(*, appointment: Appointment, now: datetime.datetime | None = None) -> list[Reminder]:
    """Create the pending reminders of an appointment still to come, on the person's channel; none for an
    internal meeting, a person who did not opt in, or a reminder time already past."""
    now = now or timezone.now()
    if appointment.status not in ACTIVE_APPOINTMENT_STATUSES or appointment.job_seeker_id is None:
        return []
    contact = reminder_contact(appointment.job_seeker)
    if contact is None:
        return []
    channel, _address = contact
    rows = [
        Reminder(appointment=appointment, channel=channel, scheduled_at=when, next_try_at=when)
        for when in reminder_times(appointment.starts_at)
        if now < when < appointment.starts_at
    ]
    data_changed(APPOINTMENTS)  # no signal for a bulk insert or update: the no-show figures with a reminder
    return Reminder.objects.bulk_create(rows)


def reminders_cancel(*, appointment: Appointment) -> int:
    """Cancel the reminders of an appointment not sent yet (it was moved, cancelled or recorded)."""
    data_changed(APPOINTMENTS)
    return appointment.reminders.filter(status=ReminderStatus.PENDING).update(status=ReminderStatus.CANCELLED)


def reminders_reschedule_for_file(*, job_seeker, now: datetime.datetime | None = None) -> int:
    """After a change of the person's consent, channel or contact: their coming appointments' pending reminders
    are made again from the file as it now is. Returns how many are pending."""
    now = now or timezone.now()
    count = 0
    appointments = (
        Appointment.objects.active().filter(job_seeker=job_seeker, starts_at__gt=now).select_related("job_seeker")
    )
    for appointment in appointments:
        reminders_cancel(appointment=appointment)
        count += len(reminders_schedule(appointment=appointment, now=now))
    return count


# The link


class _ReminderSigner(signing.TimestampSigner):
    """A TimestampSigner whose signature is cut to 12 characters (72 bits): far beyond guessing for a link
    that expires in days, and short enough for the link to fit in one SMS."""

    def signature(self, value, key=None):
        return super().signature(value, key)[:12]


def _signer() -> _ReminderSigner:
    return _ReminderSigner(salt="accompaniment.reminder")


def reminder_token(reminder: Reminder) -> str:
    return _signer().sign(int_to_base36(reminder.pk))


class BadToken(Exception):
    """The link is unknown, tampered with or expired."""


def reminder_from_token(token: str) -> Reminder:
    """The reminder of a link; BadToken when it is not one of ours, was altered, or is too old."""
    try:
        value = _signer().unsign(token, max_age=datetime.timedelta(days=settings.REMINDER_LINK_MAX_AGE_DAYS))
        pk = base36_to_int(value)
    except (signing.BadSignature, ValueError) as error:
        raise BadToken from error
    reminder = (
        Reminder.objects.select_related("appointment__staff", "appointment__room", "appointment__job_seeker")
        .filter(pk=pk)
        .first()
    )
    if reminder is None:
        raise BadToken
    return reminder


def reminder_link(reminder: Reminder) -> str:
    return settings.PUBLIC_BASE_URL + reminder_url_path(reminder)


def reminder_url_path(reminder: Reminder) -> str:
    return reverse("accompaniment:reminder_answer", args=[reminder_token(reminder)])


# The words


def appointment_place(appointment: Appointment, *, short: bool = False) -> str:
    """Where it takes place: one of our rooms (``short``: its name only, for an SMS), or the place written."""
    if appointment.room_id:
        return appointment.room.name if short else f"{settings.ORGANISATION_NAME}, {appointment.room.name}"
    return appointment.place or settings.ORGANISATION_NAME


def _context(reminder: Reminder) -> dict:
    appointment = reminder.appointment
    local = timezone.localtime(appointment.starts_at)
    return {
        "starts_at": local,
        "place": appointment_place(appointment),
        "staff_first_name": appointment.staff.first_name or _("your counsellor"),
        "organisation": settings.ORGANISATION_NAME,
        "link": reminder_link(reminder),
    }


def _shorten(text: str, length: int, mark: str = ".") -> str:
    return text if len(text) <= length else text[: length - len(mark)].rstrip(" -,.") + mark


def reminder_sms_text(reminder: Reminder, *, context: dict | None = None) -> str:
    """The SMS, in GSM-7 and at most 160 characters: the place, then the first name, are shortened to fit."""
    context = context or _context(reminder)
    language = reminder.appointment.job_seeker.preferred_language if reminder.appointment.job_seeker_id else "fr"
    with translation.override(language):
        place = gsm7(appointment_place(reminder.appointment, short=True))
        name = gsm7(str(context["staff_first_name"]))
        for place_length, name_length in ((len(place), len(name)), (40, 20), (28, 14), (18, 10), (10, 8)):
            text = gsm7(
                render_to_string(
                    "accompaniment/reminders/sms.txt",
                    {
                        **context,
                        "place": _shorten(place, place_length),
                        "staff_first_name": _shorten(name, name_length, mark=""),
                    },
                ).strip()
            )
            if len(text) <= SMS_MAX_LENGTH:
                return text
    return text[:SMS_MAX_LENGTH]


def reminder_email(reminder: Reminder, *, to: str, context: dict | None = None) -> EmailMessage:
    context = context or _context(reminder)
    with translation.override(reminder.appointment.job_seeker.preferred_language):
        subject = render_to_string("accompaniment/reminders/email_subject.txt", context).strip()
        body = render_to_string("accompaniment/reminders/email_body.txt", context)
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">") or None
    return EmailMessage(subject, body, to=[to], headers={"Message-ID": make_msgid("reminder", domain=domain)})


# Sending


@dataclass
class SendReport:
    sent: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    due: list[int] = field(default_factory=list)  # a dry run's: what would be sent
    stuck: list[int] = field(default_factory=list)  # left "sending" by a sender that died: never resent


def _claim(now: datetime.datetime) -> Reminder | None:
    """Take one due reminder for this sender, or None when there is none left (see the module's docstring)."""
    while True:
        with transaction.atomic():
            candidate = (
                Reminder.objects.select_for_update(skip_locked=True)
                .due(now)
                .order_by("next_try_at", "pk")
                .values_list("pk", flat=True)
                .first()
            )
            if candidate is None:
                return None
            claimed = Reminder.objects.filter(pk=candidate, status=ReminderStatus.PENDING).update(
                status=ReminderStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
        if claimed:
            return Reminder.objects.select_related(
                "appointment__job_seeker", "appointment__staff", "appointment__room"
            ).get(pk=candidate)


def _finish(reminder: Reminder, **fields) -> None:
    Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.SENDING).update(**fields)
    data_changed(APPOINTMENTS)  # a reminder sent (or not) counts in the no-show rates with and without one


def _deliver(reminder: Reminder, now: datetime.datetime, report: SendReport) -> None:
    appointment = reminder.appointment
    contact = reminder_contact(appointment.job_seeker)
    if (
        appointment.status not in ACTIVE_APPOINTMENT_STATUSES
        or appointment.starts_at <= now
        or contact is None
        or contact[0] != reminder.channel
    ):
        # The appointment changed, or the person withdrew their consent, since it was scheduled.
        _finish(reminder, status=ReminderStatus.CANCELLED)
        report.cancelled.append(reminder.pk)
        return
    try:
        if reminder.channel == ReminderChannel.EMAIL:
            message = reminder_email(reminder, to=contact[1])
            message.send(fail_silently=False)
            provider_id = message.extra_headers["Message-ID"]
        else:
            provider_id = sms_send(to=contact[1], text=reminder_sms_text(reminder))
    except (smtplib.SMTPException, OSError, SmsError) as error:
        code = str(error) if isinstance(error, SmsError) else type(error).__name__
        next_try = now + datetime.timedelta(minutes=settings.REMINDER_RETRY_MINUTES * 2 ** (reminder.attempts - 1))
        if reminder.attempts >= settings.REMINDER_MAX_ATTEMPTS or next_try >= appointment.starts_at:
            _finish(reminder, status=ReminderStatus.FAILED, last_error=code[:60])
            report.failed.append(reminder.pk)
            logger.warning("Reminder %s failed after %s attempts (%s)", reminder.pk, reminder.attempts, code[:60])
        else:
            _finish(reminder, status=ReminderStatus.PENDING, next_try_at=next_try, last_error=code[:60])
            report.retried.append(reminder.pk)
            logger.info("Reminder %s to be tried again (%s)", reminder.pk, code[:60])
        return
    except Exception as error:  # a fault of ours (a template, a header): not sent, never left "sending"
        _finish(reminder, status=ReminderStatus.FAILED, last_error=type(error).__name__[:60])
        report.failed.append(reminder.pk)
        logger.error("Reminder %s failed: %s", reminder.pk, type(error).__name__)
        return
    _finish(reminder, status=ReminderStatus.SENT, sent_at=timezone.now(), provider_id=provider_id[:120])
    report.sent.append(reminder.pk)
    logger.info("Reminder %s sent by %s", reminder.pk, reminder.channel)


def reminders_send_due(*, now: datetime.datetime | None = None, limit: int = 500, dry_run: bool = False) -> SendReport:
    """Send the reminders whose time has come, at most ``limit`` of them; ``dry_run`` only lists their ids.

    Safe to run from several workers at once: each reminder is sent at most once (see the module's docstring).
    """
    now = now or timezone.now()
    report = SendReport()
    stuck_since = now - datetime.timedelta(minutes=settings.REMINDER_SENDING_STUCK_MINUTES)
    report.stuck = list(
        Reminder.objects.filter(status=ReminderStatus.SENDING, claimed_at__lt=stuck_since)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    if report.stuck:
        logger.warning("Reminders left sending, not resent (at most once): %s", report.stuck)
    if dry_run:
        report.due = list(Reminder.objects.due(now).order_by("next_try_at", "pk").values_list("pk", flat=True)[:limit])
        return report
    for _count in range(limit):
        reminder = _claim(now)
        if reminder is None:
            break
        _deliver(reminder, now, report)
    return report


# The person's answer (the public page behind the link)


class ReminderAnswer:
    CONFIRM = "confirm"
    MOVE = "move"
    STOP = "stop"
    ALL = (CONFIRM, MOVE, STOP)


def appointment_is_answerable(appointment: Appointment, now: datetime.datetime | None = None) -> bool:
    """Whether the person may still answer: the appointment is planned or confirmed and still to come."""
    return appointment.status in ACTIVE_APPOINTMENT_STATUSES and appointment.starts_at > (now or timezone.now())


@transaction.atomic
def reminder_answer(*, reminder: Reminder, answer: str) -> None:
    """Record what the person said through the link: they will come (the appointment is confirmed), they ask
    for another time (flagged for the counsellor), or they want no more reminders (consent withdrawn)."""
    if answer not in ReminderAnswer.ALL:
        raise ValidationError(_("Choose one of the answers."), code="bad_answer")
    appointment = Appointment.objects.select_for_update().get(pk=reminder.appointment_id)
    if answer != ReminderAnswer.STOP and not appointment_is_answerable(appointment):
        raise ValidationError(_("This appointment is no longer planned: nothing was changed."), code="not_active")
    if answer == ReminderAnswer.CONFIRM:
        instance_save_versioned(
            instance=appointment,
            acting_user=None,
            fields={
                "status": AppointmentStatus.CONFIRMED,
                "status_changed_at": timezone.now(),
                "move_requested_at": None,
            },
            reason="confirmed by the person",
            validate=False,
        )
    elif answer == ReminderAnswer.MOVE:
        instance_save_versioned(
            instance=appointment,
            acting_user=None,
            fields={"move_requested_at": timezone.now()},
            reason="move requested by the person",
            validate=False,
        )
    else:
        job_seeker = type(appointment.job_seeker).objects.select_for_update().get(pk=appointment.job_seeker_id)
        instance_save_versioned(
            instance=job_seeker,
            acting_user=None,
            fields={"reminder_channel": ""},
            reason="reminders stopped by the person",
            validate=False,
        )
        Reminder.objects.filter(appointment__job_seeker=job_seeker, status=ReminderStatus.PENDING).update(
            status=ReminderStatus.CANCELLED
        )
        data_changed(APPOINTMENTS)
