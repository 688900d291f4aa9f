"""The demo organisation's identity: its name, address and colours, a logo and the funders' logos drawn with
Pillow (no file downloaded, no real logo copied), uploaded through the same services as the director's."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from missionlocale.identity import funder_logo_add, organisation_current, organisation_set
from missionlocale.images import images_storage
from missionlocale.models import DEFAULT_PRIMARY_COLOUR, DEFAULT_SECONDARY_COLOUR, FunderLogo, User

NAME = "Mission Locale de Bruxelles-Ville"
# A demo address, plainly one.
ADDRESS = "Rue de la Démonstration 1\n1000 Bruxelles"
# (name, its initials on the logo, colour), in the order of the last page.
FUNDERS = [
    ("Actiris", "actiris", "#e2007a"),
    ("Région de Bruxelles-Capitale", "be.brussels", "#1b3a6b"),
    ("Ville de Bruxelles", "Bruxelles", "#00857c"),
    ("COCOF", "COCOF", "#7b2d8b"),
    ("Fonds social européen", "FSE", "#003399"),
]


def _png(image: Image.Image, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def organisation_logo() -> SimpleUploadedFile:
    """An "ML" monogram on a rounded square, a dot of the accent colour, and the name beside it."""
    image = Image.new("RGBA", (640, 200), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([10, 10, 190, 190], radius=34, fill=DEFAULT_PRIMARY_COLOUR)
    draw.text((100, 98), "ML", fill="white", font=ImageFont.load_default(size=92), anchor="mm")
    draw.ellipse([150, 150, 178, 178], fill=DEFAULT_SECONDARY_COLOUR)
    font = ImageFont.load_default(size=40)
    draw.text((215, 62), "Mission Locale", fill=DEFAULT_PRIMARY_COLOUR, font=font)
    draw.text((215, 112), "Bruxelles-Ville", fill=DEFAULT_PRIMARY_COLOUR, font=font)
    return _png(image, "logo.png")


def funder_logo(label: str, colour: str) -> SimpleUploadedFile:
    """The funder's short name, white on a band of its colour."""
    image = Image.new("RGB", (420, 160), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([6, 6, 413, 153], radius=20, fill=colour)
    size = 64 if len(label) <= 8 else 46
    draw.text((210, 80), label, fill="white", font=ImageFont.load_default(size=size), anchor="mm")
    return _png(image, "funder.png")


@transaction.atomic
def demo_identity_seed() -> None:
    """Set the demo identity; running it again changes nothing (a logo whose file is there is kept)."""
    director = User.objects.filter(username="direction").first()
    organisation = organisation_current()
    storage = images_storage()
    has_logo = bool(organisation.logo) and storage.exists(organisation.logo)
    if organisation.name != NAME or organisation.address != ADDRESS or not has_logo:
        organisation_set(
            name=NAME,
            address=ADDRESS,
            primary_colour=DEFAULT_PRIMARY_COLOUR,
            secondary_colour=DEFAULT_SECONDARY_COLOUR,
            logo=None if has_logo else organisation_logo(),
            acting_user=director,
        )
    existing = set(FunderLogo.objects.values_list("name", flat=True))
    for order, (name, label, colour) in enumerate(FUNDERS, start=1):
        if name not in existing:
            funder_logo_add(name=name, order=order, logo=funder_logo(label, colour), acting_user=director)
