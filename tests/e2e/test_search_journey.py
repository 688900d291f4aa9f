"""Finding a person in the browser (issue 13): "/" puts the focus in the header's search box, every way of typing
finds Célia Goffin, Back from a file returns to the results and the caseload keeps its filters, a near-duplicate
is shown before a second file is created, a NISS that contradicts the birth date or sex is refused."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from playwright.sync_api import expect

from accompaniment.models import JobSeeker
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory
from tests.missionlocale.factories import UserFactory

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
RESULTS_URL = re.compile(r"/files/\?s=[\w-]+$")


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-BE", "timezone_id": "Europe/Brussels"}


@pytest.fixture(autouse=True)
def _screenshots_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def amina(transactional_db):
    return UserFactory(counsellor=True, username="amina", first_name="Amina", last_name="El Idrissi")


@pytest.fixture
def celia(transactional_db):
    JobSeekerFactory(first_name="Céline", last_name="Dubois", phone="+32478000000")
    JobSeekerFactory(first_name="Marc", last_name="Lenoir", phone="+3225551234")
    return JobSeekerFactory(
        first_name="Célia",
        last_name="Goffin",
        birth_date=datetime.date(1985, 7, 30),
        niss="85073003427",
        phone="+32470123456",
        email="celia.goffin@example.be",
        actiris_number="4455667",
    )


def _search(page, text):
    box = page.locator("#header-search")
    box.fill(text)
    box.press("Enter")


def test_slash_focuses_the_box_and_every_way_of_typing_finds_celia(page, live_server, log_in, amina, celia):
    log_in(page, "amina")
    expect(page.get_by_role("heading", name=re.compile("^Aujourd’hui"), level=1)).to_be_visible()
    # The caseload has its own filter field: "/" typed there stays in it.
    page.goto(f"{live_server.url}/caseload/")
    box = page.get_by_role("searchbox", name="Trouver une personne : nom, téléphone, e-mail, NISS ou numéro Actiris")

    # "/" from the page puts the focus in the box; typed inside a field it is just a character.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("/")
    expect(box).to_be_focused()
    page.get_by_label("Nom, NISS ou numéro Actiris").click()
    page.keyboard.type("a/b")
    expect(page.get_by_label("Nom, NISS ou numéro Actiris")).to_have_value("a/b")
    expect(box).not_to_be_focused()
    page.screenshot(path=SCREENSHOTS / "search-box.png")

    variants = [
        "goffin celia",  # any word order, no accents
        "Célia GOFFIN",
        "0470 12 34 56",  # the phone stored as +32470123456
        "+32 470/12.34.56",
        "celia.goffin@example.be",
        "85.07.30-034.27",  # NISS
        "4455667",  # Actiris number
    ]
    if connection.vendor == "postgresql":
        variants.append("gofin")  # a typo: PostgreSQL only (pg_trgm)
    for text in variants:
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.keyboard.press("/")
        page.keyboard.type(text)
        page.keyboard.press("Enter")
        expect(page).to_have_url(RESULTS_URL)
        results = page.get_by_test_id("search-results")
        expect(results.get_by_role("link", name="GOFFIN Célia")).to_be_visible()
        expect(results.get_by_role("link", name="DUBOIS Céline")).to_have_count(0)
        assert "0470" not in page.url and "goffin" not in page.url.lower() and "85.07" not in page.url
    page.screenshot(path=SCREENSHOTS / "search-results.png", full_page=True)


def test_back_from_a_result_returns_to_the_results_without_a_resubmission_prompt(
    page, live_server, log_in, amina, celia
):
    log_in(page, "amina")
    _search(page, "celia goffin")
    expect(page).to_have_url(RESULTS_URL)
    results_url = page.url

    page.get_by_test_id("search-results").get_by_role("link", name="GOFFIN Célia").click()
    expect(page.get_by_role("heading", name="Célia Goffin", level=1)).to_be_visible()
    page.go_back()

    # The results again, at the same address: a GET page, not a form to send again.
    expect(page).to_have_url(results_url)
    expect(page.get_by_test_id("search-results").get_by_role("link", name="GOFFIN Célia")).to_be_visible()
    expect(page.get_by_role("heading", name="Rechercher un dossier")).to_be_visible()
    # And the person just opened is marked as such in a new search.
    _search(page, "goffin")
    expect(page.get_by_test_id("search-results")).to_contain_text("ouvert récemment")
    page.screenshot(path=SCREENSHOTS / "search-back.png", full_page=True)


def test_the_caseload_keeps_its_filters_on_back(page, live_server, log_in, amina):
    AccompanimentFactory(
        counsellor=amina, ending_soon=True, job_seeker__first_name="Fatima", job_seeker__last_name="Benali"
    )
    AccompanimentFactory(counsellor=amina, job_seeker__first_name="Youssef", job_seeker__last_name="Amrani")
    log_in(page, "amina")
    expect(page.get_by_role("heading", name=re.compile("^Aujourd’hui"), level=1)).to_be_visible()
    page.goto(f"{live_server.url}/caseload/")
    table = page.locator("#caseload-table")
    expect(table.get_by_role("link", name="AMRANI Youssef")).to_be_visible()

    page.get_by_label("Se termine dans les 30 jours").check()
    expect(table.get_by_role("link", name="AMRANI Youssef")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/caseload/\?f=[\w-]+$"))
    table.get_by_role("link", name="BENALI Fatima").click()
    expect(page.get_by_role("heading", name="Fatima Benali", level=1)).to_be_visible()
    page.go_back()

    expect(page.get_by_label("Se termine dans les 30 jours")).to_be_checked()
    expect(table.get_by_role("link", name="BENALI Fatima")).to_be_visible()
    expect(table.get_by_role("link", name="AMRANI Youssef")).to_have_count(0)
    # A reload too shows the caseload as filtered.
    page.reload()
    expect(page.get_by_label("Se termine dans les 30 jours")).to_be_checked()
    expect(table.get_by_role("link", name="AMRANI Youssef")).to_have_count(0)
    page.screenshot(path=SCREENSHOTS / "caseload-back.png", full_page=True)


def _fill_new_file(page, *, first_name, last_name, birth_date, gender, niss=""):
    page.locator("[name=first_name]").fill(first_name)
    page.locator("[name=last_name]").fill(last_name)
    page.locator("[name=birth_date]").fill(birth_date)
    page.locator("[name=gender]").select_option(gender)
    page.locator("[name=niss]").fill(niss)
    page.locator("[name=referral_source]").select_option("spontaneous")


def test_a_near_duplicate_is_shown_before_creation_with_a_link_to_the_file(page, live_server, log_in, amina):
    existing = JobSeekerFactory(first_name="Jan", last_name="Verbeek", birth_date=datetime.date(1990, 5, 15))
    log_in(page, "amina")
    page.goto(f"{live_server.url}/files/new/")

    _fill_new_file(page, first_name="Jan", last_name="Verbeke", birth_date="1990-05-15", gender="M")
    page.get_by_role("button", name="Enregistrer").click()

    warning = page.get_by_test_id("near-duplicates")
    expect(warning).to_contain_text("Cette personne a peut-être déjà un dossier")
    expect(page.locator("[name=last_name]")).to_have_value("Verbeke")  # what was typed is kept
    page.screenshot(path=SCREENSHOTS / "near-duplicate.png", full_page=True)
    assert JobSeeker.objects.count() == 1
    warning.get_by_role("link", name="VERBEEK Jan").click()
    expect(page).to_have_url(f"{live_server.url}/files/{existing.pk}/")
    expect(page.get_by_role("heading", name="Jan Verbeek", level=1)).to_be_visible()


def test_a_niss_contradicting_birth_date_or_sex_is_refused(page, live_server, log_in, amina):
    log_in(page, "amina")
    page.goto(f"{live_server.url}/files/new/")

    # 85.07.30-034.27 is a woman's NISS, born on 30 July 1985.
    _fill_new_file(
        page, first_name="Pierre", last_name="Lambert", birth_date="1985-07-31", gender="M", niss="85.07.30-034.27"
    )
    page.get_by_role("button", name="Enregistrer").click()

    expect(
        page.get_by_text(
            "Ce NISS indique une naissance le 30/07/1985, mais la date de naissance saisie est le 31/07/1985."
        )
    ).to_be_visible()
    expect(
        page.get_by_text("Ce NISS est celui d’une femme (numéro d’ordre pair), mais le dossier indique un homme.")
    ).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "niss-contradiction.png", full_page=True)
    assert not JobSeeker.objects.exists()
