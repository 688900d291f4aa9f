import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from missionlocale.dates import add_years
from missionlocale.forms import belgian_phone_clean, form_add_service_error
from missionlocale.services import instance_save
from tests.missionlocale.factories import UserFactory


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0470 12 34 56", "+32470123456"), ("+32 2 511 11 11", "+3225111111"), ("  ", ""), (None, "")],
)
def test_a_belgian_phone_is_stored_in_e164(typed, stored):
    assert belgian_phone_clean(typed) == stored


@pytest.mark.parametrize(("typed", "code"), [("not a number", "phone_unreadable"), ("0470 12", "phone_invalid")])
def test_a_wrong_phone_is_refused(typed, code):
    with pytest.raises(ValidationError) as refused:
        belgian_phone_clean(typed)
    assert refused.value.code == code


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (datetime.date(2028, 2, 29), 1, datetime.date(2029, 2, 28)),
        (datetime.date(2028, 2, 29), 4, datetime.date(2032, 2, 29)),
        (datetime.date(2028, 2, 29), -1, datetime.date(2027, 2, 28)),
        (datetime.date(2026, 12, 31), 1, datetime.date(2027, 12, 31)),
    ],
)
def test_years_are_added_whatever_the_leap_years(day, years, expected):
    assert add_years(day, years) == expected


class _NoteForm(forms.Form):
    note = forms.CharField()


def test_a_service_error_on_a_field_the_form_lacks_goes_to_the_top_of_the_form():
    form = _NoteForm({"note": "x"})
    form.is_valid()
    form_add_service_error(form, ValidationError({"note": "Too short.", "offer": "Another employer's offer."}))
    assert form.errors == {"note": ["Too short."], "__all__": ["Another employer's offer."]}


@pytest.mark.django_db
def test_a_saved_instance_names_its_author_in_its_history():
    author, user = UserFactory(), UserFactory()
    instance_save(instance=user, fields={"first_name": "Aïcha"}, acting_user=author, reason="renamed")
    record = user.history.latest("history_date")
    assert (record.first_name, record.history_user, record.history_change_reason) == ("Aïcha", author, "renamed")
