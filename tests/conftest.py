import os
import shutil

import pytest

from tests.missionlocale.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's Chromium; in CI (REQUIRE_BROWSER_TESTS=1) they fail rather than skip."""
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
