"""Issue 15: a counsellor records the 6-month checkpoint of a positive exit from her "Today" page."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from playwright.sync_api import expect

from accompaniment.enums import AccompanimentStatus, CheckpointSituation, OutcomeKind
from accompaniment.models import ExitCheckpoint
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory, OutcomeFactory
from tests.missionlocale.factories import UserFactory

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
MORNING = datetime.datetime(2026, 6, 10, 8, 30, tzinfo=ZoneInfo("Europe/Brussels"))


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-BE", "timezone_id": "Europe/Brussels"}


def test_the_counsellor_records_a_6_month_checkpoint_from_today(page, live_server, transactional_db, log_in):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with time_machine.travel(MORNING, tick=True):
        amina = UserFactory(counsellor=True, username="amina", first_name="Amina", last_name="El Idrissi")
        # Samir found a job on 2 December 2025; his accompaniment closed on 15 December; the 3-month checkpoint is
        # recorded, the 6-month one fell due on 2 June 2026.
        samir = JobSeekerFactory(first_name="Samir", last_name="Benali")
        accompaniment = AccompanimentFactory(
            job_seeker=samir,
            counsellor=amina,
            started_on=datetime.date(2025, 3, 3),
            status=AccompanimentStatus.CLOSED,
            closed_on=datetime.date(2025, 12, 15),
        )
        OutcomeFactory(accompaniment=accompaniment, kind=OutcomeKind.CDD, occurred_on=datetime.date(2025, 12, 2))
        ExitCheckpoint.objects.create(
            job_seeker=samir,
            accompaniment=accompaniment,
            exit_on=datetime.date(2025, 12, 2),
            months=3,
            due_on=datetime.date(2026, 3, 2),
            reached=True,
            situation=CheckpointSituation.SAME_JOB,
            recorded_by=amina,
        )

        log_in(page, "amina")

        block = page.locator("#today-checkpoints")
        expect(block.get_by_test_id("count")).to_have_text("1")
        expect(block.get_by_test_id("checkpoint-due")).to_contain_text(
            "point de suivi à 6 mois de la sortie du 02/12/2025"
        )
        page.screenshot(path=SCREENSHOTS / "today-checkpoints.png", full_page=True)
        block.get_by_role("link", name=re.compile("Enregistrer le point de suivi à 6 mois de BENALI Samir")).click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Point de suivi à 6 mois de Samir Benali")
        expect(page.get_by_test_id("checkpoint-facts")).to_contain_text("02/12/2025")
        page.get_by_role("radio", name="Oui").check()
        page.get_by_role("radio", name="Autre emploi").check()
        page.get_by_label("Note").fill("CDI chez Colruyt depuis avril")
        page.screenshot(path=SCREENSHOTS / "checkpoint-form.png", full_page=True)
        page.get_by_role("button", name="Enregistrer le point de suivi").click()

        # Back on "Today": the checkpoint is recorded and no longer due.
        expect(page).to_have_url(f"{live_server.url}/today/")
        expect(page.get_by_role("alert")).to_contain_text("Le point de suivi à 6 mois est enregistré.")
        expect(page.locator("#today-checkpoints").get_by_test_id("count")).to_have_text("0")

        # The file shows it, with who recorded it.
        page.goto(f"{live_server.url}/files/{samir.pk}/")
        checkpoints = page.locator("#checkpoints")
        expect(checkpoints.get_by_test_id("checkpoint-row").nth(1)).to_contain_text("Autre emploi")
        expect(checkpoints.get_by_test_id("checkpoint-row").nth(1)).to_contain_text("CDI chez Colruyt depuis avril")
        expect(checkpoints.get_by_test_id("checkpoint-row").nth(1)).to_contain_text("Amina El Idrissi")
        expect(checkpoints.get_by_test_id("checkpoint-row").nth(2)).to_contain_text("Pas encore dû")
        checkpoints.screenshot(path=SCREENSHOTS / "file-checkpoints.png")

    recorded = ExitCheckpoint.objects.get(months=6)
    assert (recorded.reached, recorded.situation, recorded.recorded_by) == (True, "other_job", amina)
