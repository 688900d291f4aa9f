"""Belgian NISS / BIS numbers (python-stdnum) and the name key used to find duplicates."""

import datetime
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


def niss_contradictions(digits: str, *, birth_date: datetime.date | None, gender: str | None) -> list[ValidationError]:
    """What a valid NISS or BIS number says that the file contradicts: its birth date and its sex.

    Only what the number knows is compared: a NISS issued without a known day or month (00) says only the year,
    a BIS number whose month was raised by 20 says nothing of the sex, and a file whose gender is "other / not
    stated" is compared on the birth date only.
    """
    errors = []
    year, month = ssn.get_birth_year(digits), ssn.get_birth_month(digits)
    known = ssn.get_birth_date(digits)
    if birth_date is not None and year is not None:
        if known is not None and known != birth_date:
            errors.append(
                ValidationError(
                    _("This NISS is of someone born on %(niss_date)s, but the birth date given is %(date)s."),
                    code="niss_birth_date",
                    params={"niss_date": known.strftime("%d/%m/%Y"), "date": birth_date.strftime("%d/%m/%Y")},
                )
            )
        elif known is None and (year != birth_date.year or (month is not None and month != birth_date.month)):
            errors.append(
                ValidationError(
                    _("This NISS is of someone born in %(niss_date)s, but the birth date given is %(date)s."),
                    code="niss_birth_date",
                    params={
                        "niss_date": f"{month:02d}/{year}" if month else str(year),
                        "date": birth_date.strftime("%d/%m/%Y"),
                    },
                )
            )
    niss_gender = ssn.get_gender(digits)
    if niss_gender in ("M", "F") and gender in ("M", "F") and niss_gender != gender:
        message = (
            _("This NISS is a man's (odd sequence number), but the file says woman.")
            if niss_gender == "M"
            else _("This NISS is a woman's (even sequence number), but the file says man.")
        )
        errors.append(ValidationError(message, code="niss_gender"))
    return errors


def niss_format(digits: str) -> str:
    return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}-{digits[6:9]}.{digits[9:11]}" if digits else ""


def niss_mask(digits: str) -> str:
    return "••.••.••-•••.••" if digits else ""


def name_key(*parts: str) -> str:
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
