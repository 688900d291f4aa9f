"""Personal calendar feeds: each staff member who keeps an agenda may create secret feed URLs for their phone or
Outlook, list them on their page, and revoke them. What a feed shows: ``ics.appointments_calendar`` (first name
and initial only, with an alarm).

The URL's token is the only key (calendar applications cannot log in): 256 random bits, compared by an indexed
exact lookup; a revoked or unknown token gets a 404, never a hint of which.
"""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accompaniment import perms
from accompaniment.appointment_models import Appointment, CalendarFeed
from accompaniment.ics import appointments_calendar

# At most this many live feeds per staff member (a phone, a computer, a tablet…).
MAX_ACTIVE_FEEDS = 5
# How far ahead a feed shows, and the alarm before each appointment.
FEED_DAYS = 90
FEED_ALARM_MINUTES = 30


@transaction.atomic
def calendar_feed_create(*, user) -> CalendarFeed:
    if CalendarFeed.objects.active().filter(user=user).count() >= MAX_ACTIVE_FEEDS:
        raise ValidationError(
            _("You already have %(count)s calendar links: revoke one you no longer use first.")
            % {"count": MAX_ACTIVE_FEEDS},
            code="too_many",
        )
    return CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))


@transaction.atomic
def calendar_feed_revoke(*, feed: CalendarFeed) -> CalendarFeed:
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    return feed


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    """The live feed of this token, with its owner; None for an unknown or revoked one, or when its owner no longer
    works with files (a feed lives no longer than the right that created it)."""
    if not token or len(token) > 64:
        return None
    feed = CalendarFeed.objects.active().select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None or not perms.can_read_files(feed.user):
        return None
    return feed


def calendar_feed_body(*, feed: CalendarFeed, name: str, now: datetime.datetime | None = None) -> bytes:
    """The owner's planned or confirmed appointments still to come (those they lead and those they attend)."""
    now = now or timezone.now()
    appointments = (
        Appointment.objects.of_staff(feed.user)
        .active()
        .overlapping(now, now + datetime.timedelta(days=FEED_DAYS))
        .select_related("job_seeker")
        .order_by("starts_at", "pk")
    )
    return appointments_calendar(
        appointments=appointments,
        name=name,
        now=now,
        alarm_minutes=FEED_ALARM_MINUTES,
        refresh=datetime.timedelta(hours=1),
    )
