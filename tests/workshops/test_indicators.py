import datetime

import pytest

from accompaniment.enums import OutcomeKind
from accompaniment.models import LocalProject
from tests.accompaniment.factories import AccompanimentFactory, OutcomeFactory
from tests.missionlocale.factories import UserFactory
from tests.workshops.factories import EnrolmentFactory, MeetingFactory, ModuleFactory, SessionFactory, VisitorFactory
from workshops import indicators
from workshops.models import Attendance, CoachingSession, ComputerVisit

CUTOFF = datetime.date(2025, 1, 31)
D = datetime.date


def _session(module, start, days):
    session = SessionFactory(
        module=module, starts_on=start, ends_on=start + datetime.timedelta(days=60), meetings=False
    )
    return session, [MeetingFactory(session=session, date=day) for day in days]


def _present(enrolment, meeting, status="present"):
    Attendance.objects.create(meeting=meeting, enrolment=enrolment, status=status)


@pytest.fixture
def modules(db):
    project = LocalProject.objects.get(name="CQD Héliport-Anvers")
    return {
        "orientation": ModuleFactory(name="Atelier test"),
        "digital_house": ModuleFactory(name="Maison test", local_project=project),
        "training": ModuleFactory(name="Ordinateur test", digital=True),
        "project": project,
    }


def test_module_participants_and_positive_exits(modules):
    orientation, _meetings = _session(modules["orientation"], D(2024, 3, 1), [D(2024, 3, 4), D(2024, 3, 6)])
    house, house_meetings = _session(modules["digital_house"], D(2024, 9, 1), [D(2024, 9, 2), D(2024, 9, 4)])
    old, old_meetings = _session(modules["orientation"], D(2023, 11, 1), [D(2023, 12, 4), D(2024, 1, 8)])

    # Ana: in two modules, counted once; a CDD after her first presence → a positive exit.
    ana = AccompanimentFactory(started_on=D(2024, 1, 10))
    for session, meetings in ((orientation, _meetings), (house, house_meetings)):
        _present(EnrolmentFactory(session=session, job_seeker=ana.job_seeker), meetings[0])
    OutcomeFactory(accompaniment=ana, kind=OutcomeKind.CDD, occurred_on=D(2024, 5, 2))
    # Ben: only absent → not a participant.
    ben = AccompanimentFactory(started_on=D(2024, 1, 10))
    _present(EnrolmentFactory(session=orientation, job_seeker=ben.job_seeker), _meetings[0], "absent")
    # Chloé: present; her training began before her first presence → not a positive exit of the modules.
    chloe = AccompanimentFactory(started_on=D(2024, 1, 10))
    _present(EnrolmentFactory(session=orientation, job_seeker=chloe.job_seeker), _meetings[1])
    OutcomeFactory(accompaniment=chloe, kind=OutcomeKind.QUALIFYING_TRAINING, occurred_on=D(2024, 3, 5))
    # Dina: present in January 2024 at a session that began in 2023; employment after the cut-off does not count,
    # and a dropping out is not a positive exit.
    dina = AccompanimentFactory(started_on=D(2023, 10, 1))
    enrolment = EnrolmentFactory(session=old, job_seeker=dina.job_seeker)
    _present(enrolment, old_meetings[0])
    _present(enrolment, old_meetings[1])
    OutcomeFactory(accompaniment=dina, kind=OutcomeKind.DROPPED_OUT, occurred_on=D(2024, 6, 1))
    OutcomeFactory(accompaniment=dina, kind=OutcomeKind.CDI, occurred_on=D(2025, 2, 3))
    # Eve: present in house on 2 Sept; her positive outcome is on another (later) accompaniment → counts.
    eve = AccompanimentFactory(started_on=D(2023, 9, 1), closed=True)
    _present(EnrolmentFactory(session=house, job_seeker=eve.job_seeker), house_meetings[1])
    later = AccompanimentFactory(job_seeker=eve.job_seeker, started_on=D(2024, 12, 1))
    OutcomeFactory(accompaniment=later, kind=OutcomeKind.INTERIM, occurred_on=D(2025, 1, 31))

    assert indicators.module_participants(year=2024, cutoff=CUTOFF) == 4  # Ana, Chloé, Dina, Eve
    assert indicators.module_positive_exits(year=2024, cutoff=CUTOFF) == 2  # Ana, Eve
    assert indicators.module_participants(year=2023, cutoff=CUTOFF) == 1  # Dina in December 2023
    assert indicators.module_participants(year=2024, cutoff=D(2024, 3, 4)) == 2  # Dina (January) and Ana by then
    assert indicators.module_positive_exits(year=2024, cutoff=D(2025, 1, 30)) == 1  # Eve's exit is after
    assert indicators.module_figures(year=2024, cutoff=CUTOFF) == {
        "Atelier test": {"participants": 3, "positive_exits": 1},
        # Ana's CDD came before her first presence at this module: per module, it is not its exit.
        "Maison test": {"participants": 2, "positive_exits": 1},
    }
    assert indicators.session_figures(session=house, cutoff=CUTOFF) == {"participants": 2, "positive_exits": 1}
    assert indicators.local_project_participants(year=2024, cutoff=CUTOFF, local_project=modules["project"]) == 2
    figures = indicators.local_project_figures(year=2024, cutoff=CUTOFF)
    # All projects in one query, each person from their first presence in the project: Eve's exit only.
    assert figures["CQD Héliport-Anvers"] == {"participants": 2, "positive_exits": 1, "tagged_people": 0}
    assert figures["CQD Versailles"] == {"participants": 0, "positive_exits": 0, "tagged_people": 0}


def test_a_session_tagged_with_a_project_counts_for_it_rather_than_its_modules(modules):
    versailles = LocalProject.objects.get(name="CQD Versailles")
    session, meetings = _session(modules["digital_house"], D(2024, 5, 1), [D(2024, 5, 6)])
    session.local_project = versailles
    session.save()
    _present(EnrolmentFactory(session=session), meetings[0])

    assert indicators.local_project_participants(year=2024, cutoff=CUTOFF, local_project=versailles) == 1
    assert indicators.local_project_participants(year=2024, cutoff=CUTOFF, local_project=modules["project"]) == 0
    figures = indicators.local_project_figures(year=2024, cutoff=CUTOFF)
    assert (figures["CQD Versailles"]["participants"], figures["CQD Héliport-Anvers"]["participants"]) == (1, 0)


def test_epn_indicators(modules):
    marie, samir = VisitorFactory.create_batch(2)
    for day in (D(2024, 1, 3), D(2024, 2, 3), D(2024, 12, 31)):
        ComputerVisit.objects.create(visitor=marie, visited_on=day)
    ComputerVisit.objects.create(visitor=samir, visited_on=D(2023, 12, 31))
    ComputerVisit.objects.create(visitor=None, visited_on=D(2024, 4, 4))
    ComputerVisit.objects.create(visitor=None, visited_on=D(2024, 4, 5))
    coach = UserFactory(profession="digital_coach")
    CoachingSession.objects.create(visitor=marie, coach=coach, occurred_on=D(2024, 3, 1))
    CoachingSession.objects.create(visitor=marie, coach=coach, occurred_on=D(2024, 4, 1))
    CoachingSession.objects.create(visitor=samir, coach=coach, occurred_on=D(2025, 1, 2))
    _session(modules["training"], D(2023, 12, 1), [D(2023, 12, 4), D(2024, 1, 8)])  # a meeting in 2024: counts
    _session(modules["training"], D(2024, 6, 1), [D(2024, 6, 3)])
    _session(modules["training"], D(2023, 6, 1), [D(2023, 6, 3)])
    _session(modules["orientation"], D(2024, 6, 1), [D(2024, 6, 3)])  # not a digital training

    assert indicators.epn_computer_users(year=2024, cutoff=CUTOFF) == 1
    assert indicators.epn_computer_users(year=2024, cutoff=D(2024, 6, 30)) == 1
    assert indicators.epn_anonymous_visits(year=2024, cutoff=CUTOFF) == 2
    assert indicators.epn_visits(year=2024, cutoff=CUTOFF) == 5
    assert indicators.epn_coached_people(year=2024, cutoff=CUTOFF) == 1
    assert indicators.epn_coached_people(year=2025, cutoff=CUTOFF) == 1
    assert indicators.epn_digital_trainings(year=2024, cutoff=CUTOFF) == 2
    assert indicators.epn_digital_trainings(year=2023, cutoff=CUTOFF) == 2


def test_fill_and_attendance_of_the_collective_sessions_meeting_in_the_year(modules):
    session, meetings = _session(modules["orientation"], D(2024, 3, 1), [D(2024, 3, 4), D(2024, 3, 6)])
    seated = [EnrolmentFactory(session=session, status=status) for status in ("invited", "registered", "completed")]
    EnrolmentFactory(session=session, status="waiting")  # not a seat taken
    _present(seated[0], meetings[0])
    _present(seated[1], meetings[0], status="absent")
    _present(seated[2], meetings[1])
    # Neither a digital training nor a session meeting only in another year counts.
    digital, digital_meetings = _session(modules["training"], D(2024, 3, 1), [D(2024, 3, 5)])
    _present(EnrolmentFactory(session=digital), digital_meetings[0], status="absent")
    earlier, _meetings = _session(modules["orientation"], D(2023, 11, 1), [D(2023, 11, 6)])
    EnrolmentFactory(session=earlier)

    assert indicators.fill_and_attendance(year=2024, cutoff=CUTOFF) == {
        "sessions": 1,
        "fill_percent": 25,  # 3 of 12 seats
        "attendance_percent": 67,  # 2 present of 3 marks
    }
    assert indicators.fill_and_attendance(year=2024, cutoff=D(2024, 3, 5)) == {
        "sessions": 1,
        "fill_percent": 25,
        "attendance_percent": 50,  # the meeting of 6 March is after the cut-off
    }
    assert indicators.fill_and_attendance(year=2022, cutoff=CUTOFF) == {
        "sessions": 0,
        "fill_percent": None,
        "attendance_percent": None,
    }
