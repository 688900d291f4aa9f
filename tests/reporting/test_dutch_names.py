"""Data names in the reader's language: modules, worksites, certifications and local projects have a Dutch name
the Dutch report prints; an empty one falls back to the French name."""

import datetime

from accompaniment.models import LocalProject
from demo.names import DUTCH_NAMES, demo_dutch_names_seed
from employers.models import CertificationKind, Worksite
from reporting import services
from reporting.annual import annual_indicators
from tests.reporting.test_reports import pdf_text, year_of_data  # noqa: F401 - a fixture
from workshops.models import Module

CUTOFF = datetime.date(2025, 1, 31)


def _stored_figures() -> dict:
    """The 2024 figures as a stored report holds them, under the French names."""
    data = annual_indicators(year=2024, cutoff=CUTOFF)
    data["modules"]["by_module"] = {
        "Look@job": {"participants": 24, "positive_exits": 11},
        "Découvertes métiers": {"participants": 31, "positive_exits": 14},
        "Maison Digitale": {"participants": 39, "positive_exits": 9},
    }
    data["local_projects"]["by_project"] = {"CQD Versailles": {"participants": 21, "positive_exits": 6}}
    data["deies"]["by_worksite"] = {"Ville de Bruxelles – Espaces verts": 14, "Régie Récube": 8}
    data["deies"]["certifications"] = {"Permis cariste": 13, "VCA": 8}
    return data


def test_the_dutch_report_prints_the_dutch_names(year_of_data, tmp_path):  # noqa: F811
    Module.objects.filter(name="Découvertes métiers").update(name_nl="Beroepenontdekking")
    Module.objects.filter(name="Maison Digitale").update(name_nl="")  # none given: the French name
    Worksite.objects.filter(name="Ville de Bruxelles – Espaces verts").update(name_nl="Stad Brussel – Groene ruimten")
    CertificationKind.objects.filter(name="Permis cariste").update(name_nl="Heftruckbrevet")
    LocalProject.objects.filter(name="CQD Versailles").update(name_nl="DWC Versailles")
    data = _stored_figures()

    texts = {}
    for language in ("fr", "nl"):
        pdf, _data = services.report_render_pdf(year=2024, cutoff=CUTOFF, language=language, data=data)
        path = tmp_path / f"{language}.pdf"
        path.write_bytes(pdf)
        texts[language] = pdf_text(path)

    for dutch in ("Beroepenontdekking", "Stad Brussel – Groene ruimten", "Heftruckbrevet", "DWC Versailles"):
        assert dutch in texts["nl"], dutch
        assert dutch not in texts["fr"], dutch
    for french in ("Découvertes métiers", "Ville de Bruxelles – Espaces verts", "Permis cariste", "CQD Versailles"):
        assert french in texts["fr"], french
        assert french not in texts["nl"], french
    # No Dutch name: the French one, in both.
    assert "Maison Digitale" in texts["nl"] and "Maison Digitale" in texts["fr"]
    assert "Régie Récube" in texts["nl"]


def test_the_demo_gives_dutch_names_and_keeps_one_already_set(db):
    Module.objects.filter(name="Look@job").update(name_nl="Look@job (NL)")

    demo_dutch_names_seed()
    demo_dutch_names_seed()

    assert Module.objects.get(name="Look@job").name_nl == "Look@job (NL)"
    assert Module.objects.get(name="Découvertes métiers").name_nl == "Beroepenontdekking"
    for model, names in DUTCH_NAMES.items():
        # Every demo name the demo's data has is given its Dutch name.
        named = dict(model.objects.filter(name__in=names).values_list("name", "name_nl"))
        assert named and all(named.values()), model.__name__
