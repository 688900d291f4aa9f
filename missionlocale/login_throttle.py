"""Login throttling beyond django-axes' pair rule: password spraying.

Axes refuses the 6th wrong attempt in a row for one username from one address. An attacker who spreads guesses
over many addresses (one username), or over many usernames (one address), stays under that rule. This backend
also adds up, over axes' cool-off period, the failures of a username from every address and of an address for
every username, each against its own, higher limit: a whole office shares one address behind its router, and a
staff member's mistyped passwords alone never reach these limits.
"""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_ip_address, get_cool_off, get_credentials
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def _failures(**lookup) -> int:
    since = timezone.now() - get_cool_off()
    recent = AccessAttempt.objects.filter(attempt_time__gte=since, **lookup)
    return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0


def spraying(request, username: str | None) -> bool:
    ip_address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    if username and _failures(username=username) >= settings.LOGIN_FAILURES_PER_USERNAME:
        return True
    return bool(ip_address) and _failures(ip_address=ip_address) >= settings.LOGIN_FAILURES_PER_ADDRESS


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' backend (first in AUTHENTICATION_BACKENDS), with the spraying limits on top."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        super().authenticate(request, username=username, password=password, **kwargs)
        if settings.AXES_ENABLED and request is not None and spraying(request, username):
            # The same refusal as axes' own: its middleware shows the lockout page (429).
            request.axes_locked_out = True
            request.axes_credentials = get_credentials(username=username)
            raise AxesBackendPermissionDenied("too many failures for this username or from this address")
