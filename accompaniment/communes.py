"""The 19 communes of the Brussels-Capital Region and the postcodes that lead to them.

A file records a postcode and a commune typed freely (in French or Dutch, or a section's name such as Laeken);
the postcode is what the profile of the public counts by. Laeken (1020), Neder-Over-Heembeek (1120) and Haren
(1130) are sections of the City of Brussels.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BrusselsCommune(models.TextChoices):
    BRUSSELS = "brussels", _("City of Brussels")
    ANDERLECHT = "anderlecht", _("Anderlecht")
    AUDERGHEM = "auderghem", _("Auderghem")
    BERCHEM = "berchem", _("Berchem-Sainte-Agathe")
    ETTERBEEK = "etterbeek", _("Etterbeek")
    EVERE = "evere", _("Evere")
    FOREST = "forest", _("Forest")
    GANSHOREN = "ganshoren", _("Ganshoren")
    IXELLES = "ixelles", _("Ixelles")
    JETTE = "jette", _("Jette")
    KOEKELBERG = "koekelberg", _("Koekelberg")
    MOLENBEEK = "molenbeek", _("Molenbeek-Saint-Jean")
    SAINT_GILLES = "saint_gilles", _("Saint-Gilles")
    SAINT_JOSSE = "saint_josse", _("Saint-Josse-ten-Noode")
    SCHAERBEEK = "schaerbeek", _("Schaerbeek")
    UCCLE = "uccle", _("Uccle")
    WATERMAEL_BOITSFORT = "watermael_boitsfort", _("Watermael-Boitsfort")
    WOLUWE_SAINT_LAMBERT = "woluwe_saint_lambert", _("Woluwe-Saint-Lambert")
    WOLUWE_SAINT_PIERRE = "woluwe_saint_pierre", _("Woluwe-Saint-Pierre")


# The residential postcodes; the region's other ones (1000 to 1299) are institutions' and say no commune.
POSTCODES = {
    "1000": BrusselsCommune.BRUSSELS,
    "1020": BrusselsCommune.BRUSSELS,
    "1120": BrusselsCommune.BRUSSELS,
    "1130": BrusselsCommune.BRUSSELS,
    "1030": BrusselsCommune.SCHAERBEEK,
    "1040": BrusselsCommune.ETTERBEEK,
    "1050": BrusselsCommune.IXELLES,
    "1060": BrusselsCommune.SAINT_GILLES,
    "1070": BrusselsCommune.ANDERLECHT,
    "1080": BrusselsCommune.MOLENBEEK,
    "1081": BrusselsCommune.KOEKELBERG,
    "1082": BrusselsCommune.BERCHEM,
    "1083": BrusselsCommune.GANSHOREN,
    "1090": BrusselsCommune.JETTE,
    "1140": BrusselsCommune.EVERE,
    "1150": BrusselsCommune.WOLUWE_SAINT_PIERRE,
    "1160": BrusselsCommune.AUDERGHEM,
    "1170": BrusselsCommune.WATERMAEL_BOITSFORT,
    "1180": BrusselsCommune.UCCLE,
    "1190": BrusselsCommune.FOREST,
    "1200": BrusselsCommune.WOLUWE_SAINT_LAMBERT,
    "1210": BrusselsCommune.SAINT_JOSSE,
}
BRUSSELS_POSTCODE_RANGE = ("1000", "1299")

# The profile's rows for a file with no commune: no (or an institution's) postcode, or one outside the region.
UNKNOWN = "unknown"
OUTSIDE = "outside"


def commune_of(postcode: str | None) -> str:
    """The commune a postcode leads to (a BrusselsCommune value), ``OUTSIDE`` the region, or ``UNKNOWN``."""
    if not postcode:
        return UNKNOWN
    if postcode in POSTCODES:
        return POSTCODES[postcode].value
    low, high = BRUSSELS_POSTCODE_RANGE
    return UNKNOWN if low <= postcode <= high else OUTSIDE
