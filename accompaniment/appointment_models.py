"""Appointments (rendez-vous) and the rooms they take place in.

Kept in the core app rather than in an app of their own: the interview form creates them, the "Today" page
and the reassignment of files read and move them, and those live here; an app above ``accompaniment`` could
not be imported by them (docs/architecture.md). ``accompaniment.models`` imports this module so that Django
finds the models; the relations are written as strings so that this module imports nothing from it.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accompaniment.enums import (
    ACTIVE_APPOINTMENT_STATUSES,
    AppointmentKind,
    AppointmentStatus,
    ReminderChannel,
    ReminderStatus,
)
from missionlocale.models import VersionedModel
from missionlocale.personal_data import Kind


class Room(models.Model):
    """A room of the Mission Locale where appointments take place (reference list, kept by administrators)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AppointmentQuerySet(models.QuerySet):
    def active(self):
        """Still to be held: planned or confirmed."""
        return self.filter(status__in=ACTIVE_APPOINTMENT_STATUSES)

    def overlapping(self, start: datetime.datetime, end: datetime.datetime):
        """Appointments whose time meets [start, end): one ending when the other starts does not."""
        return self.filter(starts_at__lt=end, ends_at__gt=start)

    def of_staff(self, user):
        """The staff member's appointments: those they lead and those they attend."""
        return self.filter(Q(staff=user) | Q(other_staff=user)).distinct()

    def for_agenda(self):
        """What the agenda and the file show of each appointment, in time order; ``reminder_sent``: whether a
        reminder of it went out (in the same query)."""
        sent = Reminder.objects.filter(appointment=OuterRef("pk"), status=ReminderStatus.SENT)
        return (
            self.select_related("staff", "room", "job_seeker", "status_changed_by")
            .prefetch_related("other_staff")
            .annotate(reminder_sent=Exists(sent))
            .order_by("starts_at", "pk")
        )


class Appointment(VersionedModel):
    """A planned meeting: with a job seeker (or an internal meeting without one), one or several staff members."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    other_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("other staff members"), blank=True, related_name="+"
    )
    job_seeker = models.ForeignKey(
        "accompaniment.JobSeeker",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="appointments",
    )
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    place = models.CharField(
        _("place"), max_length=160, blank=True, help_text=_("When it is not in one of our rooms.")
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=AppointmentKind.choices, default=AppointmentKind.INDIVIDUAL
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AppointmentStatus.choices, default=AppointmentStatus.PLANNED
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status changed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The interview that set it as its "next appointment", and the interview that held it.
    planned_at_interview = models.ForeignKey(
        "accompaniment.Interview", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    held_interview = models.ForeignKey(
        "accompaniment.Interview", on_delete=models.SET_NULL, null=True, blank=True, related_name="held_appointments"
    )
    # The person asked, through a reminder's link, for another time; cleared when the appointment is moved.
    move_requested_at = models.DateTimeField(_("move requested at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = AppointmentQuerySet.as_manager()

    PERSONAL_DATA = {
        "staff": Kind.KEPT,
        "other_staff": Kind.KEPT,
        "job_seeker": Kind.KEPT,
        # Dates, kinds and statuses make the no-show figures; they say nothing of who the person is.
        "starts_at": Kind.KEPT,
        "ends_at": Kind.KEPT,
        "room": Kind.KEPT,
        # Staff may write an address here (a home visit): erased with the file.
        "place": Kind.FREE_TEXT,
        "kind": Kind.KEPT,
        "status": Kind.KEPT,
        "status_changed_at": Kind.KEPT,
        "status_changed_by": Kind.KEPT,
        "planned_at_interview": Kind.KEPT,
        "held_interview": Kind.KEPT,
        "move_requested_at": Kind.KEPT,
        "created_by": Kind.INTERNAL,
        "created_at": Kind.INTERNAL,
        "version": Kind.INTERNAL,
    }

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["staff", "starts_at"]),
            models.Index(fields=["room", "starts_at"]),
            models.Index(fields=["job_seeker", "starts_at"]),
            # The no-show figures of a year: the appointments with a person, by start, read from the index alone.
            models.Index(
                fields=["starts_at"],
                include=["status", "staff", "id"],
                condition=Q(job_seeker__isnull=False),
                name="appointment_with_person_start",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="appointment_ends_after_start")
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.get_kind_display()} {local:%d/%m/%Y %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_APPOINTMENT_STATUSES

    @property
    def is_cancelled(self) -> bool:
        return self.status == AppointmentStatus.CANCELLED

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class ReminderQuerySet(models.QuerySet):
    def due(self, now: datetime.datetime):
        """Pending reminders whose (next) try has come."""
        return self.filter(status=ReminderStatus.PENDING, next_try_at__lte=now)


class Reminder(models.Model):
    """One reminder of one appointment on one channel, sent at most once (accompaniment/reminders.py).

    Its words are written when it is sent, from the appointment and the file as they are then; the row keeps
    no address, number or text of the message.
    """

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="reminders")
    channel = models.CharField(_("channel"), max_length=8, choices=ReminderChannel.choices)
    scheduled_at = models.DateTimeField(_("scheduled at"))
    # When the next try may be made: the scheduled time, then later after each failure (back-off).
    next_try_at = models.DateTimeField()
    status = models.CharField(
        _("status"), max_length=16, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The message id the SMTP server or the SMS provider gave; the kind of the last error, never its text.
    provider_id = models.CharField(max_length=120, blank=True)
    last_error = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ReminderQuerySet.as_manager()

    PERSONAL_DATA = {
        "appointment": Kind.KEPT,
        "channel": Kind.KEPT,
        "scheduled_at": Kind.KEPT,
        "next_try_at": Kind.INTERNAL,
        "status": Kind.KEPT,
        "attempts": Kind.INTERNAL,
        "claimed_at": Kind.INTERNAL,
        "sent_at": Kind.KEPT,
        "provider_id": Kind.INTERNAL,
        "last_error": Kind.INTERNAL,
        "created_at": Kind.INTERNAL,
    }

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["scheduled_at", "pk"]
        indexes = [
            models.Index(fields=["next_try_at", "id"], condition=Q(status="pending"), name="reminder_pending_due"),
            # Whether a reminder of an appointment went out (the agenda, the no-show figures): one index probe.
            models.Index(fields=["appointment"], condition=Q(status="sent"), name="reminder_sent"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {timezone.localtime(self.scheduled_at):%d/%m/%Y %H:%M}"


class CalendarFeedQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    """A staff member's personal calendar feed: a secret URL a phone or Outlook subscribes to
    (accompaniment/calendar_feeds.py). The token is kept so that its owner can read the URL again on their
    page; revoking it makes the URL answer 404 for good."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user} {timezone.localtime(self.created_at):%d/%m/%Y}"
