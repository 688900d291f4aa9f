"""Safe contact for people fleeing violence: no contact at home, no messages, the address hidden from everyone but
the counsellor of the open accompaniment, in pages and exports."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accompaniment.models import JobSeeker, TeamMember
from accompaniment.perms import can_contact_at_home, can_see_address
from tests.accompaniment.factories import AccompanimentFactory, AppointmentFactory, JobSeekerFactory
from tests.missionlocale.factories import UserFactory

STREET = "Rue des Tanneurs 58"


@pytest.fixture
def accompaniment(db):
    person = JobSeekerFactory(street=STREET, commune="Bruxelles", do_not_contact_at_home=True, address_hidden=True)
    return AccompanimentFactory(job_seeker=person)


def test_the_form_sets_both_flags(client, counsellor):
    client.force_login(counsellor)
    data = {
        "first_name": "Amina",
        "last_name": "El Idrissi",
        "birth_date": "1990-05-15",
        "gender": "F",
        "referral_source": "spontaneous",
        "street": STREET,
        "do_not_contact_at_home": "on",
        "address_hidden": "on",
    }
    page = client.get(reverse("accompaniment:file_create")).content.decode()
    assert 'name="do_not_contact_at_home"' in page and 'name="address_hidden"' in page
    assert client.post(reverse("accompaniment:file_create"), data).status_code == 302
    person = JobSeeker.objects.get()
    assert person.do_not_contact_at_home and person.address_hidden and person.street == STREET
    assert not can_contact_at_home(person)


def test_only_the_counsellor_sees_the_hidden_address(client, accompaniment):
    person = accompaniment.job_seeker
    psychologist = UserFactory(psychologist=True)
    TeamMember.objects.create(job_seeker=person, user=psychologist)
    for user in (UserFactory(manager=True), psychologist, UserFactory(counsellor=True)):
        client.force_login(user)
        page = client.get(reverse("accompaniment:file_detail", args=[person.pk])).content.decode()
        assert STREET not in page and "Masquée" in page
        assert 'data-testid="safe-contact-banner"' in page and "Ne pas contacter au domicile" in page
        assert "Pas de message" in page and person.phone in page  # the phone stays, flagged
    client.force_login(accompaniment.counsellor)
    page = client.get(reverse("accompaniment:file_detail", args=[person.pk])).content.decode()
    assert STREET in page and 'data-testid="safe-contact-banner"' in page


def test_nobody_sees_it_once_no_accompaniment_is_open(accompaniment):
    accompaniment.status, accompaniment.closed_on = "closed", accompaniment.started_on
    accompaniment.save()
    person = JobSeeker.objects.get(pk=accompaniment.job_seeker_id)
    assert not can_see_address(accompaniment.counsellor, person)


def test_a_manager_editing_the_file_neither_sees_nor_unhides_the_address(client, accompaniment):
    person = accompaniment.job_seeker
    client.force_login(UserFactory(manager=True))
    url = reverse("accompaniment:file_edit", args=[person.pk])
    page = client.get(url).content.decode()
    assert STREET not in page and 'name="street"' not in page
    data = {
        "first_name": person.first_name,
        "last_name": "Nouveau-Nom",
        "birth_date": person.birth_date.isoformat(),
        "gender": person.gender,
        "referral_source": person.referral_source,
        "actiris_number": person.actiris_number,
        "phone": person.phone,
        "street": "",  # ignored: the field is not in the form
        "do_not_contact_at_home": "on",
        # address_hidden left unticked: the field is disabled, it stays on
        "version": person.version,
    }
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.last_name == "Nouveau-Nom" and person.street == STREET and person.address_hidden
    # The counsellor may change the address and lift the flag.
    client.force_login(accompaniment.counsellor)
    assert STREET in client.get(url).content.decode()
    client.post(url, {**data, "street": "Ailleurs 1", "address_hidden": "", "version": person.version})
    person.refresh_from_db()
    assert person.street == "Ailleurs 1" and not person.address_hidden


def test_caseload_row_warns_and_exports_carry_no_address(client, accompaniment, django_assert_max_num_queries):
    for _index in range(10):
        AccompanimentFactory(counsellor=accompaniment.counsellor)
    client.force_login(accompaniment.counsellor)
    # 13: the counter of accompaniments without a recent interview (issue 13) is one count.
    with django_assert_max_num_queries(13):
        page = client.get(reverse("accompaniment:caseload")).content.decode()
    assert page.count('data-testid="safe-contact"') == 1 and "Adresse masquée" in page
    csv_export = client.post(reverse("accompaniment:caseload_export")).content.decode("utf-8-sig")
    assert accompaniment.job_seeker.last_name in csv_export and STREET not in csv_export
    manager = UserFactory(manager=True)
    client.force_login(manager)
    year = accompaniment.started_on.year
    listing = client.get(reverse("reporting:dashboard_list_export", args=["accompanied", "csv"]), {"year": year})
    assert accompaniment.job_seeker.last_name in listing.content.decode("utf-8-sig")
    assert STREET not in listing.content.decode("utf-8-sig")


def test_agenda_ics_names_no_address(client, accompaniment):
    AppointmentFactory(
        job_seeker=accompaniment.job_seeker,
        staff=accompaniment.counsellor,
        at=timezone.now() + datetime.timedelta(days=2),
        place="Rue des Tanneurs 12",
    )
    client.force_login(accompaniment.counsellor)
    ics = client.get(reverse("accompaniment:agenda_ics")).content.decode()
    assert "BEGIN:VEVENT" in ics and "Tanneurs" not in ics and "LOCATION" not in ics


@pytest.mark.parametrize("role", ["manager", "team psychologist", "team counsellor"])
def test_who_may_not_see_the_address_may_not_lift_do_not_contact_at_home_either(client, accompaniment, role):
    """Issue 12, item 8: "do not contact at home" is locked like the hidden address."""
    person = accompaniment.job_seeker
    if role == "manager":
        editor = UserFactory(manager=True)
    else:
        editor = UserFactory(**({"psychologist": True} if role == "team psychologist" else {"counsellor": True}))
        TeamMember.objects.create(job_seeker=person, user=editor)
    assert not can_see_address(editor, person)
    client.force_login(editor)
    url = reverse("accompaniment:file_edit", args=[person.pk])
    form = client.get(url).context["form"]
    assert form.fields["do_not_contact_at_home"].disabled and form.fields["address_hidden"].disabled
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_date": person.birth_date.isoformat(),
        "gender": person.gender,
        "referral_source": person.referral_source,
        "actiris_number": person.actiris_number,
        "phone": person.phone,
        # both flags left unticked: neither may change
        "version": person.version,
    }
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.do_not_contact_at_home and person.address_hidden
    # The counsellor of the open accompaniment, who sees the address, may lift both.
    client.force_login(accompaniment.counsellor)
    assert not client.get(url).context["form"].fields["do_not_contact_at_home"].disabled
    client.post(url, {**data, "street": STREET, "version": person.version})
    person.refresh_from_db()
    assert not person.do_not_contact_at_home and not person.address_hidden


def test_a_visible_address_leaves_do_not_contact_at_home_editable_by_the_team(client, db):
    person = JobSeekerFactory(do_not_contact_at_home=True, address_hidden=False)
    AccompanimentFactory(job_seeker=person)
    client.force_login(UserFactory(manager=True))
    form = client.get(reverse("accompaniment:file_edit", args=[person.pk])).context["form"]
    assert not form.fields["do_not_contact_at_home"].disabled
