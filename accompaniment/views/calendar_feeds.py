"""A staff member's calendar feeds: their page (create, list with the URL, revoke) and the feed itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accompaniment import perms
from accompaniment.appointment_models import CalendarFeed
from accompaniment.calendar_feeds import (
    FEED_ALARM_MINUTES,
    FEED_DAYS,
    calendar_feed_body,
    calendar_feed_by_token,
    calendar_feed_create,
    calendar_feed_revoke,
)


def _check(request):
    # The staff who keep an agenda: those who work on files.
    if not perms.can_read_files(request.user):
        raise PermissionDenied


@never_cache
@require_http_methods(["GET", "POST"])
def calendar_feeds(request):
    """The user's calendar links: a POST creates one."""
    _check(request)
    if request.method == "POST":
        try:
            calendar_feed_create(user=request.user)
            messages.success(request, _("Calendar link created: add it to your calendar application."))
        except ValidationError as refusal:
            messages.error(request, refusal.messages[0])
        return redirect("accompaniment:calendar_feeds")
    feeds = [
        (feed, request.build_absolute_uri(reverse("accompaniment:calendar_feed", args=[feed.token])))
        for feed in CalendarFeed.objects.filter(user=request.user)
    ]
    context = {"feeds": feeds, "feed_days": FEED_DAYS, "alarm_minutes": FEED_ALARM_MINUTES}
    return render(request, "accompaniment/calendar_feeds.html", context)


@require_POST
def calendar_feed_revoke_view(request, pk: int):
    _check(request)
    feed = get_object_or_404(CalendarFeed, pk=pk, user=request.user)
    calendar_feed_revoke(feed=feed)
    messages.success(request, _("Calendar link revoked: it no longer answers."))
    return redirect("accompaniment:calendar_feeds")


@login_not_required
@never_cache
@require_GET
def calendar_feed(request, token: str):
    """The feed (no login: calendar applications cannot log in; the token is the key)."""
    feed = calendar_feed_by_token(token)
    if feed is None:
        raise Http404
    body = calendar_feed_body(feed=feed, name=_("Mission Locale agenda"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
