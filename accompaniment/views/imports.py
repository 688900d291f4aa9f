"""Upload of Actiris referral lists by managers (the same import as ``manage.py import_referrals``)."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accompaniment.imports import COLUMNS, referrals_decode, referrals_import
from accompaniment.perms import can_manage_caseloads

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ReferralImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Actiris referral list (CSV file)"),
        help_text=gettext_lazy("UTF-8 CSV, separated by semicolons or commas, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("This file is larger than 5 MB: split the list."), code="too_large")
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError(_("Choose a CSV file (its name ends in .csv)."), code="not_csv")
        self.referral_text = referrals_decode(upload.read())
        return upload


@require_http_methods(["GET", "POST"])
def import_referrals(request):
    if not can_manage_caseloads(request.user):
        raise PermissionDenied
    result = None
    if request.method == "POST":
        form = ReferralImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = referrals_import(text=form.referral_text, acting_user=request.user)
            if result.ok:
                form = ReferralImportForm()
    else:
        form = ReferralImportForm()
    return render(
        request,
        "accompaniment/import_referrals.html",
        {"form": form, "result": result, "columns": COLUMNS, "example": _example()},
    )


def _example() -> str:
    """A two-line example file, built from the documented columns."""
    return ";".join(column.name for column in COLUMNS) + "\n" + ";".join(column.example for column in COLUMNS)
