import datetime
import io

from django.core.management import call_command
from django.db.models import Count, F

from accompaniment.models import Outcome
from demo.employers import demo_employers_seed
from employers import indicators
from employers.enums import MatchingStatus
from employers.models import Employer, InsertionContract, Matching, MatchingStatusChange, ProspectionContact
from tests.demo.conftest import TODAY
from tests.demo.test_accompaniment import FIGURES, accompanied_and_positive_exits

CUTOFF = datetime.date(2025, 1, 31)


def test_demo_reproduces_the_2024_figures(demo_data, db):
    figures = {
        "prospected": indicators.employers_prospected(year=2024, cutoff=CUTOFF),
        "matchings": indicators.matchings_proposed(year=2024, cutoff=CUTOFF)["total"],
        "sessions": indicators.information_sessions(year=2024, cutoff=CUTOFF),
        "concertations": indicators.concertations_held(year=2024, cutoff=CUTOFF),
        "workers": indicators.deies_workers(year=2024, cutoff=CUTOFF),
        "peak": indicators.deies_peak(year=2024, cutoff=CUTOFF),
        "article_60": indicators.deies_article_60_posts(year=2024, cutoff=CUTOFF),
        "exits": indicators.deies_positive_exits(year=2024, cutoff=CUTOFF)["percent"],
        "hours": indicators.deies_training_hours(year=2024, cutoff=CUTOFF),
    }
    assert figures == {
        "prospected": {"employers": 140, "tpe": 84},
        "matchings": 156,
        "sessions": {"sessions": 15, "people_reached": 312},
        "concertations": 3,
        "workers": 73,
        "peak": 44,
        "article_60": 2,
        "exits": 57,
        "hours": {"internal": 5022, "external": 4278},
    }
    by_worksite = indicators.deies_workers_by_worksite(year=2024, cutoff=CUTOFF)
    assert by_worksite["Ville de Bruxelles – Espaces verts"] == 14
    assert by_worksite["Ville de Bruxelles – Propreté publique"] == 10
    assert by_worksite["Ville de Bruxelles – Rénovation de bâtiments"] == 12
    assert by_worksite["Régie Récube"] == 8
    certifications = indicators.deies_certifications(year=2024, cutoff=CUTOFF)
    assert (certifications["Permis cariste"], certifications["Validation des compétences"], certifications["VCA"]) == (
        13,
        12,
        8,
    )
    assert (
        InsertionContract.objects.active_between(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
        .filter(worksite__name="Régie Récube")
        .count()
        == 8
    )


def test_demo_matchings_of_2024_by_status_at_the_cutoff(demo_data, db):
    by_status = indicators.matchings_proposed(year=2024, cutoff=CUTOFF)["by_status"]
    assert by_status == {
        "proposed": 14,
        "cv_sent": 18,
        "interview": 12,
        "hired": 34,
        "not_retained": 61,
        "withdrawn": 17,
    }
    # Some of those still at the interview on the cut-off got their answer afterwards.
    answered_later = Matching.objects.filter(proposed_on__year=2024, status=MatchingStatus.NOT_RETAINED).filter(
        status_changed_on__gt=CUTOFF
    )
    assert answered_later.count() == 12


def test_demo_keeps_the_accompaniment_figures_and_links_hires_to_existing_outcomes(demo_data, db):
    assert {year: accompanied_and_positive_exits(year, CUTOFF) for year in FIGURES} == FIGURES
    hires = Matching.objects.filter(status=MatchingStatus.HIRED)
    assert hires.count() > 150
    assert not hires.filter(outcome=None).exists()
    assert not hires.exclude(outcome__accompaniment__job_seeker=F("job_seeker")).exists()
    assert not hires.exclude(outcome__organisation=F("employer__name")).exists()
    assert Outcome.objects.filter(recorded_by__username="entreprises").count() == 0


def test_demo_data_is_consistent(demo_data, db):
    assert not Matching.objects.filter(status_changed_on__lt=F("proposed_on")).exists()
    assert not Matching.objects.filter(proposed_on__gt=TODAY).exists()
    last_change = MatchingStatusChange.objects.filter(matching=F("matching")).order_by()
    assert last_change.count() >= Matching.objects.count()
    assert not InsertionContract.objects.filter(started_on__gt=TODAY).exists()
    workers = InsertionContract.objects.values("worker").annotate(n=Count("pk")).filter(n__gt=1)
    assert not workers.exists()
    assert Employer.objects.filter(enterprise_number__isnull=False).count() > 250
    # The employer relations officer has follow-ups due around today, some overdue.
    due = ProspectionContact.objects.follow_ups_due(staff=None, today=TODAY)
    assert due.filter(next_step_due_on__lt=TODAY).exists() and due.filter(next_step_due_on__gte=TODAY).exists()
    assert InsertionContract.objects.ending_within(60, TODAY).exists()
    for year in (2020, 2021, 2022, 2023, 2025, 2026):
        assert 100 <= indicators.employers_prospected(year=year, cutoff=TODAY)["employers"] <= 150
        assert 100 <= indicators.matchings_proposed(year=year, cutoff=TODAY)["total"] <= 180


def test_demo_seed_again_adds_nothing(demo_data, db):
    before = (Employer.objects.count(), Matching.objects.count(), InsertionContract.objects.count())
    demo_employers_seed(today=TODAY)
    call_command("seed_demo", stdout=io.StringIO())
    assert (Employer.objects.count(), Matching.objects.count(), InsertionContract.objects.count()) == before
