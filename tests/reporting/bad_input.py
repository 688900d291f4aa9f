"""The reporting app's rows of the bad-input tests (tests/test_bad_input.py)."""

from django.urls import reverse

from reporting import forms as reporting_forms
from reporting.enums import ReportLanguage, TextSection
from tests.bad_input import R, Target, _iso, _today, _url, form_fields
from tests.reporting.images import ReusableImage

TEXT_FIELDS = [
    reporting_forms.text_field_name(section.value, language.value, part)
    for section in TextSection
    for language in ReportLanguage
    for part in ("text", "highlight")
]

TARGETS = {
    # Reporting: the director's
    "reporting:reports": Target(
        reporting_forms.ReportRequestForm,
        form_fields(reporting_forms.ReportRequestForm),
        _url("reporting:reports"),
        base=lambda o: {"year": str(_today().year - 1), "cutoff": _iso(), "language": "fr"},
        role="director",
    ),
    "reporting:report_texts": Target(
        None,
        TEXT_FIELDS,
        lambda o: reverse("reporting:report_texts", args=[2024]),
        base=lambda o: dict.fromkeys(TEXT_FIELDS, "Une année de travail."),
        role="director",
    ),
    "reporting:objective": Target(
        reporting_forms.ObjectiveForm,
        form_fields(reporting_forms.ObjectiveForm),
        lambda o: reverse("reporting:objective", args=[2024]),
        base=lambda o: {"value": "180", "note": "Objectif de la convention"},
        role="director",
    ),
    "reporting:past_year_figures": Target(
        reporting_forms.PastYearFiguresForm,
        form_fields(reporting_forms.PastYearFiguresForm),
        lambda o: reverse("reporting:past_year_figures", args=[2020]),
        base=lambda o: {"accompanied": "1402", "objective": "1800", "positive_exits": "546", "note": "Rapport 2020"},
        role="director",
    ),
    "reporting:report_images": Target(
        reporting_forms.ReportImageForm,
        form_fields(reporting_forms.ReportImageForm),
        lambda o: reverse("reporting:report_images", args=[2024]),
        base=lambda o: {
            "section": "modules",
            "image": ReusableImage(),
            "alt_fr": "Les participantes de Look@job",
            "alt_nl": "",
            "order": "0",
        },
        role="director",
    ),
    # A one-click action: the first post removes the image, every later one finds it gone (404).
    "reporting:report_image_delete": Target(
        None, [], _url("reporting:report_image_delete", R, "report_image"), role="director"
    ),
    "reporting:identity": Target(
        reporting_forms.OrganisationForm,
        form_fields(reporting_forms.OrganisationForm),
        _url("reporting:identity"),
        base=lambda o: {
            "name": "Mission Locale de Bruxelles-Ville",
            "address": "Boulevard d'Anvers 26\n1000 Bruxelles",
            "primary_colour": "#0b5394",
            "secondary_colour": "#f1a208",
            "logo": ReusableImage(),
        },
        role="director",
    ),
    "reporting:funder_logo_add": Target(
        reporting_forms.FunderLogoForm,
        form_fields(reporting_forms.FunderLogoForm),
        _url("reporting:funder_logo_add"),
        base=lambda o: {"name": "Actiris", "order": "1", "logo": ReusableImage()},
        role="director",
    ),
    "reporting:funder_logo_edit": Target(
        reporting_forms.FunderLogoEditForm,
        form_fields(reporting_forms.FunderLogoEditForm),
        _url("reporting:funder_logo_edit", R, "funder_logo"),
        base=lambda o: {"name": "Actiris", "order": "2"},
        role="director",
    ),
    # A one-click action: the first post removes the logo, every later one finds it gone (404).
    "reporting:funder_logo_delete": Target(
        None, [], _url("reporting:funder_logo_delete", R, "funder_logo"), role="director"
    ),
}
