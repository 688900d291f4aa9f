from django.db import migrations


def mark_confidential(apps, schema_editor):
    apps.get_model("accompaniment", "LocalProject").objects.filter(name="Nouveaux Départs").update(confidential=True)


class Migration(migrations.Migration):
    dependencies = [("accompaniment", "0003_local_project_confidential")]

    operations = [migrations.RunPython(mark_confidential, migrations.RunPython.noop)]
