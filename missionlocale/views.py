import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_otp import login as otp_login

from missionlocale import otp, perms
from missionlocale.accounts import password_reset_allowed
from missionlocale.celery import app as celery_app
from missionlocale.forms import TwoFactorEnrolForm, TwoFactorVerifyForm
from missionlocale.security import client_ip

logger = logging.getLogger(__name__)


def home(request):
    url_name = perms.home_url_name(request.user)
    if url_name is None:
        return render(request, "missionlocale/no_role.html")
    return redirect(url_name)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: database unreachable")
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        logger.exception("Health check: broker unreachable")
        return False


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """For load balancers and container health checks: the database and, when configured, the broker."""
    checks = {"database": "ok" if _database_ok() else "error"}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = "ok" if _broker_ok() else "error"
    else:
        checks["broker"] = "not configured"
    healthy = "error" not in checks.values()
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


# Two-factor authentication


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed_hosts = {request.get_host()}
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts=allowed_hosts, require_https=request.is_secure()):
        return candidate
    return reverse("home")


def _verified(request, device, next_url: str, template: str | None = None, context: dict | None = None):
    request.session.cycle_key()  # a new session id for the newly verified session
    otp_login(request, device)
    response = render(request, template, context) if template else redirect(next_url)
    otp.trusted_day_cookie_set(response, device=device)
    return response


def two_factor_setup(request):
    """Enrol an authenticator app: scan the QR code (or type the secret), confirm with a first code."""
    next_url = _next_url(request)
    if otp.totp_device_confirmed(user=request.user):
        if request.user.is_verified():
            return redirect(next_url)
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': next_url})}")
    device = otp.totp_device_pending(user=request.user)
    form = TwoFactorEnrolForm(request.POST or None)
    if form.is_valid() and not otp.verify_is_allowed(device):
        form.add_error("token", _("Too many wrong codes in a row: wait a minute before trying again."))
    elif form.is_valid():
        if otp.totp_device_confirm(device=device, token=form.cleaned_data["token"]):
            codes = otp.recovery_codes_generate(user=request.user)
            context = {"codes": codes, "next": next_url}
            return _verified(request, device, next_url, "registration/two_factor_codes.html", context)
        form.add_error("token", _("This code is not the expected one. Check that your phone is on time and retry."))
    context = {
        "form": form,
        "next": next_url,
        "qr_code": otp.totp_qr_data_uri(device),
        "secret": otp.totp_secret(device),
        "otpauth_uri": device.config_url,
    }
    return render(request, "registration/two_factor_setup.html", context)


def two_factor_verify(request):
    """The second step of the first login of the day: a code from the app, or a recovery code."""
    next_url = _next_url(request)
    device = otp.totp_device_confirmed(user=request.user)
    if device is None:
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': next_url})}")
    if request.user.is_verified():
        return redirect(next_url)
    form = TwoFactorVerifyForm(request.POST or None)
    if form.is_valid() and not otp.verify_is_allowed(device):
        form.add_error("code", _("Too many wrong codes in a row: wait a minute before trying again."))
    elif form.is_valid():
        accepted, was_recovery_code = otp.two_factor_check(device=device, code=form.cleaned_data["code"])
        if accepted:
            if was_recovery_code:
                left = otp.recovery_codes_left(user=request.user)
                messages.warning(
                    request,
                    ngettext(
                        "Recovery code used: %(count)s code left. Generate new ones from the two-factor page.",
                        "Recovery code used: %(count)s codes left. Generate new ones from the two-factor page.",
                        left,
                    )
                    % {"count": left},
                )
            return _verified(request, device, next_url)
        form.add_error("code", _("This code is not valid."))
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": next_url})


def two_factor_recovery_codes(request):
    """How many recovery codes are left; a POST replaces them with ten new ones, shown this once."""
    if otp.totp_device_confirmed(user=request.user) is None:
        return redirect("two_factor_setup")
    if request.method == "POST":
        codes = otp.recovery_codes_generate(user=request.user)
        return render(request, "registration/two_factor_codes.html", {"codes": codes, "next": reverse("home")})
    return render(
        request, "registration/two_factor_recovery_codes.html", {"left": otp.recovery_codes_left(user=request.user)}
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, throttled per address and per client address (missionlocale.accounts).

    The refusal names no account: it is the same whether the address belongs to a staff member or not.
    """

    def form_valid(self, form):
        if not password_reset_allowed(email=form.cleaned_data["email"], ip=client_ip(self.request)):
            form.add_error(None, _("Too many password reset requests: try again in an hour."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)
