from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

# The positive kinds as this migration was written (accompaniment.enums.POSITIVE_OUTCOMES).
POSITIVE_OUTCOMES = [
    "cdi",
    "cdd",
    "interim",
    "article_60",
    "deies",
    "self_employment",
    "work_study",
    "qualifying_training",
    "pre_qualifying_training",
    "return_to_education",
]


def first_positive_derive(apps, schema_editor):
    """Each accompaniment's first positive outcome dated from its start, in one UPDATE."""
    Accompaniment = apps.get_model("accompaniment", "Accompaniment")
    Outcome = apps.get_model("accompaniment", "Outcome")
    first = Outcome.objects.filter(
        accompaniment=OuterRef("pk"), kind__in=POSITIVE_OUTCOMES, occurred_on__gte=OuterRef("started_on")
    ).order_by("occurred_on", "pk")
    Accompaniment.objects.update(
        first_positive_on=Subquery(first.values("occurred_on")[:1]),
        first_positive_kind=Coalesce(Subquery(first.values("kind")[:1]), Value("")),
        first_positive_id=Subquery(first.values("pk")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accompaniment", "0022_merge_reminders_and_identity"),
    ]

    operations = [
        migrations.AddField(
            model_name="accompaniment",
            name="first_positive_on",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="accompaniment",
            name="first_positive_kind",
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name="accompaniment",
            name="first_positive_id",
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(first_positive_derive, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="accompaniment",
            index=models.Index(
                fields=["started_on"],
                include=("job_seeker", "recognition_status", "recognised_on", "first_positive_on"),
                name="accompaniment_year_counts",
            ),
        ),
    ]
