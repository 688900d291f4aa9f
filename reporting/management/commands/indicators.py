import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reporting.annual import annual_indicators


def parse_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Invalid date {value!r}: use YYYY-MM-DD.") from exc


class Command(BaseCommand):
    help = "Prints every indicator of the annual report for a year (JSON keys documented in docs/indicators.md)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--cutoff", type=parse_date, help="Cut-off date YYYY-MM-DD (default: today).")
        parser.add_argument("--json", action="store_true", help="Print JSON with stable keys.")

    def handle(self, *args, year, cutoff=None, **options):
        cutoff = cutoff or timezone.localdate()
        if not 2000 <= year <= cutoff.year:
            raise CommandError(f"The year must be between 2000 and the cut-off year ({cutoff.year}).")
        data = annual_indicators(year=year, cutoff=cutoff)
        if options["json"]:
            self.stdout.write(_dumps(data))
            return
        summary = data["accompaniment"]
        self.stdout.write(f"Year {year}, cut-off {cutoff.isoformat()}")
        self.stdout.write(
            f"  accompanied {summary['accompanied']} / objective {summary['objective']}"
            f" ({summary['objective_percent']} %), positive exits {summary['positive_exits']}"
            f" ({summary['positive_exit_rate']} %)"
        )
        for row in data["history"]:
            self.stdout.write(
                f"  {row['year']}: {row['accompanied']} accompanied, {row['positive_exits']} positive exits"
                f" ({row['positive_exit_rate']} %)"
            )
        for key in ("modules", "epn", "local_projects", "employers", "partners", "deies"):
            self.stdout.write(f"  {key}: {'not recorded yet' if data[key] is None else data[key]}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
