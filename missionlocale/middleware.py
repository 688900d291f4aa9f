import time
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation.trans_real import parse_accept_lang_header
from django_otp import login as otp_login

# Languages a browser's preferences may pick; English is there for whoever chooses it.
_BROWSER_LANGUAGES = ("fr", "nl")


def _language_for(request) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in dict(settings.LANGUAGES):
        return chosen
    for tag, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        primary = tag.split("-", 1)[0].lower()
        if primary in _BROWSER_LANGUAGES:
            return primary
    return settings.LANGUAGE_CODE


class LocaleMiddleware(DjangoLocaleMiddleware):
    """French first: the user's explicit choice, else French or Dutch from the browser, else French.

    A Brussels browser set to English would otherwise show the product in English to staff who work
    in French; English remains one click away in the language switcher.
    """

    def process_request(self, request):
        language = _language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# When the session's login happened (seconds since the epoch), for the absolute session limit.
LOGIN_AT_SESSION_KEY = "_ml_login_at"
RENEWED_AT_SESSION_KEY = "_ml_renewed_at"


@receiver(user_logged_in, dispatch_uid="missionlocale_login_at")
def _remember_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT_SESSION_KEY] = now
        request.session[RENEWED_AT_SESSION_KEY] = now  # the login writes the session with its expiry


# Set on the request by a logout: the response then deletes the browser's trusted-day cookie.
_CLEAR_TRUSTED_DAY = "_ml_clear_trusted_day"


@receiver(user_logged_out, dispatch_uid="missionlocale_logout_untrusts_browser")
def _untrust_browser_at_logout(sender, request, user, **kwargs):
    # Every logout (the button, the admin's, the absolute session limit): whoever uses this browser next,
    # with someone's password, is asked for a code.
    if request is not None:
        setattr(request, _CLEAR_TRUSTED_DAY, True)


class SessionSecurityMiddleware:
    """Ends sessions that must end, and keeps pages about people out of caches.

    - A session lasts at most SESSION_ABSOLUTE_TIMEOUT after its login, however active (the inactivity
      limit is SESSION_COOKIE_AGE, renewed by every request; written when the last renewal is older than
      SESSION_RENEW_INTERVAL, so that pages do not each write the session).
    - A session whose account was disabled (or deleted) since the login is flushed at its next request.
    - A logout deletes the browser's trusted-day cookie (missionlocale.otp): the next login asks a code.
    - Every response to a signed-in staff member carries `Cache-Control: no-store`: pages, exports and PDFs
      may show personal data, which must stay neither in the browser's cache nor in a proxy's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session and not request.user.is_authenticated:
            session.flush()
        elif request.user.is_authenticated:
            login_at = session.get(LOGIN_AT_SESSION_KEY)
            now = int(time.time())
            if login_at is None:
                session[LOGIN_AT_SESSION_KEY] = now
            elif now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
            if request.user.is_authenticated and (
                now - session.get(RENEWED_AT_SESSION_KEY, 0) >= settings.SESSION_RENEW_INTERVAL
            ):
                session[RENEWED_AT_SESSION_KEY] = now  # saved with a new expiry date (not after the logout above)
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        if getattr(request, _CLEAR_TRUSTED_DAY, False):
            response.delete_cookie(settings.OTP_TRUSTED_DAY_COOKIE_NAME, samesite="Lax")
            match = request.resolver_match
            if match is not None and match.view_name in _LOGOUT_VIEWS:
                # The drafts of forms kept in this browser (static/js/drafts.js) are personal data: a logout
                # deletes them, even when it is made from a page without that script (the admin's).
                response["Clear-Site-Data"] = '"storage"'
        return response


_LOGOUT_VIEWS = {"logout", "admin:logout"}


def _same_site_path(request, url: str | None) -> str | None:
    """The path and query of ``url`` when it is a page of this site, else None (never a page elsewhere)."""
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(url)
    if not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Django's: every page needs a login, unless marked ``login_not_required``; but an ended session loses no work.

    - An HTMX request (a form saved in place, a panel loaded) gets 401 and a small re-login dialog
      (``includes/session_expired.html``), not the login page swapped into the page it came from; the dialog's
      link leads back, after the login, to the page the user was on (htmx's ``HX-Current-URL``), where
      ``static/js/drafts.js`` puts back what was typed.
    - A full-page form posted after the session ended goes to the login, and after it back to the page that
      showed the form (its ``Referer``), not to the address it posted to: that one may answer POST only, or
      give a bare fragment. The form's draft is restored there.
    Neither answer ever carries another site's address.
    """

    def handle_no_permission(self, request, view_func):
        if request.headers.get("HX-Request") == "true":
            next_path = _same_site_path(request, request.headers.get("HX-Current-URL"))
            return self._session_ended(request, view_func, next_path)
        if request.method == "POST":
            login_url = resolve_url(self.get_login_url(view_func))
            next_path = _same_site_path(request, request.headers.get("Referer"))
            if next_path is None:
                return redirect(login_url)
            field = self.get_redirect_field_name(view_func)
            return redirect(f"{login_url}?{urlencode({field: next_path})}")
        return super().handle_no_permission(request, view_func)

    def _session_ended(self, request, view_func, next_path):
        login_url = resolve_url(self.get_login_url(view_func))
        if next_path:
            login_url = f"{login_url}?{urlencode({self.get_redirect_field_name(view_func): next_path})}"
        response = render(request, "includes/session_expired.html", {"login_url": login_url}, status=401)
        # 401 asks for credentials; this scheme names the form login, which no browser tries by itself.
        response["WWW-Authenticate"] = 'FormLogin realm="missionlocale"'
        return response


# Set on the answer to a full-page form saved (a POST answered by a redirect, the product's way of saying "saved"):
# the path it posted to, read once and deleted by static/js/drafts.js, which then drops that form's draft.
FORM_SAVED_COOKIE = "ml_form_saved"


def _sends_to_authentication(response) -> bool:
    """A redirect to the login or the two-factor pages: the form was not saved, whatever the status says."""
    target = urlsplit(response.get("Location", "")).path
    return target in {reverse("login"), reverse("two_factor_verify"), reverse("two_factor_setup")}


class FormSavedMiddleware:
    """Tells the browser that a full-page form was saved, so that its draft is not offered again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "POST"
            and 300 <= response.status_code < 400
            and request.headers.get("HX-Request") != "true"
            and request.user.is_authenticated
            and not _sends_to_authentication(response)
        ):
            response.set_cookie(
                FORM_SAVED_COOKIE,
                quote(request.get_full_path(), safe="/"),
                max_age=300,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=False,  # read by drafts.js; it holds an address of this site, nothing about a person
            )
        return response


# Pages an authenticated but not yet verified staff member may reach: the two-factor pages and leaving.
_OTP_EXEMPT_VIEWS = {
    "two_factor_setup",
    "two_factor_verify",
    "logout",
    "set_language",
    "healthz",
    "admin:logout",
}


class OTPRequiredMiddleware(MiddlewareMixin):
    """With OTP_REQUIRED, a signed-in staff member must have proved a second factor in this session.

    The browser's trusted-day cookie proves it for the rest of the day; otherwise the member is sent to
    enrol an authenticator app (first time) or to type a code, then back to the page they asked for.
    Runs after django_otp's OTPMiddleware (request.user.is_verified) and LoginRequiredMiddleware.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.OTP_REQUIRED or not request.user.is_authenticated or request.user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in _OTP_EXEMPT_VIEWS:
            return None
        from missionlocale import otp

        device = otp.trusted_day_device(request, user=request.user)
        if device is not None:
            otp_login(request, device)
            return None
        target = "two_factor_verify" if otp.totp_device_confirmed(user=request.user) else "two_factor_setup"
        next_url = request.get_full_path() if request.method == "GET" else reverse("home")
        return redirect(f"{reverse(target)}?{urlencode({'next': next_url})}")
