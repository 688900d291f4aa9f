from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from missionlocale.forms import DateInput


class ErasureForm(forms.Form):
    """Erasure on request: the reason is mandatory and the manager confirms that it cannot be undone."""

    reason = forms.CharField(
        label=_("reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. “Request by letter of 3 March; no legal obligation to keep the file.”"),
    )
    requested_on = forms.DateField(label=_("requested on"), required=False, widget=DateInput())
    confirm = forms.BooleanField(
        label=_("I understand that the names, contact data and notes of this file will be erased for good."),
    )

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise ValidationError(_("Say why the file is anonymised."))
        return value

    def clean_requested_on(self):
        value = self.cleaned_data.get("requested_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("The request cannot be dated in the future."))
        return value
