"""The identity the annual report's template hard-coded until now becomes the organisation's row: the name (the
ORGANISATION_NAME setting, the demo Mission Locale's by default) and the two colours; no logo uploaded yet, so the
report prints the product's own."""

from django.conf import settings
from django.db import migrations

NAME = "Mission Locale de Bruxelles-Ville"


def create(apps, schema_editor):
    Organisation = apps.get_model("missionlocale", "Organisation")
    Organisation.objects.get_or_create(
        pk=1,
        defaults={
            "name": getattr(settings, "ORGANISATION_NAME", "") or NAME,
            "primary_colour": "#0b5394",
            "secondary_colour": "#f1a208",
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("missionlocale", "0005_organisation_identity"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
