"""One policy decides who sees each protected field of a file (accompaniment/policy.py), and every page and
export that can show one goes through it (issue 12, item 1).

A safe-contact file with a distinctive address, NISS and confidential note; the address then changes, so the
history holds a before and an after. Each role fetches every page and export that could show these values,
and each value appears exactly where the policy lets that role see it.
"""

import io
import json

import pytest
from django.contrib import admin
from django.urls import reverse
from openpyxl import load_workbook

from accompaniment import policy, services
from accompaniment.models import Interview, JobSeeker, TeamMember
from missionlocale.personal_data import Kind, classification
from reporting.annual import annual_indicators
from tests.accompaniment.factories import AccompanimentFactory, InterviewFactory, JobSeekerFactory
from tests.missionlocale.factories import UserFactory
from tests.privacy.factories import open_access_request

NISS = "85073003328"
# Each protected field and the distinctive strings that would reveal it.
REVEALS = {
    "street": ["Rue du Départ Secret 17", "Avenue du Refuge Caché 404"],
    "commune": ["Watermael-Boitsfort", "Berchem-Sainte-Agathe"],
    "niss": [NISS, "85.07.30-033.28"],
    "note": ["Violences conjugales : récit confidentiel"],
}
ROLES = ["counsellor_of_file", "other_counsellor", "psychologist", "coach", "manager", "director", "administrator"]
# What each role may see of this file (accompaniment/policy.py): the hidden address for the counsellor of the open
# accompaniment only, the NISS for the team (the psychologist is in it), the confidential note for psychologists.
VISIBLE = {
    "counsellor_of_file": {"street", "commune", "niss"},
    "other_counsellor": set(),
    "psychologist": {"niss", "note"},
    "coach": set(),
    "manager": set(),
    "director": set(),
    "administrator": set(),
}
# Editing is the one deliberate exception: whoever may edit the file gets its NISS in the form, an unmasking
# written in the access log (accompaniment.views.files.file_edit), as with the « Show » button.
VISIBLE_IN_EDIT_FORM = {"niss"}


@pytest.fixture
def scenario(db):
    users = {
        "counsellor_of_file": UserFactory(counsellor=True),
        "other_counsellor": UserFactory(counsellor=True),
        "psychologist": UserFactory(psychologist=True),
        "coach": UserFactory(profession="image_coach"),
        "manager": UserFactory(manager=True),
        "director": UserFactory(director=True),
        "administrator": UserFactory(administrator=True),
    }
    person = JobSeekerFactory(
        last_name="Zyxwvutsrq",
        niss=NISS,
        street=REVEALS["street"][0],
        postcode="1170",
        commune=REVEALS["commune"][0],
    )
    AccompanimentFactory(job_seeker=person, counsellor=users["counsellor_of_file"])
    TeamMember.objects.create(job_seeker=person, user=users["psychologist"])
    InterviewFactory(job_seeker=person, staff=users["psychologist"], confidential=True, note=REVEALS["note"][0])
    # She moves and the counsellor hides the address in the same save: the history has before and after.
    services.job_seeker_update(
        job_seeker=person,
        acting_user=users["counsellor_of_file"],
        street=REVEALS["street"][1],
        postcode="1082",
        commune=REVEALS["commune"][1],
        address_hidden=True,
        do_not_contact_at_home=True,
    )
    person.refresh_from_db()
    return users, person


def _xlsx_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content))
    return "\n".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)


def _everything_shown(client, user, person, counsellor) -> dict[str, str]:
    """Every page and export that could show the file's protected fields, as this user gets them."""
    client.force_login(user)
    shown = {}

    def get(name, url, method="get", data=None, decode=lambda r: r.content.decode()):
        response = getattr(client, method)(url, data or {}, follow=True)
        shown[name] = decode(response) if response.status_code == 200 else ""

    get("file page and timeline", reverse("accompaniment:file_detail", args=[person.pk]))
    get("history", reverse("accompaniment:file_history", args=[person.pk]))
    get("search results", reverse("accompaniment:file_search"), "post", {"q": person.last_name})
    get("own caseload", reverse("accompaniment:caseload"))
    get("own caseload CSV", reverse("accompaniment:caseload_export"))
    get("counsellor's caseload", reverse("accompaniment:caseload") + f"?counsellor={counsellor.pk}")
    get("counsellor's caseload CSV", reverse("accompaniment:caseload_export") + f"?counsellor={counsellor.pk}")
    for kind in ("accompanied", "ending_soon"):
        get(f"dashboard list {kind}", reverse("reporting:dashboard_list", args=[kind]))
        get(f"dashboard list {kind} CSV", reverse("reporting:dashboard_list_export", args=[kind, "csv"]))
        xlsx = reverse("reporting:dashboard_list_export", args=[kind, "xlsx"])
        get(f"dashboard list {kind} XLSX", xlsx, decode=lambda r: _xlsx_text(r.content))
    get("dashboard XLSX", reverse("reporting:dashboard_export", args=["xlsx"]), decode=lambda r: _xlsx_text(r.content))
    get("admin index", reverse("admin:index"))
    for model in admin.site._registry:
        opts = model._meta
        get(f"admin {opts.label}", reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    return shown


@pytest.mark.parametrize("field", sorted(REVEALS))
@pytest.mark.parametrize("role", ROLES)
def test_a_protected_field_shows_only_where_the_policy_allows(client, scenario, role, field):
    users, person = scenario
    user = users[role]
    shown = _everything_shown(client, user, person, users["counsellor_of_file"])
    expected = field in VISIBLE[role]
    leaks = [f"{page}: {text!r}" for page, content in shown.items() for text in REVEALS[field] if text in content]
    if expected:
        # In clear on the file page and, for the address, both before and after in the history.
        assert all(text in shown["file page and timeline"] for text in REVEALS[field][-1:])
        if field in ("street", "commune"):  # the only ones that changed
            assert all(text in shown["history"] for text in REVEALS[field][:1] + REVEALS[field][-1:])
        leaks = [leak for leak in leaks if not leak.startswith(("file page", "history"))]
    assert leaks == []
    # The edit form, for those who may edit the file.
    client.force_login(user)
    response = client.get(reverse("accompaniment:file_edit", args=[person.pk]))
    if response.status_code == 200:
        form = response.content.decode()
        in_form = field in VISIBLE[role] or field in VISIBLE_IN_EDIT_FORM
        assert any(text in form for text in REVEALS[field]) is (in_form and field != "note")


def test_the_policy_function_agrees_with_the_table(scenario):
    users, person = scenario
    interview = Interview.objects.get(confidential=True)
    for role, user in users.items():
        for name in ("street", "postcode", "commune", "niss"):
            expected = (name if name != "postcode" else "street") in VISIBLE[role]
            assert policy.field_visible(user=user, instance=person, field_name=name) is expected, (role, name)
        assert policy.field_visible(user=user, instance=interview, field_name="note") is ("note" in VISIBLE[role])
        # Fields that are not protected are not the policy's business.
        assert policy.field_visible(user=user, instance=person, field_name="last_name")


def test_every_protected_field_has_a_rule():
    """A new protected field is shown to nobody until it has a rule: this says which one is missing."""
    from django.apps import apps

    missing = [
        f"{model._meta.label}.{name}"
        for model in apps.get_models()
        if hasattr(model, "PERSONAL_DATA")
        for name, kind in classification(model).items()
        if kind is Kind.PROTECTED and (model, name) not in policy.RULES
    ]
    assert missing == []


def test_a_file_without_hidden_address_shows_it_to_readers_but_not_to_the_administrator(db):
    person = JobSeekerFactory(street="Rue Visible 3")
    AccompanimentFactory(job_seeker=person)
    assert policy.field_visible(user=UserFactory(counsellor=True), instance=person, field_name="street")
    assert not policy.field_visible(user=UserFactory(administrator=True), instance=person, field_name="street")
    assert not policy.field_visible(user=UserFactory(director=True), instance=person, field_name="street")


def test_the_admin_shows_no_file_nor_its_history():
    registered = {model._meta.label for model in admin.site._registry}
    assert not {"accompaniment.JobSeeker", "accompaniment.Interview", "accompaniment.HistoricalJobSeeker"} & registered


def test_the_annual_report_names_nobody(scenario):
    _users, person = scenario
    data = json.dumps(annual_indicators(year=person.created_at.year, cutoff=person.created_at.date()), default=str)
    for texts in REVEALS.values():
        assert not any(text in data for text in texts)
    assert person.last_name not in data


def test_the_import_report_echoes_no_niss_nor_address(client, scenario):
    users, _person = scenario
    client.force_login(users["manager"])
    header = "actiris_number;last_name;first_name;birth_date;gender;referral_date;niss;street;postcode;commune"
    row = "A1;Nom;Prénom;15/05/1990;F;01/01/2025;85073003329;Rue Écho Interdit 9;9999;Commune-Écho"
    upload = io.BytesIO(f"{header}\n{row}\n".encode())
    upload.name = "referrals.csv"
    page = client.post(reverse("accompaniment:import_referrals"), {"file": upload}).content.decode()
    assert "Nothing was imported" in page or "Rien n" in page
    for text in ("85073003329", "Rue Écho Interdit 9", "9999", "Commune-Écho"):
        assert text not in page


def test_the_conflict_page_masks_the_hidden_address(client, scenario):
    """Two editors, one of whom may not see the address: the conflict page lists the other's change masked."""
    users, person = scenario
    manager = users["manager"]
    stale = person.version
    services.job_seeker_update(
        job_seeker=JobSeeker.objects.get(pk=person.pk),
        acting_user=users["counsellor_of_file"],
        street="Rue Conflit Secret 8",
    )
    client.force_login(manager)
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_date": person.birth_date.isoformat(),
        "gender": person.gender,
        "referral_source": person.referral_source,
        "version": stale,
    }
    page = client.post(reverse("accompaniment:file_edit", args=[person.pk]), data).content.decode()
    assert "Rue Conflit Secret 8" not in page and REVEALS["street"][1] not in page


def test_the_access_export_gives_the_person_their_address_and_niss_and_withholds_the_note(client, scenario):
    """The export is the person's own data (item 3): their hidden address and NISS are theirs; the psychologist's
    confidential note is listed as withheld until a psychologist adds it."""
    users, person = scenario
    open_access_request(person, users["manager"])
    client.force_login(users["manager"])
    text = client.get(reverse("privacy:personal_data_json", args=[person.pk])).content.decode()
    assert all(value in text for value in (*REVEALS["street"], *REVEALS["commune"], NISS))
    assert REVEALS["note"][0] not in text
