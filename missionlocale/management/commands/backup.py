from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from missionlocale.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Backs up the database (PostgreSQL: pg_dump custom format; SQLite: a consistent copy) and the uploaded "
        "files into a new timestamped folder under BACKUP_DIR, and prints its path."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path, help="Where to create the folder (default: BACKUP_DIR).")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *args, directory=None, database="default", **options):
        try:
            folder = backup_create(directory=directory, using=database)
        except BackupError as error:
            raise CommandError(_("The backup failed: %(error)s") % {"error": error}) from error
        self.stdout.write(self.style.SUCCESS(_("Backup written to %(folder)s") % {"folder": folder}))
        self.stdout.write(str(folder))
