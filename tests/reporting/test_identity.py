"""The organisation's identity, set by the director in the product: name, address, logo and colours on the
annual report's cover, the funders' logos on its last page; uploads checked by their content."""

import base64
import datetime
import io
import os

import pikepdf
import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from PIL import Image

from missionlocale.identity import funder_logo_add, organisation_current, organisation_set, report_identity
from missionlocale.models import FunderLogo, Organisation
from reporting import services
from reporting.annual import annual_indicators
from reporting.pdf import report_context
from tests.reporting.images import image_bytes, upload
from tests.reporting.test_reports import pdf_text, year_of_data  # noqa: F401 - a fixture

CUTOFF = datetime.date(2025, 1, 31)
VALID = {
    "name": "Mission Locale d'Ixelles",
    "address": "Rue du Viaduc 133\n1050 Ixelles",
    "primary_colour": "#7a1f5c",
    "secondary_colour": "#f4b942",
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _stored_images(media) -> list[str]:
    folder = media / "identity"
    return sorted(os.listdir(folder)) if folder.exists() else []


def _images_on(page: pikepdf.Page) -> list:
    """The image XObjects a page draws ("Do" in its content), also through the form XObjects it draws."""
    found, stack = [], [(page.obj, page.obj.get("/Resources"))]
    while stack:
        stream, resources = stack.pop()
        xobjects = resources.get("/XObject", {}) if resources is not None else {}
        for operands, operator in pikepdf.parse_content_stream(stream):
            if str(operator) != "Do" or operands[0] not in xobjects:
                continue
            xobject = xobjects[operands[0]]
            if xobject.get("/Subtype") == "/Image":
                found.append(xobject)
            elif xobject.get("/Subtype") == "/Form":
                stack.append((xobject, xobject.get("/Resources") or resources))
    return found


def test_the_data_migration_gives_the_demo_mission_locales_identity(db):
    organisation = Organisation.objects.get(pk=1)

    assert organisation.name == "Mission Locale de Bruxelles-Ville"
    assert (organisation.primary_colour, organisation.secondary_colour) == ("#0b5394", "#f1a208")
    assert organisation.logo == ""


def test_the_cover_and_the_last_page_print_the_identity(year_of_data, director, media, tmp_path):  # noqa: F811
    organisation_set(**VALID, logo=upload(image_bytes(300, 120, "#7a1f5c")), acting_user=director)
    funder_logo_add(name="Actiris", order=1, logo=upload(image_bytes(200, 80, "#e30613")), acting_user=director)
    funder_logo_add(
        name="Fonds social européen",
        order=2,
        logo=upload(image_bytes(200, 80, "#003399", fmt="JPEG"), "fse.jpg", "image/jpeg"),
        acting_user=director,
    )

    pdf, _data = services.report_render_pdf(year=2024, cutoff=CUTOFF, language="fr", version=2)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)

    pages = pdf_text(path).split("\f")
    pages = [page for page in pages if page.strip()]
    assert "Mission Locale d'Ixelles" in pages[0]
    assert "Rue du Viaduc 133" in pages[0]
    assert "2024" in pages[0] and "Version 2" in pages[0]
    assert "Avec le soutien de" in pages[-1]
    assert "Actiris" in pages[-1] and "Fonds social européen" in pages[-1]
    # The page footers carry the name the director typed.
    assert "Mission Locale d'Ixelles · Rapport" in pages[2]
    with pikepdf.open(path) as document:
        assert len(_images_on(document.pages[0])) == 1  # the uploaded logo (the product's own is a vector)
        assert len(_images_on(document.pages[-1])) == 2
        figures_alt = [str(element.get("/Alt", "")) for element in _figures(document)]
    assert "Logo – Mission Locale d'Ixelles" in figures_alt
    assert "Logo – Actiris" in figures_alt


def _figures(document: pikepdf.Pdf) -> list:
    elements, stack = [], [document.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if kid.S == "/Figure":
                    elements.append(kid)
                stack.append(kid)
    return elements


def test_the_colours_drive_the_headings_and_the_charts(year_of_data, director, media):  # noqa: F811
    organisation_set(**VALID, acting_user=director)
    data = annual_indicators(year=2024, cutoff=CUTOFF)
    with translation.override("fr"):
        context = report_context(data=data, texts=services.report_texts(year=2024, language="fr"), language="fr")
        html = render_to_string("reporting/pdf/annual_report.html", {**context, "generated_on": CUTOFF})

    assert "h1, h2, h3 { color: #7a1f5c; }" in html
    assert "#0b5394" not in html
    chart = base64.b64decode(context["history_chart"].split(",", 1)[1]).decode()
    assert "#7a1f5c" in chart and "#f4b942" in chart


def test_the_director_sets_the_identity_on_the_page(client, director, media, django_capture_on_commit_callbacks):
    client.force_login(director)
    response = client.get(reverse("reporting:identity"))
    assert response.status_code == 200

    response = client.post(reverse("reporting:identity"), {**VALID, "logo": upload()})

    assert response.status_code == 302
    organisation = organisation_current()
    assert organisation.name == "Mission Locale d'Ixelles"
    assert organisation.logo.startswith("identity/") and organisation.logo.endswith(".png")
    assert "logo" not in organisation.logo.rpartition("/")[2]  # a random name, not the one it came with
    assert _stored_images(media) == [organisation.logo.rpartition("/")[2]]
    # The page shows the logo embedded (MEDIA is served by no URL).
    page = client.get(reverse("reporting:identity")).content.decode()
    assert 'src="data:image/png;base64,' in page
    assert "/media/" not in page

    # A new logo replaces the old one's file; "back to the product's logo" removes it.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:identity"), {**VALID, "logo": upload(image_bytes(80, 80))})
    assert _stored_images(media) == [organisation_current().logo.rpartition("/")[2]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:identity"), {**VALID, "remove_logo": "on"})
    assert organisation_current().logo == ""
    assert _stored_images(media) == []
    assert report_identity().logo is None


def _noise_png(size: int) -> bytes:
    image = Image.frombytes("RGB", (size, size), os.urandom(size * size * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"logo": ("text", "logo.png")}, "logo", "n’est pas une image PNG ou JPEG"),
        ({"logo": ("svg", "logo.svg")}, "logo", "n’est pas une image PNG ou JPEG"),
        ({"logo": ("noise", "photo.png")}, "logo", "trop lourde"),
        ({"logo": ("wide", "banner.png")}, "logo", "pixels de côté"),
        ({"logo": ("truncated", "logo.png")}, "logo", "abîmée"),
        ({"logo": ("truncated_jpeg", "photo.jpg")}, "logo", "abîmée"),
        ({"primary_colour": "#12345"}, "primary_colour", "#RRGGBB"),
        ({"primary_colour": "red"}, "primary_colour", "#RRGGBB"),
        ({"secondary_colour": "#f4b94g"}, "secondary_colour", "#RRGGBB"),
        ({"primary_colour": "#fff8e6"}, "primary_colour", "trop claire"),
        ({"secondary_colour": "#7a1f5d"}, "secondary_colour", "trop proche"),
    ],
)
def test_a_bad_upload_or_colour_is_refused_and_changes_nothing(client, director, media, changes, field, message):
    contents = {
        "text": b"Ceci n'est pas une image.\n" * 10,
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "noise": _noise_png(1000),  # about 3 MB
        "wide": image_bytes(4001, 10),
        "truncated": image_bytes(300, 300)[:200],
        "truncated_jpeg": image_bytes(300, 300, fmt="JPEG")[:-40],
    }
    data = dict(VALID)
    for name, value in changes.items():
        data[name] = upload(contents[value[0]], value[1]) if isinstance(value, tuple) else value
    before = list(Organisation.objects.values())
    client.force_login(director)

    response = client.post(reverse("reporting:identity"), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field]), errors[field]
    assert list(Organisation.objects.values()) == before
    assert _stored_images(media) == []


def test_a_funders_logo_is_added_checked_and_removed(client, director, media, django_capture_on_commit_callbacks):
    client.force_login(director)

    refused = client.post(
        reverse("reporting:funder_logo_add"), {"name": "COCOF", "order": "3", "logo": upload(b"GIF89a....")}
    )
    assert refused.status_code == 200
    assert "logo" in refused.context["funder_form"].errors
    assert not FunderLogo.objects.exists() and _stored_images(media) == []

    client.post(reverse("reporting:funder_logo_add"), {"name": "COCOF", "order": "3", "logo": upload()})
    funder = FunderLogo.objects.get()
    assert [funder.name for funder in FunderLogo.objects.all()] == ["COCOF"]
    assert len(_stored_images(media)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:funder_logo_delete", args=[funder.pk]))
    assert response.status_code == 302
    assert not FunderLogo.objects.exists() and _stored_images(media) == []


def test_the_uploaded_image_is_stored_re_encoded_without_its_metadata(director, media):
    image = Image.new("RGB", (64, 64), "#7a1f5c")
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    # Bytes hidden after the image (a polyglot file) do not survive either.
    content = buffer.getvalue() + b"<script>alert(1)</script>"

    organisation = organisation_set(**VALID, logo=upload(content, "photo.jpg", "image/jpeg"), acting_user=director)

    stored = (media / organisation.logo).read_bytes()
    assert b"Camera maker" not in stored and b"<script>" not in stored
    with Image.open(media / organisation.logo) as again:
        assert again.format == "JPEG" and again.size == (64, 64)


def test_a_funders_logo_is_renamed_and_moved_without_a_new_image(client, director, media):
    actiris = funder_logo_add(name="Actiris", order=1, logo=upload(), acting_user=director)
    cocof = funder_logo_add(name="COCOF", order=2, logo=upload(), acting_user=director)
    image = cocof.logo
    client.force_login(director)

    response = client.post(
        reverse("reporting:funder_logo_edit", args=[cocof.pk]),
        {"name": "Commission communautaire française", "order": "0"},
    )

    assert response.status_code == 302
    assert [(row.name, row.logo == image) for row in FunderLogo.objects.all()][0] == (
        "Commission communautaire française",
        True,
    )
    refused = client.post(
        reverse("reporting:funder_logo_edit", args=[actiris.pk]), {"name": "", "order": "-1"}, follow=True
    )
    assert "Rien n’a été enregistré" in refused.content.decode()
    actiris.refresh_from_db()
    assert (actiris.name, actiris.order) == ("Actiris", 1)
