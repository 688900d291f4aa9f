"""A document one can send: tagged (PDF/UA-1) with alt text on every chart, a PDF/A variant for the archive, a
table of contents whose page numbers are right, numbers written the reader's way, plurals right."""

import datetime
import gc
import re
import subprocess

import pikepdf
import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import translation

from reporting import services
from tests.conftest import BRUSSELS
from tests.reporting.test_reports import pdf_text, year_of_data  # noqa: F401 - a fixture
from workshops.report import local_projects_rows

CUTOFF = datetime.date(2025, 1, 31)


def _render(tmp_path, name="report.pdf", **options):
    pdf, _data = services.report_render_pdf(year=2024, cutoff=CUTOFF, language="fr", **options)
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def _pdfinfo(path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def _structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every element of the structure tree, depth first."""
    elements, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                elements.append(kid)
                stack.append(kid)
    return elements


def test_the_report_is_a_tagged_pdf_with_alt_text_on_every_chart(year_of_data, tmp_path):  # noqa: F811
    path = _render(tmp_path)

    assert re.search(r"^Tagged:\s+yes$", _pdfinfo(path), re.MULTILINE)
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "fr"
        elements = _structure(pdf)
        kinds = {str(element.S) for element in elements}
        assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/Figure"} <= kinds
        figures = [element for element in elements if element.S == "/Figure"]
        # The logo and the history chart, each described (3 CDI are a small cell: the outcome chart has no bar).
        assert len(figures) == 2
        alts = [str(figure.get("/Alt", "")) for figure in figures]
        assert all(alts), alts
        assert any("2024 : 7 personnes accompagnées, 3 sorties positives" in alt for alt in alts)
        headings = [element for element in elements if element.S == "/H2"]
        assert len(headings) >= 8


# WeasyPrint 70 leaves its sRGB colour profile file open when it writes a PDF/A (its bug, not ours).
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_archive_variant_is_pdf_a_and_tagged(year_of_data, tmp_path):  # noqa: F811
    path = _render(tmp_path, archive=True)
    gc.collect()  # the open file is reported here, under this test's filter

    assert re.search(r"^Tagged:\s+yes$", _pdfinfo(path), re.MULTILINE)
    with pikepdf.open(path) as pdf, pdf.open_metadata() as xmp:
        assert xmp["pdfaid:part"] == "3"
        assert xmp["pdfaid:conformance"] == "A"


def test_the_table_of_contents_gives_the_page_of_each_section(year_of_data, tmp_path):  # noqa: F811
    pages = pdf_text(_render(tmp_path)).split("\f")

    contents = pages[1]
    assert "Sommaire" in contents
    entries = dict(re.findall(r"^\s*(\S.*?\S)\s*\.[ .]*\s(\d+)\s*$", contents, re.MULTILINE))
    assert set(entries) >= {"Notre mission", "Modules collectifs", "Inclusion numérique"}
    for title, page in entries.items():
        heading_page = pages[int(page) - 1]
        assert re.search(rf"^\s*{re.escape(title)}\s*$", heading_page, re.MULTILINE), (title, page)


@pytest.mark.parametrize(("language", "written"), [("fr", "1\u00a0861"), ("nl", "1.861")])
def test_numbers_are_written_the_readers_way(language, written):
    with translation.override(language):
        html = render_to_string("reporting/pdf/table.html", {"rows": [("Personnes", 1861), ("Petit", "< 5")]})

    assert f'<td class="n">{written}</td>' in html
    assert '<td class="n">&lt; 5</td>' in html


def test_plurals_are_right_in_every_language():
    section = {"by_project": {"CQD Versailles": {"participants": 21, "positive_exits": 1}}, "confidential": []}

    with translation.override("fr"):
        assert local_projects_rows(section, threshold=1, with_confidential=False) == [
            ("CQD Versailles", "21 participant·es, 1 sortie positive")
        ]
    with translation.override("nl"):
        assert local_projects_rows(section, threshold=5, with_confidential=False) == [
            ("CQD Versailles", "21 deelnemers, < 5 positieve uitstromen")
        ]


def test_the_cover_gives_the_year_version_and_generation_date(year_of_data, tmp_path):  # noqa: F811
    with time_machine.travel(datetime.datetime(2025, 2, 10, 10, tzinfo=BRUSSELS), tick=False):
        path = _render(tmp_path, version=3)

    cover = pdf_text(path).split("\f")[0]
    assert "2024" in cover
    assert "Version 3 · générée le 10/02/2025" in cover
    assert "Chiffres selon les données au 31/01/2025." in cover
