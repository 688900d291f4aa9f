import datetime
from decimal import Decimal

from accompaniment.enums import OutcomeKind, RecognitionStatus
from accompaniment.models import LocalProject
from reporting import indicators
from reporting.models import YearlyObjective
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory, OutcomeFactory
from tests.missionlocale.factories import UserFactory

Y = 2024
CUTOFF = datetime.date(2025, 1, 31)


def started(day, **kwargs):
    return AccompanimentFactory(started_on=day, recognised_on=day + datetime.timedelta(days=10), **kwargs)


def test_accompaniment_started_31_december_counts_in_y_and_1_january_in_the_next_year(db):
    started(datetime.date(2024, 12, 31))
    started(datetime.date(2025, 1, 1))
    started(datetime.date(2023, 12, 31))

    assert indicators.accompanied(year=Y, cutoff=CUTOFF) == 1
    assert indicators.accompanied(year=2025, cutoff=CUTOFF) == 1
    assert indicators.accompanied(year=2023, cutoff=CUTOFF) == 1


def test_a_person_with_two_accompaniments_in_y_counts_once(db):
    person = JobSeekerFactory()
    first = started(datetime.date(2024, 1, 10), job_seeker=person, closed=True)
    started(datetime.date(2024, 9, 1), job_seeker=person)
    OutcomeFactory(accompaniment=first, kind=OutcomeKind.DROPPED_OUT, occurred_on=datetime.date(2024, 5, 1))

    assert indicators.accompanied(year=Y, cutoff=CUTOFF) == 1


def test_non_recognised_accompaniments_do_not_count(db):
    started(datetime.date(2024, 3, 1), recognition_status=RecognitionStatus.PENDING)
    started(datetime.date(2024, 3, 1), recognition_status=RecognitionStatus.REFUSED)
    # Recognised after the cut-off: not recognised as at C.
    AccompanimentFactory(started_on=datetime.date(2024, 12, 20), recognised_on=datetime.date(2025, 2, 10))

    assert indicators.accompanied(year=Y, cutoff=CUTOFF) == 0
    assert indicators.accompanied(year=Y, cutoff=datetime.date(2025, 3, 1)) == 1


def test_nothing_after_the_cutoff_counts(db):
    started(datetime.date(2024, 6, 1))
    started(datetime.date(2024, 11, 1))

    assert indicators.accompanied(year=Y, cutoff=datetime.date(2024, 9, 30)) == 1


def test_a_person_with_two_positive_outcomes_counts_once_by_the_first(db):
    accompaniment = started(datetime.date(2024, 2, 1))
    OutcomeFactory(
        accompaniment=accompaniment, kind=OutcomeKind.QUALIFYING_TRAINING, occurred_on=datetime.date(2024, 4, 1)
    )
    OutcomeFactory(accompaniment=accompaniment, kind=OutcomeKind.CDI, occurred_on=datetime.date(2024, 10, 1))

    assert indicators.positive_exits(year=Y, cutoff=CUTOFF) == 1
    split = indicators.positive_exits_by_outcome(year=Y, cutoff=CUTOFF)
    assert split["training"] == 1 and split["employment"] == 0
    assert split["by_kind"]["qualifying_training"] == 1


def test_an_outcome_after_the_cutoff_or_before_the_start_is_not_counted(db):
    late = started(datetime.date(2024, 11, 1))
    OutcomeFactory(accompaniment=late, kind=OutcomeKind.CDD, occurred_on=datetime.date(2025, 2, 15))
    early = started(datetime.date(2024, 5, 1))
    OutcomeFactory(accompaniment=early, kind=OutcomeKind.CDD, occurred_on=datetime.date(2024, 4, 30))
    negative = started(datetime.date(2024, 5, 1))
    OutcomeFactory(accompaniment=negative, kind=OutcomeKind.MOVED_AWAY, occurred_on=datetime.date(2024, 8, 1))

    assert indicators.positive_exits(year=Y, cutoff=CUTOFF) == 0
    assert indicators.positive_exits(year=Y, cutoff=datetime.date(2025, 3, 1)) == 1


def test_a_positive_outcome_of_a_non_counted_accompaniment_does_not_count(db):
    pending = started(datetime.date(2024, 3, 1), recognition_status=RecognitionStatus.PENDING)
    OutcomeFactory(accompaniment=pending, kind=OutcomeKind.CDI, occurred_on=datetime.date(2024, 6, 1))

    assert indicators.positive_exits(year=Y, cutoff=CUTOFF) == 0


def test_rate_of_44_5_rounds_to_45_on_data(db):
    accompaniments = [started(datetime.date(2024, 3, 1)) for _ in range(200)]
    for accompaniment in accompaniments[:89]:
        OutcomeFactory(accompaniment=accompaniment, kind=OutcomeKind.INTERIM, occurred_on=datetime.date(2024, 5, 1))

    assert indicators.positive_exit_rate(year=Y, cutoff=CUTOFF) == 45  # 44.5 %


def test_objective_is_pro_rata_of_fte_and_months_employed(db):
    for _ in range(10):
        UserFactory(counsellor=True, employment_start=datetime.date(2015, 1, 1))
    UserFactory(counsellor=True, fte=Decimal("0.50"), employment_start=datetime.date(2020, 1, 1))  # 75
    # Employed from 1 July 2024: 184 days of 366 × 150 = 75.41
    UserFactory(counsellor=True, employment_start=datetime.date(2024, 7, 1))
    UserFactory(counsellor=True, employment_end=datetime.date(2023, 12, 31))  # left before Y
    UserFactory(psychologist=True)  # not a counsellor

    assert indicators.computed_objective(year=Y) == 1500 + 75 + 75


def test_twelve_full_time_counsellors_make_1800(db):
    for _ in range(12):
        UserFactory(counsellor=True)

    assert indicators.objective(year=Y) == 1800


def test_the_director_overrides_the_objective(db):
    for _ in range(12):
        UserFactory(counsellor=True)
    YearlyObjective.objects.create(year=Y, value=1750, note="Départ non remplacé")

    assert indicators.objective(year=Y) == 1750
    assert indicators.objective(year=2023) == 1800


def test_summary_and_history_use_the_same_rules_and_cutoff(db):
    counsellors = [UserFactory(counsellor=True) for _ in range(12)]
    for year in (2020, 2022, 2024):
        accompaniment = started(datetime.date(year, 6, 1), counsellor=counsellors[0])
        OutcomeFactory(accompaniment=accompaniment, kind=OutcomeKind.CDI, occurred_on=datetime.date(year, 9, 1))

    rows = indicators.history(year=Y, cutoff=CUTOFF)

    assert [row["year"] for row in rows] == [2020, 2021, 2022, 2023, 2024]
    assert [row["accompanied"] for row in rows] == [1, 0, 1, 0, 1]
    assert rows[-1] == {
        "year": 2024,
        "accompanied": 1,
        "objective": 1800,
        "objective_percent": 0,
        "positive_exits": 1,
        "positive_exit_rate": 100,
    }


def test_filters_by_counsellor_and_local_project(db):
    amina = UserFactory(counsellor=True)
    project = LocalProject.objects.get(name="CQD Versailles")
    mine = started(datetime.date(2024, 3, 1), counsellor=amina)
    mine.job_seeker.local_projects.add(project)
    started(datetime.date(2024, 3, 1))

    assert indicators.accompanied(year=Y, cutoff=CUTOFF) == 2
    assert indicators.accompanied(year=Y, cutoff=CUTOFF, counsellor=amina) == 1
    assert indicators.accompanied(year=Y, cutoff=CUTOFF, local_project=project) == 1


def test_one_pass_counts_match_the_definitions(db):
    """The dashboard and the report count in one pass what `accompanied` and `positive_exits` define."""
    project = LocalProject.objects.get(name="CQD Versailles")
    twice = JobSeekerFactory()
    first = started(datetime.date(2024, 1, 10), job_seeker=twice, closed=True)
    second = started(datetime.date(2024, 9, 1), job_seeker=twice)
    OutcomeFactory(accompaniment=first, kind=OutcomeKind.CDD, occurred_on=datetime.date(2024, 3, 1))
    OutcomeFactory(accompaniment=second, kind=OutcomeKind.CDI, occurred_on=datetime.date(2024, 11, 1))
    trained = started(datetime.date(2024, 4, 1))
    trained.job_seeker.local_projects.add(project)
    OutcomeFactory(accompaniment=trained, kind=OutcomeKind.QUALIFYING_TRAINING, occurred_on=datetime.date(2024, 6, 1))
    started(datetime.date(2024, 5, 1), recognition_status=RecognitionStatus.PENDING)  # started, not accompanied
    late = AccompanimentFactory(started_on=datetime.date(2024, 12, 1), recognised_on=datetime.date(2025, 3, 1))
    OutcomeFactory(accompaniment=late, kind=OutcomeKind.CDI, occurred_on=datetime.date(2025, 1, 5))

    for filters in ({}, {"local_project": project}):
        kinds = indicators.first_positive_outcome_kinds(year=Y, cutoff=CUTOFF, **filters)
        people = indicators.started_and_accompanied(year=Y, cutoff=CUTOFF, **filters)
        assert sum(kinds.values()) == indicators.positive_exits(year=Y, cutoff=CUTOFF, **filters)
        assert people["accompanied"] == indicators.accompanied(year=Y, cutoff=CUTOFF, **filters)
    assert indicators.first_positive_outcome_kinds(year=Y, cutoff=CUTOFF) == {"cdd": 1, "qualifying_training": 1}
    assert indicators.started_and_accompanied(year=Y, cutoff=CUTOFF) == {"started": 4, "accompanied": 2}
    summary = indicators.accompaniment_summary(year=Y, cutoff=CUTOFF)
    assert (summary["accompanied"], summary["positive_exits"], summary["positive_exit_rate"]) == (2, 2, 100)
