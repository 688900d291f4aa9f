"""Issue 17: the positive exits are counted from each accompaniment's first positive outcome, a derived field kept
whatever writes the outcomes and the accompaniment; the figures stay those of the outcomes themselves."""

import datetime

import pytest

from accompaniment.enums import POSITIVE_OUTCOMES, OutcomeKind
from accompaniment.models import Accompaniment, Outcome, accompaniments_first_positive_refresh
from reporting import indicators
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory, OutcomeFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2024, 3, 1)
NOT_POSITIVE = next(kind for kind in OutcomeKind if kind not in POSITIVE_OUTCOMES)


def _first(accompaniment):
    accompaniment.refresh_from_db()
    return accompaniment.first_positive_on, accompaniment.first_positive_kind, accompaniment.first_positive_id


def test_the_first_positive_outcome_follows_every_change_of_the_outcomes_and_of_the_start():
    accompaniment = AccompanimentFactory(started_on=START)
    assert _first(accompaniment) == (None, "", None)

    OutcomeFactory(accompaniment=accompaniment, kind=NOT_POSITIVE, occurred_on=START)
    OutcomeFactory(accompaniment=accompaniment, kind=OutcomeKind.CDI, occurred_on=START - datetime.timedelta(days=1))
    assert _first(accompaniment) == (None, "", None)  # before the start: not an outcome of this accompaniment
    on_start = OutcomeFactory(accompaniment=accompaniment, kind=OutcomeKind.CDI, occurred_on=START)
    later = OutcomeFactory(accompaniment=accompaniment, kind=OutcomeKind.CDD, occurred_on=datetime.date(2024, 9, 1))
    assert _first(accompaniment) == (START, OutcomeKind.CDI, on_start.pk)

    on_start.delete()
    assert _first(accompaniment) == (later.occurred_on, OutcomeKind.CDD, later.pk)

    # The same day: the first entered comes first.
    same_day = OutcomeFactory(accompaniment=accompaniment, kind=OutcomeKind.INTERIM, occurred_on=later.occurred_on)
    assert _first(accompaniment) == (later.occurred_on, OutcomeKind.CDD, later.pk)

    later.kind = NOT_POSITIVE  # corrected: not a positive outcome after all
    later.save()
    assert _first(accompaniment) == (same_day.occurred_on, OutcomeKind.INTERIM, same_day.pk)

    # The start moved after the outcome: it no longer counts; moved back, it counts again.
    accompaniment.started_on = datetime.date(2024, 10, 1)
    accompaniment.save()
    assert _first(accompaniment) == (None, "", None)
    accompaniment.started_on = START
    accompaniment.save()
    assert _first(accompaniment) == (same_day.occurred_on, OutcomeKind.INTERIM, same_day.pk)


def _from_the_outcomes(*, year, cutoff):
    """The positive exits and their split, read from the outcomes themselves (the definition of domain.md)."""
    firsts = {}
    for outcome in Outcome.objects.select_related("accompaniment").order_by("occurred_on", "pk"):
        accompaniment = outcome.accompaniment
        counted = (
            accompaniment.started_on.year == year
            and accompaniment.started_on <= cutoff
            and accompaniment.recognition_status == "recognised"
            and (accompaniment.recognised_on is None or accompaniment.recognised_on <= cutoff)
        )
        if counted and outcome.kind in POSITIVE_OUTCOMES and accompaniment.started_on <= outcome.occurred_on <= cutoff:
            firsts.setdefault(accompaniment.job_seeker_id, outcome.kind)
    split = {}
    for kind in firsts.values():
        split[kind] = split.get(kind, 0) + 1
    return len(firsts), split


def test_the_counts_from_the_derived_field_are_those_of_the_outcomes():
    """People with several accompaniments and outcomes of every sort, around the year's bounds and the cut-off."""
    kinds = [OutcomeKind.CDI, OutcomeKind.CDD, OutcomeKind.QUALIFYING_TRAINING, NOT_POSITIVE]
    for index in range(12):
        person = JobSeekerFactory()
        for start in (datetime.date(2023, 11, 1 + index), datetime.date(2024, 1 + index % 12, 2)):
            accompaniment = AccompanimentFactory(
                job_seeker=person,
                started_on=start,
                recognised_on=datetime.date(2025, 1, index + 1),
                closed=start.year == 2023,  # one open accompaniment a person at most
            )
            for offset, kind in zip((-5, 20 * index, 40 + 30 * index), kinds[index % 2 :], strict=False):
                OutcomeFactory(
                    accompaniment=accompaniment, kind=kind, occurred_on=start + datetime.timedelta(days=offset)
                )
    # A row written around the signals (a bulk load) is derived again by the refresh.
    Accompaniment.objects.update(first_positive_on=None, first_positive_kind="", first_positive_id=None)
    accompaniments_first_positive_refresh()

    for year, cutoff in ((2024, datetime.date(2024, 12, 31)), (2024, datetime.date(2025, 1, 6)), (2023, START)):
        exits, split = _from_the_outcomes(year=year, cutoff=cutoff)
        assert indicators.positive_exits(year=year, cutoff=cutoff) == exits
        assert indicators.first_positive_outcome_kinds(year=year, cutoff=cutoff) == split
        assert sum(split.values()) == exits
    # The scenario is not empty: most people of 2024 have a positive exit, of several kinds.
    exits, split = _from_the_outcomes(year=2024, cutoff=datetime.date(2025, 1, 6))
    assert exits > 5 and len(split) > 1
