"""The DEIES follow-up 3 months after a contract: a follow-up checkpoint, recorded on the page of every checkpoint."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accompaniment.enums import CheckpointSituation
from accompaniment.models import ExitCheckpoint
from employers import indicators
from employers.enums import FollowUpSituation
from tests.employers.factories import ContractFactory
from tests.missionlocale.factories import UserFactory

D = datetime.date


def at(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10), ZoneInfo("Europe/Brussels")))


@pytest.mark.django_db
def test_the_supervisor_records_the_3_month_follow_up_and_the_deies_figure_reads_it(client):
    supervisor = UserFactory(deies_supervisor=True)
    contract = ContractFactory(
        started_on=D(2023, 7, 1),
        ended_on=D(2024, 6, 30),
        end_reason="term",
        situation_at_end=FollowUpSituation.OTHER,
    )
    url = reverse("employers:contract_checkpoint", args=[contract.pk])
    with at(D(2024, 9, 29)):  # 30 June + 3 months = 30 September: not due yet
        client.force_login(supervisor)
        response = client.get(url, follow=True)
        assert "3 mois" in response.content.decode()
        assert response.redirect_chain[-1][0] == reverse("employers:contract_detail", args=[contract.pk])
    assert indicators.deies_positive_exits(year=2024, cutoff=D(2024, 12, 31))["positive"] == 0
    with at(D(2024, 10, 3)):
        client.force_login(supervisor)
        assert "Fin du contrat" in client.get(url).content.decode()
        response = client.post(url, {"reached": "1", "situation": CheckpointSituation.OTHER_JOB, "note": "Récube"})
        assert response.status_code == 302
        detail = client.get(reverse("employers:contract_detail", args=[contract.pk])).content.decode()
    contract.refresh_from_db()
    checkpoint = contract.three_month_checkpoint
    assert (checkpoint.months, checkpoint.exit_on, checkpoint.due_on, checkpoint.accompaniment) == (
        3,
        D(2024, 6, 30),
        D(2024, 9, 30),
        None,
    )
    assert checkpoint.job_seeker == contract.worker and checkpoint.recorded_by == supervisor
    assert "Autre emploi" in detail
    assert indicators.deies_positive_exits(year=2024, cutoff=D(2024, 12, 31)) == {
        "ended": 1,
        "positive": 1,
        "percent": 100,
    }
    # Corrected, it stays one checkpoint.
    with at(D(2024, 10, 4)):
        client.force_login(supervisor)
        client.post(url, {"reached": "1", "situation": CheckpointSituation.JOB_SEEKER_AGAIN})
    assert ExitCheckpoint.objects.count() == 1
    assert indicators.deies_positive_exits(year=2024, cutoff=D(2024, 12, 31))["positive"] == 0


@pytest.mark.django_db
def test_only_the_contract_supervisors_record_it(client):
    contract = ContractFactory(started_on=D(2023, 7, 1), ended_on=D(2024, 6, 30), end_reason="term")
    url = reverse("employers:contract_checkpoint", args=[contract.pk])
    with at(D(2024, 10, 3)):
        for user, status in (
            (UserFactory(counsellor=True), 403),
            (UserFactory(employer_relations=True), 403),
            (UserFactory(manager=True), 200),
        ):
            client.force_login(user)
            assert client.get(url).status_code == status
    assert not ExitCheckpoint.objects.exists()
