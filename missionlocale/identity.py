"""The organisation's identity (name, address, logo, colours) and the funders' logos: what the annual report
prints on its cover and last page, set by the director (reporting's identity page).

Reads: ``organisation_current`` and ``report_identity``. Writes: ``organisation_set``, ``funder_logo_add``,
``funder_logo_update``, ``funder_logo_delete``. An image's bytes are stored before the row that names them and
deleted if the save fails; the bytes a change replaces are deleted once it is committed.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from missionlocale.images import image_check, image_data_uri, image_delete, image_store
from missionlocale.models import DEFAULT_PRIMARY_COLOUR, DEFAULT_SECONDARY_COLOUR, FunderLogo, Organisation
from missionlocale.services import instance_save

# The cover prints white on the main colour and the headings print in it on white: WCAG's 4.5:1 for text.
# The accent colour draws the year on the cover (large text) and the charts' second series: 3:1 beside the main.
PRIMARY_MIN_CONTRAST = 4.5
SECONDARY_MIN_CONTRAST = 3.0


def organisation_current() -> Organisation:
    """The organisation's row, or (before the data migration ran, or after a test flushed the tables) the
    defaults, unsaved: the name of ORGANISATION_NAME, the product's colours and logo."""
    return Organisation.objects.filter(pk=1).first() or Organisation(
        pk=1,
        name=settings.ORGANISATION_NAME,
        primary_colour=DEFAULT_PRIMARY_COLOUR,
        secondary_colour=DEFAULT_SECONDARY_COLOUR,
    )


def _luminance(colour: str) -> float:
    channels = []
    for index in (1, 3, 5):
        value = int(colour[index : index + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two #RRGGBB colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _check_colours(organisation: Organisation) -> None:
    organisation.clean_fields(exclude=["name", "address", "logo"])
    errors = {}
    if contrast_ratio(organisation.primary_colour, "#ffffff") < PRIMARY_MIN_CONTRAST:
        errors["primary_colour"] = _(
            "This colour is too light: white text on it, and headings in it on white paper, would be hard to "
            "read. Choose a darker one."
        )
    elif contrast_ratio(organisation.secondary_colour, organisation.primary_colour) < SECONDARY_MIN_CONTRAST:
        errors["secondary_colour"] = _(
            "This colour is too close to the main colour: the year on the cover and the charts' second series "
            "would hardly show. Choose a lighter or a darker one."
        )
    if errors:
        raise ValidationError(errors, code="contrast")


@transaction.atomic
def organisation_set(
    *,
    name: str,
    address: str,
    primary_colour: str,
    secondary_colour: str,
    logo=None,
    remove_logo: bool = False,
    acting_user,
) -> Organisation:
    """The director sets the organisation's identity; a new ``logo`` (an upload) replaces the old one,
    ``remove_logo`` goes back to the product's. Nothing changes when anything is refused."""
    organisation = Organisation.objects.select_for_update().filter(pk=1).first() or organisation_current()
    previous_logo = organisation.logo
    organisation.name, organisation.address = name.strip(), address.strip()
    organisation.primary_colour, organisation.secondary_colour = primary_colour.lower(), secondary_colour.lower()
    _check_colours(organisation)
    new_logo = ""
    if logo is not None:
        content, extension = image_check(upload=logo, field="logo")
        new_logo = image_store(content=content, extension=extension)
    fields = {"logo": new_logo or ("" if remove_logo else previous_logo)}
    try:
        instance_save(instance=organisation, acting_user=acting_user, fields=fields)
    except BaseException:
        image_delete(new_logo)
        raise
    if previous_logo and previous_logo != organisation.logo:
        transaction.on_commit(lambda: image_delete(previous_logo))
    return organisation


@transaction.atomic
def funder_logo_add(*, name: str, order: int, logo, acting_user) -> FunderLogo:
    """Add a funder's logo to the report's last page. Nothing is stored when anything is refused."""
    content, extension = image_check(upload=logo, field="logo")
    stored = image_store(content=content, extension=extension)
    try:
        return instance_save(
            instance=FunderLogo(),
            acting_user=acting_user,
            fields={"name": name.strip(), "order": order, "logo": stored},
        )
    except BaseException:
        image_delete(stored)
        raise


@transaction.atomic
def funder_logo_update(*, funder_logo: FunderLogo, name: str, order: int, acting_user) -> FunderLogo:
    """Rename a funder's logo or move it on the last page; its image stays."""
    return instance_save(instance=funder_logo, acting_user=acting_user, fields={"name": name.strip(), "order": order})


@transaction.atomic
def funder_logo_delete(*, funder_logo: FunderLogo, acting_user) -> None:
    stored = funder_logo.logo
    funder_logo._history_user = acting_user
    funder_logo.delete()
    transaction.on_commit(lambda: image_delete(stored))


@dataclass(frozen=True)
class ReportIdentity:
    """What the PDF prints of the identity: images as data: URIs (None: the product's logo)."""

    name: str
    address: str
    logo: str | None
    primary: str
    secondary: str
    funders: list[tuple[str, str]] = field(default_factory=list)

    @property
    def primary_tint(self) -> str:
        """The main colour washed out: the table headers' background."""
        return tint(self.primary, 0.92)

    @property
    def secondary_tint(self) -> str:
        """The accent colour washed out: the highlight boxes' background."""
        return tint(self.secondary, 0.88)


def tint(colour: str, whiteness: float) -> str:
    """``colour`` mixed with white, ``whiteness`` of it white (0: the colour, 1: white)."""
    channels = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return "#" + "".join(f"{round(value + (255 - value) * whiteness):02x}" for value in channels)


def report_identity() -> ReportIdentity:
    """The identity as the annual report prints it now; a funder whose image went missing is left out."""
    organisation = organisation_current()
    funders = [(row.name, image_data_uri(row.logo)) for row in FunderLogo.objects.all()]
    return ReportIdentity(
        name=organisation.name,
        address=organisation.address,
        logo=image_data_uri(organisation.logo),
        primary=organisation.primary_colour,
        secondary=organisation.secondary_colour,
        funders=[(name, uri) for name, uri in funders if uri],
    )
