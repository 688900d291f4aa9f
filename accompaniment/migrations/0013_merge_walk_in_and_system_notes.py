from django.db import migrations


class Migration(migrations.Migration):
    """Joins the three changes made side by side after 0010: the search index, the walk-in and closing fields, and
    the system notes stored as codes."""

    dependencies = [
        ("accompaniment", "0011_search_trigram_index"),
        ("accompaniment", "0011_walk_in_close_reason_assignment_requests"),
        ("accompaniment", "0012_outcome_system_note_data"),
    ]

    operations = []
