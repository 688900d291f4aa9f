from django.core.management.base import BaseCommand

from accompaniment.reminders import reminders_send_due


class Command(BaseCommand):
    help = (
        "Send the appointment reminders whose time has come (as the Celery beat task does). "
        "--dry-run lists the ids of those that would be sent, and sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent; send nothing.")
        parser.add_argument("--limit", type=int, default=500, help="At most this many reminders (default 500).")

    def handle(self, *args, dry_run=False, limit=500, **options):
        report = reminders_send_due(dry_run=dry_run, limit=limit)
        if report.stuck:
            self.stderr.write(
                f"{len(report.stuck)} reminder(s) left sending by a stopped sender, not resent (at most once): "
                + ", ".join(str(pk) for pk in report.stuck)
            )
        if dry_run:
            # Ids and counts only: no name, address or number in the output.
            self.stdout.write(f"{len(report.due)} reminder(s) due: " + ", ".join(str(pk) for pk in report.due))
            return
        self.stdout.write(
            f"sent {len(report.sent)}, to retry {len(report.retried)}, failed {len(report.failed)}, "
            f"cancelled {len(report.cancelled)}"
        )
