from django.db import migrations

WORKSITES = [
    ("Ville de Bruxelles – Espaces verts", "Ville de Bruxelles"),
    ("Ville de Bruxelles – Propreté publique", "Ville de Bruxelles"),
    ("Ville de Bruxelles – Rénovation de bâtiments", "Ville de Bruxelles"),
    ("Ville de Bruxelles – Serres communales", "Ville de Bruxelles"),
    ("Régie Récube", "Régie de quartier Récube"),
    ("BATITERRE", "BATITERRE ASBL"),
    ("ASBL ILOT", "ILOT ASBL"),
    ("ASBL MOVE", "MOVE ASBL"),
]
CERTIFICATION_KINDS = [
    "Permis cariste",
    "VCA",
    "Validation des compétences",
    "Brevet de secourisme",
    "Permis de conduire B",
]


def create(apps, schema_editor):
    Worksite = apps.get_model("employers", "Worksite")
    CertificationKind = apps.get_model("employers", "CertificationKind")
    for name, organisation in WORKSITES:
        Worksite.objects.get_or_create(name=name, defaults={"organisation": organisation})
    for name in CERTIFICATION_KINDS:
        CertificationKind.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("employers", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
