"""The appointments' figures: `indicators --json`'s `appointments` object and the dashboard's no-show rates."""

import datetime
import io
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from reporting import indicators
from tests.accompaniment.factories import AppointmentFactory
from tests.missionlocale.factories import UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")


def at(month: int, day: int, hour: int = 10, year: int = 2025) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=BRUSSELS)


@pytest.fixture
def appointments(db):
    """Anna: 5 held, 1 missed in March; 1 held, 1 missed in April. Ben: 1 held, 1 missed in March.
    Around them: excused, cancelled and planned ones, an internal meeting, and appointments outside 2025 or
    after the cut-off (1 December 2025)."""
    anna = UserFactory(counsellor=True, first_name="Anna", last_name="Alpha")
    ben = UserFactory(counsellor=True, first_name="Ben", last_name="Beta")
    for day in range(3, 8):
        AppointmentFactory(staff=anna, at=at(3, day), held=True)
    AppointmentFactory(staff=anna, at=at(3, 10), no_show=True)
    AppointmentFactory(staff=anna, at=at(4, 1), held=True)
    AppointmentFactory(staff=anna, at=at(4, 2), no_show=True)
    AppointmentFactory(staff=ben, at=at(3, 11), held=True)
    AppointmentFactory(staff=ben, at=at(3, 12), no_show=True)
    AppointmentFactory(staff=anna, at=at(5, 5), status="excused")
    AppointmentFactory(staff=anna, at=at(5, 6), cancelled=True)
    AppointmentFactory(staff=anna, at=at(11, 28))  # planned, never recorded
    AppointmentFactory(staff=anna, at=at(5, 7), job_seeker=None, held=True)  # an internal meeting
    AppointmentFactory(staff=anna, at=at(12, 31, 23, year=2024), no_show=True)  # 2024 in Brussels
    AppointmentFactory(staff=anna, at=at(1, 1, 0, year=2025), held=True)  # 1 January, just after midnight
    AppointmentFactory(staff=anna, at=at(12, 2), no_show=True)  # after the cut-off
    return anna, ben


def test_the_json_object(appointments):
    out = io.StringIO()
    call_command("indicators", "--year", "2025", "--cutoff", "2025-12-01", "--json", stdout=out)

    figures = json.loads(out.getvalue())["appointments"]

    # Held: 5 + 1 + 1 + the 1 January one = 8; missed: 3; 8 + 3 + excused + planned = 13.
    assert figures == {
        "planned": 13,
        "held": 8,
        "no_show": 3,
        "no_show_rate": 27,  # 3 / 11 = 27.27…
        "with_reminder_no_show_rate": None,
        "without_reminder_no_show_rate": 27,
    }


def test_the_rates_with_and_without_a_reminder_sent(db):
    """With a reminder sent: 3 held, 1 missed (25 %). Without: 1 held, 2 missed (67 %), one of them with a
    reminder that failed, one with a reminder still pending, one with a cancelled one."""
    from accompaniment.models import Reminder

    staff = UserFactory(counsellor=True)

    def appointment(day, status, *reminder_statuses):
        row = AppointmentFactory(staff=staff, at=at(6, day), status=status)
        for reminder_status in reminder_statuses:
            when = row.starts_at - datetime.timedelta(days=1)
            Reminder.objects.create(
                appointment=row, channel="email", scheduled_at=when, next_try_at=when, status=reminder_status
            )

    for day in (2, 3, 4):
        appointment(day, "done", "sent", "cancelled")
    appointment(5, "no_show", "sent")
    appointment(6, "done")
    appointment(9, "no_show", "failed")
    appointment(10, "no_show", "cancelled", "sending")
    appointment(11, "excused", "sent")

    figures = indicators.appointments_summary(year=2025, cutoff=datetime.date(2025, 12, 31))
    assert figures["no_show_rate"] == 43  # 3 / 7
    assert figures["with_reminder_no_show_rate"] == 25
    assert figures["without_reminder_no_show_rate"] == 67

    client = Client()
    client.force_login(UserFactory(manager=True))
    with time_machine.travel(at(12, 1), tick=False):
        content = client.get(reverse("reporting:dashboard_part", args=["follow-up"]), {"year": 2025}).content.decode()
    assert "Avec un rappel envoyé : 25 %." in content and "Sans : 67 %." in content


def test_the_rate_rounds_half_up_and_is_none_without_appointments(db):
    staff = UserFactory(counsellor=True)
    assert indicators.appointments_summary(year=2025, cutoff=datetime.date(2025, 12, 31))["no_show_rate"] is None
    for day in range(1, 8):
        AppointmentFactory(staff=staff, at=at(6, day), held=True)
    AppointmentFactory(staff=staff, at=at(6, 9), no_show=True)  # 1 / 8 = 12.5 → 13
    assert indicators.appointments_summary(year=2025, cutoff=datetime.date(2025, 12, 31))["no_show_rate"] == 13


def test_by_month_and_by_staff(appointments):
    anna, ben = appointments
    cutoff = datetime.date(2025, 12, 1)

    by_month = indicators.no_show_rate_by_month(year=2025, cutoff=cutoff)
    by_staff = indicators.no_show_rate_by_staff(year=2025, cutoff=cutoff)

    assert by_month[:5] == [0, None, 25, 50, None]  # March: 2 missed of 8
    assert [(row["staff"], row["held"], row["no_show"], row["no_show_rate"]) for row in by_staff] == [
        (anna, 7, 2, 22),
        (ben, 1, 1, 50),
    ]


def test_the_dashboard_shows_them(client, appointments):
    client.force_login(UserFactory(manager=True))
    with time_machine.travel(at(12, 1), tick=False):
        response = client.get(reverse("reporting:dashboard_part", args=["follow-up"]), {"year": 2025})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Taux d’absence : 27 %" in content
    assert "ALPHA Anna" in content or "Anna Alpha" in content


def test_a_region_sees_the_highest_and_lowest_rates_not_every_staff_member(client, db):
    """25 staff members, the k-th with k missed appointments of 30: the part shows the 10 highest and the 10 lowest
    rates, and says of how many."""
    staff = [UserFactory(counsellor=True, first_name="Agent", last_name=f"Numéro{k:02d}") for k in range(1, 26)]
    for k, member in enumerate(staff, start=1):
        for day in range(30):
            AppointmentFactory(
                staff=member, at=at(3, 1) + datetime.timedelta(hours=day), no_show=day < k, held=day >= k
            )
    client.force_login(UserFactory(manager=True))
    with time_machine.travel(at(12, 1), tick=False):
        response = client.get(reverse("reporting:dashboard_part", args=["follow-up"]), {"year": 2025})

    content = response.content.decode()
    table = content.split('data-testid="no-show-by-staff"', 1)[1].split("</table>", 1)[0]
    shown = [name for name in (f"Numéro{k:02d}" for k in range(1, 26)) if name.upper() in table or name in table]
    assert shown == [f"Numéro{k:02d}" for k in (*range(1, 11), *range(16, 26))]
    assert "de 25 membres du personnel" in table
    highest = table.split("Taux d’absence les plus élevés", 1)[1]
    assert highest.index("25") < highest.index("Taux d’absence les plus bas")  # the highest first
