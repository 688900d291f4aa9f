"""The facilitator's attendance with the keyboard, the EPN reception's walk-in visit, and the module screens."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from accompaniment.enums import OutcomeKind
from accompaniment.models import LocalProject
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory, OutcomeFactory
from tests.e2e.navigation import nav_click
from tests.missionlocale.factories import UserFactory
from tests.workshops.factories import (
    EnrolmentFactory,
    MeetingFactory,
    SessionFactory,
    VisitorFactory,
    reference_data,
)
from workshops.models import Attendance, ComputerVisit, Module, Visitor

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
DUPLICATE_IDS = """() => {
    const counts = {};
    for (const element of document.querySelectorAll("[id]")) counts[element.id] = (counts[element.id] || 0) + 1;
    return Object.keys(counts).filter((id) => counts[id] > 1).sort();
}"""
PEOPLE = [("Fatima", "Benali"), ("Youssef", "Amrani"), ("Chloé", "Dubois"), ("Marc", "Lenoir")]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-BE", "timezone_id": "Europe/Brussels"}


@pytest.fixture(autouse=True)
def _screenshots_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    reference_data()


def _nav(page, name):
    nav_click(page, name)


def _tab_until(page, selector, max_presses=60):
    for _press in range(max_presses):
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{selector} never got the focus after {max_presses} presses of Tab")


def test_facilitator_takes_attendance_with_the_keyboard_and_finds_it_saved(
    page, live_server, transactional_db, log_in
):
    officer = UserFactory(username="nadia", first_name="Nadia", last_name="Bensaïd", profession="project_officer")
    today = timezone.localdate()
    module = Module.objects.get(name="Atelier d’orientation professionnelle")
    session = SessionFactory(
        module=module, label="Novembre", facilitators=[officer], meetings=False, starts_on=today, ends_on=today
    )
    meeting = MeetingFactory(session=session, date=today, topic="Mes compétences")
    for first_name, last_name in PEOPLE:
        EnrolmentFactory(session=session, job_seeker=JobSeekerFactory(first_name=first_name, last_name=last_name))

    log_in(page, "nadia")
    _nav(page, "Modules")
    today_list = page.get_by_test_id("todays-meetings")
    expect(today_list).to_contain_text("Atelier d’orientation professionnelle – Novembre")
    page.screenshot(path=SCREENSHOTS / "workshops-sessions.png", full_page=True)
    today_list.get_by_role("link", name="Prendre les présences").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Présences du")
    page.evaluate("window.__noReload = true")
    # Keyboard only: Tab to the first participant, then one key per person (P, P, A, E).
    _tab_until(page, "[data-attendance-row]")
    expect(page.locator("[data-attendance-row]").first).to_contain_text("AMRANI Youssef")
    for key in ("p", "p", "a", "e"):
        page.keyboard.press(key)
    expect(page.get_by_test_id("count-present")).to_have_text("2 présent·es")
    rows = page.locator("[data-attendance-row]")
    expect(rows.nth(3).get_by_test_id("mark")).to_contain_text("Excusé·e")
    assert page.evaluate("window.__noReload") is True
    page.screenshot(path=SCREENSHOTS / "workshops-attendance.png", full_page=True)
    assert page.evaluate(DUPLICATE_IDS) == []

    page.reload()
    rows = page.locator("[data-attendance-row]")
    expected = ["✓ Présent·e", "✓ Présent·e", "✗ Absent·e", "~ Excusé·e"]  # AMRANI, BENALI, DUBOIS, LENOIR
    for index, mark in enumerate(expected):
        expect(rows.nth(index).get_by_test_id("mark")).to_have_text(mark)
    expect(rows.nth(0).get_by_role("button", name="Présent·e")).to_have_attribute("aria-pressed", "true")
    statuses = dict(
        Attendance.objects.filter(meeting=meeting).values_list("enrolment__job_seeker__last_name", "status")
    )
    assert statuses == {"Amrani": "present", "Benali": "present", "Dubois": "absent", "Lenoir": "excused"}

    # The session page shows the attendance rate of the meeting.
    page.get_by_role("link", name=re.compile("Atelier d’orientation professionnelle")).first.click()
    expect(page.get_by_test_id("fill")).to_contain_text("4 / 12")
    page.screenshot(path=SCREENSHOTS / "workshops-session.png", full_page=True)
    assert page.evaluate(DUPLICATE_IDS) == []


def test_epn_reception_logs_a_walk_in_visit(page, live_server, transactional_db, log_in):
    UserFactory(username="yassine", first_name="Yassine", last_name="Tahiri", profession="digital_coach")
    known = VisitorFactory(first_name="Marie", last_name="Dupont")
    ComputerVisit.objects.create(visitor=None)

    log_in(page, "yassine")
    _nav(page, "EPN")
    expect(page.get_by_role("heading", name="Espace public numérique (EPN) : accueil")).to_be_visible()
    page.evaluate("window.__noReload = true")

    # Find the person as one types, then one click.
    page.get_by_role("searchbox", name="Nom", exact=True).fill("dupo")
    results = page.locator("#epn-results")
    expect(results).to_contain_text("DUPONT Marie")
    results.get_by_role("button", name="Enregistrer une visite ordinateur").click()
    today = page.locator("#epn-today")
    expect(today.get_by_role("status")).to_have_text("Visite de Marie Dupont enregistrée.")
    expect(today.get_by_test_id("today-counts")).to_contain_text("2 visites")
    expect(today.get_by_test_id("recent-visits")).to_contain_text("DUPONT Marie")
    page.screenshot(path=SCREENSHOTS / "epn-reception.png", full_page=True)

    # Someone new: the name typed is proposed for the new record.
    page.get_by_role("searchbox", name="Nom", exact=True).fill("Awa Traoré")
    expect(results).to_contain_text("Personne n’a été trouvé·e avec ce nom.")
    expect(results.get_by_label("Prénom")).to_have_value("Awa")
    results.get_by_role("button", name="Créer et enregistrer").click()
    expect(today.get_by_role("status")).to_have_text("Visite de Awa Traoré enregistrée.")
    assert page.evaluate("window.__noReload") is True
    assert page.evaluate(DUPLICATE_IDS) == []
    assert ComputerVisit.objects.filter(visitor=known).count() == 1
    assert Visitor.objects.filter(first_name="Awa", last_name="Traoré").exists()


def test_the_module_screens(page, live_server, transactional_db, log_in):
    officer = UserFactory(username="nadia", first_name="Nadia", last_name="Bensaïd", profession="project_officer")
    module = Module.objects.get(name="Maison Digitale")
    start = timezone.localdate() - datetime.timedelta(days=21)
    session = SessionFactory(module=module, label="Automne", facilitators=[officer], starts_on=start)
    meetings = list(session.meetings.filter(date__lt=timezone.localdate()))
    for index, (first_name, last_name) in enumerate(PEOPLE + [("Aïcha", "Diallo"), ("Thomas", "Claes")]):
        accompaniment = AccompanimentFactory(
            job_seeker=JobSeekerFactory(first_name=first_name, last_name=last_name), started_on=start
        )
        enrolment = EnrolmentFactory(session=session, job_seeker=accompaniment.job_seeker)
        for number, meeting in enumerate(meetings):
            Attendance.objects.create(
                meeting=meeting, enrolment=enrolment, status="present" if (index + number) % 4 else "absent"
            )
        if index < 2:
            OutcomeFactory(
                accompaniment=accompaniment, kind=OutcomeKind.QUALIFYING_TRAINING, occurred_on=timezone.localdate()
            )

    log_in(page, "nadia")
    page.goto(f"{live_server.url}/workshops/modules/")
    expect(page.get_by_role("heading", name="Catalogue des modules")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "workshops-catalogue.png", full_page=True)
    page.goto(f"{live_server.url}/workshops/sessions/{session.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maison Digitale – Automne")
    page.screenshot(path=SCREENSHOTS / "workshops-session-outcomes.png", full_page=True)
    _nav(page, "Projets locaux")
    expect(page.get_by_role("heading", name="Projets locaux")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "workshops-projects.png", full_page=True)
    page.get_by_role("link", name="CQD Héliport-Anvers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CQD Héliport-Anvers")
    page.screenshot(path=SCREENSHOTS / "workshops-project.png", full_page=True)
    assert LocalProject.objects.get(name="CQD Héliport-Anvers").modules.filter(pk=module.pk).exists()
