import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from accompaniment.models import FileAccess
from tests.accompaniment import today_scenario
from tests.accompaniment.factories import AccompanimentFactory, InterviewFactory
from tests.missionlocale.factories import PASSWORD, UserFactory

TODAY_URL = reverse("accompaniment:today")


@pytest.fixture
def morning(db):
    with time_machine.travel(today_scenario.MORNING, tick=False):
        yield


def _block(content: str, block_id: str) -> str:
    match = re.search(rf'<section[^>]*id="{block_id}".*?</section>', content, re.S)
    assert match, block_id
    return match.group(0)


def test_each_block_lists_the_right_files_with_a_link(client, morning, django_assert_max_num_queries):
    counsellor = UserFactory(counsellor=True, first_name="Amina", last_name="El Idrissi")
    expected = today_scenario.build(counsellor, UserFactory(counsellor=True))
    client.force_login(counsellor)

    # One per block, two for the appointments (their other staff) and two for the checkpoints due.
    with django_assert_max_num_queries(15):
        response = client.get(TODAY_URL)

    content = response.content.decode()
    for block_id, names in expected.items():
        if block_id == "absent":
            continue
        block = _block(content, block_id)
        listed = re.findall(r'<a href="/files/\d+/[^"]*">([^<]+)</a>', block)
        assert listed == names, block_id
    # The exit checkpoints block lists positive exits by their dates (tests/accompaniment/test_durability.py).
    outside_checkpoints = content.replace(_block(content, "today-checkpoints"), "")
    for name in expected["absent"]:
        assert name not in outside_checkpoints
    assert "14:00" in _block(content, "today-appointments")
    assert "Envoyer le CV à Bruxelles Formation" in _block(content, "today-overdue-steps")
    assert "Passer le permis" not in content
    assert "15/01/2026" in _block(content, "today-follow-ups")  # the closing was the last contact
    # Her own caseload: nothing is logged as a read outside her team.
    assert not FileAccess.objects.exists()


def test_the_page_keeps_its_queries_whatever_the_number_of_rows(client, morning, django_assert_max_num_queries):
    counsellor = UserFactory(counsellor=True)
    colleague = UserFactory(counsellor=True)
    for _round in range(3):
        today_scenario.build(counsellor, colleague)
    client.force_login(counsellor)

    # One per block, two for the appointments (their other staff) and two for the checkpoints due.
    with django_assert_max_num_queries(15):
        response = client.get(TODAY_URL)

    assert response.content.decode().count("BENALI Fatima") == 3


def test_a_file_followed_again_is_not_a_follow_up(client, morning):
    counsellor = UserFactory(counsellor=True)
    ziani = today_scenario._closed(
        counsellor, "Nadia", "Ziani", today_scenario.day(1, 15), "cdi", last_interview_on=today_scenario.day(1, 10)
    )
    AccompanimentFactory(job_seeker=ziani.job_seeker, counsellor=counsellor, started_on=today_scenario.day(5, 2))
    InterviewFactory(job_seeker=ziani.job_seeker, staff=counsellor, occurred_on=today_scenario.day(5, 3))
    client.force_login(counsellor)

    content = client.get(TODAY_URL).content.decode()

    assert "ZIANI Nadia" not in _block(content, "today-follow-ups")


def test_the_counsellor_lands_on_today_after_login_and_others_keep_their_home(client, morning):
    counsellor = UserFactory(counsellor=True, username="amina")
    psychologist = UserFactory(psychologist=True, username="helene")

    response = client.post(reverse("login"), {"username": "amina", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == TODAY_URL
    assert "Aujourd’hui" in response.content.decode()
    assert counsellor.pk

    client.logout()
    response = client.post(reverse("login"), {"username": psychologist.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accompaniment:caseload")


def test_an_empty_day_says_so(client, morning):
    client.force_login(UserFactory(counsellor=True))

    content = client.get(TODAY_URL).content.decode()

    assert "Aucun rendez-vous prévu aujourd’hui." in content


def test_the_dates_are_read_in_brussels(morning):
    assert today_scenario.TODAY == datetime.date(2026, 6, 10)
