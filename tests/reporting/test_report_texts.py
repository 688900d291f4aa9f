"""What the director writes: a commentary and a highlight box per section, in French and Dutch, previewed, printed
in the PDF (read back with pdftotext), and the Dutch report's warning when a Dutch text is missing."""

import datetime

import pytest
from django.urls import reverse

from reporting import services
from reporting.enums import TextSection
from reporting.models import AnnualReport, ReportText
from reporting.texts import markdown_to_html
from tests.missionlocale.factories import UserFactory
from tests.reporting.test_reports import pdf_text

CUTOFF = datetime.date(2025, 1, 31)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def director(client, db):
    user = UserFactory(director=True)
    client.force_login(user)
    return user


def _texts_url():
    return reverse("reporting:report_texts", args=[2024])


def test_the_markdown_subset_is_rendered_and_everything_else_is_made_harmless():
    html = markdown_to_html(
        "# Une année\n\n**Gras**, *italique* et [Actiris](https://www.actiris.brussels).\n\n"
        "- premier\n- second\n\n### Détail\n\n<script>alert(1)</script>\n\n"
        "![photo](https://evil.example.org/x.png) [piège](javascript:alert(1))"
    )

    assert "<h3>Une année</h3>" in html and "<h4>Détail</h4>" in html
    assert "<strong>Gras</strong>" in html and "<em>italique</em>" in html
    assert "<ul>\n<li>premier</li>" in html
    assert '<a href="https://www.actiris.brussels" rel="noopener noreferrer">Actiris</a>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "javascript:" not in html.split("[piège]")[0]
    assert 'href="javascript' not in html


def test_the_preview_shows_the_texts_as_printed_and_saves_nothing(client, director):
    response = client.post(
        _texts_url(),
        {"modules_fr": "Un **bon** cru.", "modules_fr_highlight": "90 sorties positives", "preview": "1"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Un <strong>bon</strong> cru." in content
    assert "90 sorties positives" in content
    assert not ReportText.objects.exists()


def test_the_texts_page_asks_a_fixed_number_of_queries(client, director, django_assert_max_num_queries):
    for section in TextSection:
        ReportText.objects.create(year=2024, section=section, language="fr", text=f"Texte {section}", highlight="!")
    with django_assert_max_num_queries(12):
        response = client.get(_texts_url())
    assert "Texte modules" in response.content.decode()


def test_a_too_long_highlight_is_refused_with_a_message_and_nothing_is_saved(client, director):
    response = client.post(_texts_url(), {"deies_fr": "Texte", "deies_fr_highlight": "x" * 601})

    assert response.status_code == 200
    assert "600" in response.content.decode()
    assert not ReportText.objects.exists()


def test_the_pdf_prints_the_commentary_and_highlight_and_no_empty_heading(client, director, tmp_path):
    client.post(
        _texts_url(),
        {
            "modules_fr": "## Les modules en 2024\n\nNos ateliers ont **beaucoup** évolué.",
            "modules_fr_highlight": "Résultat : une sortie positive sur deux",
            "perspectives_fr": "- Ouvrir un second EPN",
        },
    )
    pdf, _data = services.report_render_pdf(year=2024, cutoff=CUTOFF, language="fr")
    path = tmp_path / "fr.pdf"
    path.write_bytes(pdf)
    text = pdf_text(path)

    assert "Les modules en 2024" in text and "Nos ateliers ont beaucoup évolué." in text
    assert "Résultat : une sortie positive sur deux" in text
    assert "Perspectives" in text and "Ouvrir un second EPN" in text
    # No transversal text: no heading for it; the sections with figures keep theirs, without a commentary.
    assert "Projets transversaux" not in text
    assert "Inclusion numérique" in text
    assert "**" not in text and "##" not in text


def test_the_dutch_report_prints_the_dutch_texts(client, director, tmp_path):
    client.post(_texts_url(), {"deies_fr": "Le DEIES grandit.", "deies_nl": "De DEIES groeit."})

    pdf, _data = services.report_render_pdf(year=2024, cutoff=CUTOFF, language="nl")
    path = tmp_path / "nl.pdf"
    path.write_bytes(pdf)
    text = pdf_text(path)

    assert "De DEIES groeit." in text and "Le DEIES grandit." not in text


def test_the_dutch_report_warns_before_building_when_a_dutch_text_is_missing(
    client, director, django_capture_on_commit_callbacks
):
    client.post(_texts_url(), {"modules_fr": "Un bon cru.", "deies_fr": "Le DEIES grandit.", "deies_nl": "Groei."})
    request = {"year": 2024, "cutoff": "2025-01-31", "language": "nl"}

    response = client.post(reverse("reporting:reports"), request)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Modules collectifs" in content and "sans ces textes" in content
    # Only the section missing in Dutch is named: the DEIES text exists in both languages.
    assert "sans texte : Modules collectifs. Écrivez-les" in content
    assert not AnnualReport.objects.exists()
    # The French report has every text: it builds at once.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:reports"), {**request, "language": "fr"})
    # Ticked, the Dutch one builds without the missing text.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:reports"), {**request, "without_missing_texts": "on"})
    assert sorted(AnnualReport.objects.values_list("language", flat=True)) == ["fr", "nl"]
