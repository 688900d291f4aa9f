"""One demo database, seeded once for every test of this package, rolled back after the last one.

Seeding the whole demo takes about a minute; the accompaniment, workshops and employers checks read the same
data, so they share one seeding. The fixture is package-scoped: pytest sets it up for the first test of
``tests/demo/`` and tears it down after the last one, so no other test of the run sees the demo data. It is a
transaction, not a copy: the seeding runs inside ``transaction.atomic()`` and is rolled back at the end, and each
test runs in a savepoint inside it (pytest-django's ``db``), so a test that writes leaves nothing behind. That
works the same on SQLite and PostgreSQL, unlike a second database alias (which SQLite in memory would not share
with the test database, and which would double the migrations on PostgreSQL).
"""

import datetime
import time

import pytest
from django.db import connection, transaction

from accompaniment.models import Outcome
from demo.accompaniment import demo_accompaniment_seed
from demo.employers import demo_employers_seed
from demo.staff import demo_staff_seed
from demo.workshops import demo_workshops_seed
from tests.workshops.factories import reference_data

# The day the demo is seeded on: the checks below compare the data with it. A fixed date, not the clock's.
TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(scope="package")
def demo_data(django_db_setup, django_db_blocker):
    """The whole demo, in the order of ``seed_demo``, with what the checks need to know about the seeding."""
    with django_db_blocker.unblock(), transaction.atomic():
        reference_data()
        demo_staff_seed()
        demo_accompaniment_seed(today=TODAY)
        outcomes = Outcome.objects.count()
        demo_employers_seed(today=TODAY)
        started = time.monotonic()
        demo_workshops_seed(today=TODAY)
        seconds = time.monotonic() - started
        # Checks every foreign key now, once, rather than at the end of each test (PostgreSQL defers them).
        connection.check_constraints()
        yield {"outcomes_before": outcomes, "workshops_seconds": seconds}
        transaction.set_rollback(True)
