"""The Content-Security-Policy holds with the real pages: every page of every app, loaded in Chromium by a role
that may see it, reports no violation (no inline script, style or handler, nothing from elsewhere).

The pages are those of the permission matrix (tests/test_permission_matrix.py), with its objects, so a new page
is covered as soon as it has its row there; the admin's main pages are loaded by an administrator.
"""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from missionlocale.roles import roles_sync
from tests.matrix import ALL_ROLES
from tests.missionlocale.factories import UserFactory
from tests.test_permission_matrix import APP_MATRICES, EXPECTED, _url

pytestmark = pytest.mark.e2e

# Each page is loaded once, by the first of these roles that gets it (the administrator last: fewest pages).
ROLE_ORDER = ["counsellor", "manager", "psychologist", "director", "administrator"]
# Records what the page's own CSP refused; injected by Playwright, which the CSP does not govern.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""
SKIPPED = {"logout", "login", "set_language", "password_reset_confirm"}


def _console_listener(violations, role, page):
    def listen(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{role} {page.url}: {message.text[:200]}")

    return listen


def _pages_by_role(objects):
    pages = {role: [] for role in ALL_ROLES}
    for name, (kind, get_statuses, _post_statuses) in EXPECTED.items():
        if name in SKIPPED:
            continue
        role = next((role for role in ROLE_ORDER if get_statuses[role] == 200), None)
        if role is not None:
            pages[role].append(_url(name, kind, objects))
    pages["administrator"] += [
        reverse("admin:index"),
        reverse("admin:missionlocale_user_changelist"),
        reverse("admin:missionlocale_user_add"),
        reverse("admin:accompaniment_localproject_add"),
        reverse("admin:workshops_module_changelist"),
    ]
    return pages


def _reference_data():
    """The roles and the reference data of the migrations, in case an earlier transactional test on this worker
    flushed them (a parametrized browser test does not get them back from tests/conftest.py's serialized rollback).
    """
    reference_data = importlib.import_module("accompaniment.migrations.0002_reference_data")
    reference_data.create_reference_data(django_apps, None)
    roles_sync()


def test_no_page_breaks_the_content_security_policy(
    browser, live_server, transactional_db, settings, tmp_path, log_in
):
    settings.MEDIA_ROOT = tmp_path
    _reference_data()
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
    user_pages = users["administrator"].pk  # the admin's change page of a real staff member
    pages = _pages_by_role(objects)
    pages["administrator"].append(reverse("admin:missionlocale_user_change", args=[user_pages]))

    violations, visited = [], 0
    for role, urls in pages.items():
        context = browser.new_context(locale="fr-BE")
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.on("console", _console_listener(violations, role, page))
        log_in(page, users[role].username)
        page.wait_for_load_state()
        for path in urls:
            url = f"{live_server.url}{path}"
            head = context.request.get(url, max_redirects=0)
            if "text/html" not in head.headers.get("content-type", ""):
                continue  # downloads: PDF, CSV, calendar
            page.goto(url)
            page.wait_for_load_state("load")
            assert "Content-Security-Policy" in {key.title(): 1 for key in head.headers} or head.status >= 300, url
            recorded = page.evaluate("window.__cspViolations || []")
            violations += [f"{role} {path}: {violation}" for violation in recorded]
            visited += 1
        context.close()

    assert visited > 60, f"only {visited} pages loaded: the page list is wrong"
    assert violations == []
