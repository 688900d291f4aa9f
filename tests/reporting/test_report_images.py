"""Images under a section's text: added by the director with a description (required), printed in the PDF as a
described figure, in the reader's language."""

import datetime
import os

import pikepdf
import pytest
from django.urls import reverse

from reporting import services
from reporting.models import ReportImage
from tests.reporting.images import image_bytes, upload
from tests.reporting.test_identity import _figures, _images_on
from tests.reporting.test_reports import pdf_text, year_of_data  # noqa: F401 - a fixture

CUTOFF = datetime.date(2025, 1, 31)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _stored(media) -> list[str]:
    folder = media / "report-images"
    return sorted(os.listdir(folder)) if folder.exists() else []


def test_the_director_adds_an_image_and_the_pdf_prints_it_described(
    year_of_data,  # noqa: F811
    client,
    director,
    media,
    tmp_path,
):
    client.force_login(director)
    response = client.post(
        reverse("reporting:report_images", args=[2024]),
        {
            "section": "modules",
            "image": upload(image_bytes(400, 250, "#2e7d32", fmt="JPEG"), "atelier.jpg", "image/jpeg"),
            "alt_fr": "Les participantes de Look@job devant la Maison de l'emploi",
            "alt_nl": "De deelneemsters van Look@job voor het Huis van de werkgelegenheid",
            "order": "1",
        },
    )
    assert response.status_code == 302
    assert len(_stored(media)) == 1
    assert "data:image/jpeg;base64," in client.get(reverse("reporting:report_images", args=[2024])).content.decode()

    for language, alt in (
        ("fr", "Les participantes de Look@job devant la Maison de l'emploi"),
        ("nl", "De deelneemsters van Look@job voor het Huis van de werkgelegenheid"),
    ):
        pdf, _data = services.report_render_pdf(year=2024, cutoff=CUTOFF, language=language)
        path = tmp_path / f"report-{language}.pdf"
        path.write_bytes(pdf)
        with pikepdf.open(path) as document:
            assert alt in [str(figure.get("/Alt", "")) for figure in _figures(document)]
            heading = "Modules collectifs" if language == "fr" else "Collectieve modules"
            pages = pdf_text(path).split("\f")
            page = next(
                index
                for index, text in enumerate(pages)
                if index > 1 and any(line.strip() == heading for line in text.splitlines())
            )
            assert _images_on(document.pages[page]), f"no image on the page of {heading}"


def test_the_dutch_report_falls_back_to_the_french_description(director, media):
    services.report_image_add(
        year=2024, section="digital", upload=upload(), alt_fr="La Maison Digitale", acting_user=director
    )

    texts = services.report_texts(year=2024, language="nl")

    assert [image["alt"] for image in texts["digital"]["images"]] == ["La Maison Digitale"]
    assert texts["modules"]["images"] == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"alt_fr": ""}, "alt_fr"),
        ({"alt_fr": "   "}, "alt_fr"),
        ({"image": ("text", "photo.png")}, "image"),
        ({"section": "cover"}, "section"),
    ],
)
def test_an_image_without_description_or_not_an_image_is_refused(client, director, media, data, field):
    payload = {"section": "modules", "image": upload(), "alt_fr": "Un atelier", "order": "0"}
    for name, value in data.items():
        payload[name] = upload(b"not an image at all", value[1]) if isinstance(value, tuple) else value
    client.force_login(director)

    response = client.post(reverse("reporting:report_images", args=[2024]), payload)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ReportImage.objects.exists()
    assert _stored(media) == []


def test_removing_an_image_deletes_its_file(client, director, media, django_capture_on_commit_callbacks):
    image = services.report_image_add(
        year=2024, section="mission", upload=upload(), alt_fr="L'équipe", acting_user=director
    )
    client.force_login(director)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:report_image_delete", args=[image.pk]))

    assert response.status_code == 302
    assert not ReportImage.objects.exists()
    assert _stored(media) == []
