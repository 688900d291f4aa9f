from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def two_factor_required_in_production(app_configs, **kwargs):
    """Production refuses to run without two-factor authentication; only the local demo may go without."""
    if settings.DEBUG or getattr(settings, "OTP_REQUIRED", True):
        return []
    return [
        Error(
            "OTP_REQUIRED is off while DEBUG is off: every staff account must use two-factor authentication "
            "in production.",
            hint="Remove OTP_REQUIRED=0 from the environment; only the local demo (make run) may switch it off.",
            id="missionlocale.E001",
        )
    ]
