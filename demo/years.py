"""The demo's yearly figures on any date: the tables, written in 2026, go on in the years after."""

import datetime

from django.utils import timezone


def yearly(table: dict[int, float], year: int) -> float:
    """The table's figure for ``year``; a year after the table's last one goes on like it."""
    return table[year] if year in table else table[max(table)]


def yearly_count(table: dict[int, int], year: int, today: datetime.date) -> int:
    """How many things happen in ``year``: a year after the table's last one counts like it, up to ``today``.

    ``seed_demo`` must work on any date (``make run`` on a new machine years later): a year after the table
    has as many as its last one, and the current one only the part of them that has already happened.
    """
    if year in table:
        return table[year]
    return round(table[max(table)] * year_share(year, today))


def year_share(year: int, today: datetime.date) -> float:
    """The part of ``year`` gone by on ``today``: 1 for a past year, 0 for a future one."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    elapsed = (min(today, end) - start).days + 1
    return max(0.0, min(1.0, elapsed / ((end - start).days + 1)))


def now_on(today: datetime.date) -> datetime.datetime:
    """The demo's "now": the clock's when it is seeded today, else the end of the working day of ``today``.

    The demo may be seeded for another day than the clock's (the tests seed it on a fixed day): what is still to
    come, or already past, is then judged from that day, never from the clock.
    """
    if today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time(18)))
