"""The director writes a section's commentary and highlight, previews them, saves, then is warned before
building the Dutch report without the Dutch text."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from reporting.models import AnnualReport, ReportText
from tests.missionlocale.factories import UserFactory

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path("/tmp/shots-report") if Path("/tmp/shots-report").is_dir() else Path(settings.BASE_DIR) / "var"


def test_director_writes_previews_and_is_warned_of_a_missing_dutch_text(
    page, live_server, transactional_db, settings, tmp_path, log_in
):
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(director=True, username="direction", first_name="Isabelle", last_name="Moreau")
    log_in(page, "direction")
    page.goto(f"{live_server.url}/reporting/reports/texts/2024/")

    page.get_by_label("Modules collectifs : commentaire (Français)").fill(
        "## Des modules qui bougent\n\nNos ateliers ont accueilli **175 personnes**."
    )
    page.get_by_label("Modules collectifs : encadré (Français)").fill("Résultat : 90 sorties positives")
    page.get_by_role("button", name="Aperçu").click()

    preview = page.get_by_test_id("preview-modules_fr")
    expect(preview.get_by_role("heading", name="Des modules qui bougent")).to_be_visible()
    expect(preview.locator("strong")).to_have_text("175 personnes")
    expect(preview).to_contain_text("Résultat : 90 sorties positives")
    assert not ReportText.objects.exists()
    preview.screenshot(path=SCREENSHOTS / "report-texts-preview.png")

    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Les textes du rapport 2024 sont enregistrés.")).to_be_visible()

    page.get_by_label("Année").select_option("2024")
    page.locator("#id_language").select_option("nl")
    page.get_by_role("button", name="Générer").click()
    expect(page.get_by_text("Modules collectifs. Écrivez-les")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "report-nl-warning.png", full_page=True)
    assert not AnnualReport.objects.exists()

    page.get_by_label("Le générer sans ces textes").check()
    page.get_by_role("button", name="Générer").click()
    expect(page.get_by_role("link", name="Télécharger le PDF")).to_be_visible(timeout=30_000)
    assert AnnualReport.objects.get().language == "nl"
