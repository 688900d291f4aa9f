from django.conf import settings
from django.core.management.base import BaseCommand

from privacy.anonymisation import anonymise_expired, retention_limit


class Command(BaseCommand):
    help = (
        "Anonymises the files whose last accompaniment (and last activity) ended more than RETENTION_YEARS ago, "
        "and EPN visitors without a file seen last before then. Prints counts only, never a name."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be anonymised; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        counts = anonymise_expired(dry_run=dry_run)
        limit = retention_limit().isoformat()
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(
            f"Retention {settings.RETENTION_YEARS} years (last activity before {limit}): "
            f"{counts['files']} files and {counts['visitors']} EPN visitors {verb}."
        )
