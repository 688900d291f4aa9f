"""The follow-up checkpoints of positive exits: recording them, who may, the Today page, a new accompaniment for a
job seeker again, and the durability figures against a hand computation."""

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accompaniment import services
from accompaniment.enums import AccompanimentStatus, CheckpointSituation, OutcomeKind
from accompaniment.models import Accompaniment, AssignmentRequest, ExitCheckpoint
from missionlocale.dates import add_months
from reporting import indicators
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory, OutcomeFactory
from tests.missionlocale.factories import UserFactory

D = datetime.date
BRUSSELS = ZoneInfo("Europe/Brussels")


def at(day: datetime.date, hour: int = 10):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), BRUSSELS), tick=False)


def exit_on(day, *, counsellor=None, started_on=None, closed_on=None, kind=OutcomeKind.CDD):
    """An accompaniment whose first positive outcome is dated ``day``."""
    accompaniment = AccompanimentFactory(
        counsellor=counsellor or UserFactory(counsellor=True),
        started_on=started_on or day - datetime.timedelta(days=100),
        status=AccompanimentStatus.CLOSED if closed_on else AccompanimentStatus.OPEN,
        closed_on=closed_on,
    )
    OutcomeFactory(accompaniment=accompaniment, kind=kind, occurred_on=day)
    return accompaniment


def record(accompaniment, months, situation, *, on, reached=True, by=None):
    """Record a checkpoint as a counsellor would on day ``on``."""
    with at(on):
        return services.checkpoint_record(
            job_seeker=accompaniment.job_seeker,
            accompaniment=accompaniment,
            exit_on=accompaniment.outcomes.order_by("occurred_on").first().occurred_on,
            months=months,
            reached=reached,
            situation=situation,
            acting_user=by or accompaniment.counsellor,
        )


# ---------------------------------------------------------------------------------------------------------------
# The durability figures: a small fixture computed by hand.


@pytest.mark.django_db
def test_durability_figures_equal_the_hand_computation_with_the_cutoff_edge_cases():
    year, cutoff = 2024, D(2025, 3, 31)
    # E1: exit 15/03/2024. 3 months (15/06): same job; 6 months (15/09): other job; 12 months (15/03/2025): job
    # seeker again, recorded on 20/03/2025 (before C).
    e1 = exit_on(D(2024, 3, 15))
    record(e1, 3, CheckpointSituation.SAME_JOB, on=D(2024, 6, 20))
    record(e1, 6, CheckpointSituation.OTHER_JOB, on=D(2024, 9, 16))
    record(e1, 12, CheckpointSituation.JOB_SEEKER_AGAIN, on=D(2025, 3, 20))
    # E2: an exit on 31 December: its 3-month checkpoint is due on 31/03/2025 = C (counted: training); its
    # 6-month one on 30/06/2025 is after C (not counted).
    e2 = exit_on(D(2024, 12, 31))
    record(e2, 3, CheckpointSituation.TRAINING, on=D(2025, 3, 31))
    # E3: an accompaniment closed before its checkpoints (closed 15/10/2024, exit 01/10/2024). 3 months
    # (01/01/2025): other job. Its 6-month checkpoint is due on 01/04/2025, the day after C: not counted.
    e3 = exit_on(D(2024, 10, 1), closed_on=D(2024, 10, 15))
    record(e3, 3, CheckpointSituation.OTHER_JOB, on=D(2025, 1, 10))
    # E4: exit 10/02/2024. 3 months: not reached (unknown); 6 months: never recorded; 12 months (10/02/2025):
    # in training.
    e4 = exit_on(D(2024, 2, 10))
    record(e4, 3, CheckpointSituation.UNKNOWN, reached=False, on=D(2024, 5, 15))
    record(e4, 12, CheckpointSituation.TRAINING, on=D(2025, 2, 12))
    # E5: exit 20/05/2024. Its 3-month checkpoint was recorded on 02/04/2025, after C: unknown as at C.
    e5 = exit_on(D(2024, 5, 20))
    record(e5, 3, CheckpointSituation.SAME_JOB, on=D(2025, 4, 2))
    # Not exits of 2024: the first positive outcome in 2023 (a second one in 2024 changes nothing); an exit in
    # 2025; a negative outcome; the DEIES follow-up of a contract (no accompaniment).
    earlier = exit_on(D(2023, 11, 5))
    OutcomeFactory(accompaniment=earlier, kind=OutcomeKind.CDI, occurred_on=D(2024, 2, 1))
    exit_on(D(2025, 1, 2))
    OutcomeFactory(kind=OutcomeKind.DROPPED_OUT, occurred_on=D(2024, 6, 1))
    with at(D(2024, 9, 1)):
        services.checkpoint_record(
            job_seeker=JobSeekerFactory(),
            exit_on=D(2024, 5, 31),
            months=3,
            reached=True,
            situation=CheckpointSituation.OTHER_JOB,
            acting_user=UserFactory(manager=True),
        )

    figures = indicators.durability(year=year, cutoff=cutoff)

    # By hand. 3 months: due E1..E5 = 5; known E1, E2, E3 = 3 (60 %); all 3 in employment or training (100 %).
    # 6 months: due E1, E4, E5 = 3 (E2 and E3 after C); known E1 = 1 (33 %); in work 1 (100 %).
    # 12 months: due E1, E4 = 2 (E2, E3, E5 after C); known 2 (100 %); E4 in training = 1 (50 %).
    assert figures == {
        "exits": 5,
        "at_3_months": {
            "due": 5,
            "known": 3,
            "known_percent": 60,
            "in_employment_or_training": 3,
            "in_employment_or_training_percent": 100,
        },
        "at_6_months": {
            "due": 3,
            "known": 1,
            "known_percent": 33,
            "in_employment_or_training": 1,
            "in_employment_or_training_percent": 100,
        },
        "at_12_months": {
            "due": 2,
            "known": 2,
            "known_percent": 100,
            "in_employment_or_training": 1,
            "in_employment_or_training_percent": 50,
        },
    }
    # One day later, E3's 6-month checkpoint is due (and unknown), E5's 3-month one is still unknown as at C+1.
    later = indicators.durability(year=year, cutoff=cutoff + datetime.timedelta(days=1))
    assert later["at_6_months"]["due"] == 4
    assert later["at_6_months"]["known"] == 1
    # The counsellor filter of the dashboard keeps her exits only.
    assert indicators.durability(year=year, cutoff=cutoff, counsellor=e1.counsellor)["at_12_months"]["due"] == 1


@pytest.mark.parametrize("months", [3, 6, 12])
def test_the_last_exit_due_by_a_cutoff_is_what_add_months_gives_day_by_day(months):
    # Every cut-off of two years (month ends, 29 February): the exits due by C are exactly those up to this date.
    exits = [D(2022, 1, 1) + datetime.timedelta(days=n) for n in range(1200)]
    for cutoff in (D(2024, 1, 1) + datetime.timedelta(days=n) for n in range(731)):
        last = indicators.last_exit_due_by(cutoff, months)
        assert [day for day in exits if add_months(day, months) <= cutoff] == [day for day in exits if day <= last]


@pytest.mark.django_db
def test_indicators_json_has_the_durability_section():
    exit_on(D(2024, 12, 31))
    import io
    import json

    out = io.StringIO()
    call_command("indicators", "--year", "2024", "--cutoff", "2025-03-31", "--json", stdout=out)
    durability = json.loads(out.getvalue())["durability"]
    assert durability["exits"] == 1
    assert durability["at_3_months"]["due"] == 1
    assert durability["at_3_months"]["known_percent"] == 0
    assert durability["at_6_months"] == {
        "due": 0,
        "known": 0,
        "known_percent": None,
        "in_employment_or_training": 0,
        "in_employment_or_training_percent": None,
    }


# ---------------------------------------------------------------------------------------------------------------
# Recording a checkpoint.


def _url(accompaniment, months, **query):
    url = reverse("accompaniment:checkpoint_record", args=[accompaniment.pk, months])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.django_db
def test_the_counsellor_records_a_due_checkpoint_and_sees_it_on_the_file(client):
    counsellor = UserFactory(counsellor=True)
    with at(D(2025, 6, 10)):
        accompaniment = exit_on(D(2024, 12, 1), counsellor=counsellor)
        client.force_login(counsellor)
        response = client.post(
            _url(accompaniment, 6),
            {"reached": "1", "situation": CheckpointSituation.OTHER_JOB, "note": "CDI chez Colruyt"},
        )
        assert response.status_code == 302
        checkpoint = ExitCheckpoint.objects.get()
        assert (checkpoint.months, checkpoint.due_on, checkpoint.exit_on) == (6, D(2025, 6, 1), D(2024, 12, 1))
        assert (checkpoint.reached, checkpoint.situation, checkpoint.recorded_by) == (True, "other_job", counsellor)
        page = client.get(reverse("accompaniment:file_detail", args=[accompaniment.job_seeker_id])).content.decode()
    section = re.search(r'<section[^>]*id="checkpoints".*?</section>', page, re.S).group(0)
    assert "Autre emploi" in section and "CDI chez Colruyt" in section
    assert "01/06/2025" in section and "01/03/2025" in section and "01/12/2025" in section
    # Recorded again, the same checkpoint is corrected, its former answer kept in its history.
    with at(D(2025, 6, 11)):
        client.force_login(counsellor)
        client.post(_url(accompaniment, 6), {"reached": "1", "situation": CheckpointSituation.TRAINING})
    assert ExitCheckpoint.objects.get().situation == CheckpointSituation.TRAINING
    assert ExitCheckpoint.history.count() == 2


@pytest.mark.django_db
def test_bad_input_and_a_checkpoint_not_due_yet_change_nothing(client):
    counsellor = UserFactory(counsellor=True)
    with at(D(2025, 3, 10)):
        accompaniment = exit_on(D(2024, 12, 1), counsellor=counsellor)
        client.force_login(counsellor)
        response = client.post(_url(accompaniment, 3), {"reached": "1", "situation": "married"})
        assert response.status_code == 200
        assert (
            "Rien n’a été enregistré" in response.content.decode() or "Nothing was saved" in response.content.decode()
        )
        # Not reached, yet "same job": say who told.
        response = client.post(_url(accompaniment, 3), {"reached": "0", "situation": CheckpointSituation.SAME_JOB})
        assert response.status_code == 200
        # The 6-month checkpoint is due on 01/06/2025.
        response = client.post(_url(accompaniment, 6), {"reached": "1", "situation": "same_job"}, follow=True)
        assert "01/06/2025" in response.content.decode()
        # No such checkpoint.
        assert client.get(_url(accompaniment, 9)).status_code == 404
    assert not ExitCheckpoint.objects.exists()


@pytest.mark.django_db
def test_who_may_record_a_checkpoint(client):
    counsellor, colleague = UserFactory(counsellor=True), UserFactory(counsellor=True)
    psychologist, director = UserFactory(psychologist=True), UserFactory(director=True)
    with at(D(2025, 3, 10)):
        accompaniment = exit_on(D(2024, 12, 1), counsellor=counsellor)
        for user, status in ((counsellor, 200), (UserFactory(manager=True), 200), (colleague, 403)):
            client.force_login(user)
            assert client.get(_url(accompaniment, 3)).status_code == status, user
        for user in (psychologist, director):
            client.force_login(user)
            assert client.get(_url(accompaniment, 3)).status_code == 403


@pytest.mark.django_db
def test_the_counsellor_keeps_the_follow_up_13_months_after_a_late_exit_and_no_longer(client):
    """Closed on 10/01/2024 (her follow-up after closing ends 10/01/2025), a late outcome on 01/03/2024: she
    records the 12-month checkpoint (due 01/03/2025) until 01/04/2025, and then no longer."""
    counsellor = UserFactory(counsellor=True)
    accompaniment = AccompanimentFactory(
        counsellor=counsellor,
        started_on=D(2023, 2, 1),
        status=AccompanimentStatus.CLOSED,
        closed_on=D(2024, 1, 10),
    )
    OutcomeFactory(accompaniment=accompaniment, occurred_on=D(2024, 3, 1))
    with at(D(2025, 4, 1)):
        client.force_login(counsellor)
        assert client.get(_url(accompaniment, 12)).status_code == 200
        file_page = client.get(reverse("accompaniment:file_detail", args=[accompaniment.job_seeker_id]))
        assert "01/04/2025" in file_page.content.decode()  # "Follow-up: … until 01/04/2025."
    with at(D(2025, 4, 2)):
        client.force_login(counsellor)
        assert client.get(_url(accompaniment, 12)).status_code == 403


@pytest.mark.django_db
def test_job_seeker_again_opens_a_new_accompaniment_in_one_step(client):
    counsellor = UserFactory(counsellor=True)
    with at(D(2025, 6, 10)):
        accompaniment = exit_on(D(2024, 12, 1), counsellor=counsellor, closed_on=D(2024, 12, 20))
        client.force_login(counsellor)
        page = client.get(_url(accompaniment, 6)).content.decode()
        assert 'name="open_accompaniment"' in page
        response = client.post(
            _url(accompaniment, 6),
            {"reached": "1", "situation": CheckpointSituation.JOB_SEEKER_AGAIN, "open_accompaniment": "on"},
        )
    assert response.status_code == 302
    assert ExitCheckpoint.objects.get().situation == CheckpointSituation.JOB_SEEKER_AGAIN
    new = Accompaniment.objects.open().get(job_seeker=accompaniment.job_seeker)
    assert (new.counsellor, new.started_on, new.planned_end_on) == (counsellor, D(2025, 6, 10), D(2026, 6, 10))


@pytest.mark.django_db
def test_job_seeker_again_with_a_full_caseload_goes_to_the_managers(client):
    counsellor = UserFactory(counsellor=True, fte=Decimal("0.1"))  # a capacity of 15
    for _i in range(counsellor.caseload_capacity):
        AccompanimentFactory(counsellor=counsellor)
    with at(D(2025, 6, 10)):
        accompaniment = exit_on(D(2024, 12, 1), counsellor=counsellor, closed_on=D(2024, 12, 20))
        client.force_login(counsellor)
        response = client.post(
            _url(accompaniment, 6),
            {"reached": "1", "situation": CheckpointSituation.JOB_SEEKER_AGAIN, "open_accompaniment": "on"},
            follow=True,
        )
    assert "complet" in response.content.decode() or "full" in response.content.decode()
    assert ExitCheckpoint.objects.filter(situation=CheckpointSituation.JOB_SEEKER_AGAIN).exists()
    assert not Accompaniment.objects.open().filter(job_seeker=accompaniment.job_seeker).exists()
    assert AssignmentRequest.objects.filter(job_seeker=accompaniment.job_seeker).exists()


@pytest.mark.django_db
def test_opening_is_offered_only_for_a_job_seeker_again(client):
    counsellor = UserFactory(counsellor=True)
    with at(D(2025, 6, 10)):
        accompaniment = exit_on(D(2024, 12, 1), counsellor=counsellor, closed_on=D(2024, 12, 20))
        client.force_login(counsellor)
        response = client.post(
            _url(accompaniment, 6),
            {"reached": "1", "situation": CheckpointSituation.SAME_JOB, "open_accompaniment": "on"},
        )
    assert response.status_code == 200
    assert not ExitCheckpoint.objects.exists()
    assert not Accompaniment.objects.open().filter(job_seeker=accompaniment.job_seeker).exists()


# ---------------------------------------------------------------------------------------------------------------
# The Today page.


def _checkpoint_block(content: str) -> str:
    return re.search(r'<section[^>]*id="today-checkpoints".*?</section>', content, re.S).group(0)


@pytest.mark.django_db
def test_today_lists_the_checkpoints_due_of_her_exits_only(client, django_assert_max_num_queries):
    counsellor, colleague = UserFactory(counsellor=True), UserFactory(counsellor=True)
    with at(D(2025, 6, 10)):
        due = []
        for index in range(6):  # enough rows that a query per row would show
            accompaniment = exit_on(D(2024, 11, 20 + index), counsellor=counsellor)
            accompaniment.job_seeker.last_name = f"Due{index}"
            accompaniment.job_seeker.save()
            due.append(accompaniment)
        record(due[0], 3, CheckpointSituation.SAME_JOB, on=D(2025, 2, 25))
        not_yet = exit_on(D(2025, 3, 20), counsellor=counsellor)  # 3 months on 20/06
        not_yet.job_seeker.last_name = "Pasencore"
        not_yet.job_seeker.save()
        theirs = exit_on(D(2024, 11, 20), counsellor=colleague)
        theirs.job_seeker.last_name = "Collegue"
        theirs.job_seeker.save()
        too_old = exit_on(D(2024, 1, 10), counsellor=counsellor)  # its 12-month checkpoint passed > 1 month ago
        too_old.job_seeker.last_name = "Ancien"
        too_old.job_seeker.save()
        client.force_login(counsellor)
        with django_assert_max_num_queries(14):
            content = client.get(reverse("accompaniment:today")).content.decode()

    block = _checkpoint_block(content).upper()
    # Six exits with their 3- and 6-month checkpoints due, less the one recorded: 11 rows, the oldest due first.
    assert len(re.findall('DATA-TESTID="CHECKPOINT-DUE"', block)) == 11
    assert block.index("DUE1") < block.index("DUE0")  # Due0's 3-month is recorded; its 6-month is due 20/05
    for name in ("PASENCORE", "COLLEGUE", "ANCIEN"):
        assert name not in block
    assert _url(due[1], 6, **{"from": "today"}).upper() in block


# ---------------------------------------------------------------------------------------------------------------
# Anonymisation and the right of access.


@pytest.mark.django_db
def test_anonymisation_erases_the_note_and_keeps_the_checkpoint_for_the_figures():
    from privacy.anonymisation import job_seeker_anonymise

    with at(D(2025, 6, 10)):
        accompaniment = exit_on(D(2024, 12, 1), closed_on=D(2024, 12, 20))
        services.checkpoint_record(
            job_seeker=accompaniment.job_seeker,
            accompaniment=accompaniment,
            exit_on=D(2024, 12, 1),
            months=3,
            reached=True,
            situation=CheckpointSituation.SAME_JOB,
            note="Toujours chez Delhaize, rayon frais",
            acting_user=accompaniment.counsellor,
        )
        job_seeker_anonymise(job_seeker=accompaniment.job_seeker, cause="request", reason="Demande d'effacement")
    checkpoint = ExitCheckpoint.objects.get()
    assert checkpoint.note == "" and checkpoint.situation == CheckpointSituation.SAME_JOB
    assert not ExitCheckpoint.history.filter(note__contains="Delhaize").exists()


@pytest.mark.django_db
def test_today_shows_a_checkpoint_on_its_due_day_at_the_end_of_february_and_not_once_someone_else_accompanies():
    counsellor, colleague = UserFactory(counsellor=True), UserFactory(counsellor=True)
    with at(D(2025, 2, 28)):
        # 30 November + 3 months = 28 February (89 days later in a leap year, 90 here).
        exit_on(D(2024, 11, 30), counsellor=counsellor, closed_on=D(2024, 12, 5))
        again = exit_on(D(2024, 11, 1), counsellor=counsellor, closed_on=D(2024, 11, 20))
        AccompanimentFactory(job_seeker=again.job_seeker, counsellor=colleague, started_on=D(2025, 1, 6))
        client = Client()
        client.force_login(counsellor)
        block = _checkpoint_block(client.get(reverse("accompaniment:today")).content.decode())
    assert len(re.findall('data-testid="checkpoint-due"', block)) == 1
    assert "30/11/2024" in block and "28/02/2025" in block
