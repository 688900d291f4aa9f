import datetime
import os
import shutil
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from tests.missionlocale.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
BRUSSELS = ZoneInfo("Europe/Brussels")


def pytest_addoption(parser):
    parser.addoption(
        "--today",
        default=os.environ.get("TEST_TODAY", ""),
        metavar="YYYY-MM-DD",
        help="run the whole suite as if it were that day, from 10:00 in Brussels (default: $TEST_TODAY)",
    )


def pytest_configure(config):
    """``--today`` / ``TEST_TODAY`` moves the clock for the whole run, so that no test depends on the real date.

    The travel starts here, before collection, so that dates computed when a test module is imported see the
    pinned day too. The clock ticks from 10:00 (a working day's hour: a long run never reaches midnight), and a
    test that travels elsewhere with time-machine nests inside this travel and comes back to it.
    """
    today = config.getoption("today")
    if not today:
        return
    try:
        day = datetime.date.fromisoformat(today)
    except ValueError:
        raise pytest.UsageError(f"--today / TEST_TODAY must be a date as YYYY-MM-DD, not {today!r}") from None
    traveller = time_machine.travel(datetime.datetime.combine(day, datetime.time(10), BRUSSELS), tick=True)
    traveller.start()
    config._today_traveller = traveller


def pytest_unconfigure(config):
    traveller = getattr(config, "_today_traveller", None)
    if traveller is not None:
        traveller.stop()


@pytest.fixture
def real_clock():
    """Back to the real date and time for one test, inside a run pinned by ``--today``.

    For tests that talk to another process (gunicorn, a Celery worker): that process keeps the real clock, so the
    data the test makes must be dated by it too.
    """
    if not time_machine.escape_hatch.is_travelling():
        yield
        return
    with time_machine.travel(time_machine.escape_hatch.datetime.datetime.now(datetime.UTC), tick=True):
        yield


def pytest_report_header(config):
    today = config.getoption("today")
    return f"today pinned to {today} (--today / TEST_TODAY)" if today else None


def pytest_collection_modifyitems(config, items):
    """Transactional tests give back the data of the migrations; browser tests need Debian's Chromium; tests of
    the SQLite file setup run only on SQLite (CI runs them in its SQLite pass, see `make test-dates`)."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        # Deselected, not skipped: on PostgreSQL there is nothing of theirs to test, and CI counts every skip.
        deselected = [item for item in items if "sqlite" in item.keywords]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = [item for item in items if "sqlite" not in item.keywords]
    elif deselected := [item for item in items if item.get_closest_marker("postgresql")]:
        # And the other way round: what only PostgreSQL can do (the search with typos) is tested on PostgreSQL.
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]
    for item in items:
        # A transactional test ends with a flush that would also wipe the reference data the migrations
        # created (local projects, partners, modules…) for the tests that follow in the same process.
        marker = item.get_closest_marker("django_db")
        if "transactional_db" in item.fixturenames or (marker and marker.kwargs.get("transaction")):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False)
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        raise pytest.UsageError(f"{CHROMIUM} is missing: install it with 'apt-get install -y chromium'")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--lang=fr-BE",
        ],
    }


@pytest.fixture
def counsellor(db):
    return UserFactory(counsellor=True, username="conseillere")


@pytest.fixture
def manager(db):
    return UserFactory(manager=True, username="coordinateur")


@pytest.fixture
def director(db):
    return UserFactory(director=True, username="directrice")


@pytest.fixture
def administrator(db):
    return UserFactory(administrator=True, username="administratrice")


def restore_migration_data() -> None:
    """What the migrations create (permissions, role groups, reference lists), made again if missing.

    A transactional test ends with a flush of every table; the next transactional test in the same process
    (browser journeys, real-worker tests) would otherwise start without groups, partners or modules.
    Every step is idempotent.
    """
    import importlib

    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    from missionlocale.roles import roles_sync
    from tests.workshops.factories import reference_data

    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    roles_sync()
    reference_data()
    importlib.import_module("employers.migrations.0002_reference_data").create(apps, None)
    importlib.import_module("missionlocale.migrations.0006_organisation_identity_defaults").create(apps, None)


@pytest.fixture(autouse=True)
def _no_stored_figures():
    """Each test starts with no stored figure (missionlocale/figure_cache.py): a test's database is rolled back
    after it, and its figures must not be served to the next one."""
    from missionlocale import figure_cache

    figure_cache.clear()


@pytest.fixture(autouse=True)
def _migration_data_in_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
        restore_migration_data()


def pytest_xdist_make_scheduler(config, log):
    """With ``--dist loadgroup`` (``make test``), every test is its own unit of work except the tests of one seeded
    demo (``tests/demo/``), which go to one process together so that the demo is seeded once, not once per process.

    pytest-xdist's own loadgroup reads the ``xdist_group`` marks by renaming node ids, which pytest 9 no longer
    allows; grouping by path here needs no mark.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class DemoTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return "tests/demo/" if nodeid.startswith("tests/demo/") else nodeid

    return DemoTogether(config, log)
