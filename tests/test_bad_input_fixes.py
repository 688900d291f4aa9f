"""Regression tests for the 500s that the bad-input tests (tests/test_bad_input.py) found, one per fix."""

import datetime

import pytest
from django.urls import reverse

from accompaniment.imports import referrals_check
from accompaniment.models import Accompaniment, JobSeeker
from missionlocale.forms import ascii_digits, search_text
from tests.accompaniment.factories import AccompanimentFactory
from tests.missionlocale.factories import UserFactory
from tests.workshops.factories import EnrolmentFactory, SessionFactory, VisitorFactory, reference_data
from workshops.models import Attendance, ComputerVisit

HUGE_ID = "99999999999999999999999"
NUL = "Dup\x00ont"


@pytest.fixture
def manager(db):
    return UserFactory(manager=True)


def test_ascii_digits_and_search_text():
    assert ascii_digits("2024") and not ascii_digits("²") and not ascii_digits("١٢") and not ascii_digits("")
    assert search_text(" Du\x00pont\r\nAmina\x1b") == "Dupont Amina"
    assert search_text(None) == ""


def test_reassign_back_to_a_next_that_is_not_a_path_goes_to_the_caseloads(client, manager):
    accompaniment = AccompanimentFactory()
    client.force_login(manager)
    for next_url in ("None", "0", "accompaniment:caseload", "javascript:alert(1)", "//evil.example.org/"):
        response = client.post(
            reverse("accompaniment:reassign"),
            {
                "accompaniments": [accompaniment.pk],
                "counsellor": accompaniment.counsellor.pk,
                "reason": "Congé",
                "next": next_url,
            },
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("accompaniment:caseloads")
    response = client.post(reverse("accompaniment:reassign"), {"next": "/caseload/?counsellor=3"})
    assert response["Location"] == "/caseload/?counsellor=3"


def test_an_id_no_database_holds_is_a_form_error_not_a_500(client, manager):
    accompaniment = AccompanimentFactory()
    client.force_login(manager)
    response = client.post(
        reverse("accompaniment:reassign"),
        {"accompaniments": [HUGE_ID], "counsellor": accompaniment.counsellor.pk, "reason": "Congé"},
        follow=True,
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Accompaniment.objects.get().counsellor == accompaniment.counsellor


def test_the_report_page_with_a_year_that_is_not_one_shows_the_form_error(client, db):
    client.force_login(UserFactory(director=True))
    for year in ("²", HUGE_ID, "<script>"):
        response = client.post(reverse("reporting:reports"), {"year": year, "cutoff": "2025-01-31", "language": "fr"})
        assert response.status_code == 200
        assert response.context["form"].errors["year"]


@pytest.mark.parametrize(
    ("name", "args", "data"),
    [
        ("accompaniment:file_search", [], {"q": NUL}),
        ("employers:people_search", [], {"q": NUL}),
        ("workshops:epn_search", [], {"q": NUL}),
    ],
)
def test_a_search_with_a_nul_byte_finds_the_name_without_it(client, manager, name, args, data):
    JobSeeker.objects.all().delete()
    AccompanimentFactory(job_seeker__last_name="Dupont")
    client.force_login(manager)
    response = client.post(reverse(name, args=args), data, follow=True)
    assert response.status_code == 200
    assert "dupont" in response.content.decode().lower()


def test_the_candidates_search_with_a_nul_byte(client, manager):
    reference_data()
    session = SessionFactory(facilitators=[manager])
    client.force_login(manager)
    assert client.post(reverse("workshops:candidates", args=[session.pk]), {"q": NUL}).status_code == 200
    assert client.get(reverse("employers:employer_list"), {"q": NUL}).status_code == 200


def test_ids_in_other_digits_are_not_found_rather_than_a_500(client, manager):
    reference_data()
    session = SessionFactory(facilitators=[manager])
    enrolment = EnrolmentFactory(session=session)
    meeting = session.meetings.first()
    client.force_login(manager)
    url = reverse("workshops:attendance_mark", args=[meeting.pk])
    assert client.post(url, {"enrolment": "²", "status": "present"}).status_code == 404
    assert client.post(reverse("workshops:visit_log"), {"visitor": "²"}).status_code == 404
    assert client.post(reverse("workshops:visit_log"), {"job_seeker": "١٢"}).status_code == 404
    assert not Attendance.objects.filter(enrolment=enrolment).exists()
    assert not ComputerVisit.objects.exists()
    VisitorFactory()
    for name, params in [
        ("workshops:sessions", {"year": "²", "module": "²"}),
        ("workshops:projects", {"year": "²"}),
        ("employers:event_list", {"year": HUGE_ID}),
        ("employers:event_list", {"year": "²"}),
        ("employers:headcount", {"year": "²"}),
        ("privacy:access_log", {"staff": "²", "file": "²"}),
        ("accompaniment:caseload", {"counsellor": "²"}),
    ]:
        assert client.get(reverse(name), params).status_code in (200, 404), name


def test_a_postcode_in_other_digits_is_refused(client, manager):
    text = (
        "actiris_number;last_name;first_name;birth_date;referral_date;postcode\n"
        "7654321;Dupont;Amina;15/05/1999;02/09/2024;¹⁰⁰⁰\n"
    )
    referrals, errors = referrals_check(text, today=datetime.date(2024, 10, 1))
    assert referrals == []
    assert [error.column for error in errors] == ["postcode"]
    client.force_login(manager)
    data = {"first_name": "Amina", "last_name": "Dupont", "birth_date": "1999-05-15", "gender": "F"}
    response = client.post(
        reverse("accompaniment:file_create"), {**data, "referral_source": "spontaneous", "postcode": "¹⁰⁰⁰"}
    )
    assert response.context["form"].errors["postcode"]
    assert not JobSeeker.objects.filter(last_name="Dupont").exists()
