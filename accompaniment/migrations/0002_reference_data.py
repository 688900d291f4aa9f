from django.db import migrations

LOCAL_PROJECTS = ["CQD Versailles", "CQD Héliport-Anvers", "Nouveaux Départs", "Projet 50+"]
PARTNERS = [
    ("Actiris", "actiris"),
    ("CPAS de la Ville de Bruxelles", "cpas"),
    ("BAPA BXL", "bapa"),
    ("Bruxelles Formation", "bruxelles_formation"),
    ("Centre de formation Interface3", "training_centre"),
    ("Centre de formation Cenforgil", "training_centre"),
    ("EFP (Espace Formation PME)", "training_centre"),
    ("Service de santé mentale Le Méridien", "health"),
    ("Maison médicale des Marolles", "health"),
    ("CAW Brussel", "social"),
]


def create_reference_data(apps, schema_editor):
    LocalProject = apps.get_model("accompaniment", "LocalProject")
    Partner = apps.get_model("accompaniment", "Partner")
    for name in LOCAL_PROJECTS:
        LocalProject.objects.get_or_create(name=name)
    for name, kind in PARTNERS:
        Partner.objects.get_or_create(name=name, defaults={"kind": kind})


class Migration(migrations.Migration):
    dependencies = [("accompaniment", "0001_initial")]

    operations = [migrations.RunPython(create_reference_data, migrations.RunPython.noop)]
