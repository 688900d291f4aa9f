"""A counsellor adds the CV she sends for a matching from the file page, sees it listed and downloads it; the
employer relations officer of that matching downloads it too, and sees no other document of the file."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accompaniment.enums import AccessAction
from accompaniment.models import FileAccess
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory
from tests.documents.factories import PDF, PNG, document_add
from tests.employers.factories import EmployerFactory, JobOfferFactory, MatchingFactory
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
        "accept_downloads": True,
    }


def test_a_counsellor_adds_a_cv_from_the_file_page_and_the_officer_of_its_matching_downloads_it(
    page, live_server, transactional_db, log_in, log_in_without_form, tmp_path
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    counsellor = UserFactory(counsellor=True, username="amina", first_name="Amina", last_name="El Idrissi")
    officer = UserFactory(employer_relations=True, username="celine", first_name="Céline", last_name="Goossens")
    person = JobSeekerFactory(first_name="Fatima", last_name="Benali")
    AccompanimentFactory(counsellor=counsellor, job_seeker=person)
    offer = JobOfferFactory(employer=EmployerFactory(name="Boulangerie Charli"), title="Vendeuse")
    matching = MatchingFactory(job_seeker=person, offer=offer, proposed_by=officer)
    document_add(job_seeker=person, uploaded_by=counsellor, kind="identity", name="carte.png", content=PNG)
    cv = tmp_path / "CV Fatima Benali.pdf"
    cv.write_bytes(PDF)

    page.set_default_timeout(10_000)
    log_in(page, "amina")
    page.goto(f"{live_server.url}/files/{person.pk}/")
    documents = page.get_by_role("region", name="Documents")
    expect(documents.get_by_test_id("document-row")).to_have_count(1)
    documents.get_by_role("link", name="Ajouter un document").click()

    expect(page.get_by_role("heading", name="Ajouter un document au dossier de Fatima Benali")).to_be_visible()
    page.get_by_label("Fichier").set_input_files(str(cv))
    page.get_by_label("Type de document").select_option(label="CV")
    matching_choice = page.get_by_label("Mise en relation")
    expect(matching_choice.locator("option", has_text="Boulangerie Charli")).to_have_count(1)
    matching_choice.select_option(str(matching.pk))
    page.screenshot(path=SCREENSHOTS / "document-upload.png", full_page=True)
    page.get_by_role("button", name="Ajouter le document").click()

    expect(page.get_by_text("Le document est ajouté au dossier.")).to_be_visible()
    documents = page.get_by_role("region", name="Documents")
    expect(documents.get_by_test_id("document-row")).to_have_count(2)
    row = documents.get_by_test_id("document-row").filter(has_text="CV Fatima Benali.pdf")
    expect(row).to_contain_text("Envoyé à Boulangerie Charli")
    documents.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "document-list.png", full_page=True)
    with page.expect_download() as download_info:
        row.get_by_role("link", name="CV Fatima Benali.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "CV Fatima Benali.pdf"
    assert Path(download.path()).read_bytes() == PDF

    # The officer of the matching: the CV only, not the identity document.
    page.context.clear_cookies()
    log_in_without_form(page, officer)
    page.goto(f"{live_server.url}/files/{person.pk}/")
    documents = page.get_by_role("region", name="Documents")
    expect(documents.get_by_test_id("document-row")).to_have_count(1)
    with page.expect_download() as download_info:
        documents.get_by_role("link", name="CV Fatima Benali.pdf").click()
    assert Path(download_info.value.path()).read_bytes() == PDF
    downloads = FileAccess.objects.filter(action=AccessAction.DOWNLOAD_DOCUMENT, job_seeker=person)
    assert sorted(access.user.username for access in downloads) == ["amina", "celine"]
