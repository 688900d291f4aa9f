"""Personal calendar feeds: created and revoked by their owner on their page, listed with their URL; the feed
answers its token without a login, shows the owner's coming appointments with first name and initial only and an
alarm, and is read back by the icalendar library; a revoked or unknown token is a 404."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.urls import reverse

from accompaniment.calendar_feeds import MAX_ACTIVE_FEEDS, calendar_feed_create
from accompaniment.models import CalendarFeed
from tests.accompaniment.factories import AppointmentFactory, JobSeekerFactory
from tests.missionlocale.factories import UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=BRUSSELS)
PAGE = reverse("accompaniment:calendar_feeds")


def at(day, hour, month=3):
    return datetime.datetime(2027, month, day, hour, 0, tzinfo=BRUSSELS)


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield


def feed_url(feed):
    return reverse("accompaniment:calendar_feed", args=[feed.token])


def test_a_counsellor_creates_a_link_and_sees_its_url(client, counsellor, now):
    client.force_login(counsellor)
    assert client.post(PAGE).status_code == 302
    feed = CalendarFeed.objects.get(user=counsellor)
    page = client.get(PAGE).content.decode()
    assert f"http://testserver{feed_url(feed)}" in page
    assert len(feed.token) >= 40


def test_the_feed_shows_coming_appointments_with_first_name_initial_and_an_alarm(
    client, counsellor, now, django_assert_max_num_queries
):
    amina = JobSeekerFactory(first_name="Amina", last_name="El Amrani", niss="85073003328")
    AppointmentFactory(staff=counsellor, job_seeker=amina, at=at(3, 14), place="Rue de la Loi 12")
    attended = AppointmentFactory(job_seeker=JobSeekerFactory(first_name="Jean", last_name="Van Dam"), at=at(4, 10))
    attended.other_staff.add(counsellor)
    AppointmentFactory(staff=counsellor, job_seeker=None, at=at(5, 10), kind="other")  # an internal meeting
    for day in range(8, 20):  # enough rows that an N+1 would show
        AppointmentFactory(staff=counsellor, at=at(day, 9))
    AppointmentFactory(staff=counsellor, at=at(6, 10), status="cancelled")
    AppointmentFactory(staff=counsellor, at=at(1, 8), held=True)  # this morning, already held
    AppointmentFactory(at=at(7, 10))  # a colleague's
    feed = calendar_feed_create(user=counsellor)
    client.logout()

    with django_assert_max_num_queries(3):
        response = client.get(feed_url(feed))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    summaries = [str(event["SUMMARY"]) for event in events]
    assert summaries[:3] == [
        "RDV Mission Locale – Amina E.",
        "RDV Mission Locale – Jean V.",
        "Mission Locale – Autre",
    ]
    assert len(events) == 3 + 12
    first = events[0]
    assert first.decoded("DTSTART") == at(3, 14).astimezone(datetime.UTC)
    [alarm] = first.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == datetime.timedelta(minutes=-30)
    body = response.content.decode()
    for secret in ("Amrani", "85073003328", "Loi", "Van Dam", amina.actiris_number):
        assert secret not in body


def test_a_revoked_or_unknown_token_is_not_found(client, counsellor, now):
    feed = calendar_feed_create(user=counsellor)
    other = calendar_feed_create(user=counsellor)
    client.force_login(counsellor)
    assert client.post(reverse("accompaniment:calendar_feed_revoke", args=[feed.pk])).status_code == 302
    client.logout()
    assert client.get(feed_url(feed)).status_code == 404
    assert client.get(feed_url(other)).status_code == 200
    for token in ("nothing", other.token[:-1], other.token + "x", "x" * 200):
        assert client.get(reverse("accompaniment:calendar_feed", args=[token])).status_code == 404
    client.force_login(counsellor)
    page = client.get(PAGE).content.decode()
    assert feed.token not in page and other.token in page


def test_only_the_owner_revokes_a_link(client, counsellor, now):
    feed = calendar_feed_create(user=counsellor)
    client.force_login(UserFactory(manager=True))
    assert client.post(reverse("accompaniment:calendar_feed_revoke", args=[feed.pk])).status_code == 404
    feed.refresh_from_db()
    assert feed.revoked_at is None


def test_a_deactivated_staff_members_feed_stops(client, counsellor, now):
    feed = calendar_feed_create(user=counsellor)
    counsellor.is_active = False
    counsellor.save()
    assert client.get(feed_url(feed)).status_code == 404


def test_at_most_a_few_live_links(client, counsellor, now):
    client.force_login(counsellor)
    for _ in range(MAX_ACTIVE_FEEDS):
        client.post(PAGE)
    response = client.post(PAGE, follow=True)
    assert "revoke one" in response.content.decode() or "révoquez-en" in response.content.decode()
    assert CalendarFeed.objects.filter(user=counsellor).count() == MAX_ACTIVE_FEEDS


def test_the_account_menu_leads_to_the_links(client, counsellor, now):
    client.force_login(counsellor)
    assert f'href="{PAGE}"' in client.get(reverse("accompaniment:agenda")).content.decode()


def test_staff_without_an_agenda_have_no_links(client, db, now):
    client.force_login(UserFactory(director=True))
    assert f'href="{PAGE}"' not in client.get(reverse("home"), follow=True).content.decode()
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE).status_code == 403
    assert not CalendarFeed.objects.exists()
