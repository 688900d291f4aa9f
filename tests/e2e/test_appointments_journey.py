"""Issue 14: a counsellor books an appointment from the file, moves it (a conflict is flagged on the way) and
cancels it from the agenda, in Chromium."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from accompaniment.models import Appointment
from tests.accompaniment import today_scenario
from tests.accompaniment.factories import AccompanimentFactory, AppointmentFactory, RoomFactory
from tests.missionlocale.factories import UserFactory

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
BRUSSELS = today_scenario.BRUSSELS


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-BE", "timezone_id": "Europe/Brussels"}


def test_a_counsellor_books_moves_and_cancels_and_a_conflict_is_flagged(page, live_server, transactional_db, log_in):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with time_machine.travel(today_scenario.MORNING, tick=True):
        amina = UserFactory(counsellor=True, username="amina", first_name="Amina", last_name="El Idrissi")
        RoomFactory(name="Bureau 1")
        person = AccompanimentFactory(
            counsellor=amina, job_seeker__first_name="Sarah", job_seeker__last_name="Lambert"
        ).job_seeker
        busy = datetime.datetime(2026, 6, 11, 10, 0, tzinfo=BRUSSELS)
        AppointmentFactory(staff=amina, at=busy, job_seeker__first_name="Tom", job_seeker__last_name="Peeters")

        log_in(page, "amina")
        page.goto(live_server.url + reverse("accompaniment:file_detail", args=[person.pk]))

        # Book it from the file.
        page.locator("#appointments").get_by_role("link", name="Fixer un rendez-vous").click()
        expect(page.get_by_role("heading", name="Fixer un rendez-vous", level=1)).to_be_visible()
        page.get_by_label("Jour").fill("2026-06-11")
        page.get_by_label("Début").fill("14:00")
        page.get_by_label("Fin").fill("14:45")
        page.get_by_label("Salle").select_option(label="Bureau 1")
        page.get_by_role("button", name="Fixer le rendez-vous").click()
        expect(page.get_by_text("Le rendez-vous est fixé.")).to_be_visible()
        booked = page.locator("#appointments").get_by_test_id("appointment")
        expect(booked).to_contain_text("14:00–14:45")
        expect(booked).to_contain_text("Bureau 1")

        # Move it onto Tom's appointment: the conflict is flagged and nothing moves.
        booked.get_by_role("link", name=re.compile("^Déplacer")).click()
        page.get_by_label("Début").fill("10:15")
        page.get_by_label("Fin").fill("11:00")
        page.get_by_role("button", name="Le déplacer").click()
        conflicts = page.get_by_test_id("appointment-conflicts")
        expect(conflicts).to_contain_text("déjà pris")
        expect(conflicts).to_contain_text("10:00–10:45")
        page.screenshot(path=SCREENSHOTS / "appointment_conflict.png", full_page=True)
        assert Appointment.objects.get(job_seeker=person).starts_at.astimezone(BRUSSELS).hour == 14

        # Another time instead.
        page.get_by_label("Début").fill("15:00")
        page.get_by_label("Fin").fill("15:45")
        page.get_by_role("button", name="Le déplacer").click()
        expect(page.get_by_text("Le rendez-vous est déplacé.")).to_be_visible()
        expect(page.locator("#appointments").get_by_test_id("appointment")).to_contain_text("15:00–15:45")

        # The agenda's week shows both; cancel Sarah's from there.
        page.goto(f"{live_server.url}{reverse('accompaniment:agenda')}")
        expect(page.get_by_test_id("agenda-period")).to_contain_text("Semaine du 8 juin au 14 juin 2026")
        page.get_by_test_id("agenda-next").click()
        expect(page.get_by_test_id("agenda-period")).to_contain_text("Semaine du 15 juin au 21 juin 2026")
        page.get_by_test_id("agenda-today").click()
        expect(page.get_by_test_id("agenda-period")).to_contain_text("Semaine du 8 juin")
        sarah = page.get_by_test_id("appointment").filter(has_text="LAMBERT Sarah")
        expect(sarah).to_contain_text("15:00–15:45")
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=SCREENSHOTS / "agenda_week_phone.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        sarah.get_by_role("button", name=re.compile("^Annuler")).click()
        expect(page.get_by_text("Le rendez-vous est annulé.")).to_be_visible()
        expect(
            page.get_by_test_id("appointment").filter(has_text="LAMBERT Sarah").get_by_test_id("appointment-status")
        ).to_have_text("Annulé")
        page.screenshot(path=SCREENSHOTS / "agenda_day.png", full_page=True)

    appointment = Appointment.objects.get(job_seeker=person)
    assert (appointment.status, appointment.status_changed_by) == ("cancelled", amina)


def test_the_person_confirms_through_the_reminders_link(page, live_server, transactional_db):
    """The page behind a reminder's link, without a login: it shows the reminder only and records the answer; an
    altered link gets a clear page."""
    from accompaniment.appointments import appointment_book
    from accompaniment.reminders import reminder_url_path

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with time_machine.travel(today_scenario.MORNING, tick=True):
        amina = UserFactory(counsellor=True, username="amina", first_name="Amina", last_name="El Idrissi")
        person = AccompanimentFactory(
            counsellor=amina,
            job_seeker__first_name="Sarah",
            job_seeker__last_name="Lambert",
            job_seeker__email="sarah@example.org",
            job_seeker__reminder_channel="email",
        ).job_seeker
        starts = datetime.datetime(2026, 6, 12, 14, 0, tzinfo=BRUSSELS)
        appointment = appointment_book(
            acting_user=amina,
            staff=amina,
            job_seeker=person,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=45),
            place="Rue de l'Évêque 26",
        )
        path = reminder_url_path(appointment.reminders.order_by("scheduled_at").first())

        page.goto(live_server.url + path)
        reminder = page.get_by_test_id("reminder")
        expect(reminder).to_contain_text("vendredi 12 juin 2026")
        expect(reminder).to_contain_text("14:00")
        expect(reminder).to_contain_text("Amina")
        expect(page.locator("body")).not_to_contain_text("El Idrissi")
        expect(page.locator("body")).not_to_contain_text("Lambert")
        page.get_by_role("button", name="Je viendrai").click()
        expect(page.get_by_test_id("answered")).to_contain_text("votre rendez-vous est confirmé")
        page.screenshot(path=SCREENSHOTS / "reminder_confirmed.png", full_page=True)
        appointment.refresh_from_db()
        assert appointment.status == "confirmed"

        page.goto(live_server.url + path[:-1] + ("A" if path[-1] != "A" else "B"))
        expect(page.get_by_test_id("reminder-invalid")).to_be_visible()
