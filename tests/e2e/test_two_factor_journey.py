"""A counsellor's first login with two-factor authentication: enrol the app, keep the codes, reach the caseload."""

import re
from base64 import b32decode
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.missionlocale.factories import UserFactory

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def test_first_login_enrols_the_app_and_a_logout_ends_the_trust(page, live_server, transactional_db, settings, log_in):
    settings.OTP_REQUIRED = True
    UserFactory(counsellor=True, username="amina", first_name="Amina", last_name="El Idrissi")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}/")
    log_in(page, "amina", on_current_page=True)

    expect(page.get_by_role("heading", name="Authentification à deux facteurs")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "two-factor-setup.png", full_page=True)
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code affiché par l’application").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Confirmer").click()

    expect(page.get_by_role("heading", name="Codes de secours")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="J’ai conservé mes codes : continuer").click()
    expect(page.get_by_role("heading", name=re.compile("^Aujourd’hui"), level=1)).to_be_visible()

    # Logged out and back in: the logout ended the browser's trust, a code is asked (issue 12, item 11).
    page.get_by_role("button", name="Amina El Idrissi").click()
    page.get_by_role("button", name="Se déconnecter").click()
    log_in(page, "amina", on_current_page=True)
    expect(page.get_by_role("heading", name="Authentification à deux facteurs")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Aujourd’hui"), level=1)).not_to_be_visible()
