"""Issue 13, "a file one can work on at once", in the browser: a counsellor takes a walk-in on the spot (file,
accompaniment, first interview, a barrier), closes an accompaniment with its confirmation and reason, undoes it,
closes it again, and still logs a follow-up contact."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from playwright.sync_api import expect

from accompaniment.enums import AccompanimentStatus, InterviewKind
from accompaniment.models import Accompaniment, FileAccess, JobSeeker
from tests.missionlocale.factories import UserFactory

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
# The server's clock, pinned (ticking) on a Tuesday morning. In the future of any real run, so that the cookies
# it sets are not already expired for the browser, which keeps the real clock.
MORNING = datetime.datetime(2031, 3, 11, 9, 30, tzinfo=ZoneInfo("Europe/Brussels"))


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-BE", "timezone_id": "Europe/Brussels"}


@pytest.fixture
def clock():
    with time_machine.travel(MORNING, tick=True):
        yield


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"walk_in_{name}.png", full_page=True)


def test_a_walk_in_from_the_file_to_the_first_interview_then_close_undo_close_and_follow_up(
    page, live_server, transactional_db, log_in, clock
):
    UserFactory(counsellor=True, username="amina", first_name="Amina", last_name="El Idrissi")
    log_in(page, "amina")

    # 1. A person walks in: the counsellor creates the file.
    page.goto(f"{live_server.url}/files/new/")
    page.locator("[name=first_name]").fill("Célia")
    page.locator("[name=last_name]").fill("Goffin")
    page.locator("[name=birth_date]").fill("1999-04-02")
    page.locator("[name=gender]").select_option("F")
    page.locator("[name=referral_source]").select_option("spontaneous")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="Célia Goffin")).to_be_visible()

    # 2. She opens the accompaniment herself, in her own caseload.
    accompaniment = page.locator("#accompaniment")
    expect(accompaniment.get_by_test_id("own-fill")).to_contain_text("Votre portefeuille : 0 / 150")
    _shot(page, "1_new_file")
    accompaniment.get_by_role("button", name="Ouvrir l’accompagnement dans mon portefeuille").click()
    expect(page.get_by_text("L’accompagnement est ouvert jusqu’au 11/03/2032.")).to_be_visible()

    # 3. The first interview, the same day, saved in place.
    form = page.locator("#interview-form-region")
    form.locator("[name=duration_minutes]").fill("45")
    form.locator("[name=note]").fill("Premier entretien : projet dans la vente.")
    form.get_by_role("button", name="Enregistrer l’entretien").click()
    expect(page.locator("#timeline")).to_contain_text("Premier entretien : projet dans la vente.")

    # 4. A barrier.
    page.get_by_text("Ajouter un frein").click()
    barriers = page.locator("#barriers")
    barriers.locator("[name=kind]").select_option("language")
    barriers.get_by_role("button", name="Ajouter").click()
    expect(page.locator("#barriers")).to_contain_text("Langue")
    _shot(page, "2_first_interview_and_barrier")

    # 5. An exit, then the close: a reason, and a confirmation page before anything is closed.
    page.get_by_text("Enregistrer une sortie").click()
    accompaniment = page.locator("#accompaniment")
    accompaniment.locator("#outcome_kind").select_option("qualifying_training")
    accompaniment.locator("#outcome_organisation").fill("Bruxelles Formation")
    accompaniment.get_by_role("button", name="Enregistrer").first.click()
    expect(page.get_by_text("La sortie est enregistrée.")).to_be_visible()
    expect(page.get_by_test_id("ending-soon")).to_have_count(0)

    def close():
        page.locator("#accompaniment").get_by_text("Clôturer l’accompagnement").click()
        page.locator("#close_closing_reason").select_option(label="Sortie vers l’emploi ou la formation")
        page.locator("#accompaniment").get_by_role("button", name="Clôturer", exact=True).click()
        expect(page.get_by_role("heading", name="Clôturer l’accompagnement de Célia Goffin ?")).to_be_visible()
        expect(page.get_by_test_id("close-summary")).to_contain_text("Sortie vers l’emploi ou la formation")

    close()
    _shot(page, "3_close_confirmation")
    page.get_by_role("button", name="Oui, clôturer l’accompagnement").click()
    expect(page.get_by_text("L’accompagnement est clôturé.")).to_be_visible()
    _shot(page, "4_closed_with_undo")

    # 6. Undone (a mistake), then closed again.
    page.get_by_role("button", name="Annuler la clôture").click()
    expect(page.get_by_text("La clôture est annulée : l’accompagnement est de nouveau ouvert.")).to_be_visible()
    person = JobSeeker.objects.get(last_name="Goffin")
    assert Accompaniment.objects.get(job_seeker=person).status == AccompanimentStatus.OPEN
    close()
    page.get_by_role("button", name="Oui, clôturer l’accompagnement").click()
    expect(page.get_by_text("L’accompagnement est clôturé.")).to_be_visible()

    # 7. A follow-up contact after the close: the form offers the follow-up kind.
    # 13 months after the positive exit, later than 12 after closing: time to record the 12-month checkpoint.
    expect(page.get_by_test_id("follow-up")).to_contain_text("jusqu’au 11/04/2032")
    form = page.locator("#interview-form-region")
    expect(form.locator("[name=kind]")).to_have_value(InterviewKind.FOLLOW_UP)
    form.locator("[name=kind]").select_option(InterviewKind.PHONE)
    form.locator("[name=kind]").select_option(InterviewKind.FOLLOW_UP)
    form.locator("[name=note]").fill("Appel de suivi : formation commencée.")
    form.get_by_role("button", name="Enregistrer l’entretien").click()
    expect(page.locator("#timeline")).to_contain_text("Appel de suivi : formation commencée.")
    _shot(page, "5_follow_up_contact")

    assert person.interviews.filter(kind=InterviewKind.FOLLOW_UP).count() == 1
    assert Accompaniment.objects.get(job_seeker=person).closing_reason == "exit"
    # All along, her reads were her team's: nothing in the access log.
    assert not FileAccess.objects.filter(job_seeker=person).exists()
