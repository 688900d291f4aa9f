"""Every URL of the project × every role × GET/POST gives the expected status.

The list of URLs comes from the URLconf: a new URL without an entry in EXPECTED fails this test.
Scenario: the file belongs to the caseload of `counsellor`; the psychologist is not in its team.
"""

import pytest
from django.urls import reverse

from accompaniment.models import ActionStep, Orientation, Partner
from tests.accompaniment.factories import AccompanimentFactory, BarrierFactory
from tests.missionlocale.factories import UserFactory
from tests.urls import all_urls

ROLES = ["counsellor", "psychologist", "manager", "director", "administrator"]
# Readers: staff who work on files. Editors: the file's team and managers.
R = {"counsellor": 200, "psychologist": 200, "manager": 200, "director": 403, "administrator": 403}
E = {"counsellor": 200, "psychologist": 403, "manager": 200, "director": 403, "administrator": 403}
E_REDIRECT = {role: 302 if status == 200 else status for role, status in E.items()}
MANAGER = {"counsellor": 403, "psychologist": 403, "manager": 200, "director": 403, "administrator": 403}
MANAGER_REDIRECT = {role: 302 if status == 200 else status for role, status in MANAGER.items()}
ALL = dict.fromkeys(ROLES, 200)
NOT_ALLOWED = dict.fromkeys(ROLES, 405)


def only(**statuses):
    return {role: statuses.get(role, 403) for role in ROLES}


# url name -> (object the <pk> designates, GET statuses, POST statuses with an empty form)
EXPECTED = {
    "home": (None, dict.fromkeys(ROLES, 302), dict.fromkeys(ROLES, 302)),
    "healthz": (None, ALL, NOT_ALLOWED),
    "set_language": (None, dict.fromkeys(ROLES, 302), dict.fromkeys(ROLES, 302)),
    "login": (None, dict.fromkeys(ROLES, 302), dict.fromkeys(ROLES, 302)),
    "logout": (None, NOT_ALLOWED, dict.fromkeys(ROLES, 302)),
    "password_change": (None, ALL, ALL),
    "password_change_done": (None, ALL, NOT_ALLOWED),
    "password_reset": (None, ALL, ALL),
    "password_reset_done": (None, ALL, NOT_ALLOWED),
    "password_reset_confirm": (None, ALL, ALL),
    "password_reset_complete": (None, ALL, NOT_ALLOWED),
    "accompaniment:caseload": (None, R, R),
    "accompaniment:caseload_export": (None, R, R),
    "accompaniment:agenda": (None, R, NOT_ALLOWED),
    "accompaniment:agenda_ics": (None, R, NOT_ALLOWED),
    "accompaniment:file_search": (None, R, R),
    "accompaniment:file_create": (None, R, R),
    "accompaniment:file_detail": ("file", R, NOT_ALLOWED),
    "accompaniment:file_edit": ("file", E, E),
    "accompaniment:niss_unmask": ("file", NOT_ALLOWED, R),
    "accompaniment:file_history": ("file", R, NOT_ALLOWED),
    "accompaniment:team_add": ("file", NOT_ALLOWED, E_REDIRECT),
    "accompaniment:interview_create": ("file", E, E),
    "accompaniment:barrier_create": ("file", NOT_ALLOWED, E),
    "accompaniment:barrier_lift": ("barrier", NOT_ALLOWED, E_REDIRECT),
    "accompaniment:orientation_create": ("file", NOT_ALLOWED, E),
    "accompaniment:orientation_result": ("orientation", NOT_ALLOWED, E_REDIRECT),
    "accompaniment:accompaniment_create": ("file", NOT_ALLOWED, E),
    "accompaniment:outcome_create": ("accompaniment", NOT_ALLOWED, E),
    "accompaniment:accompaniment_close": ("accompaniment", NOT_ALLOWED, E),
    "accompaniment:accompaniment_recognition": ("accompaniment", NOT_ALLOWED, E),
    "accompaniment:project_edit": ("accompaniment", NOT_ALLOWED, E),
    "accompaniment:step_create": ("accompaniment", NOT_ALLOWED, E),
    "accompaniment:step_toggle": ("step", NOT_ALLOWED, E_REDIRECT),
    "accompaniment:caseloads": (None, MANAGER, NOT_ALLOWED),
    "accompaniment:reassign": (None, NOT_ALLOWED, MANAGER_REDIRECT),
    "accompaniment:access_log": (None, MANAGER, NOT_ALLOWED),
    "accompaniment:import_referrals": (None, MANAGER, MANAGER),
    "reporting:dashboard": (None, only(manager=200, director=200), only(manager=200, director=200)),
    "reporting:reports": (None, only(director=200), only(director=200)),
}
# The admin is Django's own, reachable by administrators only; issue #7 hardens it further.
ADMIN_PREFIX = "admin:"

URLS = sorted({(name, path) for name, path in all_urls() if not name.startswith(ADMIN_PREFIX)})


def test_every_url_has_an_expected_status():
    missing = sorted(name for name, _path in URLS if name not in EXPECTED)
    assert missing == [], f"Add these URLs to the permission matrix: {missing}"


@pytest.fixture
def scenario(db):
    counsellor = UserFactory(counsellor=True)
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    person = accompaniment.job_seeker
    objects = {
        "file": person,
        "accompaniment": accompaniment,
        "barrier": BarrierFactory(job_seeker=person),
        "step": ActionStep.objects.create(accompaniment=accompaniment, description="CV"),
        "orientation": Orientation.objects.create(
            job_seeker=person, partner=Partner.objects.first(), purpose="Formation", staff=counsellor
        ),
    }
    users = {
        "counsellor": counsellor,
        "psychologist": UserFactory(psychologist=True),
        "manager": UserFactory(manager=True),
        "director": UserFactory(director=True),
        "administrator": UserFactory(administrator=True),
    }
    return users, objects


def _url(name, kind, objects):
    if name == "password_reset_confirm":
        return reverse(name, kwargs={"uidb64": "MQ", "token": "set-password"})
    return reverse(name, args=[objects[kind].pk] if kind else [])


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, scenario, role):
    users, objects = scenario
    client.force_login(users[role])
    mismatches = []
    for name, (kind, get_statuses, post_statuses) in EXPECTED.items():
        if name in {"logout"}:
            continue  # would end the session of the loop; covered in tests/missionlocale/test_auth.py
        url = _url(name, kind, objects)
        for method, expected in (("get", get_statuses[role]), ("post", post_statuses[role])):
            status = getattr(client, method)(url).status_code
            if status != expected:
                mismatches.append(f"{method.upper()} {name}: {status}, expected {expected}")
        client.force_login(users[role])  # a password change or a reset view may have logged the user out
    assert mismatches == [], "\n".join(mismatches)
