"""The notes the product wrote on hires recorded from a matching, in the language of whoever recorded them, become
the code hired_after_matching and the offer's title: each reader then reads them in their own language."""

from django.db import migrations

# The sentence as employers.services wrote it until this change, in French, Dutch and English, before the title.
WRITTEN = (
    "Engagé·e après une mise en relation : ",
    "Aangeworven na een matching: ",
    "Hired after a matching: ",
)


def forwards(apps, schema_editor):
    Outcome = apps.get_model("accompaniment", "Outcome")
    for prefix in WRITTEN:
        for outcome in Outcome.objects.filter(system_note="", note__startswith=prefix).only("pk", "note"):
            Outcome.objects.filter(pk=outcome.pk).update(
                system_note="hired_after_matching",
                system_note_params={"offer": outcome.note[len(prefix) :]},
                note="",
            )


def backwards(apps, schema_editor):
    Outcome = apps.get_model("accompaniment", "Outcome")
    for outcome in Outcome.objects.filter(system_note="hired_after_matching").only("pk", "system_note_params"):
        offer = (outcome.system_note_params or {}).get("offer", "—")
        Outcome.objects.filter(pk=outcome.pk).update(system_note="", system_note_params=None, note=WRITTEN[0] + offer)


class Migration(migrations.Migration):
    dependencies = [("accompaniment", "0011_outcome_system_note")]

    operations = [migrations.RunPython(forwards, backwards)]
