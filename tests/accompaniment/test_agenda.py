import datetime
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from accompaniment.enums import AccessAction, AppointmentKind
from accompaniment.models import FileAccess
from tests.accompaniment.factories import AppointmentFactory, InterviewFactory, JobSeekerFactory, RoomFactory
from tests.missionlocale.factories import UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
# Wednesday 5 March 2025, 09:00 in Brussels (UTC+1): the week runs from Monday 3 to Sunday 9 March.
WEDNESDAY = datetime.datetime(2025, 3, 5, 9, 0, tzinfo=BRUSSELS)
AGENDA_URL = reverse("accompaniment:agenda")
ICS_URL = reverse("accompaniment:agenda_ics")


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, minute, tzinfo=BRUSSELS)


@pytest.fixture
def wednesday():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


def appointment(staff, when, first_name="Amina", last_name="El Amrani", **kwargs):
    job_seeker = JobSeekerFactory(first_name=first_name, last_name=last_name)
    return AppointmentFactory(staff=staff, job_seeker=job_seeker, at=when, **kwargs)


def day_section(content: str, day: str) -> str:
    match = re.search(rf'<section class="mb-3" aria-labelledby="agenda-day-{day}">.*?</section>', content, re.S)
    assert match, f"no section for {day}"
    return match.group(0)


# The page


def test_the_week_from_monday_to_sunday_by_default(client, counsellor, wednesday):
    appointment(counsellor, at(5, 14, 30), first_name="Amina", last_name="Today", kind=AppointmentKind.EMPLOYER)
    appointment(counsellor, at(5, 8, 0), first_name="Early", last_name="Today")
    appointment(counsellor, at(3, 10), first_name="Bilal", last_name="Monday")
    # 23:30 on Sunday in Brussels is still this week (22:30 UTC); 00:30 on Monday is not (23:30 UTC Sunday).
    appointment(counsellor, at(9, 23, 0), first_name="Chloé", last_name="Sunday")
    appointment(counsellor, at(10, 0, 30), first_name="Dario", last_name="Monday")
    appointment(counsellor, at(2, 10), first_name="Emma", last_name="Lastweek")
    appointment(UserFactory(counsellor=True), at(5, 15), first_name="Farid", last_name="Colleague")
    client.force_login(counsellor)

    response = client.get(AGENDA_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Mon agenda" in content and "Semaine du 3 mars au 9 mars 2025" in content
    today = day_section(content, "20250305")
    assert "mercredi 5 mars" in today and "aujourd’hui" in today
    assert "TODAY Amina" in today and "14:30–15:15" in today
    with translation.override("fr"):
        assert str(AppointmentKind.EMPLOYER.label) in today
    assert today.index("TODAY Early") < today.index("TODAY Amina")
    assert "MONDAY Bilal" in day_section(content, "20250303")
    assert "SUNDAY Chloé" in day_section(content, "20250309")
    for absent in ("MONDAY Dario", "LASTWEEK Emma", "COLLEAGUE Farid"):
        assert absent not in content
    assert "Aucun rendez-vous." in day_section(content, "20250304")


def test_the_appointments_one_attends_are_in_ones_agenda_once(client, counsellor, wednesday):
    colleague = UserFactory(counsellor=True)
    appointment(colleague, at(4, 10), first_name="Gaël", last_name="Attended").other_staff.add(counsellor)
    # Led and attended by her both (an old row): listed once.
    appointment(counsellor, at(4, 11), first_name="Hana", last_name="Twice").other_staff.add(counsellor, colleague)
    appointment(colleague, at(4, 12), first_name="Ilyas", last_name="Colleague")
    appointment(colleague, at(11, 10), first_name="Jade", last_name="Nextweek").other_staff.add(counsellor)
    client.force_login(counsellor)

    content = client.get(AGENDA_URL).content.decode()

    tuesday = day_section(content, "20250304")
    assert "ATTENDED Gaël" in tuesday and content.count("TWICE Hana") == 1
    assert tuesday.index("ATTENDED Gaël") < tuesday.index("TWICE Hana")
    assert "COLLEAGUE Ilyas" not in content and "NEXTWEEK Jade" not in content


def test_a_day_and_a_month_and_the_navigation(client, counsellor, wednesday):
    appointment(counsellor, at(6, 10), first_name="Bilal", last_name="Thursday")
    appointment(counsellor, at(28, 10), first_name="Carla", last_name="Endofmonth")
    appointment(counsellor, at(1, 10, month=4), first_name="Dirk", last_name="April")
    client.force_login(counsellor)

    day = client.get(AGENDA_URL, {"view": "day", "date": "2025-03-06"}).content.decode()
    assert "jeudi 6 mars 2025" in day and "THURSDAY Bilal" in day and "ENDOFMONTH" not in day
    assert 'href="?view=day&amp;date=2025-03-05"' in day and 'href="?view=day&amp;date=2025-03-07"' in day
    # The today button comes back to today's date, in the same view.
    assert 'href="?view=day&amp;date=2025-03-05" data-testid="agenda-today"' in day

    month = client.get(AGENDA_URL, {"view": "month", "date": "2025-03-17"}).content.decode()
    assert "mars 2025" in month and "Bilal" in month and "Carla" in month
    # The grid shows whole weeks: March 2025 ends on Monday 31, so its last row runs to Sunday 6 April.
    assert "Dirk" in month
    assert 'href="?view=month&amp;date=2025-02-01"' in month and 'href="?view=month&amp;date=2025-04-01"' in month


def test_bad_parameters_show_a_message_and_this_week(client, counsellor, wednesday):
    appointment(counsellor, at(5, 14), first_name="Amina", last_name="Today")
    client.force_login(counsellor)

    response = client.get(AGENDA_URL, {"view": "year", "date": "2025-02-30", "room": "x"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Sélectionnez un choix valide" in content and "Saisissez une date valide" in content
    assert "TODAY Amina" in content


def test_a_rooms_agenda_hides_the_people_of_other_teams(client, counsellor, wednesday):
    room = RoomFactory(name="Bureau 3")
    colleague = UserFactory(counsellor=True, first_name="Zoé", last_name="Collègue")
    appointment(colleague, at(5, 10), first_name="Secret", last_name="Person", room=room)
    appointment(counsellor, at(5, 14), first_name="Mine", last_name="Own", room=room)
    appointment(counsellor, at(5, 16), first_name="Elsewhere", last_name="Own")
    client.force_login(counsellor)

    content = client.get(AGENDA_URL, {"room": room.pk}).content.decode()

    assert "Agenda de la salle Bureau 3" in content
    assert "OWN Mine" in content and "Occupé" in content and "Zoé" in content
    assert "Secret" not in content and "PERSON" not in content and "Elsewhere" not in content


def test_each_name_links_to_the_file(client, counsellor, wednesday):
    booked = appointment(counsellor, at(5, 14))
    client.force_login(counsellor)

    content = client.get(AGENDA_URL).content.decode()

    url = reverse("accompaniment:file_detail", kwargs={"pk": booked.job_seeker.pk})
    assert f'<a href="{url}" hx-boost="false">EL AMRANI Amina</a>' in content


def test_export_button_on_ones_own_agenda(client, counsellor, wednesday):
    client.force_login(counsellor)

    content = client.get(AGENDA_URL).content.decode()

    assert f'href="{ICS_URL}"' in content and "Exporter (.ics)" in content


def test_the_page_holds_a_bounded_number_of_queries(client, counsellor, wednesday, django_assert_max_num_queries):
    for n in range(12):
        appointment(counsellor, at(5, 8) + datetime.timedelta(minutes=30 * n), first_name=f"Today{n}")
    for n in range(12):
        appointment(counsellor, at(6 + n % 4, 9), first_name=f"Week{n}", room=RoomFactory())
    client.force_login(counsellor)

    # Session, user, permissions (2), the rooms of the form (1), the appointments and their other staff (2), the
    # files of the reader's team among them (1), the session saved on every request (3).
    with django_assert_max_num_queries(11):
        response = client.get(AGENDA_URL)

    content = response.content.decode()
    assert content.count("Today") >= 12 and content.count("Week") >= 12


# Who sees whose agenda


@pytest.mark.parametrize("trait", ["director", "administrator"])
def test_staff_who_read_no_files_get_403(client, db, trait):
    client.force_login(UserFactory(**{trait: True}))

    assert client.get(AGENDA_URL).status_code == 403
    assert client.get(ICS_URL).status_code == 403


def test_a_manager_sees_a_counsellors_agenda(client, manager, counsellor, wednesday, django_assert_max_num_queries):
    for n in range(20):
        appointment(counsellor, at(5 + n % 3, 9 + n % 8), first_name=f"Person{n}")
    appointment(manager, at(5, 11), first_name="Own", last_name="Manager")
    client.force_login(manager)

    # The bounded page's queries, one for the list of staff members and one for the access-log row of reading
    # another staff member's agenda (issue 12, item 7).
    with django_assert_max_num_queries(13):
        response = client.get(AGENDA_URL, {"staff": counsellor.pk})

    assert response.status_code == 200
    content = response.content.decode()
    assert f"Agenda de {counsellor.get_full_name()}" in content
    assert "Person19" in content and "MANAGER Own" not in content
    # The export is always one's own: no button on a colleague's agenda.
    assert ICS_URL not in content
    assert f'<option value="{counsellor.pk}" selected>' in content
    assert FileAccess.objects.get().detail == f"agenda of staff {counsellor.pk}"


def test_a_manager_sees_their_own_agenda_by_default(client, manager, counsellor, wednesday):
    appointment(manager, at(5, 11), first_name="Own", last_name="Manager")
    client.force_login(manager)

    content = client.get(AGENDA_URL).content.decode()

    assert "Mon agenda" in content and "MANAGER Own" in content
    assert f'<option value="{counsellor.pk}">' in content


def test_a_manager_asking_for_an_unknown_staff_member_gets_a_form_error(client, manager, wednesday):
    appointment(manager, at(5, 11), first_name="Own", last_name="Manager")
    client.force_login(manager)

    response = client.get(AGENDA_URL, {"staff": "999999"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Sélectionnez un choix valide" in content
    assert "Mon agenda" in content and "MANAGER Own" in content


def test_a_counsellor_cannot_see_someone_elses_agenda(client, counsellor, wednesday):
    colleague = UserFactory(counsellor=True)
    appointment(colleague, at(5, 11))
    client.force_login(counsellor)

    assert client.get(AGENDA_URL, {"staff": colleague.pk}).status_code == 403
    assert client.get(AGENDA_URL, {"staff": "nonsense"}).status_code == 403
    assert client.get(AGENDA_URL, {"staff": counsellor.pk}).status_code == 200


def test_a_counsellor_has_no_staff_selector(client, counsellor, wednesday):
    client.force_login(counsellor)

    assert 'name="staff"' not in client.get(AGENDA_URL).content.decode()


# The .ics export


CRLF = "\r\n"


def parse_ics(body: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """Unfold the lines (RFC 5545 §3.1) and return them with the VEVENTs as {name: value} dicts."""
    text = body.decode("utf-8")
    assert text.endswith(CRLF)
    assert "\n" not in text.replace(CRLF, ""), "bare LF or CR line ending"
    physical = text.split(CRLF)[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    return lines, events


def test_the_ics_export(client, counsellor, wednesday):
    first = appointment(counsellor, at(5, 14, 30), first_name="Amina", last_name="El Amrani")
    # 2 April is in summer time: 10:00 in Brussels is 08:00 UTC.
    second = appointment(counsellor, at(2, 10, month=4), first_name="Jean-Pierre", last_name="Van den Bossche")
    appointment(counsellor, at(3, 18, month=5), first_name="Last", last_name="Day")
    appointment(counsellor, at(5, 9, month=5), first_name="Too", last_name="Late")
    appointment(counsellor, at(4, 10), first_name="Yesterday", last_name="Past")
    appointment(counsellor, at(7, 10), first_name="Cancelled", last_name="Gone", cancelled=True)
    appointment(UserFactory(counsellor=True), at(6, 10), first_name="Not", last_name="Mine")
    client.force_login(counsellor)

    response = client.get(ICS_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="agenda.ics"'
    lines, events = parse_ics(response.content)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    assert "X-WR-CALNAME:Agenda Mission Locale" in lines
    assert [event["SUMMARY"] for event in events] == [
        "RDV Mission Locale – Amina E.",
        "RDV Mission Locale – Jean-Pierre V.",
        "RDV Mission Locale – Last D.",
    ]
    assert events[0]["UID"] == f"appointment-{first.pk}@missionlocale"
    assert events[1]["UID"] == f"appointment-{second.pk}@missionlocale"
    assert events[0]["DTSTART"] == "20250305T133000Z" and events[0]["DTEND"] == "20250305T141500Z"
    assert events[1]["DTSTART"] == "20250402T080000Z" and events[1]["DTEND"] == "20250402T084500Z"
    assert all(event["DTSTAMP"] == "20250305T080000Z" for event in events)


def test_the_ics_export_carries_no_personal_detail(client, counsellor, wednesday):
    job_seeker = JobSeekerFactory(first_name="Amina", last_name="El Amrani", niss="85073003328")
    AppointmentFactory(staff=counsellor, job_seeker=job_seeker, at=at(6, 10), place="Rue de la Loi 12")
    InterviewFactory(staff=counsellor, job_seeker=job_seeker, topics="Logement, santé", note="Situation difficile.")
    client.force_login(counsellor)

    body = client.get(ICS_URL).content.decode()

    for secret in ("Amrani", "AMRANI", "85073003328", "Logement", "difficile", "Loi", job_seeker.actiris_number):
        assert secret not in body


def test_the_ics_export_is_in_the_access_log(client, counsellor, wednesday):
    client.force_login(counsellor)

    client.get(ICS_URL)

    access = FileAccess.objects.get()
    assert (access.user, access.job_seeker, access.action, access.detail) == (
        counsellor,
        None,
        AccessAction.EXPORT,
        "agenda.ics",
    )


def test_a_managers_export_is_their_own_agenda(client, manager, counsellor, wednesday):
    appointment(counsellor, at(6, 10), first_name="Theirs")
    appointment(manager, at(6, 11), first_name="Mine")
    client.force_login(manager)

    _lines, events = parse_ics(client.get(ICS_URL, {"staff": counsellor.pk}).content)

    assert [event["SUMMARY"] for event in events] == ["RDV Mission Locale – Mine E."]


def test_long_names_are_folded_escaped_and_read_back_by_icalendar(client, counsellor, wednesday):
    appointment(counsellor, at(6, 10), first_name="Amina; Bilal, Chloé\\ et\nDario " + "é" * 45, last_name="Zed")
    client.force_login(counsellor)

    body = client.get(ICS_URL).content
    lines, _events = parse_ics(body)  # CRLF, every physical line within 75 octets

    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(event["SUMMARY"]) == "RDV Mission Locale – Amina; Bilal, Chloé\\ et\nDario " + "é" * 45 + " Z."
    assert any(line.startswith("SUMMARY:RDV Mission Locale – Amina\\; Bilal\\, Chloé") for line in lines)


def test_a_manager_sees_a_teams_agenda_and_the_read_is_logged(client, manager, counsellor, wednesday):
    colleague = UserFactory(counsellor=True)
    appointment(counsellor, at(5, 10), first_name="First", last_name="Counsellor")
    appointment(colleague, at(5, 11), first_name="Second", last_name="Counsellor")
    appointment(UserFactory(psychologist=True), at(5, 12), first_name="Other", last_name="Team")
    client.force_login(manager)

    content = client.get(AGENDA_URL, {"team": "counsellor", "view": "day"}).content.decode()

    assert "Agenda de l’équipe" in content
    assert "COUNSELLOR First" in content and "COUNSELLOR Second" in content and "TEAM Other" not in content
    assert FileAccess.objects.get().detail == "agenda of team counsellor"
