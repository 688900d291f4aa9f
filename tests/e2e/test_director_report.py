"""The director generates the annual report, waits for it and downloads it; its pages are rendered to PNG."""

import datetime
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accompaniment.enums import OutcomeKind
from tests.accompaniment.factories import AccompanimentFactory, OutcomeFactory
from tests.missionlocale.factories import UserFactory

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def test_director_generates_waits_and_downloads_the_report(
    page, live_server, transactional_db, settings, tmp_path, log_in
):
    settings.MEDIA_ROOT = tmp_path / "media"
    counsellors = [UserFactory(counsellor=True) for _ in range(12)]
    for index in range(24):
        accompaniment = AccompanimentFactory(
            counsellor=counsellors[index % 12],
            started_on=datetime.date(2024, 1 + index % 12, 3),
            recognised_on=datetime.date(2024, 1 + index % 12, 20),
        )
        if index % 2:
            OutcomeFactory(accompaniment=accompaniment, kind=OutcomeKind.CDD, occurred_on=datetime.date(2024, 12, 1))
    UserFactory(director=True, username="direction", first_name="Isabelle", last_name="Moreau")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    log_in(page, "direction")
    expect(page.get_by_role("heading", name="Rapports d’activités annuels")).to_be_visible()

    page.get_by_label("Année").select_option("2024")
    page.get_by_label("Date de référence").fill("2025-01-31")
    page.get_by_role("button", name="Générer").click()
    # Tasks run in process in this test: the page polls with HTMX until the report is ready.
    download_button = page.get_by_role("link", name="Télécharger le PDF")
    expect(download_button).to_be_visible(timeout=30_000)
    page.screenshot(path=SCREENSHOTS / "reports.png", full_page=True)

    with page.expect_download() as download_info:
        download_button.click()
    pdf = tmp_path / "rapport.pdf"
    download_info.value.save_as(pdf)

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Rapport d’activités" in text
    assert "Chercheurs d’emploi accompagnés" in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf), str(SCREENSHOTS / "report-page")], check=True
    )
    assert (SCREENSHOTS / "report-page-1.png").exists()
