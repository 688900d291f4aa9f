from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from missionlocale.forms import DateInput
from missionlocale.models import HEX_COLOUR
from reporting.enums import ReportLanguage, TextSection
from workshops.models import Funder


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

    funder = forms.ModelChoiceField(
        label=_("Restricted to a funder"),
        queryset=Funder.objects.all(),
        required=False,
        empty_label=_("No: the whole organisation"),
        help_text=_("The report of the people and local projects one funder pays for, with its own cover."),
    )

    without_missing_texts = forms.BooleanField(
        label=_("Generate it without those texts"), required=False, widget=forms.HiddenInput()
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year - 1)
        super().__init__(*args, **kwargs)
        field = self.fields["with_confidential"]
        field.help_text = field.help_text % {"threshold": settings.REPORT_SMALL_NUMBER_THRESHOLD}

    def clean(self):
        """A section the director wrote in French but not in Dutch (or the other way) would print without its
        text: the director is told which, and builds only after ticking that it may be so."""
        from reporting.services import report_texts_missing

        cleaned = super().clean()
        year, language = cleaned.get("year"), cleaned.get("language")
        if year is None or language is None or cleaned.get("without_missing_texts"):
            return cleaned
        missing = report_texts_missing(year=year, language=language)
        if missing:
            self.fields["without_missing_texts"].widget = forms.CheckboxInput()
            raise forms.ValidationError(
                _(
                    "These sections have a text in another language but none in %(language)s, so the report would "
                    "print them without it: %(sections)s. Write them on the texts page, or tick “Generate it "
                    "without those texts”."
                )
                % {"language": ReportLanguage(language).label, "sections": ", ".join(missing)},
                code="missing_texts",
            )
        return cleaned


TEXT_MAX_LENGTH = 8000
HIGHLIGHT_MAX_LENGTH = 600


def text_field_name(section: str, language: str, part: str = "text") -> str:
    return f"{section}_{language}" if part == "text" else f"{section}_{language}_{part}"


class ReportTextsForm(forms.Form):
    """The director's texts of one year's report, per section, in French and Dutch: a commentary in a Markdown
    subset and a short highlight box."""

    def __init__(self, *args, texts: dict[tuple[str, str], dict[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for section in TextSection:
            for language in ReportLanguage:
                initial = texts.get((section.value, language.value), {})
                self.fields[text_field_name(section.value, language.value)] = forms.CharField(
                    label=_("%(section)s: commentary (%(language)s)")
                    % {"section": section.label, "language": language.label},
                    required=False,
                    max_length=TEXT_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 5}),
                    initial=initial.get("text", ""),
                )
                self.fields[text_field_name(section.value, language.value, "highlight")] = forms.CharField(
                    label=_("%(section)s: highlight box (%(language)s)")
                    % {"section": section.label, "language": language.label},
                    required=False,
                    max_length=HIGHLIGHT_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=initial.get("highlight", ""),
                )

    def sections(self):
        """Per section, its label and per language the bound commentary and highlight fields (the page's layout)."""
        return [
            {
                "value": section.value,
                "label": section.label,
                "languages": [
                    {
                        "label": language.label,
                        "code": language.value,
                        "text": self[text_field_name(section.value, language.value)],
                        "highlight": self[text_field_name(section.value, language.value, "highlight")],
                    }
                    for language in ReportLanguage
                ],
            }
            for section in TextSection
        ]

    def texts(self) -> dict[tuple[str, str], dict[str, str]]:
        return {
            (section.value, language.value): {
                "text": self.cleaned_data[text_field_name(section.value, language.value)],
                "highlight": self.cleaned_data[text_field_name(section.value, language.value, "highlight")],
            }
            for section in TextSection
            for language in ReportLanguage
        }


class ObjectiveForm(forms.Form):
    value = forms.IntegerField(
        label=_("Objective set by the director"),
        min_value=1,
        max_value=100_000,
        required=False,
        help_text=_("Leave empty to use the objective computed from the counsellors' FTE."),
    )
    note = forms.CharField(label=_("Why"), max_length=255, required=False)


class PastYearFiguresForm(forms.Form):
    """A past year's figures as the director knows them (the report of that year); all empty removes them."""

    accompanied = forms.IntegerField(label=_("People accompanied"), min_value=0, max_value=100_000, required=False)
    objective = forms.IntegerField(label=_("Objective"), min_value=1, max_value=100_000, required=False)
    positive_exits = forms.IntegerField(label=_("Positive exits"), min_value=0, max_value=100_000, required=False)
    note = forms.CharField(
        label=_("Source"),
        max_length=255,
        required=False,
        help_text=_("Where the figures come from, e.g. the activity report sent to Actiris that year."),
    )

    def clean(self):
        data = super().clean()
        people, exits = data.get("accompanied"), data.get("positive_exits")
        if people is None and exits is None and data.get("objective") is None:
            return data
        if people is None:
            self.add_error(
                "accompanied", _("Enter the people accompanied, or empty every field to remove the figures.")
            )
        if exits is None:
            self.add_error("positive_exits", _("Enter the positive exits (0 if none)."))
        if people is not None and exits is not None and exits > people:
            self.add_error("positive_exits", _("There cannot be more positive exits than people accompanied."))
        return data


class ColourInput(forms.TextInput):
    input_type = "color"


def _colour_field(label):
    return forms.CharField(
        label=label,
        max_length=7,
        widget=ColourInput(),
        validators=[HEX_COLOUR],
        help_text=_("As #RRGGBB, e.g. #0b5394."),
    )


class OrganisationForm(forms.Form):
    """The organisation's identity as the report prints it; the images are checked by the service."""

    name = forms.CharField(label=_("Name of the organisation"), max_length=160)
    address = forms.CharField(
        label=_("Address"), max_length=400, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    primary_colour = _colour_field(_("Main colour (cover, headings, charts)"))
    secondary_colour = _colour_field(_("Accent colour (the year on the cover, lines, the charts' second series)"))
    logo = forms.FileField(
        label=_("New logo"),
        required=False,
        help_text=_("PNG or JPEG; leave empty to keep the current one."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Go back to the product's logo"), required=False)


class FunderLogoEditForm(forms.Form):
    name = forms.CharField(label=_("Funder"), max_length=120)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999)


class FunderLogoForm(forms.Form):
    name = forms.CharField(label=_("Funder"), max_length=120)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0, help_text=_("Smallest first."))
    logo = forms.FileField(
        label=_("Logo"),
        help_text=_("PNG or JPEG."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )


class ReportImageForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=TextSection.choices)
    image = forms.FileField(
        label=_("Image"),
        help_text=_("A photo or a chart from elsewhere: PNG or JPEG."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    alt_fr = forms.CharField(
        label=_("Description (French)"),
        max_length=300,
        help_text=_("What the image shows, for who cannot see it: read out by screen readers."),
    )
    alt_nl = forms.CharField(
        label=_("Description (Dutch)"), max_length=300, required=False, help_text=_("Empty: the French description.")
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0, help_text=_("Smallest first."))
