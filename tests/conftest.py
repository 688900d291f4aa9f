import os
import shutil

import pytest

from tests.missionlocale.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    """Transactional tests give back the data of the migrations; browser tests need Debian's Chromium."""
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
