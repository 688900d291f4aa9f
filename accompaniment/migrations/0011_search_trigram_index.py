"""The search that finds a person: on PostgreSQL, pg_trgm and unaccent, and a GIN trigram index on name_key (typos
and parts of names); nothing of this on SQLite, whose search uses name_key as it is. The birth date index serves
the near-duplicate check before a file is created."""

from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models

INDEX = "accompaniment_jobseeker_name_key_trgm"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON accompaniment_jobseeker USING gin (name_key gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("accompaniment", "0010_versions_interview_submission_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Both do nothing on another database than PostgreSQL.
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False),
        migrations.AddIndex(
            model_name="jobseeker",
            index=models.Index(fields=["birth_date"], name="accompanime_birth_d_c2d4a7_idx"),
        ),
    ]
