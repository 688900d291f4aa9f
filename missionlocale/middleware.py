import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.deprecation import MiddlewareMixin
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


@receiver(user_logged_in, dispatch_uid="missionlocale_login_at")
def _remember_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_SESSION_KEY] = int(time.time())


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
      limit is SESSION_COOKIE_AGE, renewed at every request).
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
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        if getattr(request, _CLEAR_TRUSTED_DAY, False):
            response.delete_cookie(settings.OTP_TRUSTED_DAY_COOKIE_NAME, samesite="Lax")
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
