"""Years before the product: the director enters their figures, the five-year history prints them marked as
entered instead of a row of zeros."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting import services
from reporting.annual import annual_indicators
from reporting.models import PastYearFigures
from tests.accompaniment.factories import AccompanimentFactory
from tests.missionlocale.factories import UserFactory
from tests.reporting.test_reports import pdf_text

CUTOFF = datetime.date(2025, 1, 31)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def director(db):
    return UserFactory(director=True)


def test_the_director_enters_the_figures_of_a_year_before_the_product(client, director):
    AccompanimentFactory(started_on=datetime.date(2024, 3, 1))
    client.force_login(director)

    page = client.get(reverse("reporting:past_year_figures", args=[2020])).content.decode()
    assert "Chiffres de 2020" in page
    response = client.post(
        reverse("reporting:past_year_figures", args=[2020]),
        {"accompanied": "1402", "objective": "1800", "positive_exits": "546", "note": "Rapport 2020"},
    )

    assert response.status_code == 302
    history = {row["year"]: row for row in annual_indicators(year=2024, cutoff=CUTOFF)["history"]}
    assert history[2020] == {
        "year": 2020,
        "accompanied": 1402,
        "objective": 1800,
        "objective_percent": 78,
        "positive_exits": 546,
        "positive_exit_rate": 39,
        "entered": True,
    }
    # The other years are counted, and the report's year is never replaced.
    assert "entered" not in history[2021] and history[2024]["accompanied"] == 1
    assert PastYearFigures.history.get().history_user == director


def test_more_exits_than_people_is_refused_with_a_message_and_changes_nothing(client, director):
    client.force_login(director)

    response = client.post(
        reverse("reporting:past_year_figures", args=[2021]), {"accompanied": "10", "positive_exits": "11"}
    )

    assert response.status_code == 200
    assert "Il ne peut y avoir plus de sorties positives que de personnes accompagnées." in response.content.decode()
    assert not PastYearFigures.objects.exists()


def test_emptying_the_fields_removes_the_figures(client, director):
    client.force_login(director)
    url = reverse("reporting:past_year_figures", args=[2021])
    client.post(url, {"accompanied": "10", "positive_exits": "4"})

    client.post(url, {"accompanied": "", "positive_exits": "", "objective": "", "note": ""})

    assert not PastYearFigures.objects.exists()


def test_only_past_years_and_only_the_director(client, director):
    client.force_login(director)
    assert client.get(reverse("reporting:past_year_figures", args=[timezone.localdate().year])).status_code == 404
    assert client.get(reverse("reporting:past_year_figures", args=[1999])).status_code == 404
    client.force_login(UserFactory(manager=True))
    assert client.get(reverse("reporting:past_year_figures", args=[2020])).status_code == 403


def test_the_pdf_marks_the_entered_figures(director, tmp_path):
    services.past_year_figures_set(
        year=2021, accompanied=1759, objective=None, positive_exits=704, note="", acting_user=director
    )

    pdf, _data = services.report_render_pdf(year=2024, cutoff=CUTOFF, language="fr")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = pdf_text(path)

    assert re.search(r"2021\s?\*\s+1\s?759\s+—\s+704\s+40 %", text)
    assert "* Chiffres saisis par la direction" in text
