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
    return errors


@register(Tags.security, deploy=True)
def production_is_safe(app_configs, **kwargs):
    return production_errors()


def refuse_to_start_unsafe() -> None:
    """Stop a server or worker process from starting in production without what production requires."""
    # The load run of bench/load.sh only, on 127.0.0.1 with synthetic staff: a settings module, not an
    # environment variable, so that no production .env can turn this off.
    if getattr(settings, "UNSAFE_LOAD_RUN_ONLY", False):
        return
    errors = production_errors()
    if errors:
        raise ImproperlyConfigured(" ".join(f"{error.id}: {error.msg} {error.hint}" for error in errors))
