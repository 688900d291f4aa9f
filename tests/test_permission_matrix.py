"""Every URL of the project × every role × GET/POST gives the expected status.

The list of URLs comes from the URLconf: a new URL without an entry in some app's EXPECTED fails this
test. The rows live next to each app's tests (tests/<app>/matrix.py), the shared ones below.
"""

import importlib

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accompaniment.models import LocalProject
from demo.staff import demo_staff_seed
from tests.matrix import ALL, ALL_ROLES, NOT_ALLOWED, REDIRECT
from tests.missionlocale.factories import UserFactory
from tests.responses import close_response
from tests.urls import all_urls
from workshops.models import LocalProjectDetails

APP_MATRICES = [
    importlib.import_module(f"tests.{app}.matrix")
    for app in ("accompaniment", "employers", "reporting", "workshops", "documents", "privacy")
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

# No page a role may open issues more than this many SQL queries (issue 17; a POST's answer is not a page): the
# pages whose queries could grow with the data are pinned again on larger data in their apps' tests
# (tests/accompaniment/test_at_scale.py, test_file_page_queries.py…).
MAX_QUERIES = 20
# Downloads that are reports rather than pages, with their own bound: the indicators workbook holds every figure
# of the annual report (`annual_indicators`) beside the dashboard's, a fixed number of queries whatever the data
# (`bench.run` measures it on the 20× and 100× datasets).
REPORT_MAX_QUERIES = {"reporting:dashboard_export": 130}

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
        # The demo's own administrator, as seed_demo makes it: not a superuser, so the 403s below are the role's.
        "administrator": next(user for user in demo_staff_seed() if user.username == "admin"),
    }
    assert not users["administrator"].is_superuser
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
    if isinstance(target, tuple):  # a URL with several parts, e.g. (accompaniment, months)
        return reverse(name, args=[getattr(part, "pk", part) for part in target])
    return reverse(name, args=[getattr(target, "pk", target)])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_permission_matrix(client, scenario, role):
    users, objects = scenario
    client.force_login(users[role])
    mismatches, too_many = [], []
    for name, (kind, get_statuses, post_statuses) in EXPECTED.items():
        if name == "logout":
            continue  # would end the session of the loop; covered in tests/missionlocale/test_auth.py
        url = _url(name, kind, objects)
        for method, expected in (("get", get_statuses[role]), ("post", post_statuses[role])):
            with CaptureQueriesContext(connection) as queries:
                response = getattr(client, method)(url)
                close_response(response)  # file downloads hold their file open until closed
            status = response.status_code
            if status != expected:
                mismatches.append(f"{method.upper()} {name}: {status}, expected {expected}")
            if method == "get" and len(queries) > REPORT_MAX_QUERIES.get(name, MAX_QUERIES):
                too_many.append(f"{method.upper()} {name}: {len(queries)} queries")
        client.force_login(users[role])  # a password change or a reset view may have logged the user out
    assert mismatches == [], "\n".join(mismatches)
    assert too_many == [], "too many queries:\n" + "\n".join(too_many)


# The admin: every admin URL × every role. Administrators reach what their permissions open (403 on the
# rest, an object page of a model they may not see included); every other role is sent to the admin's login.
ADMIN_URLS = sorted(name for name, _path in all_urls() if name.startswith("admin:"))
_ADMIN_ACTION_PERMISSIONS = {
    "changelist": ("view", "change"),
    "add": ("add",),
    "change": ("view", "change"),
    "delete": ("delete",),
    "history": ("view", "change"),
}
# Admin URLs outside the model pattern: how to build them, and what an administrator gets on GET.
_ADMIN_OTHER = {
    "admin:index": 200,
    "admin:login": 302,  # already signed in: on to the index
    "admin:password_change": 200,
    "admin:password_change_done": 200,
    "admin:jsi18n": 200,
    "admin:autocomplete": 403,  # without the parameters of a real autocomplete field
    "admin:app_list": 200,
    "admin:view_on_site": 404,  # the staff member has no public page
    "admin:auth_user_password_change": 200,
    "admin:missionlocale_user_simple_history": 200,  # one version of a staff member's history
    "admin:otp_totp_totpdevice_config": 403,  # would show the secret: refused (OTP_ADMIN_HIDE_SENSITIVE_DATA)
    "admin:otp_totp_totpdevice_qrcode": 403,
}


def _admin_model_url(name, admin_site):
    """(url, expected GET status for an administrator) for admin:<app>_<model>_<action>."""
    for model in admin_site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        action = name.removeprefix(prefix)
        if name.startswith(prefix) and action in _ADMIN_ACTION_PERMISSIONS:
            opts = model._meta
            codenames = [f"{opts.app_label}.{perm}_{opts.model_name}" for perm in _ADMIN_ACTION_PERMISSIONS[action]]
            if action in {"changelist", "add"}:
                return reverse(name), codenames
            instance = model._default_manager.order_by("pk").first()
            assert instance is not None, f"the admin matrix needs one {model.__name__}"
            return reverse(name, args=[instance.pk]), codenames
    return None, None


def _admin_urls(administrator):
    from django.contrib import admin
    from django.contrib.contenttypes.models import ContentType

    urls = {}
    for name in ADMIN_URLS:
        if name == "admin:logout":
            continue  # would end the session of the loop; Django's own
        url, codenames = _admin_model_url(name, admin.site)
        if url is not None:
            expected = 200 if any(administrator.has_perm(codename) for codename in codenames) else 403
            urls[name] = (url, expected)
            continue
        assert name in _ADMIN_OTHER, f"Add this admin URL to the permission matrix: {name}"
        if name == "admin:app_list":
            url = reverse(name, kwargs={"app_label": "accompaniment"})
        elif name == "admin:view_on_site":
            url = reverse(name, args=[ContentType.objects.get_for_model(administrator).pk, administrator.pk])
        elif name == "admin:auth_user_password_change":
            url = reverse(name, args=[administrator.pk])
        elif name == "admin:missionlocale_user_simple_history":
            url = reverse(name, args=[administrator.pk, administrator.history.latest().history_id])
        elif name.startswith("admin:otp_totp_totpdevice_"):
            url = reverse(name, kwargs={"pk": administrator.totpdevice_set.get().pk})
        else:
            url = reverse(name)
        urls[name] = (url, _ADMIN_OTHER[name])
    return urls


@pytest.mark.parametrize("role", ALL_ROLES)
def test_admin_permission_matrix(client, scenario, role):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    users, _objects = scenario
    administrator = users["administrator"]
    TOTPDevice.objects.create(user=administrator, name="authenticator", confirmed=True)
    # One row for each admin model that has none yet, so that its object pages can be requested.
    trace = {"username": "someone", "ip_address": "127.0.0.1", "user_agent": "", "path_info": "/", "http_accept": ""}
    AccessAttempt.objects.create(**trace, failures_since_start=1, get_data="", post_data="")
    AccessLog.objects.create(**trace)
    AccessFailureLog.objects.create(**trace, locked_out=False)
    LocalProjectDetails.objects.get_or_create(local_project=LocalProject.objects.order_by("pk").first())
    urls = _admin_urls(administrator)
    client.force_login(users[role])
    mismatches = []
    for name, (url, admin_get_status) in urls.items():
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            status = response.status_code
            if role != "administrator":
                if name == "admin:login":
                    if status != 200 or response.context["user"] != users[role]:
                        mismatches.append(f"{method.upper()} {name}: {status}, expected the login form")
                elif status != 302 or not response.url.startswith(reverse("admin:login")):
                    mismatches.append(f"{method.upper()} {name}: {status}, expected the admin's login")
            elif method == "get" and status != admin_get_status:
                mismatches.append(f"GET {name}: {status}, expected {admin_get_status}")
            elif method == "post" and (status >= 500 or (status == 302 and "login" in response.url)):
                mismatches.append(f"POST {name}: {status}")
        client.force_login(users[role])
    assert mismatches == [], "\n".join(mismatches)
