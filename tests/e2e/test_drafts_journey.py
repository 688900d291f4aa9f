"""Never lose what was typed: the session that ends during a long interview, the full-page form posted after it,
the warning before leaving a page with unsaved text, and the drafts deleted at logout (static/js/drafts.js)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from playwright.sync_api import expect

from accompaniment.models import Interview, ProfessionalProject
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory
from tests.missionlocale.factories import UserFactory

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
NOTE = "Long entretien : projet de vente, CV revu ligne par ligne, trois candidatures à envoyer avant lundi."
DRAFT_KEYS = "() => Object.keys(sessionStorage).filter((key) => key.startsWith('ml-draft:'))"
SAVE_INTERVIEW = "Enregistrer l’entretien"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-BE", "timezone_id": "Europe/Brussels"}


@pytest.fixture(autouse=True)
def _screenshots_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def file_of_amina(transactional_db):
    """Amina, a counsellor, and the file of Fatima Benali in her caseload."""
    counsellor = UserFactory(counsellor=True, username="amina", first_name="Amina", last_name="El Idrissi")
    person = JobSeekerFactory(first_name="Fatima", last_name="Benali")
    return AccompanimentFactory(counsellor=counsellor, job_seeker=person)


def _session_ends():
    """30 minutes without a request: the server no longer knows the session (the browser still sends its cookie)."""
    Session.objects.all().delete()


def test_an_interview_note_typed_as_the_session_ends_is_kept_and_saved_once(page, live_server, file_of_amina, log_in):
    file_url = live_server.url + reverse("accompaniment:file_detail", args=[file_of_amina.job_seeker.pk])
    log_in(page, "amina")
    page.goto(file_url)
    form = page.locator("#interview-form-region")
    form.locator("[name=topics]").fill("Projet vente")
    form.locator("[name=note]").fill(NOTE)

    _session_ends()
    page.evaluate("window.__noReload = true")
    form.get_by_role("button", name=SAVE_INTERVIEW).click()

    # A clear answer, in place: the login page is not swapped into the timeline, and the note is still there.
    dialog = page.get_by_role("dialog", name="Votre session a pris fin")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Ce que vous avez tapé est gardé dans ce navigateur")
    expect(page.locator("#timeline").get_by_label("Nom d’utilisateur")).to_have_count(0)
    assert page.evaluate("window.__noReload") is True
    expect(form.locator("[name=note]")).to_have_value(NOTE)
    assert not Interview.objects.exists()
    page.screenshot(path=SCREENSHOTS / "drafts-session-ended-dialog.png")

    # She logs in again: the login page says her text is kept, and the login leads back to the file.
    dialog.get_by_role("link", name="Se reconnecter").click()
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("gardé dans ce navigateur")
    page.screenshot(path=SCREENSHOTS / "drafts-login-text-kept.png")
    log_in(page, "amina", on_current_page=True)

    expect(page).to_have_url(file_url)
    expect(page.get_by_role("heading", name="Fatima Benali", level=1)).to_be_visible()
    form = page.locator("#interview-form-region")
    expect(form.get_by_role("status")).to_contain_text("Ce que vous aviez tapé est revenu dans ce formulaire")
    expect(form.locator("[name=note]")).to_have_value(NOTE)
    expect(form.locator("[name=topics]")).to_have_value("Projet vente")
    expect(form.locator("[name=note]")).to_be_in_viewport()
    page.screenshot(path=SCREENSHOTS / "drafts-restored-interview.png")

    form.get_by_role("button", name=SAVE_INTERVIEW).click()

    expect(page.locator("#timeline")).to_contain_text(NOTE)
    expect(form.locator("[name=note]")).to_have_value("")
    assert list(Interview.objects.values_list("note", "topics")) == [(NOTE, "Projet vente")]
    # Saved, so no longer kept: a reload shows an empty form and no notice.
    assert page.evaluate(DRAFT_KEYS) == []
    page.reload()
    expect(page.locator("#interview-form-region [name=note]")).to_have_value("")
    expect(page.locator("[data-draft-notice]")).to_have_count(0)
    assert Interview.objects.count() == 1


def test_a_note_sent_from_a_tab_left_open_after_a_new_login_in_another_tab_is_kept(
    page, live_server, file_of_amina, log_in
):
    file_url = live_server.url + reverse("accompaniment:file_detail", args=[file_of_amina.job_seeker.pk])
    log_in(page, "amina")
    page.goto(file_url)
    form = page.locator("#interview-form-region")
    form.locator("[name=note]").fill(NOTE)

    # The session ends; she logs in again in another tab, which gives the browser a new CSRF token.
    _session_ends()
    other_tab = page.context.new_page()
    other_tab.goto(file_url)
    log_in(other_tab, "amina", on_current_page=True)
    expect(other_tab).to_have_url(file_url)
    other_tab.close()
    form.get_by_role("button", name=SAVE_INTERVIEW).click()

    # The first tab's form can no longer save: it says so, instead of doing nothing.
    dialog = page.get_by_role("dialog", name="Cette page n’est plus à jour")
    expect(dialog).to_be_visible()
    assert not Interview.objects.exists()
    page.screenshot(path=SCREENSHOTS / "drafts-page-out-of-date.png")
    dialog.get_by_role("button", name="Recharger la page").click()

    form = page.locator("#interview-form-region")
    expect(form.get_by_role("status")).to_contain_text("est revenu dans ce formulaire")
    expect(form.locator("[name=note]")).to_have_value(NOTE)
    form.get_by_role("button", name=SAVE_INTERVIEW).click()
    expect(page.locator("#timeline")).to_contain_text(NOTE)
    assert list(Interview.objects.values_list("note", flat=True)) == [NOTE]


def test_a_project_posted_after_the_session_ended_is_back_in_its_form_after_the_login(
    page, live_server, file_of_amina, log_in
):
    file_url = live_server.url + reverse("accompaniment:file_detail", args=[file_of_amina.job_seeker.pk])
    log_in(page, "amina")
    page.goto(file_url)
    page.get_by_text("Projet professionnel", exact=True).click()
    project_form = page.locator("form").filter(has=page.locator("#project_target_occupations"))
    project_form.locator("#project_target_occupations").fill("Vendeuse en boulangerie")
    project_form.locator("#project_summary").fill("Stage d’observation chez un artisan, puis formation courte.")

    _session_ends()
    project_form.get_by_role("button", name="Enregistrer").click()

    # A full-page post: to the login, then back to the file page (not to the address the form posted to).
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    assert not ProfessionalProject.objects.exists()
    log_in(page, "amina", on_current_page=True)

    expect(page).to_have_url(file_url)
    project_form = page.locator("form").filter(has=page.locator("#project_target_occupations"))
    expect(project_form.get_by_role("status")).to_contain_text("est revenu dans ce formulaire")
    expect(project_form.locator("#project_target_occupations")).to_have_value("Vendeuse en boulangerie")
    expect(project_form.locator("#project_summary")).to_have_value(
        "Stage d’observation chez un artisan, puis formation courte."
    )
    page.screenshot(path=SCREENSHOTS / "drafts-restored-project.png")

    project_form.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("alert").filter(has_text="Le projet professionnel est enregistré.")).to_be_visible()
    project = ProfessionalProject.objects.get()
    assert (project.target_occupations, project.accompaniment) == ("Vendeuse en boulangerie", file_of_amina)
    # The saved form's draft is dropped: the next visit offers nothing back.
    assert page.evaluate(DRAFT_KEYS) == []
    page.goto(file_url)
    expect(page.locator("[data-draft-notice]")).to_have_count(0)


def test_the_file_form_keeps_its_draft_but_never_the_niss(page, live_server, file_of_amina, log_in):
    edit_url = live_server.url + reverse("accompaniment:file_edit", args=[file_of_amina.job_seeker.pk])
    log_in(page, "amina")
    page.goto(edit_url)
    page.locator("[name=phone]").fill("0470 12 34 99")
    page.locator("[name=niss]").fill("85.07.30-033.61")

    all_drafts = "() => Object.keys(sessionStorage).map((key) => sessionStorage.getItem(key)).join()"
    page.wait_for_function(f"() => ({all_drafts})().includes('0470 12 34 99')")
    drafts = page.evaluate(all_drafts)
    assert "0470 12 34 99" in drafts
    assert "niss" not in drafts and "85.07.30" not in drafts and "csrfmiddlewaretoken" not in drafts

    _session_ends()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    log_in(page, "amina", on_current_page=True)

    # Back on the form: the phone typed is back, the NISS must be typed again.
    expect(page).to_have_url(edit_url)
    expect(page.get_by_role("status").filter(has_text="est revenu dans ce formulaire")).to_be_visible()
    expect(page.locator("[name=phone]")).to_have_value("0470 12 34 99")
    expect(page.locator("[name=niss]")).to_have_value("")


def test_leaving_a_page_with_unsaved_text_asks_first(page, live_server, file_of_amina, log_in):
    file_url = live_server.url + reverse("accompaniment:file_detail", args=[file_of_amina.job_seeker.pk])
    log_in(page, "amina")
    page.goto(file_url)
    note = page.locator("#interview-form-region [name=note]")
    note.click()
    page.keyboard.type("À compléter avant de partir")
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("link", name="Mon portefeuille").click()

    expect(page).to_have_url(file_url)
    assert asked == ["beforeunload"]
    expect(note).to_have_value("À compléter avant de partir")

    # Once saved, nothing is asked.
    page.remove_listener("dialog", stay)
    page.on("dialog", stay)
    page.locator("#interview-form-region").get_by_role("button", name=SAVE_INTERVIEW).click()
    expect(page.locator("#timeline")).to_contain_text("À compléter avant de partir")
    page.get_by_role("link", name="Mon portefeuille").click()

    expect(page.get_by_role("heading", name="Mon portefeuille")).to_be_visible()
    assert asked == ["beforeunload"]


def test_leaving_anyway_goes_and_logging_out_forgets_the_drafts(page, live_server, file_of_amina, log_in):
    file_url = live_server.url + reverse("accompaniment:file_detail", args=[file_of_amina.job_seeker.pk])
    log_in(page, "amina")
    page.goto(file_url)
    page.locator("#interview-form-region [name=note]").click()
    page.keyboard.type("Note confidentielle pas encore enregistrée")
    assert len(page.evaluate(DRAFT_KEYS)) == 1

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name="Mon portefeuille").click()
    expect(page.get_by_role("heading", name="Mon portefeuille")).to_be_visible()
    # Back to the file in the same tab: the draft comes back.
    page.goto(file_url)
    expect(page.locator("#interview-form-region [name=note]")).to_have_value(
        "Note confidentielle pas encore enregistrée"
    )

    page.get_by_role("button", name="Amina El Idrissi").click()
    page.get_by_role("button", name="Se déconnecter").click()

    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    assert page.evaluate(DRAFT_KEYS) == []
    expect(page.locator("[data-draft-notice]")).to_have_count(0)
    log_in(page, "amina", on_current_page=True)
    page.goto(file_url)
    expect(page.locator("#interview-form-region [name=note]")).to_have_value("")
    expect(page.locator("[data-draft-notice]")).to_have_count(0)
    assert not Interview.objects.exists()
