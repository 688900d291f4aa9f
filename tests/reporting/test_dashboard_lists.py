"""The people behind the dashboard's figures: one row per person, their first counted accompaniment."""

import datetime

from accompaniment.enums import OutcomeKind, RecognitionStatus
from reporting.dashboard import people_behind
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory, OutcomeFactory

D = datetime.date
TODAY = D(2025, 1, 31)


def accompaniment(person, started_on, **kwargs):
    return AccompanimentFactory(job_seeker=person, started_on=started_on, closed=True, **kwargs)


def test_a_person_accompanied_twice_is_one_row_with_the_first_counted_accompaniment(db):
    amina = JobSeekerFactory(last_name="Amrani", first_name="Amina")
    later = accompaniment(amina, D(2024, 9, 1))
    first = accompaniment(amina, D(2024, 2, 1))  # entered after, started before
    bilal = JobSeekerFactory(last_name="Benali", first_name="Bilal")
    # Not counted: refused by Actiris, and started the year before.
    accompaniment(bilal, D(2024, 1, 5), recognition_status=RecognitionStatus.REFUSED)
    accompaniment(bilal, D(2023, 12, 1))
    counted = accompaniment(bilal, D(2024, 6, 1))
    chloe = JobSeekerFactory(last_name="Aaron", first_name="Chloé")
    same_day = [accompaniment(chloe, D(2024, 3, 1)), accompaniment(chloe, D(2024, 3, 1))]

    rows = list(people_behind("accompanied", year=2024, today=TODAY))

    # By name (Aaron, Amrani, Benali); on the same day, the one entered first.
    assert rows == [same_day[0], first, counted]
    assert later not in rows


def test_the_positive_exits_list_shows_each_persons_first_accompaniment_with_a_positive_outcome(db):
    person = JobSeekerFactory()
    accompaniment(person, D(2024, 1, 10))  # no outcome: not behind the figure
    with_exit = accompaniment(person, D(2024, 5, 1))
    OutcomeFactory(accompaniment=with_exit, kind=OutcomeKind.CDI, occurred_on=D(2024, 7, 1))
    also = accompaniment(person, D(2024, 10, 1))
    OutcomeFactory(accompaniment=also, kind=OutcomeKind.CDD, occurred_on=D(2024, 11, 1))

    assert list(people_behind("positive_exits", year=2024, today=TODAY)) == [with_exit]
