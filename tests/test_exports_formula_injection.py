"""Issue 12, item 4: no cell of any CSV or XLSX the product writes can run as a formula in a spreadsheet.

Hostile names (from any counsellor, from an Actiris import file) go through every export; each file is parsed back
and no cell may start with a formula character unless neutralised by a leading quote (OWASP's rule), and no XLSX
cell may be stored as a formula.
"""

import csv
import io
import pathlib
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accompaniment.enums import AccessAction, OutcomeKind
from accompaniment.services import file_access_record
from missionlocale.exports import export_cell, table_response
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory, OutcomeFactory
from tests.missionlocale.factories import UserFactory
from tests.urls import all_urls
from tests.workshops.factories import EnrolmentFactory, ModuleFactory, SessionFactory

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\tfoo", "\rbar"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile(db):
    """Job seekers and a counsellor named by an attacker, in a caseload, a dashboard list, a session and the log."""
    today = timezone.localdate()
    counsellor = UserFactory(counsellor=True, first_name="=1+1", last_name="@cmd")
    facilitator = UserFactory(counsellor=True)
    session = SessionFactory(module=ModuleFactory(), meetings=False, facilitators=[facilitator])
    people = []
    for index, name in enumerate(HOSTILE):
        person = JobSeekerFactory(last_name=name, first_name=HOSTILE[-1 - index], actiris_number=f"-{index}+1")
        accompaniment = AccompanimentFactory(
            job_seeker=person, counsellor=counsellor, started_on=today, recognised_on=today
        )
        OutcomeFactory(accompaniment=accompaniment, kind=OutcomeKind.CDD, occurred_on=today)
        EnrolmentFactory(session=session, job_seeker=person)
        file_access_record(user=counsellor, job_seeker=person, action=AccessAction.READ_FILE, detail=name)
        people.append(person)
    # Ending within 30 days without an outcome: the third dashboard list.
    AccompanimentFactory(job_seeker=JobSeekerFactory(last_name="=2*3"), counsellor=counsellor, ending_soon=True)
    return {"counsellor": counsellor, "facilitator": facilitator, "session": session, "people": people}


def csv_cells(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";")
    return [cell for row in rows for cell in row]


def xlsx_cells(response) -> list:
    assert response.status_code == 200, response.status_code
    cells = [cell for row in load_workbook(io.BytesIO(response.content)).active.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"], "a cell is stored as a formula"
    return [cell.value for cell in cells]


def assert_neutralised(cells, *, names_expected: bool):
    live = [cell for cell in cells if isinstance(cell, str) and cell.startswith(FORMULA_STARTS)]
    assert live == [], f"cells a spreadsheet would run as formulas: {live!r}"
    if names_expected:
        assert "'" + HOSTILE[0] in cells and "'-2+3" in cells, "the hostile names were not exported"


def exports(hostile):
    """Every export of the product: (who may download it, how, its URL, whether it lists names)."""
    manager = UserFactory(manager=True)
    session = hostile["session"]
    yield hostile["counsellor"], "csv", reverse("accompaniment:caseload_export"), True
    yield hostile["facilitator"], "csv", reverse("workshops:session_export", args=[session.pk]), True
    yield manager, "csv", reverse("privacy:access_log_export"), True
    for fmt in ("csv", "xlsx"):
        yield manager, fmt, reverse("reporting:dashboard_export", args=[fmt]), False
        for kind in ("accompanied", "positive_exits"):
            yield manager, fmt, reverse("reporting:dashboard_list_export", args=[kind, fmt]), True
        yield manager, fmt, reverse("reporting:dashboard_list_export", args=["ending_soon", fmt]), False


def test_hostile_names_round_trip_through_every_export_without_a_live_formula(client, hostile):
    for user, fmt, url, names_expected in exports(hostile):
        client.force_login(user)
        response = client.get(url)
        cells = csv_cells(response) if fmt == "csv" else xlsx_cells(response)
        assert_neutralised(cells, names_expected=names_expected)
        if "ending_soon" in url:
            assert "'=2*3" in cells


def test_every_export_url_is_in_the_round_trip():
    """A new spreadsheet export (a URL named *export* or ending in .csv) must be added to the round trip above."""
    names = {name for name, path in all_urls() if "export" in name or path.endswith(".csv")}
    tested = {
        "accompaniment:caseload_export",
        "workshops:session_export",
        "privacy:access_log_export",
        "reporting:dashboard_export",
        "reporting:dashboard_list_export",
    }
    assert names == tested


def test_only_the_shared_writer_writes_spreadsheets():
    """Every CSV and XLSX goes through missionlocale/exports.py: no other module of the product writes one."""
    root = pathlib.Path(__file__).resolve().parent.parent
    writers = []
    for path in root.glob("*/**/*.py"):
        relative = path.relative_to(root)
        if relative.parts[0] in {"tests", "bench", ".venv", "scripts"} or relative == pathlib.Path(
            "missionlocale/exports.py"
        ):
            continue
        text = path.read_text()
        if "csv.writer" in text or "csv.DictWriter" in text or "openpyxl" in text:
            writers.append(str(relative))
    assert writers == []


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+32470123456", "'+32470123456"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tfoo", "'\tfoo"),
        ("\rbar", "'\rbar"),
        ("Dupont", "Dupont"),
        ("a=b", "a=b"),
        (-3, -3),
        (2.5, 2.5),
        (Decimal("-12.50"), Decimal("-12.50")),
        (None, ""),
    ],
)
def test_the_shared_writer_quotes_text_that_would_start_a_formula_and_keeps_numbers(value, written):
    assert export_cell(value) == written


def test_the_xlsx_keeps_negative_numbers_as_numbers_and_text_as_text():
    response = table_response(fmt="xlsx", filename="t", header=["=a", "b"], rows=[[-2, "-2"], [Decimal("1.5"), "=1"]])
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [["'=a", "b"], [-2, "'-2"], [1.5, "'=1"]]
    assert {cell.data_type for row in sheet.iter_rows() for cell in row} == {"s", "n"}
