"""Small numbers protect people: the annual report PDF, read back with pdftotext.

A breakdown cell below REPORT_SMALL_NUMBER_THRESHOLD prints "< 5"; a confidential programme (Nouveaux Départs)
is left out unless the director ticks it for that report, and then its small figures print "< 5" too.
"""

import datetime
import re

import pytest
from django.urls import reverse

from accompaniment.enums import OutcomeKind
from reporting import services
from reporting.models import AnnualReport
from tests.accompaniment.factories import AccompanimentFactory, OutcomeFactory
from tests.missionlocale.factories import UserFactory
from tests.reporting.test_reports import pdf_text
from tests.workshops.factories import EnrolmentFactory, MeetingFactory, ModuleFactory, SessionFactory
from workshops.models import Attendance, Module

CUTOFF = datetime.date(2025, 1, 31)
D = datetime.date


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _participants(module, people: int, exits: int, kind=OutcomeKind.CDD):
    """``people`` accompanied in 2024, present at a meeting of the module in April; the first ``exits`` of them
    then found a positive outcome of that kind."""
    session = SessionFactory(module=module, starts_on=D(2024, 4, 1), ends_on=D(2024, 4, 30), meetings=False)
    meeting = MeetingFactory(session=session, date=D(2024, 4, 2))
    for index in range(people):
        accompaniment = AccompanimentFactory(started_on=D(2024, 3, 1))
        enrolment = EnrolmentFactory(session=session, job_seeker=accompaniment.job_seeker)
        Attendance.objects.create(meeting=meeting, enrolment=enrolment, status="present")
        if index < exits:
            OutcomeFactory(accompaniment=accompaniment, kind=kind, occurred_on=D(2024, 6, 3))


@pytest.fixture
def year_with_a_confidential_programme(db):
    # Nouveaux Départs (confidential, and its own local project): 7 women, 1 positive exit, the one CDI.
    _participants(Module.objects.get(name="Nouveaux Départs"), 7, 1, kind=OutcomeKind.CDI)
    _participants(ModuleFactory(name="Atelier large"), 9, 6)
    _participants(ModuleFactory(name="Atelier restreint"), 3, 0)


def _render(tmp_path, **options) -> str:
    pdf, _data = services.report_render_pdf(year=2024, cutoff=CUTOFF, language="fr", **options)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return pdf_text(path)


# pdftotext -layout may read the space of "< 5" back or not, depending on the spacing it measures.
SMALL = r"<\s?5"


def _line(text: str, part: str) -> str:
    return next(line for line in text.splitlines() if part in line)


def test_the_confidential_programme_is_left_out_unless_the_director_ticks_it(
    year_with_a_confidential_programme, tmp_path
):
    text = _render(tmp_path)

    assert "Nouveaux Départs" not in text
    # The totals still count its participants: they point at nobody.
    assert re.search(r"People who took part|Personnes ayant participé", text)
    # A module of 3 people, with no exit: the 3 is hidden, the zero is not.
    assert re.search(rf"Atelier restreint\s+{SMALL}\s+0\b", _line(text, "Atelier restreint"))
    assert re.search(r"Atelier large\s+9\s+6\b", _line(text, "Atelier large"))
    # Positive exits by outcome: 6 CDD printed; the one CDI is a small cell.
    assert re.search(SMALL, _line(text, "(CDI)"))
    assert re.search(r"\b6\b", _line(text, "(CDD)"))


def test_ticked_the_confidential_programme_prints_only_its_large_figures(year_with_a_confidential_programme, tmp_path):
    text = _render(tmp_path, with_confidential=True)

    # Once as a module and once as its local project, and never its single positive exit.
    assert re.search(rf"Nouveaux Départs\s+7\s+{SMALL}", text)
    assert "Nouveaux Départs" in text.split("Nouveaux Départs", 1)[1]
    assert re.search(rf"7 participant.*{SMALL} sortie", text)
    assert not re.search(r"Nouveaux Départs.*\b1 sortie", text)


def test_the_threshold_is_a_setting(year_with_a_confidential_programme, tmp_path, settings):
    settings.REPORT_SMALL_NUMBER_THRESHOLD = 10

    text = _render(tmp_path)

    assert re.search(r"Atelier large\s+<\s?10\s+<\s?10", _line(text, "Atelier large"))


def test_the_director_ticks_the_confidential_programme_for_one_report(
    client, year_with_a_confidential_programme, django_capture_on_commit_callbacks, tmp_path
):
    client.force_login(UserFactory(director=True))
    form = client.get(reverse("reporting:reports")).content.decode()
    assert "Inclure les programmes confidentiels" in form

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reporting:reports"),
            {"year": 2024, "cutoff": "2025-01-31", "language": "fr", "with_confidential": "on"},
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:reports"), {"year": 2024, "cutoff": "2025-01-31", "language": "fr"})

    ticked, unticked = AnnualReport.objects.order_by("version")
    assert (ticked.with_confidential, unticked.with_confidential) == (True, False)
    assert "avec les programmes confidentiels" in client.get(reverse("reporting:reports")).content.decode()
    for report, shown in ((ticked, True), (unticked, False)):
        path = tmp_path / f"v{report.version}.pdf"
        path.write_bytes(report.file.read())
        report.file.close()
        assert ("Nouveaux Départs" in pdf_text(path)) is shown
