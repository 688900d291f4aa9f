"""The employer relations officer's day in the browser: a new employer, a visit, an offer, a job seeker proposed and
hired; then the counsellor finds the matching and the positive exit on the file. And the DEIES headcount."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from accompaniment.models import Outcome
from employers.models import Employer, Matching
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory
from tests.employers.factories import ContractFactory
from tests.missionlocale.factories import UserFactory

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "fr-BE",
        "timezone_id": "Europe/Brussels",
        "viewport": {"width": 1400, "height": 900},
    }


@pytest.fixture(autouse=True)
def _screenshots_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


def _log_out(page):
    page.locator(".navbar .ml-account").click()
    page.get_by_role("button", name="Se déconnecter").click()


def test_officer_hires_a_job_seeker_and_the_counsellor_sees_it_on_the_file(
    page, live_server, transactional_db, log_in
):
    UserFactory(employer_relations=True, username="celine", first_name="Céline", last_name="Goossens")
    counsellor = UserFactory(counsellor=True, username="amina", first_name="Amina", last_name="El Idrissi")
    person = JobSeekerFactory(first_name="Fatima", last_name="Benali")
    accompaniment = AccompanimentFactory(counsellor=counsellor, job_seeker=person)
    today = timezone.localdate()

    page.set_default_timeout(10_000)
    log_in(page, "celine")
    nav = page.get_by_role("navigation", name=re.compile("navigation", re.IGNORECASE))
    nav.get_by_role("link", name="Employeurs").click()

    # 1. A new employer, with its enterprise number typed as on an invoice.
    page.get_by_role("link", name="Nouvel employeur").click()
    page.locator("#id_name").fill("Boulangerie Charli")
    page.locator("#id_enterprise_number").fill("BE 0403.170.701")
    page.locator("#id_nace_section").select_option("C")
    page.locator("#id_nace_code").fill("10.711")
    page.locator("#id_street").fill("Rue Sainte-Catherine 34")
    page.locator("#id_postcode").fill("1000")
    page.locator("#id_commune").fill("Bruxelles")
    page.locator("#id_consent_to_contact").check()
    page.screenshot(path=SCREENSHOTS / "employer-form.png", full_page=True)
    page.get_by_role("button", name="Enregistrer l’employeur").click()
    expect(page.get_by_role("heading", name="Boulangerie Charli", level=1)).to_be_visible()
    expect(page.get_by_text("BCE 0403.170.701")).to_be_visible()

    # 2. The visit, with its next step.
    page.get_by_text("Noter un contact").click()
    form = page.locator("#prospection")
    form.locator("#prospection_kind").select_option("visit")
    form.locator("#prospection_subject").fill("Présentation de la Mission Locale")
    form.locator("#prospection_result").fill("Cherche un·e vendeur·euse pour le week-end.")
    form.locator("#prospection_next_step").fill("Envoyer des CV")
    form.locator("#prospection_next_step_due_on").fill((today + datetime.timedelta(days=7)).isoformat())
    form.get_by_role("button", name="Noter le contact").click()
    expect(page.get_by_role("alert").filter(has_text="Le contact avec Boulangerie Charli est noté.")).to_be_visible()
    expect(page.locator("#prospection-log")).to_contain_text("Envoyer des CV")

    # 3. The offer.
    page.get_by_role("link", name="Nouvelle offre").click()
    expect(page.locator("#id_employer")).to_have_value(str(Employer.objects.get().pk))
    page.locator("#id_title").fill("Vendeur·euse en boulangerie")
    page.locator("#id_contract_type").select_option("cdd")
    page.locator("#id_hours_per_week").fill("19")
    page.get_by_role("button", name="Enregistrer l’offre").click()
    expect(page.get_by_role("heading", name="Vendeur·euse en boulangerie", level=1)).to_be_visible()

    # 4. Propose Fatima: the picker searches by POST and lists her with her counsellor.
    page.get_by_label("Nom, NISS ou numéro Actiris").fill("benali")
    choice = page.get_by_role("radio", name=re.compile("BENALI Fatima"))
    expect(choice).to_be_visible()
    expect(page.get_by_text("en cours, avec Amina El Idrissi")).to_be_visible()
    choice.check()
    page.get_by_role("button", name="Proposer", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Fatima Benali est proposé·e pour cette offre.")).to_be_visible()
    proposed = page.locator("[data-status=proposed]")
    expect(proposed).to_contain_text("BENALI Fatima")
    page.screenshot(path=SCREENSHOTS / "offer-board.png", full_page=True)

    # 5. Hired, then the positive exit in one click (a second click records nothing more).
    card = page.locator("[data-testid^=matching-]")
    card.get_by_text("Prochaine étape").click()
    card.locator("select[name=status]").select_option("hired")
    card.get_by_role("button", name="Passer").click()
    expect(page.locator("[data-status=hired]")).to_contain_text("BENALI Fatima")
    page.get_by_role("button", name="Enregistrer la sortie positive").click()
    expect(
        page.get_by_role("alert").filter(has_text="Sortie positive enregistrée sur l’accompagnement")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Enregistrer la sortie positive")).to_have_count(0)
    page.screenshot(path=SCREENSHOTS / "offer-board-hired.png", full_page=True)
    outcome = Outcome.objects.get(accompaniment=accompaniment)
    assert (outcome.kind, outcome.organisation) == ("cdd", "Boulangerie Charli")
    assert Matching.objects.get().outcome == outcome

    # 6. The counsellor opens the file: the matching and the exit are on the timeline.
    _log_out(page)
    log_in(page, "amina")
    # She lands on Today (issue 13); the file is on her caseload.
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Mon portefeuille").click()
    page.get_by_role("link", name="BENALI Fatima").click()
    timeline = page.locator("#timeline")
    expect(timeline.locator("[data-kind=matching]")).to_contain_text(
        "Proposé·e à Boulangerie Charli — Vendeur·euse en boulangerie"
    )
    expect(timeline.locator("[data-kind=matching]")).to_contain_text("Engagé·e")
    expect(timeline.locator("[data-kind=outcome]")).to_contain_text("Boulangerie Charli")
    expect(page.locator("#accompaniment")).to_contain_text("Sortie positive")
    page.screenshot(path=SCREENSHOTS / "file-with-matching.png", full_page=True)


def test_deies_supervisor_reads_the_headcount(page, live_server, transactional_db, log_in):
    UserFactory(deies_supervisor=True, username="olivier")
    today = timezone.localdate()
    # Six workers at the same time today: started over the last four months, ending within the next two.
    for index in range(6):
        ContractFactory(
            started_on=today - datetime.timedelta(days=20 * (6 - index)),
            planned_end_on=today + datetime.timedelta(days=10 * index + 5),
        )
    log_in(page, "olivier")
    page.get_by_role("navigation", name=re.compile("navigation", re.IGNORECASE)).get_by_role(
        "link", name="DEIES"
    ).click()
    expect(page.get_by_role("heading", name="Contrats DEIES et article 60")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "deies-contracts.png", full_page=True)
    page.get_by_role("link", name="Effectifs").click()
    expect(page.get_by_test_id("peak")).to_have_text("6")
    expect(page.get_by_test_id("workers")).to_have_text("6")
    expect(page.get_by_role("heading", name="Contrats se terminant dans les 60 jours")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "deies-headcount.png", full_page=True)
