"""Every main page of every app passes axe-core with no serious or critical violation, for each role.

axe-core is vendored under static/vendor/axe-core/ (scripts/vendor-test-assets.sh) and injected here only:
no page of the product loads it. The context bypasses the Content-Security-Policy so that the injected
script may run (the policy forbids inline scripts, as it should for users).
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.matrix import ALL_ROLES
from tests.missionlocale.factories import UserFactory
from tests.test_permission_matrix import APP_MATRICES
from tests.workshops.factories import MeetingFactory

pytestmark = pytest.mark.e2e
AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "accessibility"
RUN_AXE = """async () => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" ") + " :: " + n.failureSummary.split("\\n")[1]),
        }));
}"""


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-BE", "timezone_id": "Europe/Brussels", "bypass_csp": True}


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    """The permission matrix's scenario (one object of each kind), plus the two employer professions."""
    from missionlocale.roles import roles_sync
    from tests.workshops.factories import reference_data

    settings.MEDIA_ROOT = tmp_path
    # An earlier transactional test may have flushed what the migrations created: permissions, groups and
    # reference data.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    roles_sync()
    reference_data()
    users = {role: UserFactory(**{role: True}) for role in ALL_ROLES}
    users["employer_relations"] = UserFactory(employer_relations=True)
    users["deies_supervisor"] = UserFactory(deies_supervisor=True)
    objects = {}
    for matrix in APP_MATRICES:
        objects[matrix.__name__.split(".")[1]] = matrix.make_objects(users)
    # A meeting today on any day of the week: the session page highlights its row, which must pass too.
    MeetingFactory(session=objects["workshops"]["session"])
    return users, objects


def _pages(role, o) -> list[str]:
    a, w, e = o["accompaniment"], o["workshops"], o["employers"]
    year = timezone.localdate().year - 1
    files = [
        reverse("accompaniment:today"),
        reverse("accompaniment:caseload"),
        reverse("accompaniment:agenda"),
        reverse("accompaniment:agenda") + "?view=month",
        reverse("accompaniment:appointment_create"),
        reverse("accompaniment:file_search"),
        reverse("accompaniment:file_detail", args=[a["file"].pk]),
        reverse("accompaniment:file_history", args=[a["file"].pk]),
        reverse("employers:job_seeker_matchings", args=[e["file"].pk]),
        reverse("workshops:file_enrolments", args=[w["workshop_file"].pk]),
    ]
    workshops = [
        reverse("workshops:modules"),
        reverse("workshops:sessions"),
        reverse("workshops:session_detail", args=[w["session"].pk]),
        reverse("workshops:epn"),
        reverse("workshops:visitor_detail", args=[w["visitor"].pk]),
        reverse("workshops:coaching"),
        reverse("workshops:projects"),
        reverse("workshops:project_detail", args=[w["local_project"].pk]),
    ]
    employers_read = [
        reverse("employers:employer_list"),
        reverse("employers:employer_detail", args=[e["employer"].pk]),
        reverse("employers:offer_list"),
        reverse("employers:offer_detail", args=[e["offer"].pk]),
        reverse("employers:event_list"),
        reverse("employers:job_day_detail", args=[e["job_day"].pk]),
        reverse("employers:contract_list"),
    ]
    employers_manage = [
        reverse("employers:employer_create"),
        reverse("employers:follow_ups"),
        reverse("employers:offer_create"),
        reverse("employers:job_day_create"),
        reverse("employers:session_create"),
        reverse("employers:concertation_create"),
    ]
    deies = [
        reverse("employers:contract_detail", args=[e["contract"].pk]),
        reverse("employers:contract_create"),
        reverse("employers:headcount"),
    ]
    pages = {
        "counsellor": [
            *files,
            reverse("accompaniment:file_edit", args=[a["file"].pk]),
            reverse("accompaniment:file_create"),
            # A file with a document, and the form that adds one.
            reverse("accompaniment:file_detail", args=[o["documents"]["document_file"].pk]),
            reverse("documents:document_upload", args=[o["documents"]["document_file"].pk]),
            *workshops,
            reverse("workshops:attendance_sheet", args=[w["meeting"].pk]),
            reverse("workshops:meeting_edit", args=[w["meeting"].pk]),
            reverse("workshops:session_edit", args=[w["session"].pk]),
            reverse("workshops:session_create"),
            *employers_read[:2],
            reverse("password_change"),
            reverse("accompaniment:calendar_feeds"),
            # The page behind a reminder's link, which the person opens on their phone.
            reverse("accompaniment:reminder_answer", args=[a["reminder_token"]]),
        ],
        "psychologist": files[:5],
        "manager": [
            reverse("accompaniment:caseloads"),
            reverse("privacy:access_log"),
            reverse("accompaniment:import_referrals"),
            reverse("accompaniment:caseload") + f"?counsellor={o['users']['counsellor'].pk}",
            reverse("reporting:dashboard"),
            reverse("reporting:dashboard_list", args=["accompanied"]),
            *employers_read,
            *employers_manage,
            *deies,
            reverse("employers:employer_edit", args=[e["employer"].pk]),
            reverse("employers:offer_edit", args=[e["offer"].pk]),
            reverse("employers:contract_edit", args=[e["contract"].pk]),
        ],
        "director": [
            reverse("reporting:dashboard"),
            reverse("reporting:reports"),
            reverse("reporting:report_texts", args=[year]),
            reverse("reporting:objective", args=[year]),
            # With the matrix's logo of a funder and image of a section, shown embedded.
            reverse("reporting:report_images", args=[2024]),
            reverse("reporting:identity"),
        ],
        "administrator": [reverse("home")],
        "employer_relations": [reverse("employers:follow_ups"), reverse("employers:employer_list")],
        "deies_supervisor": [reverse("employers:headcount"), reverse("employers:contract_list")],
        None: [
            reverse("login"),
            reverse("password_reset"),
            reverse("password_reset_done"),
            reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "set-password"}),
            reverse("password_reset_complete"),
        ],
    }
    return pages[role]


def _violations(page, label) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(RUN_AXE)
    if found:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{label.strip('/').replace('/', '_') or 'home'}.png", full_page=True)
    return [f"{label}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}" for v in found]


@pytest.mark.parametrize(
    "role",
    [
        "counsellor",
        "psychologist",
        "manager",
        "director",
        "administrator",
        "employer_relations",
        "deies_supervisor",
        None,
    ],
)
def test_every_main_page_passes_axe(page, live_server, world, role, log_in_without_form):
    users, objects = world
    objects["users"] = users
    if role:
        log_in_without_form(page, users[role])
    problems = []
    for path in _pages(role, objects):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        # The parts a page loads in requests of their own (the dashboard's) are checked too, once they are in.
        page.wait_for_function("!document.querySelector('[hx-get][aria-busy=true]')")
        problems += _violations(page, path)
    assert problems == [], "\n".join(problems)


def test_the_file_page_with_an_interview_form_in_error_and_the_search_results_pass_axe(
    page, live_server, world, log_in_without_form
):
    users, objects = world
    log_in_without_form(page, users["counsellor"])
    person = objects["accompaniment"]["file"]
    page.goto(live_server.url + reverse("accompaniment:file_detail", args=[person.pk]))
    form = page.locator("#interview-form-region")
    form.locator("[name=occurred_on]").fill((timezone.localdate() + datetime.timedelta(days=3)).isoformat())
    form.locator("[name=duration_minutes]").fill("45")
    form.locator("button[type=submit]").click()
    form.locator(".invalid-feedback, .is-invalid").first.wait_for()
    problems = _violations(page, "interview form in error")

    page.goto(live_server.url + reverse("accompaniment:file_search"))
    page.locator("main [name=q]").fill(person.last_name)
    page.locator("main [name=q]").press("Enter")
    page.get_by_role("link", name=person.last_name, exact=False).first.wait_for()
    problems += _violations(page, "file search results")
    assert problems == [], "\n".join(problems)
