import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from accompaniment import services
from accompaniment.enums import AccompanimentStatus, OutcomeKind
from accompaniment.models import Accompaniment, Interview
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory, OutcomeFactory
from tests.missionlocale.factories import UserFactory


def test_an_accompaniment_lasts_one_year(counsellor):
    person = JobSeekerFactory()

    accompaniment = services.accompaniment_open(
        job_seeker=person, counsellor=counsellor, started_on=datetime.date(2024, 2, 29), acting_user=counsellor
    )

    assert accompaniment.planned_end_on == datetime.date(2025, 2, 28)
    assert accompaniment.referral_source == person.referral_source
    assert accompaniment.history.get().history_user == counsellor


def test_at_most_one_open_accompaniment_per_person_in_the_service(counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)

    with pytest.raises(ValidationError) as error:
        services.accompaniment_open(
            job_seeker=accompaniment.job_seeker,
            counsellor=counsellor,
            started_on=timezone.localdate(),
            acting_user=counsellor,
        )

    assert error.value.code == "already_open"
    assert Accompaniment.objects.filter(job_seeker=accompaniment.job_seeker).count() == 1


def test_the_database_refuses_a_second_open_accompaniment_too(counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)

    with pytest.raises(IntegrityError):
        AccompanimentFactory(job_seeker=accompaniment.job_seeker, counsellor=counsellor)


def test_at_most_one_open_accompaniment_through_the_form(client, counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    client.force_login(counsellor)

    response = client.post(
        reverse("accompaniment:accompaniment_create", args=[accompaniment.job_seeker.pk]),
        {"counsellor": counsellor.pk, "started_on": "2026-11-20"},
    )

    assert response.status_code == 200
    assert "Cette personne a déjà un accompagnement ouvert." in response.content.decode()
    assert Accompaniment.objects.count() == 1


def test_a_new_accompaniment_after_the_previous_one_closed(counsellor):
    previous = AccompanimentFactory(counsellor=counsellor, closed=True)
    OutcomeFactory(accompaniment=previous)

    services.accompaniment_open(
        job_seeker=previous.job_seeker, counsellor=counsellor, started_on=timezone.localdate(), acting_user=counsellor
    )

    assert previous.job_seeker.accompaniments.count() == 2


def test_closing_needs_an_outcome_in_the_service(counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)

    with pytest.raises(ValidationError) as error:
        services.accompaniment_close(
            accompaniment=accompaniment, closed_on=timezone.localdate(), acting_user=counsellor
        )

    assert error.value.code == "no_outcome"
    accompaniment.refresh_from_db()
    assert accompaniment.status == AccompanimentStatus.OPEN


def test_closing_needs_an_outcome_through_the_form(client, counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    client.force_login(counsellor)
    url = reverse("accompaniment:accompaniment_close", args=[accompaniment.pk])

    close = {"closed_on": timezone.localdate().isoformat(), "closing_reason": "exit", "version": accompaniment.version}
    refused = client.post(url, close)

    assert "Enregistrez au moins une sortie avant de clôturer l’accompagnement." in refused.content.decode()
    accompaniment.refresh_from_db()
    assert accompaniment.is_open

    client.post(
        reverse("accompaniment:outcome_create", args=[accompaniment.pk]),
        {"kind": OutcomeKind.CDI, "occurred_on": timezone.localdate().isoformat(), "organisation": "STIB"},
    )
    closed = client.post(url, {**close, "confirmed": "True"})

    assert closed.status_code == 302
    accompaniment.refresh_from_db()
    assert accompaniment.status == AccompanimentStatus.CLOSED
    assert accompaniment.outcomes.get().is_positive


def test_an_outcome_cannot_precede_the_start(counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)

    with pytest.raises(ValidationError):
        services.outcome_record(
            accompaniment=accompaniment,
            kind=OutcomeKind.CDD,
            occurred_on=accompaniment.started_on - datetime.timedelta(days=1),
            acting_user=counsellor,
        )


def test_a_counsellor_cannot_fill_their_caseload_beyond_capacity_but_a_manager_can(manager):
    counsellor = UserFactory(counsellor=True, fte=Decimal("0.02"))  # capacity 3
    AccompanimentFactory.create_batch(3, counsellor=counsellor)
    person = JobSeekerFactory()

    with pytest.raises(ValidationError) as error:
        services.accompaniment_open(
            job_seeker=person, counsellor=counsellor, started_on=timezone.localdate(), acting_user=counsellor
        )
    assert error.value.code == "capacity"

    services.accompaniment_open(
        job_seeker=person, counsellor=counsellor, started_on=timezone.localdate(), acting_user=manager
    )
    assert services.caseload_counts(counsellor) == (4, 4)


def test_reassigning_many_files_keeps_the_reason_in_history(manager, counsellor):
    other = UserFactory(counsellor=True)
    accompaniments = AccompanimentFactory.create_batch(3, counsellor=counsellor)

    moved = services.accompaniments_reassign(
        accompaniments=accompaniments, counsellor=other, reason="Départ en congé", acting_user=manager
    )

    assert moved == 3
    for accompaniment in accompaniments:
        last = Accompaniment.history.filter(id=accompaniment.pk).latest("history_date")
        assert last.counsellor_id == other.pk
        assert last.history_change_reason == "Départ en congé"
        assert last.history_user_id == manager.pk


def test_reassigning_needs_a_reason(manager, counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)

    with pytest.raises(ValidationError):
        services.accompaniments_reassign(
            accompaniments=[accompaniment], counsellor=UserFactory(counsellor=True), reason=" ", acting_user=manager
        )


def test_psychologist_notes_are_always_confidential(db):
    psychologist = UserFactory(psychologist=True)
    person = JobSeekerFactory()

    interview = services.interview_log(
        job_seeker=person, staff=psychologist, note="Suivi psychologique", confidential=False
    )

    assert interview.confidential
    assert interview.author_profession == "psychologist"


def test_an_interview_is_attached_to_the_open_accompaniment(counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)

    interview = services.interview_log(job_seeker=accompaniment.job_seeker, staff=counsellor, note="CV")

    assert Interview.objects.get().accompaniment == accompaniment == interview.accompaniment
