import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from accompaniment.enums import AccessAction, InterviewKind
from accompaniment.ics import CRLF, ics_escape, ics_fold
from accompaniment.models import FileAccess
from tests.accompaniment.factories import InterviewFactory, JobSeekerFactory
from tests.missionlocale.factories import UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
# Wednesday 5 March 2025, 09:00 in Brussels (UTC+1): the week runs from Monday 3 to Sunday 9 March.
WEDNESDAY = datetime.datetime(2025, 3, 5, 9, 0, tzinfo=BRUSSELS)
SUNDAY = datetime.datetime(2025, 3, 9, 9, 0, tzinfo=BRUSSELS)
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
    return InterviewFactory(staff=staff, job_seeker=job_seeker, next_appointment_at=when, **kwargs)


def section(content: str, name: str) -> str:
    match = re.search(rf'<section id="agenda-{name}".*?</section>', content, re.S)
    assert match, f"no {name} section"
    return match.group(0)


# The page


def test_today_and_this_week_in_their_sections(client, counsellor, wednesday):
    appointment(counsellor, at(5, 14, 30), first_name="Amina", last_name="Today", kind=InterviewKind.PHONE)
    appointment(counsellor, at(5, 8, 0), first_name="Early", last_name="Today")
    appointment(counsellor, at(6, 10), first_name="Bilal", last_name="Thursday")
    # 23:30 on Sunday in Brussels is still this week (22:30 UTC); 00:30 on Monday is not (23:30 UTC Sunday).
    appointment(counsellor, at(9, 23, 30), first_name="Chloé", last_name="Sunday")
    appointment(counsellor, at(10, 0, 30), first_name="Dario", last_name="Monday")
    appointment(counsellor, at(4, 10), first_name="Emma", last_name="Yesterday")
    appointment(UserFactory(counsellor=True), at(5, 15), first_name="Farid", last_name="Colleague")
    client.force_login(counsellor)

    response = client.get(AGENDA_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Mon agenda" in content
    today, week = section(content, "today"), section(content, "week")
    assert "Aujourd’hui" in today and "mercredi 5 mars 2025" in today
    assert "TODAY Amina" in today and "14:30" in today
    with translation.override("fr"):
        assert f"{InterviewKind.PHONE.label} (26/02/2025)" in today
    assert "TODAY Early" in today
    assert today.index("TODAY Early") < today.index("TODAY Amina")
    assert "Cette semaine" in week and "du jeudi 6 mars au dimanche 9 mars" in week
    assert "THURSDAY Bilal" in week and "jeudi 6 mars, 10:00" in week
    assert "SUNDAY Chloé" in week and "dimanche 9 mars, 23:30" in week
    for absent in ("MONDAY Dario", "YESTERDAY Emma", "COLLEAGUE Farid"):
        assert absent not in content
    assert "THURSDAY" not in today and "TODAY" not in week


def test_each_name_links_to_the_file(client, counsellor, wednesday):
    interview = appointment(counsellor, at(5, 14))
    client.force_login(counsellor)

    content = client.get(AGENDA_URL).content.decode()

    url = reverse("accompaniment:file_detail", kwargs={"pk": interview.job_seeker.pk})
    assert f'<a href="{url}">EL AMRANI Amina</a>' in content


def test_empty_agenda_says_so(client, counsellor, wednesday):
    client.force_login(counsellor)

    content = client.get(AGENDA_URL).content.decode()

    assert "Aucun rendez-vous prévu aujourd’hui." in section(content, "today")
    assert "Aucun autre rendez-vous prévu cette semaine." in section(content, "week")
    assert "<table" not in content


def test_on_sunday_the_second_section_is_next_week(client, counsellor):
    with time_machine.travel(SUNDAY, tick=False):
        appointment(counsellor, at(10, 9), first_name="Monday", last_name="Next")
        appointment(counsellor, at(16, 18), first_name="Sunday", last_name="Next")
        appointment(counsellor, at(17, 9), first_name="Monday", last_name="Later")
        client.force_login(counsellor)

        content = client.get(AGENDA_URL).content.decode()

    week = section(content, "week")
    assert "La semaine prochaine" in week and "du lundi 10 mars au dimanche 16 mars" in week
    assert "NEXT Monday" in week and "NEXT Sunday" in week
    assert "LATER Monday" not in content


def test_export_button_on_ones_own_agenda(client, counsellor, wednesday):
    client.force_login(counsellor)

    content = client.get(AGENDA_URL).content.decode()

    assert f'href="{ICS_URL}"' in content and "Exporter (.ics)" in content


def test_the_page_holds_a_bounded_number_of_queries(client, counsellor, wednesday, django_assert_max_num_queries):
    for n in range(12):
        appointment(counsellor, at(5, 8) + datetime.timedelta(minutes=30 * n), first_name=f"Today{n}")
    for n in range(12):
        appointment(counsellor, at(6 + n % 4, 9), first_name=f"Week{n}")
    client.force_login(counsellor)

    # Session, user, permissions (2), the appointments (1), the session saved on every request (3).
    with django_assert_max_num_queries(8):
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
    with django_assert_max_num_queries(10):
        response = client.get(AGENDA_URL, {"staff": counsellor.pk})

    assert response.status_code == 200
    content = response.content.decode()
    assert f"Agenda de {counsellor.get_full_name()}" in content
    assert "Person19" in content and "MANAGER Own" not in content
    # The export is always one's own: no button on a colleague's agenda.
    assert ICS_URL not in content
    assert f'<option value="{counsellor.pk}" selected>' in content


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

    assert "<select" not in client.get(AGENDA_URL).content.decode()


# The .ics export


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
    assert events[0]["UID"] == f"interview-{first.pk}@missionlocale"
    assert events[1]["UID"] == f"interview-{second.pk}@missionlocale"
    assert events[0]["DTSTART"] == "20250305T133000Z" and events[0]["DTEND"] == "20250305T141500Z"
    assert events[1]["DTSTART"] == "20250402T080000Z" and events[1]["DTEND"] == "20250402T084500Z"
    assert all(event["DTSTAMP"] == "20250305T080000Z" for event in events)


def test_the_ics_export_carries_no_personal_detail(client, counsellor, wednesday):
    job_seeker = JobSeekerFactory(first_name="Amina", last_name="El Amrani", niss="85073003328")
    InterviewFactory(
        staff=counsellor,
        job_seeker=job_seeker,
        next_appointment_at=at(6, 10),
        topics="Logement, santé",
        note="Situation familiale difficile.",
    )
    client.force_login(counsellor)

    body = client.get(ICS_URL).content.decode()

    for secret in ("Amrani", "AMRANI", "85073003328", "Logement", "familiale", job_seeker.actiris_number):
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


def test_long_lines_are_folded_and_text_escaped():
    value = ics_escape("Amina; Bilal, Chloé\\ et\nDario " + "é" * 80)
    folded = ics_fold("SUMMARY:" + value)

    physical = folded.split(CRLF)
    assert len(physical) > 2
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    assert all(line.startswith(" ") for line in physical[1:])
    assert physical[0] + "".join(line[1:] for line in physical[1:]) == "SUMMARY:" + value
    assert value.startswith("Amina\\; Bilal\\, Chloé\\\\ et\\nDario ")
