"""The arithmetic every app's indicators share: the days a reporting year counts, and whole percentages.

It sits in the base layer so that accompaniment, workshops and employers count with the same rules
(docs/indicators.md) without importing reporting, which is built on top of them.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal


def year_start(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def year_bounds(year: int, cutoff: datetime.date) -> tuple[datetime.date, datetime.date]:
    """1 January and the last day of Y that is not after the cut-off: a date "in Y" lies between them."""
    return year_start(year), min(year_end(year), cutoff)


def percent(part: int, whole: int) -> int | None:
    """A whole percentage rounded half up (44.5 → 45); None when there is nothing to divide by."""
    if not whole:
        return None
    return int((Decimal(100) * part / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def small_number(value: int, *, threshold: int, confidential: bool = False) -> int | str:
    """A count as a published report may print it: "< 5" when it is below the threshold and could point at a
    person. A zero stays a zero (it points at nobody), except for a confidential programme, where even knowing
    that nobody took part is not for publication.
    """
    if value < threshold and (value > 0 or confidential):
        return f"< {threshold}"
    return value


def is_small(value: int | str) -> bool:
    """Whether ``small_number`` hid the value."""
    return isinstance(value, str)
