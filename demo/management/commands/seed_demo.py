from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from demo.accompaniment import demo_accompaniment_seed
from demo.durability import demo_durability_seed
from demo.employers import demo_employers_seed
from demo.identity import demo_identity_seed
from demo.names import demo_dutch_names_seed
from demo.staff import DEMO_PASSWORD, DEMO_STAFF, demo_staff_seed
from demo.workshops import demo_workshops_seed
from missionlocale.figure_cache import data_changed
from missionlocale.models import User

# Each capability adds its own seeder here, in dependency order; every seeder is idempotent.
SEEDERS = [
    demo_staff_seed,
    demo_identity_seed,
    demo_dutch_names_seed,
    demo_accompaniment_seed,
    demo_employers_seed,
    demo_workshops_seed,
    demo_durability_seed,
]


class Command(BaseCommand):
    help = "Creates the demo data (idempotent): the staff of a Mission Locale, and each module's data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Do nothing if the demo data is already there (used by `make run`).",
        )
        parser.add_argument("--logins", action="store_true", help="Only print the demo logins.")

    def handle(self, *args, once=False, logins=False, **options):
        already = User.objects.filter(username=DEMO_STAFF[0].username).exists()
        if not logins and not (once and already):
            for seeder in SEEDERS:
                seeder()
            data_changed()  # loaded in bulk, without signals
            self.stdout.write(self.style.SUCCESS(_("Demo data is in place.")))
        self.print_logins()

    def print_logins(self):
        self.stdout.write(_("Demo logins (password for all: %(password)s)") % {"password": DEMO_PASSWORD})
        for staff in DEMO_STAFF:
            self.stdout.write(
                f"  {staff.username:<14} {staff.first_name} {staff.last_name} ({staff.profession.label})"
            )
