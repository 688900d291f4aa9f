from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accompaniment.imports import referrals_decode, referrals_import
from accompaniment.perms import can_manage_caseloads


class Command(BaseCommand):
    help = (
        "Imports an Actiris referral list (CSV, format in docs/imports.md): the whole file is checked first, "
        "then everything is imported, or nothing if a row is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV file.")
        parser.add_argument(
            "--user",
            required=True,
            help="Username of the manager who imports (recorded in the files' history).",
        )

    def handle(self, *args, file: Path, user: str, **options):
        with translation.override("fr"):
            acting_user = self.acting_user(user)
            try:
                text = referrals_decode(file.read_bytes())
            except OSError as exc:
                raise CommandError(
                    _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
                ) from exc
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            result = referrals_import(text=text, acting_user=acting_user)
            if not result.ok:
                for error in result.errors:
                    if error.column:
                        line_format = _("Line %(line)s, column %(column)s: %(message)s")
                    else:
                        line_format = _("Line %(line)s: %(message)s")
                    self.stderr.write(
                        line_format % {"line": error.line, "column": error.column, "message": error.message}
                    )
                raise CommandError(
                    ngettext(
                        "Nothing was imported: %(count)s error.",
                        "Nothing was imported: %(count)s errors.",
                        len(result.errors),
                    )
                    % {"count": len(result.errors)}
                )
            self.stdout.write(
                self.style.SUCCESS(
                    ngettext(
                        "Import complete: %(count)s referral.", "Import complete: %(count)s referrals.", result.rows
                    )
                    % {"count": result.rows}
                )
            )
            self.stdout.write(_("New files: %(count)s") % {"count": result.created})
            self.stdout.write(_("Files already known: %(count)s") % {"count": result.already_known})
            self.stdout.write(_("Accompaniments opened: %(count)s") % {"count": result.accompaniments_opened})

    def acting_user(self, username: str):
        acting_user = get_user_model().objects.filter(username=username, is_active=True).first()
        if acting_user is None:
            raise CommandError(_("No active staff member has the username %(username)s.") % {"username": username})
        if not can_manage_caseloads(acting_user):
            raise CommandError(_("Only a manager may import referral lists."))
        return acting_user
