"""Appointment reminders: scheduled on booking, cancelled and made again on a move, sent once by email through a
real SMTP server and by SMS through a local provider stub, retried with back-off, never sent to a safe-contact
file's home; the page behind the link records the answer; bad links and bad input change nothing."""

import datetime
import io
import json
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from accompaniment import appointments
from accompaniment.enums import AppointmentStatus, ReminderStatus
from accompaniment.models import Reminder
from accompaniment.reminders import (
    reminder_from_token,
    reminder_times,
    reminder_token,
    reminder_url_path,
    reminders_send_due,
)
from accompaniment.sms import ConsoleSmsBackend, SmsError, UnconfiguredSmsBackend
from accompaniment.tasks import send_reminders
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory, RoomFactory
from tests.accompaniment.reminder_servers import SmsProviderStub, SmtpServer, free_port
from tests.missionlocale.factories import UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
# Monday 1 March 2027, 09:00 in Brussels; the appointment is on Wednesday 10 March at 14:30.
NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=BRUSSELS)
STARTS = datetime.datetime(2027, 3, 10, 14, 30, tzinfo=BRUSSELS)
TWO_DAYS_BEFORE = datetime.datetime(2027, 3, 8, 14, 30, tzinfo=BRUSSELS)
MORNING_BEFORE = datetime.datetime(2027, 3, 9, 8, 0, tzinfo=BRUSSELS)


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def smtp(settings):
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.PUBLIC_BASE_URL = "https://rdv.example.be"
    yield server
    server.stop()


@pytest.fixture
def sms_provider(settings):
    stub = SmsProviderStub()
    stub.start()
    settings.SMS_BACKEND = "accompaniment.sms.HttpSmsBackend"
    settings.SMS_HTTP_URL = stub.url
    settings.SMS_HTTP_TOKEN = "test-token"
    yield stub
    stub.stop()


@pytest.fixture
def counsellor(db):
    return UserFactory(counsellor=True, first_name="Sophie", last_name="Vandermeulen")


def person(counsellor, **fields):
    fields = {"first_name": "Amina", "email": "amina@example.org", "reminder_channel": "email", **fields}
    return AccompanimentFactory(counsellor=counsellor, **{f"job_seeker__{k}": v for k, v in fields.items()}).job_seeker


def book(counsellor, job_seeker, starts=STARTS, **fields):
    return appointments.appointment_book(
        acting_user=counsellor,
        staff=counsellor,
        job_seeker=job_seeker,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=45),
        **fields,
    )


def statuses(appointment):
    return sorted((r.status, r.scheduled_at) for r in appointment.reminders.all())


# When


def test_default_times_are_two_days_and_the_morning_before():
    assert reminder_times(STARTS) == [TWO_DAYS_BEFORE, MORNING_BEFORE]
    assert reminder_times(STARTS, "3h,30m") == [
        STARTS - datetime.timedelta(hours=3),
        STARTS - datetime.timedelta(minutes=30),
    ]
    for bad in ("2x", "1h@08:00", "d"):
        with pytest.raises(ValueError):
            reminder_times(STARTS, bad)


def test_the_organisation_sets_its_own_times(db, counsellor, now, settings):
    settings.REMINDER_OFFSETS = "1d@18:00"
    appointment = book(counsellor, person(counsellor))
    assert statuses(appointment) == [("pending", datetime.datetime(2027, 3, 9, 18, 0, tzinfo=BRUSSELS))]


# Scheduling


def test_booking_schedules_moving_replaces_cancelling_cancels(db, counsellor, now):
    appointment = book(counsellor, person(counsellor))
    assert statuses(appointment) == [("pending", TWO_DAYS_BEFORE), ("pending", MORNING_BEFORE)]

    later = STARTS + datetime.timedelta(days=1)
    appointments.appointment_move(
        appointment=appointment, acting_user=counsellor, starts_at=later, ends_at=later + datetime.timedelta(hours=1)
    )
    assert statuses(appointment) == [
        ("cancelled", TWO_DAYS_BEFORE),
        ("cancelled", MORNING_BEFORE),
        ("pending", TWO_DAYS_BEFORE + datetime.timedelta(days=1)),
        ("pending", MORNING_BEFORE + datetime.timedelta(days=1)),
    ]

    appointment.refresh_from_db()
    appointments.appointment_cancel(appointment=appointment, acting_user=counsellor)
    assert {status for status, _when in statuses(appointment)} == {"cancelled"}


def test_a_time_already_past_is_not_scheduled(db, counsellor, now):
    # Two days before is 08:30 today, already past; the morning before is still to come.
    soon = datetime.datetime(2027, 3, 3, 8, 30, tzinfo=BRUSSELS)
    appointment = book(counsellor, person(counsellor), starts=soon)
    assert statuses(appointment) == [("pending", datetime.datetime(2027, 3, 2, 8, 0, tzinfo=BRUSSELS))]


@pytest.mark.parametrize(
    "fields",
    [
        {"reminder_channel": ""},  # no consent
        {"reminder_channel": "email", "email": ""},  # nowhere to send it
        {"do_not_contact_at_home": True},  # safe contact, no safe channel
        {"reminder_channel": "sms", "do_not_contact_at_home": True},
    ],
)
def test_no_reminder_without_consent_or_a_safe_channel(db, counsellor, now, fields):
    assert statuses(book(counsellor, person(counsellor, **fields))) == []


def test_an_internal_meeting_has_no_reminder(db, counsellor, now):
    appointment = book(counsellor, None)
    assert statuses(appointment) == []


def test_consent_given_later_schedules_the_coming_appointments(db, counsellor, now):
    from accompaniment.services import job_seeker_update

    job_seeker = person(counsellor, reminder_channel="")
    appointment = book(counsellor, job_seeker)
    assert statuses(appointment) == []
    job_seeker_update(job_seeker=job_seeker, acting_user=counsellor, reminder_channel="email")
    assert [status for status, _when in statuses(appointment)] == ["pending", "pending"]
    job_seeker.refresh_from_db()
    job_seeker_update(job_seeker=job_seeker, acting_user=counsellor, reminder_channel="")
    assert {status for status, _when in statuses(appointment)} == {"cancelled"}


# Sending by email, through a real SMTP server


def test_a_due_reminder_reaches_the_smtp_server_once(db, counsellor, now, smtp):
    appointment = book(counsellor, person(counsellor), room=RoomFactory(name="Bureau 2"))

    assert reminders_send_due(now=TWO_DAYS_BEFORE - datetime.timedelta(minutes=1)).sent == []
    report = reminders_send_due(now=TWO_DAYS_BEFORE)
    assert len(report.sent) == 1
    assert reminders_send_due(now=TWO_DAYS_BEFORE + datetime.timedelta(minutes=5)).sent == []

    [received] = smtp.messages
    assert received["to"] == ["amina@example.org"]
    message = received["message"]
    body = message.get_content()
    assert "14:30" in message["Subject"]
    assert "Sophie" in body and "Vandermeulen" not in body  # the counsellor's first name only
    assert "Bureau 2" in body and "mercredi 10 mars 2027" in body
    link = next(line for line in body.splitlines() if line.startswith("https://rdv.example.be/r/"))
    reminder = Reminder.objects.get(pk=report.sent[0])
    assert reminder_from_token(link.removeprefix("https://rdv.example.be/r/").split("/")[0]) == reminder
    assert reminder.status == ReminderStatus.SENT and reminder.attempts == 1
    assert reminder.provider_id == message["Message-ID"].strip()
    assert reminder.sent_at is not None
    assert appointment.reminders.filter(status="pending").count() == 1


@pytest.mark.parametrize(("language", "words"), [("nl", "woensdag 10 maart 2027"), ("en", "Wednesday 10 March 2027")])
def test_the_reminder_speaks_the_persons_language(db, counsellor, now, smtp, language, words):
    book(counsellor, person(counsellor, preferred_language=language))
    reminders_send_due(now=TWO_DAYS_BEFORE)
    [received] = smtp.messages
    assert words in received["message"].get_content()


def test_a_safe_contact_file_gets_it_at_the_safe_address_only(db, counsellor, now, smtp):
    job_seeker = person(counsellor, do_not_contact_at_home=True, safe_email="refuge@example.org")
    book(counsellor, job_seeker)
    reminders_send_due(now=TWO_DAYS_BEFORE)
    assert [received["to"] for received in smtp.messages] == [["refuge@example.org"]]


def test_a_mail_server_down_is_retried_with_back_off_then_given_up(db, counsellor, now, settings, smtp):
    settings.EMAIL_PORT = free_port()  # nobody listens there
    settings.REMINDER_MAX_ATTEMPTS = 3
    book(counsellor, person(counsellor))
    reminder = Reminder.objects.order_by("scheduled_at").first()

    assert reminders_send_due(now=TWO_DAYS_BEFORE).retried == [reminder.pk]
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("pending", 1)
    assert reminder.next_try_at == TWO_DAYS_BEFORE + datetime.timedelta(minutes=5)
    assert reminder.last_error == "ConnectionRefusedError"
    assert reminders_send_due(now=TWO_DAYS_BEFORE + datetime.timedelta(minutes=4)).retried == []

    reminders_send_due(now=TWO_DAYS_BEFORE + datetime.timedelta(minutes=5))
    reminder.refresh_from_db()
    assert reminder.next_try_at == TWO_DAYS_BEFORE + datetime.timedelta(minutes=15)  # 5, then 10 minutes

    settings.EMAIL_PORT = smtp.port  # back: the third try goes through
    assert reminders_send_due(now=TWO_DAYS_BEFORE + datetime.timedelta(minutes=15)).sent == [reminder.pk]
    assert len(smtp.messages) == 1

    settings.EMAIL_PORT = free_port()
    for minutes in (0, 5, 15):
        reminders_send_due(now=MORNING_BEFORE + datetime.timedelta(minutes=minutes))
    last = Reminder.objects.get(scheduled_at=MORNING_BEFORE)
    assert (last.status, last.attempts) == ("failed", 3)


def test_the_counsellor_sees_that_a_reminder_went_out(client, counsellor, now, smtp):
    appointment = book(counsellor, person(counsellor))
    client.force_login(counsellor)
    file_url = reverse("accompaniment:file_detail", args=[appointment.job_seeker_id])
    assert 'data-testid="reminder-sent"' not in client.get(file_url).content.decode()
    reminders_send_due(now=TWO_DAYS_BEFORE)
    assert 'data-testid="reminder-sent"' in client.get(file_url).content.decode()


def test_a_reminder_left_sending_by_a_killed_worker_is_not_sent_again(db, counsellor, now, smtp):
    book(counsellor, person(counsellor))
    reminder = Reminder.objects.order_by("scheduled_at").first()
    # What a worker killed between the claim and the end of the send leaves behind.
    Reminder.objects.filter(pk=reminder.pk).update(status="sending", claimed_at=TWO_DAYS_BEFORE, attempts=1)
    assert reminders_send_due(now=TWO_DAYS_BEFORE + datetime.timedelta(minutes=10)).stuck == []
    report = reminders_send_due(now=TWO_DAYS_BEFORE + datetime.timedelta(hours=3))
    assert report.sent == [] and report.stuck == [reminder.pk]
    assert smtp.messages == []
    reminder.refresh_from_db()
    assert reminder.status == "sending"
    with time_machine.travel(TWO_DAYS_BEFORE + datetime.timedelta(hours=3), tick=False):
        errors = io.StringIO()
        call_command("send_reminders", "--dry-run", stdout=io.StringIO(), stderr=errors)
    assert f"not resent (at most once): {reminder.pk}" in errors.getvalue()


def test_a_reminder_of_an_appointment_changed_since_is_not_sent(db, counsellor, now, smtp):
    appointment = book(counsellor, person(counsellor))
    # Recorded behind the services' back (an import, the admin): the sender checks again before sending.
    type(appointment).objects.filter(pk=appointment.pk).update(status=AppointmentStatus.CANCELLED)
    report = reminders_send_due(now=TWO_DAYS_BEFORE)
    assert len(report.cancelled) == 1 and smtp.messages == []


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_the_same_moment_send_each_reminder_once(counsellor, smtp):
    with time_machine.travel(NOW, tick=False):
        for number in range(6):
            job_seeker = person(counsellor, email=f"person{number}@example.org")
            book(counsellor, job_seeker, starts=STARTS + datetime.timedelta(hours=number))
    due = Reminder.objects.count()
    assert due == 12
    start = threading.Barrier(2)
    reports, errors = [], []

    def sender():
        try:
            start.wait()
            reports.append(reminders_send_due(now=MORNING_BEFORE))
        except Exception as error:  # noqa: BLE001 (shown below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    sent = sorted(pk for report in reports for pk in report.sent)
    assert len(sent) == len(set(sent)) == 12
    assert len(smtp.messages) == 12
    assert sorted(r["to"][0] for r in smtp.messages) == sorted(2 * [f"person{n}@example.org" for n in range(6)])
    assert set(Reminder.objects.values_list("status", "attempts")) == {("sent", 1)}


# Sending by SMS, through a local provider stub


def test_an_sms_goes_to_the_provider_in_e164(db, counsellor, now, sms_provider):
    book(counsellor, person(counsellor, reminder_channel="sms", phone="0470 12 34 56"))
    report = reminders_send_due(now=TWO_DAYS_BEFORE)
    [request] = sms_provider.requests
    assert request["headers"]["Authorization"] == "Bearer test-token"
    assert request["json"]["to"] == "+32470123456"
    text = request["json"]["text"]
    assert "Sophie" in text and "10/03" in text and "14:30" in text and len(text) <= 160
    assert Reminder.objects.get(pk=report.sent[0]).provider_id == "msg-1"


def test_a_provider_failure_is_retried(db, counsellor, now, sms_provider):
    sms_provider.fail_with = 503
    book(counsellor, person(counsellor, reminder_channel="sms"))
    report = reminders_send_due(now=TWO_DAYS_BEFORE)
    reminder = Reminder.objects.get(pk=report.retried[0])
    assert (reminder.status, reminder.last_error) == ("pending", "http_503")
    sms_provider.fail_with = None
    assert reminders_send_due(now=TWO_DAYS_BEFORE + datetime.timedelta(minutes=5)).sent == [reminder.pk]


def test_the_file_backend_writes_one_line_per_sms(db, counsellor, now, settings, tmp_path):
    settings.SMS_BACKEND = "accompaniment.sms.FileSmsBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    book(counsellor, person(counsellor, reminder_channel="sms"))
    reminders_send_due(now=TWO_DAYS_BEFORE)
    [line] = (tmp_path / "sms.jsonl").read_text().splitlines()
    assert json.loads(line)["to"] == "+32470123456"


def test_the_console_backend_masks_the_number(db, counsellor, now, settings, capsys):
    settings.SMS_BACKEND = "accompaniment.sms.ConsoleSmsBackend"
    book(counsellor, person(counsellor, reminder_channel="sms"))
    reminders_send_due(now=TWO_DAYS_BEFORE)
    out = capsys.readouterr().out
    assert "Sophie" in out and "+32470123456" not in out and "+32…56" in out


# The task and the command


def test_the_task_and_the_command_call_the_same_service(db, counsellor, smtp):
    with time_machine.travel(NOW, tick=False):
        book(counsellor, person(counsellor))
    reminder = Reminder.objects.order_by("scheduled_at").first()
    with time_machine.travel(TWO_DAYS_BEFORE + datetime.timedelta(minutes=1), tick=False):
        out = io.StringIO()
        call_command("send_reminders", "--dry-run", stdout=out)
        assert out.getvalue().strip() == f"1 reminder(s) due: {reminder.pk}"
        assert "amina" not in out.getvalue().lower()
        assert smtp.messages == []
        assert send_reminders.delay().get() == {"sent": 1, "retried": 0, "failed": 0, "cancelled": 0}
        call_command("send_reminders", stdout=out)
    assert len(smtp.messages) == 1


def test_the_beat_runs_the_task_every_five_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["send-reminders"]
    assert entry == {"task": send_reminders.name, "schedule": 300.0}


# The page behind the link


def answer_url(reminder):
    return reminder_url_path(reminder)


@pytest.fixture
def sent(db, counsellor, now):
    appointment = book(counsellor, person(counsellor, last_name="Zyxwvutsrq"))
    return appointment.reminders.order_by("scheduled_at").first()


def test_the_page_shows_the_reminder_only_and_confirms(client, sent):
    response = client.get(answer_url(sent))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sophie" in page and "14:30" in page
    assert "Vandermeulen" not in page and "Zyxwvutsrq" not in page and "Amina" not in page

    response = client.post(answer_url(sent), {"answer": "confirm"})
    assert response.status_code == 200 and 'data-testid="answered"' in response.content.decode()
    sent.appointment.refresh_from_db()
    assert sent.appointment.status == AppointmentStatus.CONFIRMED


def test_the_person_asks_to_move(client, sent):
    client.post(answer_url(sent), {"answer": "move"})
    sent.appointment.refresh_from_db()
    assert sent.appointment.move_requested_at == NOW
    assert sent.appointment.status == AppointmentStatus.PLANNED


def test_the_counsellor_sees_the_request_on_the_file_and_the_agenda(client, sent, counsellor):
    client.post(answer_url(sent), {"answer": "move"})
    client.force_login(counsellor)
    file_page = client.get(reverse("accompaniment:file_detail", args=[sent.appointment.job_seeker_id]))
    assert 'data-testid="move-requested"' in file_page.content.decode()
    agenda = client.get(reverse("accompaniment:agenda") + "?view=day&date=2027-03-10")
    assert 'data-testid="move-requested"' in agenda.content.decode()


def test_the_person_stops_the_reminders(client, sent):
    client.post(answer_url(sent), {"answer": "stop"})
    job_seeker = sent.appointment.job_seeker
    job_seeker.refresh_from_db()
    assert job_seeker.reminder_channel == ""
    assert not Reminder.objects.filter(status="pending").exists()


def _unchanged(sent):
    appointment = sent.appointment
    appointment.refresh_from_db()
    appointment.job_seeker.refresh_from_db()
    return (
        appointment.status == AppointmentStatus.PLANNED
        and appointment.move_requested_at is None
        and appointment.job_seeker.reminder_channel == "email"
    )


@pytest.mark.parametrize(
    "token",
    ["nothing", "1:1tXyZ0:AAAAAAAAAAAAAAAA", "TAMPER", "zzzzzzzz:1tXyZ0:AAAAAAAAAAAAAAAA"],
)
def test_an_unknown_or_tampered_link_gets_a_clear_page_and_changes_nothing(client, sent, token):
    if token == "TAMPER":
        good = reminder_token(sent)
        token = good[:-1] + ("A" if good[-1] != "A" else "B")
    url = reverse("accompaniment:reminder_answer", args=[token])
    for response in (client.get(url), client.post(url, {"answer": "confirm"})):
        assert response.status_code == 404
        assert 'data-testid="reminder-invalid"' in response.content.decode()
    assert _unchanged(sent)


def test_an_expired_link_changes_nothing(client, sent, now):
    url = answer_url(sent)
    now.shift(datetime.timedelta(days=15))
    assert client.post(url, {"answer": "confirm"}).status_code == 404
    assert _unchanged(sent)


@pytest.mark.parametrize("answer", ["", "delete", "confirm\x00"])
def test_a_bad_answer_is_refused(client, sent, answer):
    response = client.post(answer_url(sent), {"answer": answer})
    assert response.status_code == 400
    assert _unchanged(sent)


def test_a_cancelled_appointment_cannot_be_confirmed(client, sent, counsellor):
    appointments.appointment_cancel(appointment=sent.appointment, acting_user=counsellor)
    response = client.post(answer_url(sent), {"answer": "confirm"})
    assert response.status_code == 400
    assert 'data-testid="not-answerable"' in response.content.decode()
    sent.appointment.refresh_from_db()
    assert sent.appointment.status == AppointmentStatus.CANCELLED


def test_moving_clears_the_request(client, sent, counsellor):
    client.post(answer_url(sent), {"answer": "move"})
    appointment = sent.appointment
    appointment.refresh_from_db()
    later = STARTS + datetime.timedelta(days=2)
    appointments.appointment_move(
        appointment=appointment, acting_user=counsellor, starts_at=later, ends_at=later + datetime.timedelta(hours=1)
    )
    appointment.refresh_from_db()
    assert appointment.move_requested_at is None


# The file form: consent, channel, language, safe channel


def test_the_file_form_refuses_a_phone_that_is_not_one_and_a_channel_without_an_address(client, counsellor, now):
    job_seeker = person(counsellor, reminder_channel="")
    client.force_login(counsellor)
    url = reverse("accompaniment:file_edit", args=[job_seeker.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(local_projects=[], reminder_channel="sms", phone="", safe_phone="12", email="")
    data["foreign_diploma_recognised"] = "unknown"
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "safe_phone" in errors
    data.update(safe_phone="", phone="")
    response = client.post(url, data)
    assert "reminder_channel" in response.context["form"].errors
    job_seeker.refresh_from_db()
    assert job_seeker.reminder_channel == "" and job_seeker.safe_phone == ""
    data.update(phone="02 274 21 10")  # a landline: no SMS there
    response = client.post(url, data)
    assert "mobile" in str(response.context["form"].errors["reminder_channel"]).lower() or "GSM" in str(
        response.context["form"].errors["reminder_channel"]
    )
    data.update(phone="0470 99 88 77", preferred_language="nl")
    assert client.post(url, data).status_code == 302
    job_seeker.refresh_from_db()
    assert (job_seeker.reminder_channel, job_seeker.phone, job_seeker.preferred_language) == (
        "sms",
        "+32470998877",
        "nl",
    )


def test_the_safe_channel_shows_only_to_who_sees_the_hidden_address(client, counsellor, now):
    job_seeker = person(counsellor, address_hidden=True, do_not_contact_at_home=True, safe_phone="+32470555666")
    manager = UserFactory(manager=True)
    client.force_login(manager)
    response = client.get(reverse("accompaniment:file_edit", args=[job_seeker.pk]))
    assert "safe_phone" not in response.context["form"].fields
    assert "+32470555666" not in response.content.decode()
    file_page = client.get(reverse("accompaniment:file_detail", args=[job_seeker.pk])).content.decode()
    assert "+32470555666" not in file_page and 'data-testid="reminder-channel"' in file_page
    client.force_login(counsellor)
    response = client.get(reverse("accompaniment:file_edit", args=[job_seeker.pk]))
    assert "+32470555666" in response.content.decode()
    file_page = client.get(reverse("accompaniment:file_detail", args=[job_seeker.pk])).content.decode()
    assert 'data-testid="safe-channel"' in file_page and "+32470555666" in file_page


def test_a_new_file_has_no_reminders_unless_chosen():
    assert JobSeekerFactory.build().reminder_channel == ""


# Every SMS fits in one message: GSM-7 characters only, 160 at most


LONG_FIRST_NAMES = ["Marie-Christine-Éléonore", "Jean-Baptiste-Maximilien", "Ørjan-Çağatay", "Zoë-Anaïs-Françoise"]
LONG_ROOMS = ["Salle de réunion du deuxième étage, bâtiment B (entrée rue de la Chaufferette 12)"]
LONG_PLACES = [
    "Maison de l'emploi et de la formation, boulevard d'Anvers 26-28, 1000 Bruxelles, deuxième étage, porte à "
    "gauche après l'accueil, salle « Espace numérique » (sonnez)",
    "Werkwinkel Brussel – Anspachlaan 65, 1000 Brussel, derde verdieping, lokaal ‘Ontmoeting’ naast de lift",
]


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_every_sms_is_one_gsm7_message_with_long_values(settings, now, language):
    from accompaniment.appointment_models import Appointment, Room
    from accompaniment.models import JobSeeker
    from accompaniment.reminders import reminder_link, reminder_sms_text
    from accompaniment.sms import is_gsm7
    from missionlocale.models import User

    settings.PUBLIC_BASE_URL = "https://rendez-vous.missionlocale-bruxelles-ville.be"
    settings.ORGANISATION_NAME = "Mission Locale pour l'Emploi et la Formation de Bruxelles-Ville"
    job_seeker = JobSeeker(pk=1, preferred_language=language)
    starts = datetime.datetime(2027, 12, 29, 16, 45, tzinfo=BRUSSELS)
    rooms = [Room(pk=1, name=name) for name in LONG_ROOMS] + [None]
    checked = 0
    for first_name in LONG_FIRST_NAMES:
        for room in rooms:
            for place in LONG_PLACES if room is None else [""]:
                appointment = Appointment(
                    staff=User(first_name=first_name),
                    job_seeker=job_seeker,
                    room=room,
                    place=place,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=1),
                )
                reminder = Reminder(pk=2_147_483_000, appointment=appointment, channel="sms")
                text = reminder_sms_text(reminder)
                assert is_gsm7(text), text
                assert len(text) <= 160, (len(text), text)
                assert reminder_link(reminder) in text  # the link is never cut
                assert "29/12" in text and "16:45" in text
                checked += 1
    assert checked == len(LONG_FIRST_NAMES) * (len(LONG_ROOMS) + len(LONG_PLACES))


def test_the_console_sms_hides_the_number_and_the_answer_link_and_without_a_provider_nothing_is_sent(capsys):
    text = "Rappel : RDV le 12/01 à 10:00, Bureau 1, avec Amina. Répondre ou stop : https://ml.example/r/1t:abc:xyz"

    ConsoleSmsBackend().send(to="+32470123456", text=text)

    printed = capsys.readouterr().out
    assert "+32470123456" not in printed and "https://" not in printed and "1t:abc:xyz" not in printed
    assert "Répondre ou stop : <lien>" in printed
    with pytest.raises(SmsError, match="not_configured"):
        UnconfiguredSmsBackend().send(to="+32470123456", text=text)
