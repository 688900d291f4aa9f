"""Appointments: booked, moved, cancelled and recorded from the agenda and the file, conflicts flagged before
saving, bad input refused with its message and nothing changed; the interview form's next appointment."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accompaniment import appointments as services
from accompaniment.enums import AppointmentStatus
from accompaniment.models import Appointment
from accompaniment.services import interview_log
from tests.accompaniment.factories import (
    AccompanimentFactory,
    AppointmentFactory,
    InterviewFactory,
    JobSeekerFactory,
    RoomFactory,
)
from tests.missionlocale.factories import UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
# Tuesday 10 June 2025, 09:00 in Brussels.
NOW = datetime.datetime(2025, 6, 10, 9, 0, tzinfo=BRUSSELS)
CREATE_URL = reverse("accompaniment:appointment_create")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2025, 6, day, hour, minute, tzinfo=BRUSSELS)


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def file(counsellor):
    return AccompanimentFactory(counsellor=counsellor, job_seeker__first_name="Amina").job_seeker


def post_booking(client, file, **fields):
    data = {"staff": fields.pop("staff", ""), "kind": "individual", "day": "2025-06-12", "start": "10:00"}
    data |= {"end": "10:45", "room": "", "place": "", "back": "file", **fields}
    return client.post(f"{CREATE_URL}?file={file.pk}", data)


# Booking


def test_a_counsellor_books_from_the_file(client, counsellor, file, now):
    room = RoomFactory(name="Bureau 2")
    client.force_login(counsellor)

    response = post_booking(client, file, staff=counsellor.pk, room=room.pk)

    assert response.status_code == 302
    assert response["Location"] == reverse("accompaniment:file_detail", args=[file.pk]) + "#appointments"
    appointment = Appointment.objects.get()
    assert (appointment.staff, appointment.job_seeker, appointment.room) == (counsellor, file, room)
    assert (appointment.starts_at, appointment.ends_at, appointment.status) == (at(12, 10), at(12, 10, 45), "planned")
    assert appointment.history.get().history_user == counsellor
    page = client.get(reverse("accompaniment:file_detail", args=[file.pk])).content.decode()
    assert "10:00–10:45" in page and "Bureau 2" in page and "Prévu" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"day": "2025-06-09"}, "Un rendez-vous ne peut pas être fixé dans le passé."),
        (
            {"day": "2025-06-10", "start": "08:00", "end": "08:30"},
            "Un rendez-vous ne peut pas être fixé dans le passé.",
        ),
        ({"start": "11:00", "end": "10:00"}, "La fin doit venir après le début."),
        ({"start": "11:00", "end": "11:00"}, "La fin doit venir après le début."),
        ({"day": "2025-02-30"}, "Saisissez une date valide."),
        ({"start": "25:00"}, "Saisissez une heure valide."),
        ({"room": "999999"}, "Sélectionnez un choix valide."),
    ],
)
def test_bad_input_is_refused_with_its_message_and_nothing_saved(client, counsellor, file, now, fields, message):
    client.force_login(counsellor)

    response = post_booking(client, file, staff=counsellor.pk, **fields)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_conflict_is_flagged_and_booked_only_when_confirmed(client, counsellor, file, now):
    room = RoomFactory(name="Bureau 1")
    other_person = JobSeekerFactory()
    colleague = UserFactory(counsellor=True)
    AppointmentFactory(staff=counsellor, job_seeker=other_person, at=at(12, 10, 30))  # same staff
    AppointmentFactory(staff=colleague, job_seeker=other_person, at=at(12, 9, 30), room=room)  # same room
    AppointmentFactory(staff=colleague, job_seeker=file, at=at(12, 9, 45), minutes=20)  # same person
    AppointmentFactory(staff=counsellor, job_seeker=other_person, at=at(12, 10, 45))  # starts as it ends: none
    AppointmentFactory(staff=counsellor, job_seeker=other_person, at=at(12, 10), cancelled=True)  # cancelled: none
    client.force_login(counsellor)

    response = post_booking(client, file, staff=counsellor.pk, room=room.pk)

    content = response.content.decode()
    assert response.status_code == 200 and Appointment.objects.count() == 5
    assert 'data-testid="appointment-conflicts"' in content
    assert f"{counsellor} déjà pris" in content
    assert "salle Bureau 1 occupée" in content
    assert "la personne a déjà un rendez-vous" in content
    assert content.count("<li>", content.index("appointment-conflicts")) >= 3
    assert "Le fixer même s’il chevauche un autre rendez-vous" in content

    response = post_booking(client, file, staff=counsellor.pk, room=room.pk, accept_conflicts="on")

    assert response.status_code == 302 and Appointment.objects.count() == 6


def test_the_service_refuses_a_conflict_booked_since_the_form_was_checked(counsellor, file, now):
    AppointmentFactory(staff=counsellor, at=at(12, 10))

    with pytest.raises(Exception, match="chevauche"):
        services.appointment_book(
            acting_user=counsellor, staff=counsellor, job_seeker=file, starts_at=at(12, 10), ends_at=at(12, 11)
        )
    assert Appointment.objects.count() == 1


def test_from_the_agenda_an_internal_meeting_or_a_person_of_ones_caseload(client, counsellor, file, now):
    stranger = JobSeekerFactory(first_name="Stranger")
    client.force_login(counsellor)

    page = client.get(CREATE_URL).content.decode()
    assert "Personne : une réunion interne" in page and "Amina" in page and "Stranger" not in page

    data = {"staff": counsellor.pk, "kind": "other", "day": "2025-06-12", "start": "14:00", "end": "15:00"}
    assert client.post(CREATE_URL, {**data, "job_seeker": stranger.pk}).status_code == 200
    assert not Appointment.objects.exists()
    response = client.post(CREATE_URL, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("accompaniment:agenda") + "?view=day&date=2025-06-12"
    assert Appointment.objects.get().job_seeker is None


def test_a_counsellor_books_only_for_herself_a_manager_for_anyone(client, counsellor, manager, file, now):
    colleague = UserFactory(counsellor=True)
    client.force_login(counsellor)
    assert post_booking(client, file, staff=colleague.pk).status_code == 200
    assert not Appointment.objects.exists()

    client.force_login(manager)
    assert post_booking(client, file, staff=colleague.pk).status_code == 302
    assert Appointment.objects.get().staff == colleague


def test_a_manager_searches_the_staff_member_instead_of_a_list_of_everyone(client, counsellor, manager, file, now):
    from accompaniment.forms import CHOICES_SHOWN

    colleagues = [UserFactory(counsellor=True, last_name=f"Zz{n:02d}") for n in range(CHOICES_SHOWN + 5)]
    client.force_login(manager)
    page = client.get(f"{CREATE_URL}?file={file.pk}").content.decode()
    select = re.search(r'<select name="staff".*?</select>', page, re.S).group(0)
    assert 'name="choice_q"' in page  # the search box above it
    assert select.count("<option") <= CHOICES_SHOWN + 2  # the first ones, the manager, the empty choice
    found = client.get(
        reverse("accompaniment:choice_options"), {"kind": "staff", "name": "staff", "choice_q": "Zz19"}
    ).content.decode()
    assert f'value="{colleagues[19].pk}"' in found
    # One not listed at first is still accepted, and booked.
    assert post_booking(client, file, staff=colleagues[-1].pk).status_code == 302
    assert Appointment.objects.get().staff == colleagues[-1]


def test_a_file_outside_ones_team_cannot_be_booked(client, counsellor, now):
    other = AccompanimentFactory().job_seeker
    client.force_login(counsellor)

    assert client.get(f"{CREATE_URL}?file={other.pk}").status_code == 403
    assert client.get(f"{CREATE_URL}?file=abc").status_code == 403
    assert client.get(f"{CREATE_URL}?file=999999").status_code == 404


# Moving and cancelling


def test_moving_keeps_who_and_what_and_plans_it_again(client, counsellor, file, now):
    appointment = AppointmentFactory(staff=counsellor, job_seeker=file, at=at(12, 10), status="confirmed")
    client.force_login(counsellor)
    url = reverse("accompaniment:appointment_move", args=[appointment.pk])

    assert "Actuellement le jeudi 12 juin 2025, 10:00–10:45." in client.get(url).content.decode()
    response = client.post(url, {"day": "2025-06-13", "start": "14:00", "end": "15:00", "version": 1, "back": "file"})

    assert response.status_code == 302
    appointment.refresh_from_db()
    assert (appointment.starts_at, appointment.ends_at) == (at(13, 14), at(13, 15))
    assert (appointment.status, appointment.version) == (AppointmentStatus.PLANNED, 2)


def test_moving_into_the_past_or_from_a_stale_page_changes_nothing(client, counsellor, file, now):
    appointment = AppointmentFactory(staff=counsellor, job_seeker=file, at=at(12, 10))
    client.force_login(counsellor)
    url = reverse("accompaniment:appointment_move", args=[appointment.pk])

    past = client.post(url, {"day": "2025-06-01", "start": "10:00", "end": "11:00", "version": 1})
    assert "Un rendez-vous ne peut pas être fixé dans le passé." in past.content.decode()
    stale = client.post(url, {"day": "2025-06-13", "start": "10:00", "end": "11:00", "version": 0})
    assert stale.status_code == 200
    appointment.refresh_from_db()
    assert appointment.starts_at == at(12, 10) and appointment.version == 1


def test_cancelling_keeps_who_and_when(client, counsellor, file, now):
    appointment = AppointmentFactory(staff=counsellor, job_seeker=file, at=at(12, 10))
    client.force_login(counsellor)
    url = reverse("accompaniment:appointment_cancel", args=[appointment.pk])

    response = client.post(url, {"version": 1, "back": "agenda"})

    assert response.status_code == 302
    appointment.refresh_from_db()
    assert (appointment.status, appointment.status_changed_by, appointment.status_changed_at) == (
        "cancelled",
        counsellor,
        NOW,
    )
    # Cancelled twice: a message, nothing changes.
    client.post(url, {"version": 2})
    appointment.refresh_from_db()
    assert appointment.version == 2
    page = client.get(reverse("accompaniment:agenda"), {"view": "day", "date": "2025-06-12"}).content.decode()
    assert "Annulé" in page and f"par {counsellor} le 10/06/2025 09:00" in page


def test_someone_outside_the_appointment_and_the_file_cannot_touch_it(client, counsellor, now):
    appointment = AppointmentFactory(at=at(12, 10))
    client.force_login(counsellor)

    assert (
        client.post(reverse("accompaniment:appointment_cancel", args=[appointment.pk]), {"version": 1}).status_code
        == 403
    )
    assert client.get(reverse("accompaniment:appointment_move", args=[appointment.pk])).status_code == 403
    appointment.refresh_from_db()
    assert appointment.status == "planned"


# What became of it


def test_held_or_no_show_only_once_it_has_started(client, counsellor, file, now):
    coming = AppointmentFactory(staff=counsellor, job_seeker=file, at=at(12, 10))
    started = AppointmentFactory(staff=counsellor, job_seeker=file, at=at(10, 8, 30))
    client.force_login(counsellor)

    client.post(reverse("accompaniment:appointment_record", args=[coming.pk]), {"version": 1, "status": "no_show"})
    client.post(reverse("accompaniment:appointment_record", args=[started.pk]), {"version": 1, "status": "done!"})
    coming.refresh_from_db(), started.refresh_from_db()
    assert coming.status == started.status == "planned"

    client.post(reverse("accompaniment:appointment_record", args=[started.pk]), {"version": 1, "status": "no_show"})
    started.refresh_from_db()
    assert started.status == "no_show"


def test_an_interview_logged_on_the_day_marks_the_appointment_held(counsellor, file, now):
    appointment = AppointmentFactory(staff=counsellor, job_seeker=file, at=at(10, 8, 30))
    tomorrow = AppointmentFactory(staff=counsellor, job_seeker=file, at=at(11, 10))

    interview = interview_log(job_seeker=file, staff=counsellor, occurred_on=NOW.date(), kind="individual")

    appointment.refresh_from_db(), tomorrow.refresh_from_db()
    assert (appointment.status, appointment.held_interview) == ("done", interview)
    assert tomorrow.status == "planned"


def test_the_interview_forms_next_appointment_books_one(client, counsellor, file, now):
    client.force_login(counsellor)
    url = reverse("accompaniment:interview_create", args=[file.pk])
    data = {"occurred_on": "2025-06-10", "kind": "individual", "duration_minutes": 30, "staff": counsellor.pk}

    client.post(url, {**data, "next_appointment_at": "2025-06-17T10:00"})

    appointment = Appointment.objects.get()
    assert (appointment.starts_at, appointment.ends_at, appointment.job_seeker) == (at(17, 10), at(17, 10, 45), file)
    assert appointment.planned_at_interview.occurred_on == NOW.date()

    # The same slot again: flagged, nothing saved until confirmed.
    response = client.post(url, {**data, "next_appointment_at": "2025-06-17T10:15"}, HTTP_HX_REQUEST="true")
    assert "chevauche un autre rendez-vous" in response.content.decode()
    assert Appointment.objects.count() == 1 and file.interviews.count() == 1


# Three no-shows in a row, and the follow-up on Today


def test_three_no_shows_in_a_row_show_on_the_file(client, counsellor, file, now):
    AppointmentFactory(staff=counsellor, job_seeker=file, at=at(2, 10), no_show=True)
    AppointmentFactory(staff=counsellor, job_seeker=file, at=at(3, 10), held=True)
    for day in (4, 5, 6):
        AppointmentFactory(staff=counsellor, job_seeker=file, at=at(day, 10), no_show=True)
    AppointmentFactory(staff=counsellor, job_seeker=file, at=at(7, 10), cancelled=True)
    client.force_login(counsellor)

    page = client.get(reverse("accompaniment:file_detail", args=[file.pk])).content.decode()

    assert "3 rendez-vous manqués d’affilée" in page
    assert services.no_show_streak(file) == 3
    AppointmentFactory(staff=counsellor, job_seeker=file, at=at(9, 10), held=True)
    assert services.no_show_streak(file) == 0


def test_the_file_page_queries_do_not_grow_with_appointments(
    client, counsellor, file, now, django_assert_max_num_queries
):
    # One appointment first: its other staff are prefetched only when there is one.
    AppointmentFactory(staff=counsellor, job_seeker=file, at=at(11, 8))
    client.force_login(counsellor)
    client.get(reverse("accompaniment:file_detail", args=[file.pk]))
    with django_assert_max_num_queries(60) as few:
        client.get(reverse("accompaniment:file_detail", args=[file.pk]))
    baseline = len(few.captured_queries)
    colleague = UserFactory(counsellor=True)
    for n in range(12):
        booked = AppointmentFactory(staff=counsellor, job_seeker=file, at=at(12 + n % 5, 8 + n), room=RoomFactory())
        booked.other_staff.add(colleague)

    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("accompaniment:file_detail", args=[file.pk]))
    assert response.content.decode().count('data-testid="appointment"') == 13


def test_a_no_show_without_news_is_a_call_to_make_on_today(client, counsellor, file, now):
    AppointmentFactory(staff=counsellor, job_seeker=file, at=at(5, 10), no_show=True)
    client.force_login(counsellor)

    assert "manqué le 05/06/2025" in client.get(reverse("accompaniment:today")).content.decode()
    InterviewFactory(staff=counsellor, job_seeker=file, occurred_on=NOW.date())
    assert "manqué le" not in client.get(reverse("accompaniment:today")).content.decode()


# Reassignment


def test_a_reassignment_shows_the_future_appointments_and_moves_those_not_kept(client, counsellor, manager, now):
    new = UserFactory(counsellor=True, first_name="Nora", last_name="Neuve")
    accompaniment = AccompanimentFactory(counsellor=counsellor, job_seeker__first_name="Amina")
    person = accompaniment.job_seeker
    moving = AppointmentFactory(staff=counsellor, job_seeker=person, at=at(12, 10))
    kept = AppointmentFactory(staff=counsellor, job_seeker=person, at=at(13, 10))
    past = AppointmentFactory(staff=counsellor, job_seeker=person, at=at(5, 10), held=True)
    psychologist = AppointmentFactory(staff=UserFactory(psychologist=True), job_seeker=person, at=at(12, 14))
    client.force_login(manager)
    data = {"accompaniments": [accompaniment.pk], "counsellor": new.pk, "reason": "Congé"}

    page = client.post(reverse("accompaniment:reassign"), data)

    # First the list: nothing moved yet.
    content = page.content.decode()
    assert page.status_code == 200 and 'data-testid="reassigned-appointments"' in content
    listed = re.findall(r'name="keep_appointments" value="(\d+)"', content)
    assert listed == [str(moving.pk), str(kept.pk)]
    accompaniment.refresh_from_db()
    assert accompaniment.counsellor == counsellor

    response = client.post(
        reverse("accompaniment:reassign"), {**data, "appointments_reviewed": "True", "keep_appointments": [kept.pk]}
    )

    assert response.status_code == 302
    for row in (accompaniment, moving, kept, past, psychologist):
        row.refresh_from_db()
    assert accompaniment.counsellor == new and moving.staff == new
    assert kept.staff == past.staff == counsellor and psychologist.staff.profession == "psychologist"
    assert moving.history.first().history_change_reason == "reassigned"


def test_a_reassignment_without_future_appointments_asks_nothing_more(client, counsellor, manager, now):
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    client.force_login(manager)

    response = client.post(
        reverse("accompaniment:reassign"),
        {"accompaniments": [accompaniment.pk], "counsellor": UserFactory(counsellor=True).pk, "reason": "Congé"},
    )

    assert response.status_code == 302
