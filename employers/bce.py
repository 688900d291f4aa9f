"""Belgian enterprise numbers (BCE/KBO): python-stdnum's ``stdnum.be.vat`` handles the 10-digit number."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.be import vat
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError


def enterprise_number_validate(value: str) -> str:
    """The 10 digits of a valid enterprise number, typed with or without "BE", dots or spaces."""
    try:
        return vat.validate(value or "")
    except InvalidLength as exc:
        raise ValidationError(_("An enterprise number has 10 digits (0xxx.xxx.xxx)."), code="length") from exc
    except InvalidChecksum as exc:
        raise ValidationError(_("The check digits of this enterprise number are wrong."), code="checksum") from exc
    except (InvalidFormat, InvalidComponent) as exc:
        raise ValidationError(
            _("An enterprise number starts with 0 or 1 and has only digits."), code="format"
        ) from exc
    except StdnumError as exc:
        raise ValidationError(_("This is not a valid enterprise number."), code="invalid") from exc


def enterprise_number_format(digits: str) -> str:
    return f"{digits[0:4]}.{digits[4:7]}.{digits[7:10]}" if digits else ""


def enterprise_number_make(base: int) -> str:
    """A valid enterprise number from 8 digits (demo data and tests): the check is 97 − base mod 97."""
    base = 1_000_000 + base % 18_999_999  # the number starts with 0 or 1
    return f"{base:08d}{97 - base % 97:02d}"
