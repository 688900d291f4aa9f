from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from missionlocale.backups import BackupError, backup_manifest, backup_restore


class Command(BaseCommand):
    help = (
        "Replaces the database and the uploaded files by those of a backup folder written by `manage.py backup`. "
        "Stop the web, worker and beat processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="The backup folder, e.g. var/backups/20261125-020000.")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")
        parser.add_argument(
            "--no-input", "--noinput", action="store_false", dest="interactive", help="Do not ask for confirmation."
        )

    def handle(self, *args, folder, database="default", interactive=True, **options):
        try:
            manifest = backup_manifest(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if interactive:
            answer = input(
                _(
                    "This replaces ALL the data and uploaded files by the backup of %(created_at)s. "
                    "Type 'yes' to continue: "
                )
                % {"created_at": manifest["created_at"]}
            )
            if answer.strip().lower() != "yes":
                raise CommandError(_("Restore cancelled."))
        try:
            result = backup_restore(folder=folder, using=database)
        except BackupError as error:
            raise CommandError(_("The restore failed: %(error)s") % {"error": error}) from error
        if result.mismatches:
            for label, (expected, found) in result.mismatches.items():
                self.stderr.write(
                    _("%(model)s: %(expected)s rows in the backup, %(found)s after the restore")
                    % {"model": label, "expected": expected, "found": found}
                )
            raise CommandError(_("The restored data does not match the backup's row counts."))
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored from %(folder)s: %(rows)s rows in %(models)s tables, row counts checked.")
                % {"folder": folder, "rows": sum(result.row_counts.values()), "models": len(result.row_counts)}
            )
        )
