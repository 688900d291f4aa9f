"""Issue 13, the file page and lists, in the browser: the file opens at its top with its header kept in view, the
interview form is one key away (N), in-place actions update their row and counters, printing gives a clean
summary, and the file summary PDF holds the project and the plan but no note."""

import datetime
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from playwright.sync_api import expect

from accompaniment import services
from accompaniment.enums import OutcomeKind
from accompaniment.models import ActionStep, Interview, LocalProject, Partner, TeamMember
from tests.accompaniment.factories import AccompanimentFactory, InterviewFactory, JobSeekerFactory, OutcomeFactory
from tests.missionlocale.factories import UserFactory

pytestmark = pytest.mark.e2e
SCREENSHOTS = (
    Path("/tmp/shots-filepage")
    if Path("/tmp/shots-filepage").is_dir()
    else Path(settings.BASE_DIR) / "var" / "screenshots"
)
BRUSSELS = ZoneInfo("Europe/Brussels")
NOON = datetime.datetime(2026, 6, 10, 12, 0, tzinfo=BRUSSELS)
SECRET = "Violences conjugales évoquées"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-BE", "timezone_id": "Europe/Brussels"}


@pytest.fixture
def noon(transactional_db):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with time_machine.travel(NOON, tick=True):
        yield


def _long_file(counsellor):
    """Célia Goffin's file, long enough to scroll: a project, a plan of two steps, twenty interviews, a
    psychologist's confidential note, an orientation and an outcome; safe contact and a confidential programme."""
    person = JobSeekerFactory(
        first_name="Célia",
        last_name="Goffin",
        birth_date=datetime.date(1990, 6, 11),
        do_not_contact_at_home=True,
    )
    person.local_projects.set(LocalProject.objects.filter(confidential=True)[:1])
    accompaniment = AccompanimentFactory(
        job_seeker=person, counsellor=counsellor, started_on=datetime.date(2025, 6, 30)
    )
    services.project_save(
        accompaniment=accompaniment,
        acting_user=counsellor,
        target_occupations="Cariste en logistique",
        summary="Permis cariste puis intérim",
    )
    ActionStep.objects.create(
        accompaniment=accompaniment,
        description="S’inscrire chez Bruxelles Formation",
        due_on=datetime.date(2026, 6, 1),
    )
    ActionStep.objects.create(
        accompaniment=accompaniment, description="Passer le permis", due_on=datetime.date(2026, 6, 30)
    )
    services.orientation_add(
        job_seeker=person, staff=counsellor, partner=Partner.objects.order_by("pk").first(), purpose="Formation VCA"
    )
    OutcomeFactory(accompaniment=accompaniment, kind=OutcomeKind.INTERIM, occurred_on=datetime.date(2026, 6, 3))
    for days in range(20):
        InterviewFactory(
            job_seeker=person, staff=counsellor, occurred_on=datetime.date(2026, 5, 1) + datetime.timedelta(days)
        )
    psychologist = UserFactory(psychologist=True)
    TeamMember.objects.create(job_seeker=person, user=psychologist)
    InterviewFactory(job_seeker=person, staff=psychologist, confidential=True, note=SECRET)
    return person


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= -1 and box["y"] + box["height"] <= height + 1


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_file_opens_at_its_top_keeps_its_header_and_the_form_is_one_key_away(
    page, live_server, noon, log_in, viewport
):
    amina = UserFactory(counsellor=True, username="amina", first_name="Amina", last_name="El Idrissi")
    person = _long_file(amina)
    page.set_viewport_size(viewport)
    log_in(page, "amina")

    page.goto(f"{live_server.url}/files/{person.pk}/")

    header = page.get_by_test_id("file-header")
    expect(header.get_by_role("heading", level=1)).to_have_text("Célia Goffin")
    expect(header).to_contain_text("35 ans")
    expect(header.get_by_test_id("file-status")).to_have_text("Accompagnement ouvert")
    expect(header.get_by_test_id("days-left")).to_have_text("20 jours restants")
    expect(header).to_contain_text("conseiller·ère : Amina El Idrissi")
    expect(header.get_by_test_id("file-alerts")).to_contain_text("Ne pas contacter au domicile")
    expect(header.get_by_test_id("file-alerts")).to_contain_text("Programme confidentiel")
    assert page.evaluate("window.scrollY") == 0  # it used to land 557 px (desktop) or 2 400 px (phone) down
    name = "phone" if viewport is PHONE else "desktop"
    page.screenshot(path=SCREENSHOTS / f"file-top-{name}.png")

    # Scrolled to the bottom, the header is still in view.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("window.scrollY > 500")
    assert _in_viewport(page, header)
    expect(header.get_by_role("heading", level=1)).to_be_visible()
    page.screenshot(path=SCREENSHOTS / f"file-scrolled-{name}.png")

    # Back at the top, one key (N) brings the interview form into view with the focus on its date.
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("main").focus()
    page.keyboard.press("n")
    date_field = page.locator("#interview-form-region [name=occurred_on]")
    expect(date_field).to_be_focused()
    assert _in_viewport(page, date_field)
    assert _in_viewport(page, header)
    page.screenshot(path=SCREENSHOTS / f"file-interview-key-{name}.png")

    # Typing an n in a field types an n: the shortcut does not steal it.
    page.locator("#interview-form-region [name=topics]").focus()
    page.keyboard.type("nn")
    expect(page.locator("#interview-form-region [name=topics]")).to_have_value("nn")


def test_marking_a_step_done_updates_the_counters_and_confirms_it(page, live_server, noon, log_in):
    amina = UserFactory(counsellor=True, username="amina", first_name="Amina", last_name="El Idrissi")
    person = _long_file(amina)
    log_in(page, "amina")
    page.goto(f"{live_server.url}/files/{person.pk}/")
    counters = page.get_by_test_id("plan-counters")
    expect(counters).to_contain_text("0 / 2 étapes faites")
    expect(counters).to_contain_text("1 étape en retard")

    page.evaluate("window.__noReload = true")
    step = page.locator("#steps li").filter(has_text="S’inscrire chez Bruxelles Formation")
    step.get_by_role("button", name="Marquer comme faite").click()

    confirmation = page.locator("#steps").get_by_role("status")
    expect(confirmation).to_have_text("✓ Étape marquée comme faite.")
    assert _in_viewport(page, confirmation)
    expect(counters).to_contain_text("1 / 2 étapes faites")
    expect(page.get_by_test_id("steps-overdue")).to_have_count(0)
    assert page.evaluate("window.__noReload") is True
    page.screenshot(path=SCREENSHOTS / "file-step-done.png")


def test_an_interview_logged_from_the_caseload_updates_its_row_and_the_counter(page, live_server, noon, log_in):
    amina = UserFactory(counsellor=True, username="amina", first_name="Amina", last_name="El Idrissi")
    person = _long_file(amina)
    Interview.objects.filter(job_seeker=person).update(occurred_on=datetime.date(2026, 4, 1))
    other = AccompanimentFactory(
        counsellor=amina, job_seeker=JobSeekerFactory(first_name="Youssef", last_name="Amrani")
    )
    InterviewFactory(job_seeker=other.job_seeker, staff=amina, occurred_on=datetime.date(2026, 6, 2))
    log_in(page, "amina")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Mon portefeuille").click()
    counters = page.get_by_test_id("caseload-counters")
    expect(counters).to_have_text("1 accompagnement ouvert sans entretien depuis 30 jours")
    row = page.locator("#caseload-table tr").filter(has=page.get_by_role("link", name="GOFFIN Célia"))
    expect(row.get_by_test_id("last-interview")).to_have_text("01/04/2026")

    page.evaluate("window.__noReload = true")
    row.get_by_role("button", name="Encoder un entretien").click()
    panel = page.locator("#caseload-panel")
    panel.get_by_label("Sujets abordés").fill("Relance intérim")
    panel.get_by_role("button", name="Enregistrer l’entretien").click()

    confirmation = panel.get_by_test_id("interview-saved")
    expect(confirmation).to_contain_text("L’entretien avec Célia Goffin est enregistré.")
    assert _in_viewport(page, confirmation)
    expect(row.get_by_test_id("last-interview")).to_contain_text("10/06/2026")
    expect(row.get_by_role("status")).to_have_text("✓ Entretien enregistré")
    expect(counters).to_have_text("0 accompagnement ouvert sans entretien depuis 30 jours")
    assert page.evaluate("window.__noReload") is True
    page.screenshot(path=SCREENSHOTS / "caseload-interview-in-place.png", full_page=True)


def test_printing_gives_a_clean_summary_and_the_pdf_holds_the_plan_and_no_note(
    page, live_server, noon, log_in, tmp_path
):
    amina = UserFactory(counsellor=True, username="amina", first_name="Amina", last_name="El Idrissi")
    person = _long_file(amina)
    log_in(page, "amina")
    page.goto(f"{live_server.url}/files/{person.pk}/")

    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Navigation principale")).to_be_hidden()
    expect(page.locator("main form").first).to_be_hidden()
    expect(page.locator("#interview-form-region")).to_be_hidden()
    expect(page.get_by_role("button", name="Marquer comme faite")).to_be_hidden()
    expect(page.get_by_test_id("file-header").get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#plan")).to_contain_text("Cariste en logistique")
    expect(page.locator("#plan")).to_contain_text("S’inscrire chez Bruxelles Formation")
    expect(page.locator("#orientations")).to_contain_text("Formation VCA")
    page.screenshot(path=SCREENSHOTS / "file-print.png", full_page=True)
    page.emulate_media(media="screen")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Synthèse du dossier (PDF)").click()
    pdf = tmp_path / "summary.pdf"
    download_info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Synthèse du dossier — Célia Goffin" in text
    assert "Cariste en logistique" in text and "Permis cariste puis intérim" in text
    assert "S’inscrire chez Bruxelles Formation" in text and "Passer le permis" in text
    assert "Formation VCA" in text
    assert SECRET not in text and "Entretien de suivi." not in text
