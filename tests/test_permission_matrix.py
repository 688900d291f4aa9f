"""Every URL of the project × every role × GET/POST gives the expected status.

The list of URLs comes from the URLconf: a new URL without an entry in some app's EXPECTED fails this
test. The rows live next to each app's tests (tests/<app>/matrix.py), the shared ones below.
"""

import importlib

import pytest
from django.urls import reverse

from tests.matrix import ALL, ALL_ROLES, NOT_ALLOWED, REDIRECT
from tests.missionlocale.factories import UserFactory
from tests.responses import close_response
from tests.urls import all_urls

APP_MATRICES = [
    importlib.import_module(f"tests.{app}.matrix") for app in ("accompaniment", "employers", "reporting", "workshops")
]

EXPECTED = {
    "home": (None, REDIRECT, REDIRECT),
    "healthz": (None, ALL, NOT_ALLOWED),
    "set_language": (None, REDIRECT, REDIRECT),
    "login": (None, REDIRECT, REDIRECT),
    "logout": (None, NOT_ALLOWED, REDIRECT),
    "password_change": (None, ALL, ALL),
    "password_change_done": (None, ALL, NOT_ALLOWED),
    "password_reset": (None, ALL, ALL),
    "password_reset_done": (None, ALL, NOT_ALLOWED),
    "password_reset_confirm": (None, ALL, ALL),
    "password_reset_complete": (None, ALL, NOT_ALLOWED),
    # Two-factor pages, for staff without a device yet (the factory's): enrolment, and elsewhere sent to it.
    "two_factor_setup": (None, ALL, ALL),
    "two_factor_verify": (None, REDIRECT, REDIRECT),
    "two_factor_recovery_codes": (None, REDIRECT, REDIRECT),
}
for matrix in APP_MATRICES:
    assert not set(matrix.EXPECTED) & set(EXPECTED), "a URL has two rows in the permission matrix"
    EXPECTED.update(matrix.EXPECTED)

# The admin is Django's own, reachable by administrators only; issue #7 hardens it further.
URLS = sorted({(name, path) for name, path in all_urls() if not name.startswith("admin:")})


def test_every_url_has_an_expected_status():
    missing = sorted(name for name, _path in URLS if name not in EXPECTED)
    assert missing == [], f"Add these URLs to the permission matrix: {missing}"


@pytest.fixture
def scenario(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    users = {
        "counsellor": UserFactory(counsellor=True),
        "psychologist": UserFactory(psychologist=True),
        "manager": UserFactory(manager=True),
        "director": UserFactory(director=True),
        "administrator": UserFactory(administrator=True),
    }
    objects = {}
    for matrix in APP_MATRICES:
        objects.update(matrix.make_objects(users))
    return users, objects


def _url(name, kind, objects):
    if name == "password_reset_confirm":
        return reverse(name, kwargs={"uidb64": "MQ", "token": "set-password"})
    if not kind:
        return reverse(name)
    if kind == "list_format":
        return reverse(name, args=[objects["list"], objects["format"]])
    target = objects[kind]
    return reverse(name, args=[getattr(target, "pk", target)])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_permission_matrix(client, scenario, role):
    users, objects = scenario
    client.force_login(users[role])
    mismatches = []
    for name, (kind, get_statuses, post_statuses) in EXPECTED.items():
        if name == "logout":
            continue  # would end the session of the loop; covered in tests/missionlocale/test_auth.py
        url = _url(name, kind, objects)
        for method, expected in (("get", get_statuses[role]), ("post", post_statuses[role])):
            response = getattr(client, method)(url)
            close_response(response)  # file downloads hold their file open until closed
            status = response.status_code
            if status != expected:
                mismatches.append(f"{method.upper()} {name}: {status}, expected {expected}")
        client.force_login(users[role])  # a password change or a reset view may have logged the user out
    assert mismatches == [], "\n".join(mismatches)
