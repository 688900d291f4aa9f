"""What production (DEBUG off) refuses to run without.

The same errors serve two places: ``manage.py check --deploy`` (the one-shot migrate service runs it) and the
processes that serve or work, which refuse to start: gunicorn and runserver (missionlocale/wsgi.py), the
Celery worker and beat (missionlocale/celery.py). A setting changed in the environment after the deploy check
ran would otherwise go unnoticed.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


def production_errors() -> list[Error]:
    if settings.DEBUG:
        return []
    errors = []
    if not getattr(settings, "OTP_REQUIRED", True):
        errors.append(
            Error(
                "OTP_REQUIRED is off while DEBUG is off: every staff account must use two-factor authentication "
                "in production.",
                hint="Remove OTP_REQUIRED=0 from the environment; only the local demo (make run) may switch it off.",
                id="missionlocale.E001",
            )
        )
    if not mail_is_delivered():
        errors.append(
            Error(
                "No mail server is configured while DEBUG is off: password-reset links would be written to the "
                "log, where anyone who reads it could take over an account.",
                hint="Set EMAIL_HOST (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, DEFAULT_FROM_EMAIL) in the "
                "environment.",
                id="missionlocale.E002",
            )
        )
    return errors


# Backends that deliver nothing: they print, keep or file the message instead.
_UNDELIVERED_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
}


def mail_is_delivered() -> bool:
    if settings.EMAIL_BACKEND in _UNDELIVERED_BACKENDS:
        return False
    return settings.EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend" or bool(settings.EMAIL_HOST)


@register(Tags.security, deploy=True)
def production_is_safe(app_configs, **kwargs):
    return production_errors()


def refuse_to_start_unsafe() -> None:
    """Stop a server or worker process from starting in production without 2FA or a mail server."""
    # The load run of bench/load.sh only, on 127.0.0.1 with synthetic staff who never reset a password: a
    # settings module, not an environment variable, so that no production .env can turn this off.
    if getattr(settings, "UNSAFE_LOAD_RUN_ONLY", False):
        return
    errors = production_errors()
    if errors:
        raise ImproperlyConfigured(" ".join(f"{error.id}: {error.msg} {error.hint}" for error in errors))
