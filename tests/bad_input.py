"""Building blocks of the bad-input tests (tests/test_bad_input.py): the hostile values, ``Target``, and the
poster that checks every answer.

Each app has a ``tests/<app>/bad_input.py`` with ``TARGETS`` (url name -> Target) for its POST URLs, as it has a
``tests/<app>/matrix.py`` for the permission matrix.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.apps import apps
from django.contrib.admin.helpers import AdminForm
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import strategies as st

from accompaniment.imports import ImportResult
from tests.responses import close_response
from tests.test_permission_matrix import APP_MATRICES

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
# What must never come back as such in an HTML page; their escaped forms may.
RAW_MARKERS = [SCRIPT, "<img src=x onerror=alert(1)>"]

HOSTILE = [
    SCRIPT,
    IMG,
    "'; DROP TABLE accompaniment_jobseeker; --",
    "' OR '1'='1",
    "1 UNION SELECT username, password FROM missionlocale_user --",
    "%' OR 1=1 --",
    "a\x00b",
    "\x00",
    "\x01\x02\x07\x1b[2J\x7f",
    "\r\n\t\x0b\x0c",
    "\u202egnp.exe",
    "x" * 10_000,
    "é" * 1000,
    "😀" * 300,
    "2024-02-30",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "31/12/9999",
    "2024-13-45",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "25:61",
    "-1",
    "0",
    "-2147483649",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "-Infinity",
    "-0.5",
    "²",
    "¹²³⁴",
    "١٢٣",
    "0x1F",
    "",
    " ",
    "None",
    "[]",
    "../../../etc/passwd",
    "javascript:alert(1)",
    "//evil.example.org/",
    "{{ request }}",
    "{% debug %}",
]

hostile_value = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates(min_value=datetime.date(1, 1, 1)).map(lambda day: day.strftime("%Y-%m-%d").zfill(10)),
)
# Multiple-choice fields receive lists; a list of one is what a single field receives from a browser.
hostile_entry = st.one_of(hostile_value, st.lists(hostile_value, min_size=0, max_size=3))

EXAMPLES = 4


@dataclass(frozen=True)
class Target:
    """How to post bad input to one URL."""

    form: type | None  # the view's form class, None when the view reads request.POST itself
    fields: list[str]  # the names of the fields its view reads
    url: Callable[[dict], str]  # objects -> URL
    base: Callable[[dict], dict] = lambda o: {}  # objects -> a payload the view accepts
    role: str | None = "manager"  # None: an anonymous visitor
    accepts_base: bool = True  # False: no payload is accepted as such (searches, one-click actions…)
    extra: dict = field(default_factory=dict)


def _nasty_values(form_class, field_name: str) -> list[str]:
    form_field = form_class.base_fields.get(field_name) if form_class else None
    if isinstance(form_field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
        return ["99999999999999999999999"]
    if isinstance(form_field, forms.DateTimeField):
        return ["9999-12-31T23:59"]
    if isinstance(form_field, forms.DateField):
        return ["9999-12-31"]
    if isinstance(form_field, forms.TimeField):
        return ["23:59"]
    if isinstance(form_field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return ["99999999999999999999999"]
    if form_field is None:  # read from request.POST by the view: no form validator stands before the database
        return [SCRIPT, "a\x00b", "²", "99999999999999999999999"]
    return [SCRIPT]


def form_fields(form_class, *extra: str) -> list[str]:
    return [*form_class.base_fields, *extra]


def _today() -> datetime.date:
    return timezone.localdate()


def _iso(days: int = 0) -> str:
    return (_today() + datetime.timedelta(days=days)).isoformat()


def version_of(row) -> int:
    """The version an edit form of ``row`` is loaded with now (each accepted save bumps it)."""
    return type(row)._base_manager.values_list("version", flat=True).get(pk=row.pk)


def _url(name, app=None, kind=None, attribute="pk"):
    if kind is None:
        return lambda o: reverse(name)
    return lambda o: reverse(name, args=[getattr(o[app][kind], attribute, o[app][kind])])


A, E, W, R = "accompaniment", "employers", "workshops", "reporting"


# --- Scenario and checks -------------------------------------------------------------------------------------


def _watched_tables() -> list[str]:
    """Every table of the product's apps, the access log excepted (reads are logged, by design)."""
    tables = []
    for label in ("missionlocale", "accompaniment", "workshops", "employers", "documents", "reporting"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.db_table != "accompaniment_fileaccess" and model._meta.managed:
                tables.append(model._meta.db_table)
    return sorted(set(tables))


def _row_counts(tables) -> tuple:
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def _contexts(response):
    context = response.context
    if context is None:
        return []
    return list(context) if isinstance(context, list) else [context]


def _rejected(response) -> bool:
    if response.status_code >= 400:
        return True
    if any(m.level >= message_levels.ERROR for m in get_messages(response.wsgi_request)):
        return True
    for context in _contexts(response):
        for value in context.flatten().values():
            if isinstance(value, AdminForm):
                value = value.form
            if isinstance(value, forms.BaseForm) and value.is_bound and value.errors:
                return True
            if isinstance(value, ImportResult) and not value.ok:
                return True
    return False


def _why(response) -> str:
    reasons = [f"status {response.status_code}"]
    reasons += [str(m) for m in get_messages(response.wsgi_request)]
    for context in _contexts(response):
        for value in context.flatten().values():
            if isinstance(value, AdminForm):
                value = value.form
            if isinstance(value, forms.BaseForm) and value.is_bound and value.errors:
                reasons.append(value.errors.as_text())
    return "; ".join(reasons)


def _assert_escaped(response, what):
    if "html" not in response.get("Content-Type", ""):
        return
    body = response.content.decode("utf-8", errors="replace")
    for marker in RAW_MARKERS:
        assert marker not in body, f"{what}: {marker!r} rendered unescaped"


@dataclass
class Poster:
    client: Client
    user: object | None
    tables: list[str]
    last: object = None

    def post(self, url, data, *, htmx=False, what="", follow=True):
        """Post; check status, escaping and, when rejected, that nothing was stored. True if accepted."""
        if self.user is not None:
            self.client.force_login(self.user)
        headers = {"HX-Request": "true"} if htmx else {}
        before = _row_counts(self.tables)
        response = self.client.post(url, data, headers=headers)
        close_response(response)
        assert response.status_code < 500, what
        _assert_escaped(response, what)
        self.last = response
        if _rejected(response):
            assert _row_counts(self.tables) == before, f"{what}: a rejected form stored rows ({response.status_code})"
            return False
        location = response.get("Location", "")
        if follow and response.status_code == 302 and location.startswith("/") and not location.startswith("//"):
            if self.user is not None:
                self.client.force_login(self.user)  # a logout or a password change ended the session
            page = self.client.get(location)
            close_response(page)
            assert page.status_code < 500, f"{what}: the page after the redirect"
            _assert_escaped(page, f"{what}, then GET {location}")
        return True


class Objects(dict):
    """The objects of an app's permission-matrix scenario, built the first time a target asks for them."""

    def __missing__(self, app):
        matrices = {matrix.__name__.split(".")[1]: matrix for matrix in APP_MATRICES}
        objects = self[app] = matrices[app].make_objects(self["users"])
        if app == E:
            from tests.employers.factories import JobOfferFactory

            objects["other_offer"] = JobOfferFactory(employer=objects["employer"])
        if app == W:
            from tests.workshops.factories import SessionFactory

            objects["future_session"] = SessionFactory(
                starts_on=_today() + datetime.timedelta(days=10), ends_on=_today() + datetime.timedelta(days=40)
            )
        return objects
