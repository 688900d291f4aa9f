import datetime
import random

import pytest

from accompaniment.enums import CheckpointSituation
from employers import indicators, services
from employers.enums import FollowUpSituation, MatchingStatus, Measure, SizeBand, TrainingKind
from employers.models import Certification, CertificationKind, ContractTraining, MatchingStatusChange, Worksite
from tests.accompaniment.factories import JobSeekerFactory
from tests.employers.factories import (
    ContractFactory,
    EmployerFactory,
    MatchingFactory,
    ProspectionContactFactory,
)
from tests.missionlocale.factories import UserFactory

CUTOFF = datetime.date(2025, 1, 31)
D = datetime.date


@pytest.mark.django_db
def test_employers_prospected_counts_each_employer_once_and_the_tpe_among_them():
    tpe, large = EmployerFactory(), EmployerFactory(large=True)
    ProspectionContactFactory(employer=tpe, contacted_on=D(2024, 2, 1))
    ProspectionContactFactory(employer=tpe, contacted_on=D(2024, 9, 1))
    ProspectionContactFactory(employer=large, contacted_on=D(2024, 12, 31))
    ProspectionContactFactory(contacted_on=D(2023, 12, 31))  # another year
    ProspectionContactFactory(contacted_on=D(2025, 1, 1))

    assert indicators.employers_prospected(year=2024, cutoff=CUTOFF) == {"employers": 2, "tpe": 1}
    # A contact after the cut-off does not count yet.
    assert indicators.employers_prospected(year=2024, cutoff=D(2024, 6, 30)) == {"employers": 1, "tpe": 1}
    assert large.size_band == SizeBand.LARGE


@pytest.mark.django_db
def test_matchings_are_counted_by_their_status_at_the_cutoff():
    hired_before = MatchingFactory(proposed_on=D(2024, 11, 1))
    MatchingStatusChange.objects.create(matching=hired_before, status="interview", changed_on=D(2024, 12, 1))
    MatchingStatusChange.objects.create(matching=hired_before, status="hired", changed_on=D(2025, 1, 15))
    late = MatchingFactory(proposed_on=D(2024, 12, 10))
    MatchingStatusChange.objects.create(matching=late, status="interview", changed_on=D(2025, 1, 20))
    MatchingStatusChange.objects.create(matching=late, status="not_retained", changed_on=D(2025, 2, 20))
    MatchingFactory(proposed_on=D(2023, 12, 20))

    result = indicators.matchings_proposed(year=2024, cutoff=CUTOFF)

    assert result["total"] == 2
    assert result["by_status"][MatchingStatus.HIRED] == 1
    assert result["by_status"][MatchingStatus.INTERVIEW] == 1
    assert result["by_status"][MatchingStatus.NOT_RETAINED] == 0
    early = indicators.matchings_proposed(year=2024, cutoff=D(2024, 12, 31))["by_status"]
    assert (early["interview"], early["proposed"], early["hired"]) == (1, 1, 0)


@pytest.mark.django_db
def test_peak_on_overlapping_contracts():
    # Three overlap from 1 to 10 March; a fourth starts after one of them ended.
    ContractFactory(started_on=D(2024, 1, 15), planned_end_on=D(2024, 3, 10))
    ContractFactory(started_on=D(2024, 2, 1), planned_end_on=D(2024, 12, 31))
    ContractFactory(started_on=D(2024, 3, 1), planned_end_on=D(2024, 6, 30))
    ContractFactory(started_on=D(2024, 3, 11), planned_end_on=D(2024, 4, 30))
    # An early actual end: not under contract after 5 March.
    ContractFactory(
        started_on=D(2024, 2, 20), planned_end_on=D(2025, 2, 19), ended_on=D(2024, 3, 5), end_reason="dismissal"
    )

    assert indicators.deies_peak(year=2024, cutoff=CUTOFF) == 4  # 1–5 March: four at once
    assert indicators.deies_workers(year=2024, cutoff=CUTOFF) == 5


def _peak_by_hand(contracts, first, last):
    """The peak counted the plain way: the distinct workers under contract on every day from first to last."""
    peak, day = 0, first
    while day <= last:
        workers = {worker for worker, start, end in contracts if start <= day <= end}
        peak = max(peak, len(workers))
        day += datetime.timedelta(days=1)
    return peak


@pytest.mark.django_db
def test_peak_counts_a_worker_with_overlapping_or_consecutive_contracts_once():
    anna, bert, chloe = JobSeekerFactory(), JobSeekerFactory(), JobSeekerFactory()
    spells = [
        (anna, D(2024, 1, 10), D(2024, 3, 31), None),
        (anna, D(2024, 3, 1), D(2024, 6, 30), None),  # overlaps her first contract
        (anna, D(2024, 7, 1), D(2024, 9, 30), None),  # starts the day after the previous one ends
        (bert, D(2023, 11, 1), D(2024, 2, 29), D(2024, 3, 1)),  # ends the day Chloé's second contract starts
        (bert, D(2024, 3, 1), D(2024, 3, 1), None),  # a one-day contract on that same day
        (chloe, D(2024, 2, 1), D(2024, 2, 29), None),
        (chloe, D(2024, 3, 1), D(2024, 12, 31), None),
        (chloe, D(2024, 4, 1), D(2025, 3, 31), D(2024, 5, 15)),  # ended early, within her running contract
    ]
    for worker, started_on, planned_end_on, ended_on in spells:
        ContractFactory(
            worker=worker,
            started_on=started_on,
            planned_end_on=planned_end_on,
            ended_on=ended_on,
            end_reason="term" if ended_on else "",
        )
    contracts = [(worker.pk, start, ended_on or planned) for worker, start, planned, ended_on in spells]

    assert indicators.deies_peak(year=2024, cutoff=CUTOFF) == _peak_by_hand(contracts, D(2024, 1, 1), D(2024, 12, 31))
    assert indicators.deies_peak(year=2024, cutoff=CUTOFF) == 3  # 1 March: Anna, Bert and Chloé
    assert indicators.deies_peak(year=2024, cutoff=D(2024, 2, 15)) == 3  # 1–15 February
    assert indicators.deies_peak(year=2024, cutoff=D(2024, 1, 5)) == 1  # Bert alone
    assert indicators.deies_peak(year=2023, cutoff=CUTOFF) == 1
    assert indicators.deies_peak(year=2025, cutoff=D(2025, 12, 31)) == 0


@pytest.mark.django_db
def test_peak_matches_the_day_by_day_count_on_many_contracts():
    rng = random.Random(17)
    workers = [JobSeekerFactory() for _index in range(6)]
    contracts = []
    for _index in range(30):
        worker = rng.choice(workers)
        started_on = D(2023, 10, 1) + datetime.timedelta(days=rng.randrange(500))
        planned_end_on = started_on + datetime.timedelta(days=rng.randrange(120))
        ended_on = started_on + datetime.timedelta(days=rng.randrange(60)) if rng.random() < 0.3 else None
        ContractFactory(
            worker=worker,
            started_on=started_on,
            planned_end_on=planned_end_on,
            ended_on=ended_on,
            end_reason="term" if ended_on else "",
        )
        contracts.append((worker.pk, started_on, ended_on or planned_end_on))

    for cutoff in (D(2024, 12, 31), D(2024, 6, 30), D(2024, 1, 1)):
        assert indicators.deies_peak(year=2024, cutoff=cutoff) == _peak_by_hand(contracts, D(2024, 1, 1), cutoff)


@pytest.mark.django_db
def test_peak_can_be_reached_on_the_first_of_january():
    for _index in range(3):
        ContractFactory(started_on=D(2023, 6, 1), planned_end_on=D(2024, 5, 31))
    ContractFactory(started_on=D(2024, 7, 1), planned_end_on=D(2025, 6, 30))

    assert indicators.deies_peak(year=2024, cutoff=CUTOFF) == 3
    assert indicators.deies_peak(year=2022, cutoff=CUTOFF) == 0


@pytest.mark.django_db
def test_a_contract_spanning_december_and_january_counts_in_both_years():
    worker = JobSeekerFactory()
    ContractFactory(worker=worker, started_on=D(2023, 12, 1), planned_end_on=D(2024, 1, 31))

    for year in (2023, 2024):
        assert indicators.deies_workers(year=year, cutoff=CUTOFF) == 1
        assert indicators.deies_peak(year=year, cutoff=CUTOFF) == 1
        assert indicators.deies_workers_by_worksite(year=year, cutoff=CUTOFF) == {"Régie Récube": 1}
    assert indicators.deies_workers(year=2025, cutoff=D(2025, 12, 31)) == 0
    # Not yet started on the cut-off: not counted.
    assert indicators.deies_workers(year=2023, cutoff=D(2023, 11, 30)) == 0


@pytest.mark.django_db
def test_workers_are_distinct_people_per_worksite_and_measure():
    worker = JobSeekerFactory()
    green = Worksite.objects.get(name="Ville de Bruxelles – Espaces verts")
    ContractFactory(worker=worker, started_on=D(2024, 1, 1), planned_end_on=D(2024, 3, 31))
    ContractFactory(worker=worker, worksite=green, started_on=D(2024, 4, 1), planned_end_on=D(2024, 12, 31))
    ContractFactory(measure=Measure.ARTICLE_60, worksite=green, started_on=D(2024, 5, 1))

    assert indicators.deies_workers(year=2024, cutoff=CUTOFF) == 2
    assert indicators.deies_workers_by_worksite(year=2024, cutoff=CUTOFF) == {
        "Ville de Bruxelles – Espaces verts": 2,
        "Régie Récube": 1,
    }
    assert indicators.deies_article_60_posts(year=2024, cutoff=CUTOFF) == 1


@pytest.mark.django_db
def test_certifications_and_training_hours_dated_in_the_year():
    contract = ContractFactory(started_on=D(2023, 10, 1), planned_end_on=D(2024, 9, 30))
    forklift = CertificationKind.objects.get(name="Permis cariste")
    vca = CertificationKind.objects.get(name="VCA")
    Certification.objects.create(contract=contract, kind=forklift, obtained_on=D(2024, 2, 1))
    Certification.objects.create(contract=contract, kind=forklift, obtained_on=D(2023, 12, 1))
    Certification.objects.create(contract=contract, kind=vca, obtained_on=D(2024, 6, 1))
    ContractTraining.objects.create(
        contract=contract, kind=TrainingKind.INTERNAL, title="a", hours=30, trained_on=D(2024, 1, 5)
    )
    ContractTraining.objects.create(
        contract=contract, kind=TrainingKind.INTERNAL, title="b", hours=12, trained_on=D(2023, 12, 5)
    )
    ContractTraining.objects.create(
        contract=contract, kind=TrainingKind.EXTERNAL, title="c", hours=7, trained_on=D(2024, 3, 5)
    )

    assert indicators.deies_certifications(year=2024, cutoff=CUTOFF) == {"Permis cariste": 1, "VCA": 1}
    assert indicators.deies_training_hours(year=2024, cutoff=CUTOFF) == {"internal": 30, "external": 7}
    assert indicators.deies_training_hours(year=2022, cutoff=CUTOFF) == {"internal": 0, "external": 0}


@pytest.mark.django_db
def test_share_of_ended_contracts_into_employment_or_training_is_rounded_half_up():
    # The 3-month follow-up is the contract's checkpoint (same job, other job or training count).
    situations = [
        (FollowUpSituation.EMPLOYMENT, ""),
        (FollowUpSituation.OTHER, CheckpointSituation.TRAINING),  # within 3 months after the end
        (FollowUpSituation.OTHER, CheckpointSituation.JOB_SEEKER_AGAIN),
        ("", ""),
        (FollowUpSituation.TRAINING, CheckpointSituation.UNKNOWN),
        (FollowUpSituation.OTHER, ""),
        (FollowUpSituation.OTHER, CheckpointSituation.OTHER_JOB),
        (FollowUpSituation.OTHER, ""),
    ]
    supervisor = UserFactory(manager=True)
    for at_end, later in situations:
        contract = ContractFactory(
            started_on=D(2023, 6, 1), ended_on=D(2024, 5, 31), end_reason="term", situation_at_end=at_end
        )
        if later:
            services.contract_checkpoint_record(
                contract=contract,
                reached=later != CheckpointSituation.UNKNOWN,
                situation=later,
                acting_user=supervisor,
                today=D(2024, 9, 1),
            )
    ContractFactory(started_on=D(2024, 1, 1), planned_end_on=D(2024, 12, 31))  # not ended: not counted
    ContractFactory(
        started_on=D(2022, 6, 1), ended_on=D(2023, 5, 31), end_reason="term", situation_at_end="employment"
    )

    # 4 of 8 → 50 % (the rounding half up is tested with missionlocale.figures.percent).
    assert indicators.deies_positive_exits(year=2024, cutoff=CUTOFF) == {"ended": 8, "positive": 4, "percent": 50}


@pytest.mark.django_db
def test_daily_headcount_counts_the_contracts_running_each_day_of_the_year():
    ContractFactory(started_on=D(2023, 6, 1), planned_end_on=D(2024, 6, 30), ended_on=D(2024, 1, 2), end_reason="term")
    ContractFactory(started_on=D(2024, 1, 2), planned_end_on=D(2024, 1, 3))
    ContractFactory(started_on=D(2024, 12, 31), planned_end_on=D(2025, 12, 30))
    ContractFactory(started_on=D(2022, 1, 1), planned_end_on=D(2022, 12, 31))  # another year

    series = indicators.daily_headcount(year=2024)

    assert len(series) == 366
    assert series[:4] == [(D(2024, 1, 1), 1), (D(2024, 1, 2), 2), (D(2024, 1, 3), 1), (D(2024, 1, 4), 0)]
    assert series[-1] == (D(2024, 12, 31), 1)
    assert max(count for _day, count in series) == indicators.deies_peak(year=2024, cutoff=D(2024, 12, 31)) == 2
