"""``seed_demo`` on a date after the demo's tables (written in 2026): ``make run`` must work on a new machine later.

Not in ``tests/demo/``: that package shares one demo seeded on a fixed day, and this test seeds its own.
"""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from accompaniment.models import Accompaniment, Interview, JobSeeker, Outcome
from employers import indicators as employer_indicators
from employers.models import InsertionContract, Matching, ProspectionContact
from tests.demo.test_accompaniment import FIGURES, accompanied_and_positive_exits
from workshops import indicators as workshop_indicators
from workshops.models import Attendance, CoachingSession, ComputerVisit, Session

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.mark.parametrize(
    "today",
    [
        datetime.date(2028, 2, 29),  # two years ahead, on a leap day
        datetime.date(2027, 1, 1),  # the first day after the tables: the new year has no working day yet
    ],
    ids=str,
)
def test_seed_demo_works_years_later_and_keeps_its_past(db, today):
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(10), BRUSSELS)):
        call_command("seed_demo", stdout=io.StringIO())

    # The past is the demo's usual past: the report's figures of 2024 and earlier years.
    assert {year: accompanied_and_positive_exits(year, datetime.date(2025, 1, 31)) for year in FIGURES} == FIGURES
    assert workshop_indicators.module_participants(year=2024, cutoff=datetime.date(2025, 1, 31)) == 175
    assert employer_indicators.matchings_proposed(year=2024, cutoff=datetime.date(2025, 1, 31))["total"] == 156
    # Every year after the tables goes on like the last one.
    last_full_year = today.year - 1
    cutoff = datetime.date(last_full_year + 1, 1, 31)
    assert 1500 <= Accompaniment.objects.filter(started_on__year=last_full_year).count() <= 2000
    assert 100 <= workshop_indicators.module_participants(year=last_full_year, cutoff=cutoff) <= 220
    assert 300 <= workshop_indicators.epn_computer_users(year=last_full_year, cutoff=cutoff) <= 500
    assert 100 <= employer_indicators.employers_prospected(year=last_full_year, cutoff=cutoff)["employers"] <= 150
    assert 100 <= employer_indicators.matchings_proposed(year=last_full_year, cutoff=cutoff)["total"] <= 180
    # Nothing has happened after today; files are open and someone is waiting for a counsellor.
    for model, field in (
        (Accompaniment, "started_on"),
        (Outcome, "occurred_on"),
        (Interview, "occurred_on"),
        (Session, "starts_on"),
        (ComputerVisit, "visited_on"),
        (CoachingSession, "occurred_on"),
        (Matching, "proposed_on"),
        (ProspectionContact, "contacted_on"),
        (InsertionContract, "started_on"),
    ):
        assert not model.objects.filter(**{f"{field}__gt": today}).exclude(**_coming(model, today)).exists(), model
    assert not Attendance.objects.filter(meeting__date__gte=today).exists()
    assert Accompaniment.objects.open().count() > 1000
    assert not Accompaniment.objects.open().filter(planned_end_on__lt=today).exists()
    assert JobSeeker.objects.filter(accompaniments=None).exists()


def _coming(model, today):
    """What the demo plans on purpose after today: the session starting in a few weeks."""
    if model is Session:
        return {"starts_on__lte": today + datetime.timedelta(days=60)}
    return {"pk": None}
