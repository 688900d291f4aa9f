"""The indicators' exports: every area on its named sheet with real numbers and dates, one row per counsellor,
a CSV per sheet, the "accompanied" list one row per person, and the figures stored with each generated report."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accompaniment.enums import OutcomeKind
from accompaniment.models import FileAccess
from reporting import services
from tests.accompaniment.factories import AccompanimentFactory, InterviewFactory, OutcomeFactory
from tests.missionlocale.factories import UserFactory
from tests.reporting.test_small_numbers import _participants
from tests.workshops.factories import ModuleFactory
from workshops.models import Module

TODAY = timezone.localdate()
D = datetime.date


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _sheets(content: bytes) -> dict:
    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: sheet for sheet in workbook.worksheets}


def _values(sheet) -> dict:
    return {row[0]: row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)}


@pytest.fixture
def stored_report(db):
    """A 2024 report built with Nouveaux Départs (confidential) and a module whose name would run as a formula."""
    _participants(Module.objects.get(name="Nouveaux Départs"), 7, 1, kind=OutcomeKind.CDI)
    _participants(ModuleFactory(name='=HYPERLINK("http://evil.example","clic")'), 6, 5)
    director = UserFactory(director=True)
    report = services.report_request(year=2024, cutoff=D(2025, 1, 31), language="fr", acting_user=director)
    services.report_build(report_id=report.pk)
    report.refresh_from_db()
    return report, director


def test_the_figures_stored_with_a_report_download_as_json_and_xlsx(client, stored_report):
    report, director = stored_report
    client.force_login(director)

    page = client.get(reverse("reporting:reports")).content.decode()
    assert reverse("reporting:report_figures", args=[report.pk, "xlsx"]) in page
    response = client.get(reverse("reporting:report_figures", args=[report.pk, "json"]))
    figures = json.loads(response.content)
    assert figures["accompaniment"] == report.indicators["accompaniment"]
    assert figures["profile"]["gender"]["F"]["accompanied"] == 13
    # Not ticked for this report: the confidential programme's own lines are not in its figures.
    assert "Nouveaux Départs" not in figures["modules"]["by_module"]
    assert figures["modules"]["participants"] == 13

    sheets = _sheets(client.get(reverse("reporting:report_figures", args=[report.pk, "xlsx"])).content)
    assert {"Accompagnement", "Évolution sur cinq ans", "Profil", "Activité", "Modules collectifs", "DEIES"} <= set(
        sheets
    )
    summary = _values(sheets["Accompagnement"])
    assert summary["Personnes accompagnées"] == 13
    assert summary["Date de référence"] == datetime.datetime(2025, 1, 31)  # noqa: DTZ001  # a date, not text
    modules = [row for row in sheets["Modules collectifs"].iter_rows(min_row=2, values_only=True)]
    assert ('\'=HYPERLINK("http://evil.example","clic")', 6, 5) in modules
    assert not any("Nouveaux Départs" in str(row[0]) for row in modules)
    assert FileAccess.objects.filter(user=director, action="export", detail__contains="chiffres").count() == 2


def test_a_report_ticked_with_the_confidential_programme_gives_its_figures(client, stored_report):
    _report, director = stored_report
    ticked = services.report_request(
        year=2024, cutoff=D(2025, 1, 31), language="fr", acting_user=director, with_confidential=True
    )
    services.report_build(report_id=ticked.pk)
    client.force_login(director)

    figures = client.get(reverse("reporting:report_figures", args=[ticked.pk, "json"])).json()

    assert figures["modules"]["by_module"]["Nouveaux Départs"] == {"participants": 7, "positive_exits": 1}


def test_no_figures_for_a_report_not_built_or_another_format(client, db):
    director = UserFactory(director=True)
    client.force_login(director)
    queued = services.report_request(year=2024, cutoff=D(2025, 1, 31), language="fr", acting_user=director)

    assert client.get(reverse("reporting:report_figures", args=[queued.pk, "json"])).status_code == 404
    assert client.get(reverse("reporting:report_figures", args=[queued.pk, "pdf"])).status_code == 404


@pytest.fixture
def year_so_far(db):
    counsellors = [UserFactory(counsellor=True, last_name=f"Conseiller{i}") for i in range(3)]
    start = D(TODAY.year, 1, 1)
    for index in range(9):
        accompaniment = AccompanimentFactory(counsellor=counsellors[index % 3], started_on=start, recognised_on=start)
        InterviewFactory(job_seeker=accompaniment.job_seeker, staff=accompaniment.counsellor, occurred_on=start)
        if index % 3 == 0:
            OutcomeFactory(accompaniment=accompaniment, kind=OutcomeKind.CDD, occurred_on=start)
    return counsellors


def test_the_indicators_workbook_holds_every_area_and_one_row_per_counsellor(client, manager, year_so_far):
    client.force_login(manager)

    sheets = _sheets(client.get(reverse("reporting:dashboard_export", args=["xlsx"])).content)

    assert list(sheets)[0] == "Tableau de bord"
    assert {"Accompagnement", "Profil", "Activité", "EPN", "Employeurs", "Partenaires", "Conseiller·ères"} <= set(
        sheets
    )
    counsellors = {row[0]: row for row in sheets["Conseiller·ères"].iter_rows(min_row=2, values_only=True)}
    # Last name, first name, FTE, capacity, open today, of which Actiris, accompanied, positive exits, interviews.
    assert counsellors["Conseiller0"][3:] == (150, 3, 3, 3, 3, 3)
    assert counsellors["Conseiller1"][3:] == (150, 3, 3, 3, 0, 3)
    # Each sheet is a CSV of its own, by its number.
    index = list(sheets).index("Conseiller·ères") + 1
    response = client.get(reverse("reporting:dashboard_export", args=["csv"]), {"sheet": index})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Nom" and len(rows) == 1 + 3
    assert client.get(reverse("reporting:dashboard_export", args=["csv"]), {"sheet": "99"}).status_code == 404
    assert client.get(reverse("reporting:dashboard_export", args=["csv"]), {"sheet": "x"}).status_code == 404


def test_the_accompanied_list_is_one_row_per_person_with_dates_as_dates(client, manager, year_so_far):
    twice = AccompanimentFactory(
        counsellor=year_so_far[0],
        started_on=D(TODAY.year, 1, 1),
        recognised_on=D(TODAY.year, 1, 1),
        status="closed",
        closed_on=D(TODAY.year, 1, 1),
    )
    AccompanimentFactory(
        job_seeker=twice.job_seeker,
        counsellor=year_so_far[0],
        started_on=D(TODAY.year, 1, 1),
        recognised_on=D(TODAY.year, 1, 1),
    )
    client.force_login(manager)

    response = client.get(reverse("reporting:dashboard_list_export", args=["accompanied", "xlsx"]))

    rows = list(_sheets(response.content).popitem()[1].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 10  # 10 people, 11 accompaniments
    assert rows[0][4] == datetime.datetime(TODAY.year, 1, 1)  # noqa: DTZ001
