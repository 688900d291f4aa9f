import datetime

import pytest

from missionlocale.figures import percent, year_bounds, year_end, year_start

D = datetime.date


@pytest.mark.parametrize(
    ("part", "whole", "rate"), [(89, 200, 45), (1, 3, 33), (2, 3, 67), (0, 5, 0), (4, 7, 57), (4, 8, 50)]
)
def test_rates_are_rounded_half_up(part, whole, rate):
    assert percent(part, whole) == rate


def test_a_rate_of_nothing_is_none():
    assert percent(0, 0) is None


@pytest.mark.parametrize(
    ("cutoff", "bounds"),
    [
        (D(2025, 1, 31), (D(2024, 1, 1), D(2024, 12, 31))),  # the usual cut-off, after the year
        (D(2024, 6, 30), (D(2024, 1, 1), D(2024, 6, 30))),  # the year so far
        (D(2024, 2, 29), (D(2024, 1, 1), D(2024, 2, 29))),
    ],
)
def test_a_year_counts_from_1_january_to_31_december_never_after_the_cutoff(cutoff, bounds):
    assert year_bounds(2024, cutoff) == bounds
    assert (year_start(2024), year_end(2024)) == (D(2024, 1, 1), D(2024, 12, 31))
