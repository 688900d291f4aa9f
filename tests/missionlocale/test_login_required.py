from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.urls import all_urls

# The only pages open to a visitor who is not logged in.
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    "set_language",
    "logout",
    "admin:login",
    # Their secret token is the key: a reminder's page for the person, a staff member's calendar feed for their
    # phone (tests/accompaniment/test_reminders.py, test_calendar_feeds.py).
    "accompaniment:reminder_answer",
    "accompaniment:calendar_feed",
}
URLS = sorted(set(all_urls()))


def test_the_url_list_covers_the_project():
    names = {name for name, _path in URLS}
    assert {"home", "accompaniment:caseload", "reporting:dashboard", "reporting:reports", "admin:index"} <= names


@pytest.mark.parametrize(("name", "path"), [url for url in URLS if url[0] not in PUBLIC])
def test_a_logged_out_visitor_is_sent_to_login_from_every_page(client, db, name, path):
    response = client.get(path)

    assert response.status_code == 302, f"{name} ({path}) answered {response.status_code}"
    # The admin sends to its own login page, which refuses anyone but administrators.
    assert urlsplit(response.url).path in {reverse("login"), reverse("admin:login")}
