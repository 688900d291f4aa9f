"""The counsellor's day in the browser: caseload, filter, file, an interview logged with the keyboard only;
and the manager balancing caseloads."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accompaniment.enums import InterviewKind
from accompaniment.models import Accompaniment, Appointment, Interview
from tests.accompaniment.factories import AccompanimentFactory, InterviewFactory, JobSeekerFactory
from tests.e2e.navigation import nav_click
from tests.missionlocale.factories import UserFactory

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
DUPLICATE_IDS = """() => {
    const counts = {};
    for (const element of document.querySelectorAll("[id]")) counts[element.id] = (counts[element.id] || 0) + 1;
    return Object.keys(counts).filter((id) => counts[id] > 1).sort();
}"""
NOTE = "Relu le CV ensemble ; candidature chez Delhaize à envoyer avant vendredi."


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A counsellor's browser in Brussels (Chromium still draws <input type="date"> in its own UI locale)."""
    return {**browser_context_args, "locale": "fr-BE", "timezone_id": "Europe/Brussels"}


@pytest.fixture(autouse=True)
def _screenshots_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


def _tab_until(page, selector, max_presses=40):
    """Press Tab until the element matching ``selector`` has the focus (date inputs take one Tab per segment)."""
    for _press in range(max_presses):
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{selector} never got the focus after {max_presses} presses of Tab")


def _person(first_name, last_name):
    return JobSeekerFactory(first_name=first_name, last_name=last_name)


def test_counsellor_filters_opens_a_file_and_logs_an_interview_with_the_keyboard(
    page, live_server, transactional_db, log_in
):
    counsellor = UserFactory(counsellor=True, username="amina", first_name="Amina", last_name="El Idrissi")
    ending = AccompanimentFactory(counsellor=counsellor, ending_soon=True, job_seeker=_person("Fatima", "Benali"))
    AccompanimentFactory(counsellor=counsellor, job_seeker=_person("Youssef", "Amrani"))
    AccompanimentFactory(counsellor=counsellor, job_seeker=_person("Chloé", "Dubois"))
    # Another counsellor's file ending soon never shows in Amina's caseload.
    AccompanimentFactory(ending_soon=True, job_seeker=_person("Marc", "Lenoir"))
    InterviewFactory(job_seeker=ending.job_seeker, staff=counsellor, note="Premier entretien : bilan des compétences.")

    log_in(page, "amina")

    # 1. The caseload, from "Today" where a counsellor lands (issue 13)
    expect(page.get_by_role("heading", name=re.compile("^Aujourd’hui"), level=1)).to_be_visible()
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Mon portefeuille").click()
    expect(page.get_by_role("heading", name="Mon portefeuille")).to_be_visible()
    table = page.locator("#caseload-table")
    expect(table.get_by_test_id("caseload-count")).to_have_text("3 accompagnements")
    for name in ("BENALI Fatima", "AMRANI Youssef", "DUBOIS Chloé"):
        expect(table.get_by_role("link", name=name)).to_be_visible()
    expect(table.get_by_role("link", name="LENOIR Marc")).to_have_count(0)
    page.screenshot(path=SCREENSHOTS / "caseload.png", full_page=True)

    # 2. Filter "ending within 30 days": HTMX posts the filters and swaps the table, without a reload; filters
    # go by POST so that nothing (a searched name or NISS) lands in the address bar.
    page.evaluate("window.__noReload = true")
    page.get_by_label("Se termine dans les 30 jours").check()
    expect(table.get_by_test_id("caseload-count")).to_have_text("1 accompagnement")
    expect(table.get_by_role("link", name="BENALI Fatima")).to_be_visible()
    expect(table.get_by_role("link", name="AMRANI Youssef")).to_have_count(0)
    expect(table.get_by_role("link", name="DUBOIS Chloé")).to_have_count(0)
    expect(page).to_have_url(re.compile(rf"^{live_server.url}/caseload/(\?f=[\w-]+)?$"))  # a key, never a filter
    assert page.evaluate("window.__noReload") is True
    page.screenshot(path=SCREENSHOTS / "caseload-filtered.png", full_page=True)

    # 3. The file
    table.get_by_role("link", name="BENALI Fatima").click()
    expect(page.get_by_role("heading", name="Fatima Benali", level=1)).to_be_visible()
    # The days left show in red in the sticky header and in the accompaniment section.
    for days_left in page.get_by_test_id("days-left").all():
        expect(days_left).to_have_class(re.compile(r"\btext-danger\b"))
    expect(page.get_by_test_id("file-facts").get_by_test_id("days-left")).to_have_text(
        re.compile(r"\d+ jours restants")
    )
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Premier entretien : bilan des compétences.")
    expect(timeline).not_to_contain_text(NOTE)
    page.screenshot(path=SCREENSHOTS / "file.png", full_page=True)

    # 4. Log an interview with the keyboard only. The page opens at its top; N puts the focus on the date,
    # which defaults to today (issue 13).
    assert page.evaluate("window.scrollY") == 0
    form = page.locator("#interview-form-region")
    date_field = form.locator("[name=occurred_on]")
    expect(date_field).not_to_be_focused()
    page.keyboard.press("n")
    expect(date_field).to_be_focused()
    expect(date_field).not_to_have_value("")
    _tab_until(page, "#interview-form-region [name=kind]")
    expect(form.locator("[name=kind]")).to_have_value(InterviewKind.INDIVIDUAL)
    page.keyboard.press("ArrowDown")  # Individual → Phone
    expect(form.locator("[name=kind]")).to_have_value(InterviewKind.PHONE)
    _tab_until(page, "#interview-form-region [name=duration_minutes]")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("45")
    _tab_until(page, "#interview-form-region [name=staff]")  # the interviewer defaults to oneself
    _tab_until(page, "#interview-form-region [name=topics]")
    page.keyboard.type("CV, lettre de motivation")
    _tab_until(page, "#interview-form-region [name=note]")
    page.keyboard.type(NOTE)
    # Past the next appointment (left empty) and the confidential box, to the submit button.
    _tab_until(page, "#interview-form-region button[type=submit]")
    expect(form.get_by_role("button", name="Enregistrer l’entretien")).to_be_focused()
    page.evaluate("window.__noReload = true")
    page.keyboard.press("Enter")

    # 5. The timeline shows it at once, without reloading the page.
    expect(timeline).to_contain_text(NOTE)
    expect(timeline).to_contain_text("CV, lettre de motivation")
    expect(page.locator("#interview-form-region").get_by_role("status")).to_have_text("L’entretien est enregistré.")
    assert page.evaluate("window.__noReload") is True
    # A fresh, empty form is ready for the next interview.
    expect(form.locator("[name=note]")).to_have_value("")
    page.screenshot(path=SCREENSHOTS / "interview-logged.png", full_page=True)

    interview = Interview.objects.get(note=NOTE)
    assert (interview.job_seeker, interview.staff, interview.kind, interview.duration_minutes) == (
        ending.job_seeker,
        counsellor,
        InterviewKind.PHONE,
        45,
    )
    assert interview.accompaniment == ending
    assert interview.confidential is False
    assert not Appointment.objects.filter(planned_at_interview=interview).exists()

    # APPLICATION BUG (reported): the file page repeats the ids id_occurred_on, id_kind and id_note (interview,
    # outcome and barrier forms), so the labels "Date", "Type", "Note" of the interview form point to the
    # outcome form's hidden fields: a click on a label or a screen reader lands in the wrong form. Fix: give
    # each form of the file page its own auto_id (e.g. InterviewForm: kwargs.setdefault("auto_id", "interview_%s")).
    assert page.evaluate(DUPLICATE_IDS) == []


def test_manager_sees_a_counsellor_beyond_capacity_and_reassigns_two_files(
    page, live_server, transactional_db, log_in
):
    UserFactory(manager=True, username="coordinateur", first_name="Nadia", last_name="Coordinatrice")
    # 0.01 FTE: a capacity of 2 open accompaniments, and she has 3.
    sophie = UserFactory(counsellor=True, first_name="Sophie", last_name="Martin", fte=Decimal("0.01"))
    karim = UserFactory(counsellor=True, first_name="Karim", last_name="Haddad")
    first = AccompanimentFactory(counsellor=sophie, job_seeker=_person("Fatima", "Benali"))
    second = AccompanimentFactory(counsellor=sophie, job_seeker=_person("Youssef", "Amrani"))
    kept = AccompanimentFactory(counsellor=sophie, job_seeker=_person("Chloé", "Dubois"))
    AccompanimentFactory(counsellor=karim, job_seeker=_person("Marc", "Lenoir"))

    log_in(page, "coordinateur")
    nav_click(page, "Portefeuilles")

    # The caseloads, side by side: Sophie's in red.
    expect(page.get_by_role("heading", name="Portefeuilles", level=1)).to_be_visible()
    sophie_row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Sophie Martin"))
    karim_row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Karim Haddad"))
    expect(sophie_row).to_have_class(re.compile(r"\btable-danger\b"))
    expect(sophie_row).to_contain_text("3 / 2")
    expect(sophie_row.get_by_text("Au-delà de la capacité")).to_be_visible()
    expect(sophie_row.locator("td.text-danger").first).to_have_css("color", "rgb(220, 53, 69)")
    expect(karim_row).not_to_have_class(re.compile(r"\btable-danger\b"))
    expect(karim_row.get_by_text("Au-delà de la capacité")).to_have_count(0)
    page.screenshot(path=SCREENSHOTS / "caseloads.png", full_page=True)

    # Her caseload: select two files, give them to Karim with a reason.
    sophie_row.get_by_role("link", name="Sophie Martin").click()
    expect(page.get_by_role("heading", name="Portefeuille de Sophie Martin")).to_be_visible()
    expect(page.get_by_test_id("caseload-count")).to_have_text("3 accompagnements")
    page.get_by_role("checkbox", name="Sélectionner BENALI Fatima").check()
    page.get_by_role("checkbox", name="Sélectionner AMRANI Youssef").check()
    page.get_by_label("nouveau·elle conseiller·ère").select_option(label="Karim Haddad")
    page.get_by_label("motif").fill("Rééquilibrage des portefeuilles")
    # APPLICATION BUG (reported): the reassign form posts without its CSRF token and answers 403, because
    # {% csrf_token %} in templates/accompaniment/includes/caseload_table.html sits in the <fieldset>, outside
    # <form id="reassign-form"> and without form="reassign-form". Fix: put it inside that empty form.
    page.get_by_role("button", name="Réattribuer").click()

    expect(page.get_by_role("alert").filter(has_text="2 dossiers réattribués à Karim Haddad.")).to_be_visible()
    # Back on Sophie's caseload, which keeps only the third file and is no longer beyond capacity.
    expect(page.get_by_role("heading", name="Portefeuille de Sophie Martin")).to_be_visible()
    expect(page.get_by_test_id("caseload-count")).to_have_text("1 accompagnement")
    expect(page.get_by_role("link", name="DUBOIS Chloé")).to_be_visible()
    expect(page.get_by_role("link", name="BENALI Fatima")).to_have_count(0)
    expect(page.get_by_test_id("caseload-gauge")).to_contain_text("1 / 2")
    expect(page.get_by_test_id("caseload-gauge")).not_to_contain_text("Au-delà de la capacité")
    page.screenshot(path=SCREENSHOTS / "reassigned.png", full_page=True)

    first.refresh_from_db()
    second.refresh_from_db()
    kept.refresh_from_db()
    assert (first.counsellor, second.counsellor, kept.counsellor) == (karim, karim, sophie)
    reasons = {
        record.history_change_reason
        for record in Accompaniment.history.filter(id__in=[first.pk, second.pk], counsellor=karim)
    }
    assert reasons == {"Rééquilibrage des portefeuilles"}
