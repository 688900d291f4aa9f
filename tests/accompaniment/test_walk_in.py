"""Issue 13, "a file one can work on at once": walk-in files, capacity, closing with its undo, the follow-up.

Role by role with the demo staff (demo/staff.py): conseiller01 creates the file, conseiller02 is another
counsellor, psy1 a psychologist, coordination the manager, direction the director, admin the administrator.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accompaniment.enums import AccessAction, AssignmentReason, InterviewKind, OutcomeKind
from accompaniment.models import Accompaniment, AssignmentRequest, FileAccess, Interview, JobSeeker
from demo.staff import demo_staff_seed
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory, OutcomeFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
# A Tuesday morning; every test here runs on this clock (or travels on from it).
DAY = datetime.date(2026, 3, 10)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), BRUSSELS)


@pytest.fixture
def clock():
    with time_machine.travel(at(DAY), tick=False) as traveller:
        yield traveller


@pytest.fixture
def staff(db, clock):
    return {user.username: user for user in demo_staff_seed()}


def _create_file(client, user, **extra) -> JobSeeker:
    client.force_login(user)
    response = client.post(
        reverse("accompaniment:file_create"),
        {
            "first_name": "Célia",
            "last_name": "Goffin",
            "birth_date": "1998-05-14",
            "gender": "F",
            "referral_source": "spontaneous",
            "phone": "0470 12 34 56",
            **extra,
        },
    )
    assert response.status_code == 302
    return JobSeeker.objects.latest("pk")


def _open(client, job_seeker, counsellor):
    return client.post(
        reverse("accompaniment:accompaniment_create", args=[job_seeker.pk]),
        {"counsellor": counsellor.pk, "started_on": DAY.isoformat()},
        follow=True,
    )


def _fill(counsellor, count: int, **job_seeker_traits):
    for _index in range(count):
        AccompanimentFactory(counsellor=counsellor, job_seeker=JobSeekerFactory(**job_seeker_traits))


def test_the_counsellor_who_creates_a_walk_in_file_opens_it_and_logs_the_first_interview_the_same_day(client, staff):
    amina = staff["conseiller01"]
    person = _create_file(client, amina)
    assert person.created_by == amina

    page = client.get(reverse("accompaniment:file_detail", args=[person.pk])).content.decode()
    assert "Ouvrir l’accompagnement dans mon portefeuille" in page
    assert "Votre portefeuille : 0 / 150 accompagnements ouverts, dont 0 / 100 envoyés par Actiris." in page

    opened = _open(client, person, amina)
    assert "L’accompagnement est ouvert jusqu’au 10/03/2027." in opened.content.decode()
    assert Accompaniment.objects.get(job_seeker=person).counsellor == amina

    interview = client.post(
        reverse("accompaniment:interview_create", args=[person.pk]),
        {"occurred_on": DAY.isoformat(), "kind": "individual", "duration_minutes": 45, "staff": amina.pk},
    )
    barrier = client.post(
        reverse("accompaniment:barrier_create", args=[person.pk]),
        {"kind": "language", "identified_on": DAY.isoformat()},
    )
    assert (interview.status_code, barrier.status_code) == (302, 302)
    assert person.interviews.get().occurred_on == DAY
    assert person.barriers.count() == 1
    # Her own reads are not reads outside her team.
    assert not FileAccess.objects.filter(job_seeker=person).exists()


def test_a_walk_in_file_before_any_accompaniment_role_by_role(client, staff):
    person = _create_file(client, staff["conseiller01"])
    edit = reverse("accompaniment:file_edit", args=[person.pk])
    interview = reverse("accompaniment:interview_create", args=[person.pk])
    # Enrolling in a module from the file: an empty choice is shown again (200) to whoever may enrol.
    enrol = reverse("workshops:file_enrolments", args=[person.pk])
    expected = {
        "conseiller01": (200, 200, 200),  # its creator
        "conseiller02": (403, 403, 403),
        "psy1": (403, 403, 403),
        "coordination": (200, 200, 200),
        "direction": (403, 403, 403),
        "admin": (403, 403, 403),
    }
    seen = {}
    for username in expected:
        client.force_login(staff[username])
        seen[username] = (
            client.get(edit).status_code,
            client.get(interview, headers={"HX-Request": "true"}).status_code,
            client.post(enrol, {"session": ""}).status_code,
        )
    assert seen == expected
    client.force_login(staff["conseiller01"])
    client.get(reverse("accompaniment:file_detail", args=[person.pk]))
    client.force_login(staff["conseiller02"])
    client.get(reverse("accompaniment:file_detail", args=[person.pk]))
    logged = set(
        FileAccess.objects.filter(job_seeker=person, action=AccessAction.READ_FILE).values_list("user", flat=True)
    )
    # The creator's reads are her team's; another counsellor's (and the manager's, above) are logged.
    assert staff["conseiller01"].pk not in logged
    assert {staff["conseiller02"].pk, staff["coordination"].pk} <= logged


def test_once_a_manager_assigned_it_to_someone_else_the_creator_is_no_longer_in_its_team(client, staff):
    person = _create_file(client, staff["conseiller01"])
    AccompanimentFactory(job_seeker=person, counsellor=staff["conseiller02"], started_on=DAY)

    client.force_login(staff["conseiller01"])
    assert client.get(reverse("accompaniment:interview_create", args=[person.pk])).status_code == 403


def test_a_full_caseload_names_what_is_full_and_sends_the_file_to_the_managers(
    client, staff, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    amina = staff["conseiller01"]
    amina.fte = Decimal("0.02")  # 150 pro rata: 3 accompaniments, 2 of them referred by Actiris
    amina.save()
    _fill(amina, 3, spontaneous=True)
    person = _create_file(client, amina)

    with django_capture_on_commit_callbacks(execute=True):
        refused = _open(client, person, amina).content.decode()

    assert (
        "Le portefeuille de Amina El Idrissi est complet : 3 accompagnements ouverts pour une capacité de 3 "
        "(150 par temps plein, 0,02 ETP)." in refused
    )
    assert "Le dossier est sur la liste des dossiers à attribuer de la coordination" in refused
    assert not Accompaniment.objects.filter(job_seeker=person).exists()
    request = AssignmentRequest.objects.get(job_seeker=person)
    assert (request.requested_by, request.reason) == (amina, AssignmentReason.CASELOAD_FULL)
    [email] = mail.outbox
    assert email.to == ["coordination@demo.missionlocale.localhost"]
    assert f"/files/{person.pk}/" in email.body and "Goffin" not in email.body
    # The first interview can still be logged the same day.
    logged = client.post(
        reverse("accompaniment:interview_create", args=[person.pk]),
        {"occurred_on": DAY.isoformat(), "kind": "individual", "duration_minutes": 30, "staff": amina.pk},
    )
    assert logged.status_code == 302
    # Asking again (a second try) emails nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        _open(client, person, amina)
    assert len(mail.outbox) == 1

    client.force_login(staff["coordination"])
    for _index in range(4):
        other = JobSeekerFactory(spontaneous=True, created_by=amina)
        AssignmentRequest.objects.create(job_seeker=other, requested_by=amina, reason=AssignmentReason.CASELOAD_FULL)
    with django_assert_max_num_queries(10):
        caseloads = client.get(reverse("accompaniment:caseloads")).content.decode()
    assert caseloads.count("Amina El Idrissi, 10/03/2026") == 5


def test_the_actiris_share_of_a_caseload_is_100_pro_rata(client, staff):
    amina = staff["conseiller01"]
    amina.fte = Decimal("0.02")
    amina.save()
    _fill(amina, 2, referred_by_actiris=True)
    referred = _create_file(client, amina, referral_source="actiris", actiris_number="1234567")

    refused = _open(client, referred, amina).content.decode()

    assert (
        "La part Actiris du portefeuille de Amina El Idrissi est complète : 2 accompagnements envoyés par Actiris "
        "pour une limite de 2 (100 par temps plein, 0,02 ETP)." in refused
    )
    assert AssignmentRequest.objects.get(job_seeker=referred).reason == AssignmentReason.ACTIRIS_FULL
    # A walk-in still fits: 2 of 3 places are taken.
    walk_in = _create_file(client, amina, first_name="Yara", last_name="Nour")
    _open(client, walk_in, amina)
    assert Accompaniment.objects.open().filter(job_seeker=walk_in, counsellor=amina).exists()


def test_staff_who_keep_no_caseload_are_told_who_assigns_and_ask_the_managers(
    client, staff, django_capture_on_commit_callbacks
):
    psychologist = staff["psy1"]
    person = _create_file(client, psychologist)

    page = client.get(reverse("accompaniment:file_detail", args=[person.pk])).content.decode()
    assert "la coordination doit attribuer ce dossier à un·e conseiller·ère" in page
    refused = client.post(
        reverse("accompaniment:accompaniment_create", args=[person.pk]),
        {"counsellor": psychologist.pk, "started_on": DAY.isoformat()},
    )
    assert refused.status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("accompaniment:assignment_request", args=[person.pk]), follow=True)
    assert "La coordination est invitée à attribuer ce dossier" in asked.content.decode()
    assert AssignmentRequest.objects.get(job_seeker=person).reason == AssignmentReason.NOT_A_COUNSELLOR
    assert len(mail.outbox) == 1


def _closed_by(counsellor, closed_on: datetime.date) -> Accompaniment:
    accompaniment = AccompanimentFactory(
        counsellor=counsellor, started_on=closed_on - datetime.timedelta(days=300), closed=True, closed_on=closed_on
    )
    OutcomeFactory(accompaniment=accompaniment)
    return accompaniment


@pytest.mark.parametrize(
    ("today", "follows_up"),
    [
        (datetime.date(2027, 3, 10), True),  # 12 months after the close: the last day
        (datetime.date(2027, 3, 11), False),
    ],
)
def test_the_counsellor_follows_the_person_up_for_12_months_after_closing(client, staff, clock, today, follows_up):
    amina = staff["conseiller01"]
    person = _closed_by(amina, DAY).job_seeker
    clock.move_to(at(today))
    client.force_login(amina)

    page = client.get(reverse("accompaniment:file_detail", args=[person.pk]))
    contact = client.post(
        reverse("accompaniment:interview_create", args=[person.pk]),
        {"occurred_on": today.isoformat(), "kind": "follow_up", "duration_minutes": 15, "staff": amina.pk},
    )
    late = client.post(
        reverse("accompaniment:outcome_create", args=[person.accompaniments.get().pk]),
        {
            "kind": OutcomeKind.QUALIFYING_TRAINING,
            "occurred_on": today.isoformat(),
            "organisation": "Bruxelles Formation",
        },
    )

    logged = FileAccess.objects.filter(job_seeker=person, user=amina, action=AccessAction.READ_FILE).exists()
    if follows_up:
        assert (
            "Suivi : vous pouvez noter des contacts et des sorties tardives jusqu’au 10/03/2027."
            in page.content.decode()
        )
        assert (contact.status_code, late.status_code) == (302, 302)
        assert person.interviews.get().kind == InterviewKind.FOLLOW_UP
        assert person.accompaniments.get().outcomes.count() == 2
        assert not logged
    else:
        assert (contact.status_code, late.status_code) == (403, 403)
        assert logged
    # Follow-up is no editing: the identity and the barriers stay with the team.
    assert client.get(reverse("accompaniment:file_edit", args=[person.pk])).status_code == 403


def test_the_follow_up_form_offers_the_follow_up_kind(client, staff):
    amina = staff["conseiller01"]
    person = _closed_by(amina, DAY - datetime.timedelta(days=1)).job_seeker
    client.force_login(amina)
    url = reverse("accompaniment:interview_create", args=[person.pk])
    form = client.get(url, headers={"HX-Request": "true"}).context["interview_form"]
    assert form["kind"].value() == InterviewKind.FOLLOW_UP


def _close(client, accompaniment, **extra):
    return client.post(
        reverse("accompaniment:accompaniment_close", args=[accompaniment.pk]),
        {"closed_on": DAY.isoformat(), "closing_reason": "exit", "version": accompaniment.version, **extra},
    )


def test_closing_asks_a_reason_and_a_confirmation_and_can_be_undone_the_same_day(client, staff, clock):
    amina = staff["conseiller01"]
    accompaniment = AccompanimentFactory(counsellor=amina)
    OutcomeFactory(accompaniment=accompaniment)
    client.force_login(amina)

    no_reason = _close(client, accompaniment, closing_reason="")
    assert "Ce champ est obligatoire." in no_reason.content.decode()
    confirm = _close(client, accompaniment).content.decode()
    assert "Clôturer l’accompagnement de" in confirm and "Sortie vers l’emploi ou la formation" in confirm
    accompaniment.refresh_from_db()
    assert accompaniment.is_open  # nothing closed before the confirmation

    _close(client, accompaniment, confirmed="True")
    accompaniment.refresh_from_db()
    assert (accompaniment.is_open, accompaniment.closing_reason, accompaniment.closed_by) == (False, "exit", amina)
    page = client.get(reverse("accompaniment:file_detail", args=[accompaniment.job_seeker_id])).content.decode()
    assert "Annuler la clôture" in page

    client.force_login(staff["conseiller02"])
    undo = reverse("accompaniment:accompaniment_undo_close", args=[accompaniment.pk])
    assert client.post(undo).status_code == 403
    client.force_login(amina)
    client.post(undo)
    accompaniment.refresh_from_db()
    assert accompaniment.is_open and accompaniment.closed_on is None
    reasons = list(accompaniment.history.values_list("history_change_reason", flat=True))
    assert reasons[0] == "Clôture annulée le jour même"

    # Closed again, the undo is refused the next day, even to a manager.
    accompaniment.refresh_from_db()
    _close(client, accompaniment, confirmed="True")
    clock.move_to(at(DAY + datetime.timedelta(days=1)))
    client.force_login(staff["coordination"])
    refused = client.post(undo, follow=True).content.decode()
    assert "Cette clôture ne peut plus être annulée" in refused
    accompaniment.refresh_from_db()
    assert not accompaniment.is_open


def test_a_manager_may_undo_a_close_of_the_day(client, staff):
    accompaniment = AccompanimentFactory(counsellor=staff["conseiller01"])
    OutcomeFactory(accompaniment=accompaniment)
    client.force_login(staff["conseiller01"])
    _close(client, accompaniment, confirmed="True")
    client.force_login(staff["coordination"])
    client.post(reverse("accompaniment:accompaniment_undo_close", args=[accompaniment.pk]))
    accompaniment.refresh_from_db()
    assert accompaniment.is_open


def test_the_ending_soon_badge_goes_once_an_exit_is_recorded(client, staff):
    accompaniment = AccompanimentFactory(counsellor=staff["conseiller01"], ending_soon=True)
    client.force_login(staff["conseiller01"])
    url = reverse("accompaniment:file_detail", args=[accompaniment.job_seeker_id])
    assert 'data-testid="ending-soon"' in client.get(url).content.decode()
    OutcomeFactory(accompaniment=accompaniment)
    assert 'data-testid="ending-soon"' not in client.get(url).content.decode()


def test_the_staff_choice_offers_only_whom_the_user_may_log_for(client, staff):
    accompaniment = AccompanimentFactory(counsellor=staff["conseiller01"])
    url = reverse("accompaniment:interview_create", args=[accompaniment.job_seeker_id])

    client.force_login(staff["conseiller01"])
    form = client.get(url, headers={"HX-Request": "true"}).context["interview_form"]
    assert [label for _value, label in form.fields["staff"].choices] == ["Amina El Idrissi"]
    refused = client.post(
        url,
        {
            "occurred_on": DAY.isoformat(),
            "kind": "individual",
            "duration_minutes": 30,
            "staff": staff["conseiller02"].pk,
        },
    )
    assert refused.status_code == 200 and not Interview.objects.exists()

    client.force_login(staff["coordination"])
    labels = {
        label
        for _value, label in client.get(url, headers={"HX-Request": "true"})
        .context["interview_form"]
        .fields["staff"]
        .choices
    }
    assert {"Amina El Idrissi", "Julien Lambert", "Hélène Dumont"} <= labels


def test_a_psychologist_sees_the_confidential_box_ticked_and_disabled(client, staff):
    accompaniment = AccompanimentFactory(counsellor=staff["conseiller01"])
    person = accompaniment.job_seeker
    person.team_members.create(user=staff["psy1"])
    url = reverse("accompaniment:interview_create", args=[person.pk])

    client.force_login(staff["psy1"])
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    box = html[html.index('name="confidential"') - 200 : html.index('name="confidential"') + 200]
    assert "checked" in box and "disabled" in box
    client.post(
        url,
        {"occurred_on": DAY.isoformat(), "kind": "individual", "duration_minutes": 50, "staff": staff["psy1"].pk},
    )
    assert Interview.objects.get().confidential

    client.force_login(staff["conseiller01"])
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    box = html[html.index('name="confidential"') - 200 : html.index('name="confidential"') + 200]
    assert "checked" not in box and "disabled" not in box


def test_the_interview_form_asked_without_htmx_opens_the_file_page_at_the_form(client, staff):
    person = _create_file(client, staff["conseiller01"])
    response = client.get(reverse("accompaniment:interview_create", args=[person.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("accompaniment:file_detail", args=[person.pk]) + "#interview-form-region"
