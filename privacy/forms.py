from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from missionlocale.forms import DateInput
from privacy.models import AccessRequest, IdentityCheck


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


class AccessRequestForm(forms.ModelForm):
    """The record of a request for one's data, made before any export (GDPR art. 15, answered within a month)."""

    class Meta:
        model = AccessRequest
        fields = ["requested_on", "requester", "identity_check", "identity_note"]
        widgets = {"requested_on": DateInput()}

    def clean_requested_on(self):
        value = self.cleaned_data.get("requested_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("The request cannot be dated in the future."))
        return value

    def clean_requester(self):
        value = self.cleaned_data["requester"].strip()
        if not value:
            raise ValidationError(_("Say who asked."))
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("identity_check") == IdentityCheck.OTHER and not (cleaned.get("identity_note") or "").strip():
            self.add_error("identity_note", _("Say how the identity was checked."))
        return cleaned
