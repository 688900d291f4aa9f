"""The report restricted to a funder: its people and projects, its own cover, the dashboard's funder figures."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accompaniment.enums import OutcomeKind
from accompaniment.models import LocalProject
from reporting.annual import funder_indicators
from reporting.dashboard import dashboard_figures
from reporting.models import AnnualReport
from tests.accompaniment.factories import AccompanimentFactory, OutcomeFactory
from tests.missionlocale.factories import UserFactory
from tests.reporting.test_reports import pdf_text
from workshops.models import Funder, LocalProjectDetails

CUTOFF = datetime.date(2025, 1, 31)
D = datetime.date


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def funder(db):
    """The City pays for CQD Versailles: 6 people of 2024 tagged with it (2 positive exits), 4 others not."""
    funder, _created = Funder.objects.get_or_create(name="Ville de Bruxelles (CQD)")
    project = LocalProject.objects.get(name="CQD Versailles")
    LocalProjectDetails.objects.update_or_create(local_project=project, defaults={"funder": funder})
    for index in range(10):
        accompaniment = AccompanimentFactory(started_on=D(2024, 3, 1) + datetime.timedelta(days=index))
        if index < 6:
            accompaniment.job_seeker.local_projects.add(project)
        if index in (0, 1, 7):
            OutcomeFactory(accompaniment=accompaniment, kind=OutcomeKind.CDD, occurred_on=D(2024, 9, 1))
    return funder


def test_the_funder_report_has_the_dashboard_funder_filter_figures(funder):
    data = funder_indicators(year=2024, cutoff=CUTOFF, funder=funder)
    dashboard = dashboard_figures(year=2024, funder=funder, today=CUTOFF)

    assert (
        data["accompaniment"]
        == dashboard["summary"]
        == {
            "year": 2024,
            "accompanied": 6,
            "objective": None,
            "objective_percent": None,
            "positive_exits": 2,
            "positive_exit_rate": 33,
        }
    )
    assert data["positive_exits_by_outcome"] == dashboard["by_outcome"]
    # Its profile adds up to its own people.
    assert sum(cell["accompanied"] for cell in data["profile"]["gender"].values()) == 6
    assert set(data["local_projects"]["by_project"]) <= {"CQD Versailles"}
    assert data["funder"] == {"id": funder.pk, "name": "Ville de Bruxelles (CQD)"}


def test_annual_report_command_with_a_funder(funder, tmp_path):
    output = tmp_path / "funder.pdf"

    call_command(
        "annual_report", "--year", "2024", "--cutoff", "2025-01-31", "--funder", funder.name, "--output", str(output)
    )

    text = " ".join(pdf_text(output).split())
    assert "Les personnes et les projets financés par Ville de Bruxelles (CQD)" in text
    assert "Le public accompagné" in text
    # The whole organisation's sections are not in it (the annex still defines every figure).
    body = text.split("Annexe : comment les chiffres sont comptés")[1]
    assert "L’équipe" not in body and "Modules collectifs" not in body and "L’activité" not in body
    with pytest.raises(CommandError, match="No funder"):
        call_command("annual_report", "--year", "2024", "--funder", "Inconnu", "--output", str(output))


def test_the_director_asks_for_a_funder_report_in_the_browser(client, funder, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(director=True))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reporting:reports"),
            {"year": 2024, "cutoff": "2025-01-31", "language": "fr", "funder": funder.pk},
        )

    report = AnnualReport.objects.get()
    assert report.funder == funder and report.status == "done"
    assert report.filename == "rapport-activites-2024-v1-fr-ville-de-bruxelles-cqd.pdf"
    assert report.indicators["accompaniment"]["accompanied"] == 6
    assert "limité à Ville de Bruxelles (CQD)" in client.get(reverse("reporting:reports")).content.decode()
