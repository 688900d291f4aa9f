import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.missionlocale.factories import UserFactory

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def test_counsellor_logs_in_and_sees_the_home_page(page, live_server, transactional_db, log_in):
    UserFactory(counsellor=True, username="amina", first_name="Amina", last_name="El Idrissi")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "login.png", full_page=True)
    log_in(page, "amina", on_current_page=True)

    # A counsellor's day starts on "Today" (issue 13).
    expect(page.get_by_role("heading", name=re.compile("^Aujourd’hui"), level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Aujourd’hui")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("button", name="Amina El Idrissi")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "counsellor-home.png", full_page=True)


def test_language_switch_in_the_browser(page, live_server, transactional_db):
    page.goto(f"{live_server.url}/accounts/login/")

    page.get_by_role("button", name="NL").click()

    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "login-nl.png", full_page=True)
