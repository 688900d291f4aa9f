"""Issue 13: the counsellor's day starts on "Today": each block lists the right files, each with a link."""

import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from playwright.sync_api import expect

from tests.accompaniment import today_scenario
from tests.missionlocale.factories import UserFactory

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-BE", "timezone_id": "Europe/Brussels"}


def test_the_counsellor_lands_on_today_and_opens_a_file_from_each_block(page, live_server, transactional_db, log_in):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with time_machine.travel(today_scenario.MORNING, tick=True):
        amina = UserFactory(counsellor=True, username="amina", first_name="Amina", last_name="El Idrissi")
        expected = today_scenario.build(amina, UserFactory(counsellor=True))

        log_in(page, "amina")

        expect(page.get_by_role("heading", name=re.compile("^Aujourd’hui"), level=1)).to_be_visible()
        expect(page).to_have_url(f"{live_server.url}/today/")
        expect(page.get_by_role("link", name="Aujourd’hui")).to_have_attribute("aria-current", "page")
        for block_id, names in expected.items():
            if block_id == "absent":
                continue
            block = page.locator(f"#{block_id}")
            expect(block.get_by_test_id("count")).to_have_text(str(len(names)))
            expect(block.get_by_role("link")).to_have_text(names)
        # The exit checkpoints block lists positive exits by their dates (tests/e2e/test_durability_journey.py).
        for name in expected["absent"]:
            expect(page.locator("section:not(#today-checkpoints)").get_by_text(name)).to_have_count(0)
        expect(page.locator("#today-appointments")).to_contain_text("14:00")
        expect(page.locator("#today-overdue-steps")).to_contain_text("Envoyer le CV à Bruxelles Formation")
        page.screenshot(path=SCREENSHOTS / "today.png", full_page=True)

        # Each link opens the file it names.
        for block_id, names in expected.items():
            if block_id == "absent":
                continue
            page.locator(f"#{block_id}").get_by_role("link", name=names[0]).click()
            expect(page.get_by_test_id("file-header").get_by_role("heading", level=1)).to_have_text(
                " ".join(reversed(names[0].split(" ", 1))).title()
            )
            page.go_back()
