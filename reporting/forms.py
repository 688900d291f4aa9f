from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from missionlocale.forms import DateInput
from reporting.enums import ReportLanguage, TextSection


def report_years() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, year) for year in range(this_year, this_year - 8, -1)]


class ReportRequestForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=report_years)
    cutoff = forms.DateField(
        label=_("Cut-off date"),
        widget=DateInput(),
        initial=timezone.localdate,
        help_text=_("The figures are counted as the data stood on this day."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=ReportLanguage.choices, initial=ReportLanguage.FRENCH)
    with_confidential = forms.BooleanField(
        label=_("Include the confidential programmes (Nouveaux Départs)"),
        required=False,
        help_text=_(
            "Unticked, their figures are left out of the report. Ticked, any of their figures below %(threshold)s "
            "prints as “< %(threshold)s”, like every small number in the report's breakdowns."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year - 1)
        super().__init__(*args, **kwargs)
        field = self.fields["with_confidential"]
        field.help_text = field.help_text % {"threshold": settings.REPORT_SMALL_NUMBER_THRESHOLD}


class ReportTextsForm(forms.Form):
    """The editable texts of one year's report, in French and Dutch."""

    def __init__(self, *args, texts: dict[tuple[str, str], str], **kwargs):
        super().__init__(*args, **kwargs)
        for section in TextSection:
            for language in ReportLanguage:
                self.fields[f"{section.value}_{language.value}"] = forms.CharField(
                    label=f"{section.label} ({language.label})",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    initial=texts.get((section.value, language.value), ""),
                )


class ObjectiveForm(forms.Form):
    value = forms.IntegerField(
        label=_("Objective set by the director"),
        min_value=1,
        max_value=100_000,
        required=False,
        help_text=_("Leave empty to use the objective computed from the counsellors' FTE."),
    )
    note = forms.CharField(label=_("Why"), max_length=255, required=False)
