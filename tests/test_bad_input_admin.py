"""Hostile values posted to the admin's own forms (issue #7, "bad input"), as an administrator.

For every model registered in the admin that administrators may add or change, the test reads the form the
admin shows (so the payload is exactly what a browser would post), posts it back unchanged (it must be
accepted), then each field in turn with the nastiest value for its type, then hypothesis-drawn hostile
values. The checks are those of ``tests/bad_input.py``: no 500, a refused form stores nothing, and
nothing posted comes back unescaped.
"""

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import AdminForm
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.bad_input import SCRIPT, Poster, _nasty_values, _watched_tables, _why, hostile_entry
from tests.missionlocale.factories import UserFactory

STRONG_PASSWORD = "Un-mot-de-passe-solide-2026"


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


MODELS = [model._meta.label for model, _model_admin in _registered()]


def _admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def _value(value):
    if isinstance(value, bool):
        return "on" if value else None
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [str(getattr(item, "pk", item)) for item in value]
    return str(getattr(value, "pk", value))


def _payload(form: forms.BaseForm) -> dict:
    """What a browser posts for this form as shown: every field's value, split widgets split."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{name}_{index}"] = _value(part) or ""
            continue
        if isinstance(field, forms.BooleanField | forms.NullBooleanField) and not isinstance(widget, forms.Select):
            if value:
                data[name] = "on"
            continue
        if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
            data[name] = [str(item) for item in value or []]
            continue
        data[name] = _value(value)
    return data


def _form_of(response) -> forms.BaseForm:
    for context in response.context:
        for value in context.flatten().values():
            if isinstance(value, AdminForm):
                return value.form
    raise AssertionError(f"no admin form on {response.wsgi_request.path}")


def _an_instance(model, administrator):
    """An existing row to edit: the reference lists come with the migrations; the rest is made here."""
    if model._meta.label == "missionlocale.User":
        return UserFactory(counsellor=True)
    if model._meta.label == "otp_totp.TOTPDevice":
        return model.objects.create(user=administrator, name="Téléphone", confirmed=True)
    return model.objects.order_by("pk").first()


@pytest.fixture
def administrator(db):
    return UserFactory(administrator=True)


def test_every_admin_model_is_fuzzed_or_read_only(administrator):
    """A model added to the admin falls under this test by itself; say here if it should not."""
    assert "missionlocale.User" in MODELS
    assert "accompaniment.LocalProject" in MODELS


@pytest.mark.parametrize("label", MODELS)
def test_admin_forms_refuse_or_store_hostile_values_safely(label, administrator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    model, model_admin = next(item for item in _registered() if item[0]._meta.label == label)
    client = Client()
    poster = Poster(client, administrator, _watched_tables())
    client.force_login(administrator)
    request = client.get(reverse("admin:index")).wsgi_request
    request.user = administrator
    instance = _an_instance(model, administrator)

    targets = []
    if instance is not None and model_admin.has_change_permission(request, instance):
        url = _admin_url(model, "change", instance.pk)
        page = client.get(url)
        assert page.status_code == 200, f"{label}: change page answered {page.status_code}"
        form = _form_of(page)
        base = _payload(form)
        assert poster.post(url, base, what=f"{label} change, unchanged"), (
            f"{label}: the change form as shown was refused: {_why(poster.last)}"
        )
        targets.append((url, type(form), base))
    if model_admin.has_add_permission(request):
        url = _admin_url(model, "add")
        page = client.get(url)
        assert page.status_code == 200, f"{label}: add page answered {page.status_code}"
        form = _form_of(page)
        base = {**(targets[0][2] if targets else {}), **{k: v for k, v in _payload(form).items() if v}}
        unique = {f.name for f in model._meta.get_fields() if getattr(f, "unique", False)}
        for name, field in form.fields.items():
            if isinstance(field, forms.CharField) and name in unique:
                base[name] = f"{base.get(name) or 'nouveau'}-bis"
            elif isinstance(field, forms.ModelChoiceField) and name in unique:  # one-to-one: a free row
                taken = model.objects.values_list(name, flat=True)
                base[name] = str(field.queryset.exclude(pk__in=taken).values_list("pk", flat=True).first())
        if "password1" in form.fields:
            base.update(password1=STRONG_PASSWORD, password2=STRONG_PASSWORD, usable_password="true")
        base = {
            key: value for key, value in base.items() if key.rsplit("_", 1)[0] in form.fields or key in form.fields
        }
        before = set(model.objects.values_list("pk", flat=True))
        assert poster.post(url, base, what=f"{label} add"), (
            f"{label}: a valid new row was refused: {_why(poster.last)}"
        )
        added = model.objects.exclude(pk__in=before)
        assert added.count() == 1
        added.delete()  # so that the hostile posts below are not refused for a duplicate name alone
        targets.append((url, type(form), base))

    if not targets:  # a log (axes' attempts): nothing an administrator may post
        assert not model_admin.has_add_permission(request)
        return
    client.force_login(administrator)
    for url, form_class, base in targets:
        _fuzz(poster, f"{label} {url}", url, form_class, base)


def _fuzz(poster, what, url, form_class, base):
    for field_name in form_class.base_fields:
        for payload in [*_nasty_values(form_class, field_name), SCRIPT]:
            poster.post(url, {**base, field_name: payload}, what=f"{what} {field_name}={payload!r:.60}")

    @hypothesis_settings(
        max_examples=3,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(changes=st.dictionaries(st.sampled_from(list(form_class.base_fields)), hostile_entry, min_size=1))
    def post_hostile(changes):
        data = {**base, **changes}
        poster.post(url, data, what=f"{what} with {data!r:.300}", follow=False)

    post_hostile()
