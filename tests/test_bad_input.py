"""Hostile and random values posted to every form of the product (issue #7, "bad input").

For every URL that accepts POST (read from the URLconf through the permission matrix), ``TARGETS`` (one
``tests/<app>/bad_input.py`` per app, the building blocks in ``tests/bad_input.py``) says who posts, to which
object, the names of the fields (from the view's form class) and a valid payload. Each test first posts the
valid payload (it must be accepted: the hostile values then reach the service code), then each field in turn
with a script in it, then hypothesis-drawn hostile values. For every response:

- no 500 (the test client re-raises the view's exception);
- a rejected form (an error status, a form shown again with errors, an error message) stored nothing: the
  row counts of every table of the product are unchanged (the access log excepted: reading is logged);
- no script posted comes back unescaped, neither in the response nor in the page a success redirects to.

A POST URL without an entry fails ``test_every_post_url_has_bad_input_coverage``. The hostile CSV files posted
to the referral import are in tests/accompaniment/test_bad_input.py.
"""

import importlib

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from reporting import forms as reporting_forms
from tests.bad_input import EXAMPLES, Objects, Poster, _nasty_values, _watched_tables, _why, hostile_entry
from tests.missionlocale.factories import UserFactory
from tests.reporting.bad_input import TEXT_FIELDS
from tests.test_permission_matrix import EXPECTED
from tests.urls import all_urls
from workshops import forms as workshop_forms

APP_TARGETS = [
    importlib.import_module(f"tests.{app}.bad_input")
    for app in ("missionlocale", "accompaniment", "privacy", "workshops", "employers", "documents", "reporting")
]

TARGETS = {}
for module in APP_TARGETS:
    assert not set(module.TARGETS) & set(TARGETS), "a URL has two rows in the bad-input tests"
    TARGETS.update(module.TARGETS)

POST_URLS = sorted(
    {
        name
        for name, _path in all_urls()
        if not name.startswith("admin:") and name in EXPECTED and set(EXPECTED[name][2].values()) != {405}
    }
)


def test_every_post_url_has_bad_input_coverage():
    missing = [name for name in POST_URLS if name not in TARGETS]
    assert missing == [], f"Add these POST URLs to the TARGETS of tests/<app>/bad_input.py: {missing}"
    assert sorted(set(TARGETS) - set(POST_URLS)) == [], "TARGETS names a URL that takes no POST"


def test_the_targets_name_the_fields_of_their_forms():
    """The field lists come from the forms: a renamed field would leave the new name without bad input."""
    assert "birth_date" in TARGETS["accompaniment:file_create"].fields
    assert set(workshop_forms.CoachingForm.base_fields) <= set(TARGETS["workshops:visitor_detail"].fields)
    form = reporting_forms.ReportTextsForm(texts={})
    assert sorted(form.fields) == sorted(TEXT_FIELDS)


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
    return Objects(users=users)


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_hostile_values_are_refused_or_stored_safely(name, scenario):
    target = TARGETS[name]
    user = scenario["users"][target.role] if target.role else None
    poster = Poster(Client(), user, _watched_tables())
    url = target.url(scenario)
    base = target.base(scenario)

    accepted = poster.post(url, base, what=f"{name} with a valid payload")
    assert accepted or not target.accepts_base, (
        f"{name}: the valid payload was refused; fix TARGETS: {_why(poster.last)}"
    )
    # Each field in turn holds the nastiest value for its type, the rest being valid: a script in a text
    # (stored, it must come back escaped), a far-future date, an id or a number no column holds.
    for field_name in target.fields:
        for payload in _nasty_values(target.form, field_name):
            poster.post(url, {**base, field_name: payload}, what=f"{name} with {field_name}={payload!r:.60}")

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,  # the same examples on every run: a failure in CI is reproduced on a laptop
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(
        changes=st.dictionaries(st.sampled_from(target.fields or ["unexpected"]), hostile_entry, min_size=1),
        keep_base=st.booleans(),
        htmx=st.booleans(),
    )
    def post_hostile(changes, keep_base, htmx):
        data = {**(base if keep_base else {}), **changes}
        # The page a success leads to is checked by the passes above; here the answers themselves.
        poster.post(url, data, htmx=htmx, what=f"{name} with {data!r:.300}", follow=False)

    post_hostile()
