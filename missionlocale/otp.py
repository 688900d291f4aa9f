"""Two-factor authentication: TOTP devices (django-otp), hashed recovery codes, the device trusted for the day.

A staff member enrols an authenticator app once (a TOTP device), receives ten recovery codes shown once and
kept only as hashes, and then proves a code at the first login of each working day: a signed, HttpOnly cookie
tells later logins and requests from the same browser that this device was verified today, until midnight.
"""

import datetime
import hashlib
import secrets
from base64 import b32encode, b64encode

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from missionlocale.models import RecoveryCode

RECOVERY_CODE_COUNT = 10
# 16 characters out of 32 (no 0/O, 1/I): 80 bits, beyond guessing and beyond brute-forcing a hash.
RECOVERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RECOVERY_CODE_LENGTH = 16
_TRUSTED_DAY_SALT = "missionlocale.otp.trusted-day"


# Devices


def totp_device_confirmed(*, user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_device_pending(*, user) -> TOTPDevice:
    """The device being enrolled: the same secret on every reload of the page, until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The base32 secret, in groups of four, for typing into an app that cannot read the QR code."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_data_uri(device: TOTPDevice) -> str | None:
    """The otpauth:// link as an SVG QR code in a data: URI (allowed by the CSP), or None without segno."""
    try:
        import segno
    except ModuleNotFoundError:
        return None
    svg = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
    if svg.startswith("data:"):
        return svg
    return "data:image/svg+xml;base64," + b64encode(svg.encode()).decode()


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm the enrolment with a first code from the app; the user's older devices go."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def _normalised(code: str) -> str:
    return "".join(char for char in code.upper() if char.isalnum())


def two_factor_check(*, device: TOTPDevice, code: str) -> tuple[bool, bool]:
    """Check a code from the app (6 digits) or a recovery code; return (accepted, was a recovery code).

    Wrong codes of either kind count towards the device's throttling (django-otp: 1, 2, 4… seconds).
    """
    code = _normalised(code)
    if code.isdigit() and len(code) == device.digits:
        return device.verify_token(code), False
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        return False, True
    if recovery_code_use(user=device.user, code=code):
        device.throttle_reset()
        return True, True
    device.throttle_increment()
    return False, True


def verify_is_allowed(device: TOTPDevice) -> bool:
    return device.verify_is_allowed()[0]


# Recovery codes


def _recovery_code_hash(code: str) -> str:
    # The codes are random and long: a plain SHA-256 cannot be reversed by trying them all.
    return hashlib.sha256(_normalised(code).encode()).hexdigest()


def recovery_code_format(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


@transaction.atomic
def recovery_codes_generate(*, user) -> list[str]:
    """Ten new codes replace the old ones; the clear codes are returned once, to be shown once."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = [
        "".join(secrets.choice(RECOVERY_CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_recovery_code_hash(code)) for code in codes)
    return [recovery_code_format(code) for code in codes]


def recovery_code_use(*, user, code: str) -> bool:
    """Spend one unused code of this user; a code works once, even with two requests at the same instant."""
    if len(_normalised(code)) != RECOVERY_CODE_LENGTH:
        return False
    spent = (
        RecoveryCode.objects.unused()
        .filter(user=user, code_hash=_recovery_code_hash(code))
        .update(used_at=timezone.now())
    )
    return spent == 1


def recovery_codes_left(*, user) -> int:
    return RecoveryCode.objects.unused().filter(user=user).count()


# The device trusted for the working day


def trusted_day_cookie_set(response, *, device: Device) -> None:
    """Trust this browser for the device's user until midnight (Brussels time), for as long as the browser runs.

    A cookie of the browser session (no expiry date, like the login session's own cookie): closing the browser
    ends the trust, and so does logging out (missionlocale.middleware, at every logout). A login after the
    session timed out, in the same browser and the same day, asks no code.
    """
    value = signing.dumps(
        {"user": device.user_id, "device": device.persistent_id, "day": timezone.localdate().isoformat()},
        salt=_TRUSTED_DAY_SALT,
    )
    response.set_cookie(
        settings.OTP_TRUSTED_DAY_COOKIE_NAME,
        value,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def trusted_day_device(request, *, user) -> Device | None:
    """The confirmed device this browser verified today for this user, if its cookie says so and is genuine."""
    value = request.COOKIES.get(settings.OTP_TRUSTED_DAY_COOKIE_NAME)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=_TRUSTED_DAY_SALT, max_age=datetime.timedelta(days=1))
    except signing.BadSignature:
        return None
    if data.get("user") != user.pk or data.get("day") != timezone.localdate().isoformat():
        return None
    device = Device.from_persistent_id(data.get("device", ""))
    if device is None or device.user_id != user.pk or not device.confirmed:
        return None
    return device
