"""Belgian NISS / BIS numbers (python-stdnum) and the name key used to find duplicates."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.be import ssn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError


def niss_normalise(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def niss_validate(value: str) -> str:
    """Return the 11 digits of a valid NISS or BIS number (century rule and BIS months included)."""
    digits = niss_normalise(value)
    try:
        return ssn.validate(digits)
    except InvalidLength as exc:
        raise ValidationError(_("A NISS has 11 digits."), code="length") from exc
    except InvalidChecksum as exc:
        raise ValidationError(_("The check digits of this NISS are wrong."), code="checksum") from exc
    except InvalidComponent as exc:
        raise ValidationError(_("This NISS does not encode a valid birth date."), code="date") from exc
    except StdnumError as exc:
        raise ValidationError(_("This is not a valid NISS or BIS number."), code="invalid") from exc


def niss_format(digits: str) -> str:
    return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}-{digits[6:9]}.{digits[9:11]}" if digits else ""


def niss_mask(digits: str) -> str:
    return "••.••.••-•••.••" if digits else ""


def name_key(*parts: str) -> str:
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
