"""Form fields shared by the apps."""

import re

import phonenumbers
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _

from missionlocale.personal_data import Kind, classification


class DateInput(forms.DateInput):
    """The browser's date picker; the value in ISO format, whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


# The widest integer primary key any supported database holds (a signed 64-bit bigint).
MAX_ID = 2**63 - 1


def beyond_any_id(value) -> bool:
    """True for a number no integer primary key can hold; False for anything else (Django's own checks
    then say whether it is a valid choice)."""
    try:
        number = int(str(value).strip())
    except ValueError:
        return False
    return not -MAX_ID <= number <= MAX_ID


class IdListField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows that refuses ids no database can hold before it queries them.

    Django's own field sends every posted id to the database in one ``IN (...)``; an id beyond 64 bits
    then makes SQLite raise OverflowError and PostgreSQL a type error: a 500 instead of a form error.
    """

    def _check_values(self, value):
        if (self.to_field_name or "pk") == "pk":
            for pk in value:
                if beyond_any_id(pk):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)


class IdChoiceField(forms.ModelChoiceField):
    """A choice of one row that refuses an id no database can hold before it queries it (see IdListField)."""

    def to_python(self, value):
        if (self.to_field_name or "pk") == "pk" and beyond_any_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def ascii_digits(value: str) -> bool:
    """True for a string of 0 to 9 only: ``str.isdigit()`` also says yes to "²" or "١٢", which ``int()`` or
    the database then refuse with an exception (a 500)."""
    return value.isascii() and value.isdigit()


def search_text(value: str | None) -> str:
    """What a person typed in a search box, without control characters: PostgreSQL refuses a NUL byte in a
    query parameter with an exception (a 500), and no name or number holds one."""
    value = re.sub(r"[\t\n\v\f\r]+", " ", value or "")
    return re.sub(r"[\x00-\x1f\x7f]", "", value).strip()


def belgian_phone_clean(value: str | None) -> str:
    """A phone number as typed (Belgian numbers may omit +32) in E.164 form, e.g. "+32470123456"; "" for none.

    Raises a ValidationError of code "phone_unreadable" or "phone_invalid".
    """
    value = (value or "").strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "BE")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("This phone number cannot be read."), code="phone_unreadable") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("This phone number is not valid."), code="phone_invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def form_add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form that fed it: on the field it names when the form has that field, at
    the top of the form otherwise (``form.add_error`` alone raises a ValueError, a 500, for a field the form
    lacks)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def version_field(initial: int | None = None, min_value: int = 1) -> forms.IntegerField:
    """The hidden version a form was loaded with; a form without it is refused, never saved unchecked."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        initial=initial,
        # Beyond what the column holds, SQLite raises OverflowError (a 500) at the version check.
        min_value=min_value,
        max_value=2**31 - 1,
        error_messages={
            key: _("This form is out of date: open the page again and redo your changes.")
            for key in ("required", "invalid", "min_value", "max_value")
        },
    )


class VersionedFormMixin:
    """Adds the hidden ``version`` field of a form that edits an existing ``VersionedModel`` row.

    A ModelForm takes the version of its instance, and has none for a new row (there is nothing to overwrite
    yet), unless ``new_row_version`` says so: a form that creates the one row of its kind (the project of an
    accompaniment) carries version 0, and a row created meanwhile refuses it. A plain form always requires it:
    give the row's version as ``initial={"version": row.version}``. The view pops ``version`` from
    ``cleaned_data`` and gives it to the service as ``expected_version``.
    """

    new_row_version = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is None:
            if self.new_row_version:
                self.fields["version"] = version_field(initial=0, min_value=0)
        else:
            # A form loaded before the row existed may come back after it does: its 0 is then refused as
            # stale by the service, not as malformed here.
            minimum = 0 if self.new_row_version else 1
            self.fields["version"] = version_field(initial=getattr(instance, "version", None), min_value=minimum)


def _history_display(record, name: str) -> str:
    value = getattr(record, name, None)
    field = record._meta.get_field(name)
    if field.choices and value not in (None, ""):
        return str(dict(field.flatchoices).get(value, value))
    return "—" if value is None or value == "" else str(value)


def form_refused_as_stale(form: forms.BaseForm, error: ValidationError, *, instance) -> dict:
    """A save was refused because someone saved the row meanwhile (``instance_save_versioned``).

    The form keeps what the editor typed but now carries the current version, so saving again is a deliberate
    choice made after seeing the other change. Returns what the other person changed, for
    ``includes/edit_conflict.html``: who, when, and each field of this form the two versions differ on, read
    from the row's history (the state the editor loaded against the current one). Protected fields are never
    shown there.
    """
    model = type(instance)
    loaded = form.cleaned_data.get("version")
    current = model._base_manager.values_list("version", flat=True).get(pk=instance.pk)
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = str(current)
    form_add_service_error(form, error)
    conflict = {"who": "", "when": None, "changes": []}
    history = getattr(model, "history", None)
    if history is None:
        return conflict
    records = {
        record.version: record
        for record in history.filter(id=instance.pk, version__in=[loaded, current])
        .select_related("history_user")
        .order_by("history_date", "history_id")
    }
    before, after = records.get(loaded), records.get(current)
    if after is None:
        return conflict
    conflict.update(who=str(after.history_user or ""), when=after.history_date)
    try:
        kinds = classification(model)
    except ImproperlyConfigured:
        kinds = {}
    if before is not None:
        model_fields = {field.name for field in model._meta.concrete_fields}
        for name, field in form.fields.items():
            if name == "version" or name not in model_fields or kinds.get(name) is Kind.PROTECTED:
                continue
            old, new = _history_display(before, name), _history_display(after, name)
            if old != new:
                conflict["changes"].append((field.label, old, new))
    return conflict


def form_add_save_error(form: forms.BaseForm, error: ValidationError, *, instance) -> dict | None:
    """Show the refusal of a versioned save on its form: a stale save through ``form_refused_as_stale`` (and
    the other change returned, for ``includes/edit_conflict.html``), any other refusal as usual (None)."""
    if getattr(error, "code", None) == "stale":
        return form_refused_as_stale(form, error, instance=instance)
    form_add_service_error(form, error)
    return None


class TwoFactorEnrolForm(forms.Form):
    token = forms.CharField(
        label=_("Code shown by the app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class TwoFactorVerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )
