"""Calendar arithmetic shared by the apps."""

import datetime


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (or earlier, when negative); 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; a day the month lacks (31 January + 1) becomes its last day (28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return min(
        day.replace(year=year, month=month, day=1) + datetime.timedelta(days=day.day - 1),
        following - datetime.timedelta(days=1),
    )
