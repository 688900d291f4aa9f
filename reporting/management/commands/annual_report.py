from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from reporting.management.commands.indicators import parse_date
from reporting.services import report_render_pdf
from workshops.models import Funder


class Command(BaseCommand):
    help = "Writes the annual activity report PDF, the same as the one generated in the browser."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--cutoff", type=parse_date, help="Cut-off date YYYY-MM-DD (default: today).")
        parser.add_argument("--language", choices=["fr", "nl"], default="fr")
        parser.add_argument("--output", type=Path, required=True, help="Where to write the PDF.")
        parser.add_argument(
            "--with-confidential",
            action="store_true",
            help="Print the confidential programmes' figures (Nouveaux Départs), small ones as '< 5'.",
        )

        parser.add_argument(
            "--archive", action="store_true", help="Write the PDF/A-3a variant for the archive (tagged too)."
        )
        parser.add_argument(
            "--funder", help="The report restricted to a funder's people and projects: the funder's name or id."
        )

    def handle(
        self, *args, year, output, language, with_confidential, archive=False, cutoff=None, funder=None, **options
    ):
        cutoff = cutoff or timezone.localdate()
        if not 2000 <= year <= cutoff.year:
            raise CommandError(f"The year must be between 2000 and the cut-off year ({cutoff.year}).")
        pdf, _data = report_render_pdf(
            year=year,
            cutoff=cutoff,
            language=language,
            with_confidential=with_confidential,
            archive=archive,
            funder=_funder(funder) if funder else None,
        )
        output.write_bytes(pdf)
        self.stdout.write(f"{output} written ({len(pdf) // 1024} KB).")


def _funder(value: str) -> Funder:
    """The funder named (or numbered) on the command line."""
    funders = Funder.objects.filter(Q(name__iexact=value) | Q(pk=int(value) if value.isdigit() else None))
    funder = funders.first()
    if funder is None:
        known = ", ".join(f"{f.pk}: {f.name}" for f in Funder.objects.order_by("name"))
        raise CommandError(f"No funder {value!r}. Funders: {known or 'none'}.")
    return funder
