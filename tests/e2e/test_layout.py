"""The header fits one row at 1280 px for every demo account in French, Dutch and English; at a phone's 390 px the
caseload, a file, an attendance sheet and the EPN reception never scroll sideways, and the "excused" button is on
screen. Screenshots go to var/screenshots/layout/."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accompaniment.enums import InterviewKind, OutcomeKind, SystemNote
from demo.staff import demo_staff_seed
from tests.accompaniment.factories import AccompanimentFactory, InterviewFactory, JobSeekerFactory, OutcomeFactory
from tests.workshops.factories import EnrolmentFactory, MeetingFactory, SessionFactory, VisitorFactory

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "layout"
LANGUAGES = ["fr", "nl", "en"]
# Every demo account (demo/staff.py) whose pages differ: each role, and each profession whose menus differ.
DEMO_ACCOUNTS = [
    "direction",
    "coordination",
    "admin",
    "conseiller01",
    "psy1",
    "social",
    "coach.image",
    "coach.etic",
    "entreprises",
    "projets",
    "deies",
]
# The top of each direct child of the bar's one row: the brand, each menu and link, the search slot, the
# language switcher and the account menu.
NAV_ITEM_TOPS = """() => {
    const bar = document.querySelector(".ml-navbar");
    const items = bar.querySelectorAll(
        ".navbar-brand, #main-nav > .navbar-nav > .nav-item, #main-nav > .ml-language, #main-nav > .dropdown, " +
        "[data-header-search]"
    );
    return Array.from(items)
        .filter((el) => el.getBoundingClientRect().width > 0)
        .map((el) => ({text: el.innerText.trim().split("\\n")[0], top: Math.round(el.getBoundingClientRect().top),
                       height: Math.round(el.getBoundingClientRect().height)}));
}"""

ROOM_FOR_SEARCH = """() => {
    // Once the box is there, the one-row check covers it.
    if (document.querySelector("[data-header-search]")) return 1000;
    const menus = document.querySelector("#main-nav > .navbar-nav").getBoundingClientRect();
    const language = document.querySelector("#main-nav > .ml-language").getBoundingClientRect();
    return Math.round(language.left - menus.right);
}"""

# The elements that stick out on the right, the innermost first: what a failure names.
WIDEST = """() => Array.from(document.querySelectorAll("body *"))
    .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .filter((el) => !Array.from(el.children).some(
        (c) => c.getBoundingClientRect().right > el.getBoundingClientRect().right - 1))
    .slice(0, 6)
    .map((el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : "")
                 + " " + Math.round(el.getBoundingClientRect().right))"""


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-BE", "timezone_id": "Europe/Brussels"}


@pytest.fixture(autouse=True)
def _screenshots_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def demo_staff(transactional_db):
    return {user.username: user for user in demo_staff_seed()}


def _use_language(page, live_server, language):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_is_one_row_at_1280_px_for_every_demo_account(
    page, live_server, demo_staff, language, log_in_without_form
):
    page.set_viewport_size({"width": 1280, "height": 800})
    _use_language(page, live_server, language)
    wrapped = []
    for username in DEMO_ACCOUNTS:
        page.context.clear_cookies()
        _use_language(page, live_server, language)
        log_in_without_form(page, demo_staff[username])
        # A page of the product's own layout that every account may open (the administrator's home is Django's
        # admin, which has its own).
        response = page.goto(live_server.url + reverse("password_change"))
        assert response.status == 200, username
        items = page.evaluate(NAV_ITEM_TOPS)
        assert len(items) >= 4, (username, items)
        # One row: every item's middle on the same line (the brand's logo is taller than a link, hence middles).
        middles = {item["top"] + item["height"] // 2 for item in items}
        if max(middles) - min(middles) > 4:
            wrapped.append(f"{username}: {items}")
        # Room left for the header's search box (templates/includes/header_search.html): 15 rem at least.
        room = page.evaluate(ROOM_FOR_SEARCH)
        if room < 240:
            wrapped.append(f"{username}: {room} px left for the search box")
        page.screenshot(path=SCREENSHOTS / f"header-{language}-{username}.png", clip=_header_clip(page))
    assert wrapped == [], "\n".join(wrapped)


def _header_clip(page, height=None):
    box = page.locator(".ml-navbar").bounding_box()
    return {"x": 0, "y": 0, "width": 1280, "height": height or box["height"] + 20}


@pytest.fixture
def phone_world(demo_staff):
    """Conseiller01's caseload with a few files, one with history; a module meeting today with participants;
    a visitor at the EPN."""
    counsellor = demo_staff["conseiller01"]
    today = timezone.localdate()
    accompaniments = [
        AccompanimentFactory(
            counsellor=counsellor,
            job_seeker=JobSeekerFactory(first_name=first, last_name=last),
            started_on=today - datetime.timedelta(days=days),
        )
        for first, last, days in [
            ("Maximilienne-Charlotte", "Van den Heuvel-Vandevelde", 340),
            ("Youssef", "Amrani", 200),
            ("Chloé", "Dubois", 30),
            ("Fatima", "Benali", 90),
        ]
    ]
    person = accompaniments[0].job_seeker
    InterviewFactory(
        job_seeker=person,
        staff=counsellor,
        kind=InterviewKind.INDIVIDUAL,
        occurred_on=today - datetime.timedelta(days=3),
        note="Préparation de l’entretien d’embauche chez un grossiste en matériaux de construction.",
    )
    OutcomeFactory(accompaniment=accompaniments[1], kind=OutcomeKind.CDD, occurred_on=today)
    session = SessionFactory(facilitators=[counsellor], meetings=False, starts_on=today, ends_on=today)
    meeting = MeetingFactory(session=session, date=today)
    for accompaniment in accompaniments:
        EnrolmentFactory(session=session, job_seeker=accompaniment.job_seeker)
    VisitorFactory()
    return counsellor, person, meeting


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_pages_never_scroll_sideways(page, live_server, phone_world, language, log_in_without_form):
    counsellor, person, meeting = phone_world
    page.set_viewport_size({"width": 390, "height": 844})
    _use_language(page, live_server, language)
    log_in_without_form(page, counsellor)
    pages = {
        "caseload": reverse("accompaniment:caseload"),
        "file": reverse("accompaniment:file_detail", args=[person.pk]),
        "attendance": reverse("workshops:attendance_sheet", args=[meeting.pk]),
        "epn": reverse("workshops:epn"),
    }
    overflowing = []
    for name, path in pages.items():
        assert page.goto(live_server.url + path).status == 200, path
        page.screenshot(path=SCREENSHOTS / f"phone-{language}-{name}.png", full_page=True)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 390:
            overflowing.append(f"{name}: {width} px, {page.evaluate(WIDEST)}")
    assert overflowing == []

    page.goto(live_server.url + pages["attendance"])
    excused = page.locator("[data-attendance-row] button[data-status=excused]")
    expect(excused.first).to_be_visible()
    for index in range(excused.count()):
        box = excused.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box


def test_a_menu_opens_and_is_followed_with_the_keyboard(page, live_server, demo_staff, log_in_without_form):
    """The manager reaches the caseloads, in the Files menu, without the mouse."""
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in_without_form(page, demo_staff["coordination"])
    page.goto(live_server.url + reverse("reporting:dashboard"))
    nav = page.get_by_role("navigation", name="Navigation principale")
    menu = nav.get_by_role("button", name="Dossiers")
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    items = nav.get_by_role("link", name="Mon portefeuille")
    expect(items).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(nav.get_by_role("link", name="Portefeuilles")).to_be_focused()
    page.screenshot(path=SCREENSHOTS / "menu-open-fr-coordination.png", clip=_header_clip(page, height=260))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Portefeuilles", level=1)).to_be_visible()
    # The page's area is marked in the bar, and the page in its menu.
    expect(menu).to_have_class(re.compile(r"\bactive\b"))
    expect(nav.get_by_role("link", name="Portefeuilles", include_hidden=True)).to_have_attribute(
        "aria-current", "page"
    )
    page.keyboard.press("Escape")


def test_a_dutch_counsellor_reads_her_day_without_french(page, live_server, phone_world, log_in_without_form):
    """The caseload, a file with a hire the product noted and the attendance sheet, in Dutch in the browser."""
    from tests.missionlocale.test_no_french import _french_fragments, _reference_texts, french_in

    counsellor, person, meeting = phone_world
    accompaniment = person.accompaniments.get()
    OutcomeFactory(
        accompaniment=accompaniment,
        kind=OutcomeKind.CDD,
        system_note=SystemNote.HIRED_AFTER_MATCHING,
        system_note_params={"offer": "Magazijnier"},
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    _use_language(page, live_server, "nl")
    log_in_without_form(page, counsellor)
    fragments, reference = _french_fragments(), _reference_texts()
    found = {}
    for path in [
        reverse("accompaniment:caseload") + "?ordering=-end",
        reverse("accompaniment:file_detail", args=[person.pk]),
        reverse("workshops:attendance_sheet", args=[meeting.pk]),
    ]:
        page.goto(live_server.url + path)
        text = page.locator("body").inner_text()
        # What staff typed (the interview's note) is theirs to write in French.
        text = text.replace(person.interviews.get().note, " ")
        for value in reference:
            text = text.replace(value, " ")
        if french_in(text, fragments):
            found[path] = french_in(text, fragments)
    page.goto(live_server.url + reverse("accompaniment:file_detail", args=[person.pk]))
    expect(page.locator("body")).to_contain_text("Aangeworven na een matching: Magazijnier")
    page.screenshot(path=SCREENSHOTS / "file-nl-conseiller01.png", full_page=True)
    assert found == {}
