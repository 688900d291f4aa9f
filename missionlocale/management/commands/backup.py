from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from missionlocale.backups import BackupError, backup_create, backups_prune


class Command(BaseCommand):
    help = (
        "Backs up the database (PostgreSQL: pg_dump custom format; SQLite: a consistent copy) and the uploaded "
        "files into a new timestamped folder under BACKUP_DIR, and prints its path."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path, help="Where to create the folder (default: BACKUP_DIR).")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="After a successful backup, delete all but this many most recent backups (default: keep all).",
        )

    def handle(self, *args, directory=None, database="default", keep=0, **options):
        try:
            folder = backup_create(directory=directory, using=database)
        except BackupError as error:
            raise CommandError(_("The backup failed: %(error)s") % {"error": error}) from error
        self.stdout.write(self.style.SUCCESS(_("Backup written to %(folder)s") % {"folder": folder}))
        if keep > 0:
            for old in backups_prune(keep=keep, directory=directory):
                self.stdout.write(_("Old backup deleted: %(folder)s") % {"folder": old})
        self.stdout.write(str(folder))
