import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accompaniment.models import Outcome
from employers.enums import MatchingStatus, TrainingKind
from employers.models import (
    Certification,
    CertificationKind,
    ContractTraining,
    Employer,
    EmployerContact,
    InsertionContract,
    JobDay,
    JobDayGuest,
    Matching,
    ProspectionContact,
)
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory
from tests.employers.factories import (
    ContractFactory,
    EmployerFactory,
    JobOfferFactory,
    MatchingFactory,
    ProspectionContactFactory,
)
from tests.missionlocale.factories import UserFactory

D = datetime.date


@pytest.fixture
def officer(db):
    return UserFactory(employer_relations=True, username="celine")


@pytest.fixture
def supervisor(db):
    return UserFactory(deies_supervisor=True, username="olivier")


def test_directory_and_offers_pin_their_queries(client, officer, django_assert_max_num_queries):
    for index in range(30):
        employer = EmployerFactory()
        ProspectionContactFactory(employer=employer, staff=officer)
        JobOfferFactory(employer=employer, opened_on=D(2024, 1, 1) + datetime.timedelta(days=index))
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("employers:employer_list"))
    assert response.status_code == 200 and response.content.decode().count("/employers/") >= 30
    busy = JobOfferFactory(employer=employer, title="Magasinier·ère", opened_on=D(2024, 6, 1))
    MatchingFactory.create_batch(3, offer=busy)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("employers:offer_list") + "?show=all")
    assert response.status_code == 200 and "31 offres" in response.content.decode()
    counts = {offer.title: offer.candidate_count for offer in response.context["page"]}
    assert counts["Magasinier·ère"] == 3 and counts["Vendeur·euse"] == 0


def test_the_directory_shows_each_employer_s_last_contact_and_open_offers_a_page_at_a_time(
    client, officer, django_assert_max_num_queries
):
    for index in range(55):
        EmployerFactory(name=f"Entreprise {index:02d}")
    busy = EmployerFactory(name="Aaa Boulangerie")
    ProspectionContactFactory(employer=busy, contacted_on=D(2024, 3, 1))
    ProspectionContactFactory(employer=busy, contacted_on=D(2024, 9, 15))
    JobOfferFactory(employer=busy)
    JobOfferFactory(employer=busy)
    JobOfferFactory(employer=busy, closed_on=D(2024, 10, 1))
    client.force_login(officer)

    with django_assert_max_num_queries(12):
        first = client.get(reverse("employers:employer_list"))
    with django_assert_max_num_queries(12):
        second = client.get(reverse("employers:employer_list"), {"page": 2}).content.decode()

    rows = {employer.name: employer for employer in first.context["page"]}
    assert (rows["Aaa Boulangerie"].last_contact_on, rows["Aaa Boulangerie"].open_offer_count) == (D(2024, 9, 15), 2)
    assert (rows["Entreprise 00"].last_contact_on, rows["Entreprise 00"].open_offer_count) == (None, 0)
    first = first.content.decode()
    assert "15/09/2024" in first and "56 employeurs" in first and "Entreprise 48" in first
    assert "Entreprise 49" not in first and 'page=2">Suivant' in first
    assert "Entreprise 49" in second and "Entreprise 54" in second


def test_offer_board_and_person_board_pin_their_queries(client, officer, django_assert_max_num_queries):
    offer = JobOfferFactory()
    people = [AccompanimentFactory().job_seeker for _index in range(20)]
    for person in people:
        MatchingFactory(job_seeker=person, offer=offer)
    for _index in range(10):
        MatchingFactory(job_seeker=people[0])
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("employers:offer_detail", args=[offer.pk]))
    assert "20 candidat·es" in response.content.decode()
    # + the access log of rule 5 (the officer is not in the team): the team lookup and one insert.
    with django_assert_max_num_queries(15):
        response = client.get(reverse("employers:job_seeker_matchings", args=[people[0].pk]))
    assert response.status_code == 200


def test_contract_list_headcount_and_events_pin_their_queries(client, supervisor, django_assert_max_num_queries):
    today = timezone.localdate()
    for index in range(25):
        ContractFactory(
            started_on=today - datetime.timedelta(days=300 - index),
            planned_end_on=today + datetime.timedelta(days=index * 3),
        )
    client.force_login(supervisor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("employers:contract_list"))
    assert "25 contrats" in response.content.decode()
    with django_assert_max_num_queries(16):  # one query per figure, whatever the number of contracts
        response = client.get(reverse("employers:headcount"))
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="peak">25<' in page
    assert page.count("<rect") == 365 or page.count("<rect") == 366
    assert len(response.context["ending"]) == 21  # planned ends 0, 3, … 60 days ahead
    officer = UserFactory(employer_relations=True)
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("employers:event_list")).status_code == 200


def test_the_event_list_shows_the_newest_job_days_with_their_counts_in_bounded_queries(
    client, officer, django_assert_max_num_queries
):
    JobDay.objects.bulk_create(
        JobDay(title=f"Salon {index:03d}", held_on=D(2020, 1, 1) + datetime.timedelta(days=index))
        for index in range(101)
    )
    newest = JobDay.objects.create(title="Salon de la vente", held_on=D(2024, 5, 14))
    newest.employers.set(EmployerFactory.create_batch(3))
    people = [JobSeekerFactory() for _index in range(4)]
    for index, person in enumerate(people):
        JobDayGuest.objects.create(job_day=newest, job_seeker=person, present=index < 3)
    MatchingFactory(job_seeker=people[0], job_day=newest)
    MatchingFactory(job_seeker=people[1], job_day=newest)
    client.force_login(officer)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("employers:event_list"))

    page = response.content.decode()
    # The newest first, bounded to a hundred; 3 employers, 4 invited, 3 present, 2 matchings.
    assert page.index("Salon de la vente") < page.index("Salon 100")
    assert "Salon 002" in page and "Salon 001" not in page
    row = page[page.index("Salon de la vente") :].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split('class="text-end">')[1:]] == ["3", "4", "3", "2"]


def test_duplicate_employer_is_shown_and_saved_only_when_confirmed(client, officer):
    existing = EmployerFactory(name="Boulangerie Léon", postcode="1000", enterprise_number=None)
    client.force_login(officer)
    data = {"name": "BOULANGERIE LEON", "postcode": "1000", "size_band": "tpe", "commune": "Bruxelles"}

    response = client.post(reverse("employers:employer_create"), data)

    assert response.status_code == 200
    assert "rien n’a été enregistré" in response.content.decode()
    assert existing.name in response.content.decode()
    assert Employer.objects.count() == 1
    response = client.post(reverse("employers:employer_create"), {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302 and Employer.objects.count() == 2


def test_bad_enterprise_number_changes_nothing(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("employers:employer_create"),
        {"name": "Snack", "size_band": "tpe", "enterprise_number": "0403.170.702"},
    )
    assert "chiffres de contrôle" in response.content.decode()
    assert not Employer.objects.exists()


@time_machine.travel(datetime.datetime(2025, 3, 12, 10, tzinfo=ZoneInfo("Europe/Brussels")))
def test_follow_ups_come_a_page_at_a_time_in_bounded_queries(client, officer, django_assert_max_num_queries):
    for index in range(55):
        ProspectionContactFactory(
            employer=EmployerFactory(name=f"Entreprise {index:02d}"),
            staff=officer,
            next_step="Rappeler",
            next_step_due_on=D(2025, 1, 20) + datetime.timedelta(days=index),
        )
    client.force_login(officer)

    with django_assert_max_num_queries(10):
        first = client.get(reverse("employers:follow_ups")).content.decode()
    with django_assert_max_num_queries(10):
        second = client.get(reverse("employers:follow_ups"), {"page": 2}).content.decode()

    # The most overdue first, fifty a page, with a link to the rest.
    assert "Entreprise 00" in first and "Entreprise 49" in first and "Entreprise 50" not in first
    assert "Page 1 sur 2" in first and 'page=2">Suivant' in first
    assert "Entreprise 50" in second and "Entreprise 54" in second and "Entreprise 49" not in second


def test_prospection_and_follow_ups_due(client, officer):
    employer = EmployerFactory(name="Garage Dubois")
    today = timezone.localdate()
    client.force_login(officer)
    response = client.post(
        reverse("employers:prospection_create", args=[employer.pk]),
        {
            "kind": "visit",
            "contacted_on": today.isoformat(),
            "subject": "Présentation",
            "next_step": "Envoyer des CV",
            "next_step_due_on": (today + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    ProspectionContactFactory(staff=UserFactory(employer_relations=True), next_step="x", next_step_due_on=today)
    response = client.get(reverse("employers:follow_ups"))
    assert "Garage Dubois" in response.content.decode() and "Envoyer des CV" in response.content.decode()
    assert len(response.context["page"].object_list) == 1  # only mine
    contact = ProspectionContact.objects.get(employer=employer)
    client.post(reverse("employers:follow_up_done", args=[contact.pk]))
    assert "Rien à faire" in client.get(reverse("employers:follow_ups")).content.decode()
    # A due date before the contact is refused in French, and nothing is saved.
    response = client.post(
        reverse("employers:prospection_create", args=[employer.pk]),
        {
            "kind": "phone",
            "contacted_on": today.isoformat(),
            "subject": "Rappel",
            "next_step": "x",
            "next_step_due_on": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert "ne peut pas être due avant le contact" in response.content.decode()
    assert ProspectionContact.objects.filter(employer=employer).count() == 1


def test_propose_move_to_hired_and_record_the_exit_once(client, officer):
    accompaniment = AccompanimentFactory(started_on=timezone.localdate() - datetime.timedelta(days=100))
    offer = JobOfferFactory(contract_type="cdd")
    client.force_login(officer)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("employers:offer_propose", args=[offer.pk]),
        {"job_seeker": accompaniment.job_seeker_id, "proposed_on": today},
    )
    assert response.status_code == 302
    matching = Matching.objects.get()
    response = client.post(
        reverse("employers:matching_move", args=[matching.pk]), {"status": "hired", "changed_on": today}
    )
    assert response.status_code == 302
    url = reverse("employers:matching_record_outcome", args=[matching.pk])
    client.post(url)
    client.post(url)  # a second click
    assert Outcome.objects.filter(accompaniment=accompaniment).count() == 1
    response = client.get(reverse("accompaniment:file_detail", args=[accompaniment.job_seeker_id]))
    page = response.content.decode()
    assert f"Proposé·e à {offer.employer.name}" in page and "Engagé·e" in page


def test_not_retained_needs_a_reason_in_french(client, officer):
    matching = MatchingFactory(offer=JobOfferFactory())
    client.force_login(officer)
    response = client.post(
        reverse("employers:matching_move", args=[matching.pk]),
        {"status": "not_retained", "changed_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert "Indiquez pourquoi la personne n’a pas été retenue." in response.content.decode()
    matching.refresh_from_db()
    assert matching.status == MatchingStatus.PROPOSED


def test_people_search_finds_by_name_and_never_by_get(client, officer):
    JobSeekerFactory(first_name="Fatima", last_name="Benali")
    client.force_login(officer)
    response = client.post(reverse("employers:people_search"), {"q": "benali"})
    assert "BENALI Fatima" in response.content.decode()
    assert client.get(reverse("employers:people_search") + "?q=benali").status_code == 405


def test_counsellor_sees_their_workers_contract_only(client, db):
    counsellor = UserFactory(counsellor=True)
    mine = ContractFactory(worker=AccompanimentFactory(counsellor=counsellor).job_seeker)
    other = ContractFactory()
    client.force_login(counsellor)
    response = client.get(reverse("employers:contract_list") + "?show=all")
    assert list(response.context["page"]) == [mine]
    assert client.get(reverse("employers:contract_detail", args=[other.pk])).status_code == 404
    # On the worker's file, the counsellor sees the contract on the timeline.
    page = client.get(reverse("accompaniment:file_detail", args=[mine.worker_id])).content.decode()
    assert "Régie Récube" in page


def test_supervisor_records_a_contract_its_trainings_and_its_end(client, supervisor):
    person = JobSeekerFactory()
    client.force_login(supervisor)
    response = client.post(
        reverse("employers:contract_create"),
        {
            "worker": person.pk,
            "measure": "deies",
            "worksite": InsertionContract._meta.get_field("worksite").related_model.objects.get(name="ASBL MOVE").pk,
            "job_title": "Agent·e de mobilité",
            "started_on": "2026-01-05",
            "planned_end_on": "2027-01-04",
            "fte": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()
    contract = InsertionContract.objects.get()
    response = client.post(
        reverse("employers:training_create", args=[contract.pk]),
        {"kind": "internal", "title": "Sécurité", "hours": "14", "trained_on": "2025-12-01"},
    )
    assert "pendant le contrat" in response.content.decode() and not contract.trainings.exists()
    client.post(
        reverse("employers:training_create", args=[contract.pk]),
        {"kind": "internal", "title": "Sécurité", "hours": "14", "trained_on": "2026-02-01"},
    )
    response = client.post(
        reverse("employers:contract_end", args=[contract.pk]),
        {"ended_on": "2026-06-30", "end_reason": "employment", "situation_at_end": "employment", "version": 1},
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert (contract.ended_on, contract.trainings.count()) == (D(2026, 6, 30), 1)
    assert contract.history.count() == 2


def test_employer_job_day_and_contract_pages_pin_their_queries(
    client, officer, supervisor, django_assert_max_num_queries
):
    employer = EmployerFactory()
    job_day = JobDay.objects.create(title="Job Day Horeca", held_on=D(2026, 3, 1))
    contract = ContractFactory(supervisor=supervisor)
    for index in range(8):
        EmployerContact.objects.create(employer=employer, name=f"Contact {index}")
        ProspectionContactFactory(employer=employer, staff=UserFactory(employer_relations=True))
        MatchingFactory(offer=JobOfferFactory(employer=employer, title=f"Offre {index}"), employer=employer)
        guest_of = EmployerFactory(name=f"Participant {index}")
        job_day.employers.add(guest_of)
        job_day.offers.add(JobOfferFactory(employer=guest_of))
        JobDayGuest.objects.create(job_day=job_day, job_seeker=JobSeekerFactory(last_name=f"Invité{index}"))
        MatchingFactory(job_day=job_day, employer=guest_of)
        ContractTraining.objects.create(
            contract=contract,
            kind=TrainingKind.INTERNAL,
            title=f"Formation {index}",
            hours=8,
            trained_on=D(2024, 2, 1),
        )
        kind, _created = CertificationKind.objects.get_or_create(name=f"Brevet {index}")
        Certification.objects.create(contract=contract, kind=kind, obtained_on=D(2024, 3, 1))
    client.force_login(officer)

    with django_assert_max_num_queries(12):
        page = client.get(reverse("employers:employer_detail", args=[employer.pk])).content.decode()
    assert all(f"Contact {index}" in page and f"Offre {index}" in page for index in range(8))
    # 12, and the access-log row of reading the guest list (issue 12, item 7).
    with django_assert_max_num_queries(13):
        page = client.get(reverse("employers:job_day_detail", args=[job_day.pk])).content.decode()
    assert all(f"Participant {index}" in page and f"INVITÉ{index}" in page.upper() for index in range(8))
    client.force_login(supervisor)
    with django_assert_max_num_queries(11):
        page = client.get(reverse("employers:contract_detail", args=[contract.pk])).content.decode()
    assert all(f"Formation {index}" in page and f"Brevet {index}" in page for index in range(8))
