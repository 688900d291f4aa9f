import datetime

from django.db.models import Count

from accompaniment.models import LocalProject, Outcome
from demo.workshops import demo_workshops_seed
from missionlocale.models import User
from tests.demo.conftest import TODAY
from workshops import indicators
from workshops.enums import EnrolmentStatus, ModuleKind
from workshops.models import Attendance, CoachingSession, ComputerVisit, Enrolment, Meeting, Session, Visitor

CUT_OFF = datetime.date(2025, 1, 31)


def test_demo_reproduces_the_2024_figures(demo_data, db):
    heliport = LocalProject.objects.get(name="CQD Héliport-Anvers")
    figures = {
        "module participants": indicators.module_participants(year=2024, cutoff=CUT_OFF),
        "module positive exits": indicators.module_positive_exits(year=2024, cutoff=CUT_OFF),
        "EPN computer users": indicators.epn_computer_users(year=2024, cutoff=CUT_OFF),
        "EPN coached": indicators.epn_coached_people(year=2024, cutoff=CUT_OFF),
        "digital trainings": indicators.epn_digital_trainings(year=2024, cutoff=CUT_OFF),
        "Maison Digitale": indicators.local_project_participants(year=2024, cutoff=CUT_OFF, local_project=heliport),
    }
    assert figures == {
        "module participants": 175,
        "module positive exits": 90,
        "EPN computer users": 452,
        "EPN coached": 163,
        "digital trainings": 16,
        "Maison Digitale": 39,
    }
    # Every module of the report ran in 2024; the exits are the accompaniments' own outcomes, none added.
    per_module = indicators.module_figures(year=2024, cutoff=CUT_OFF)
    assert len(per_module) == 9 and per_module["Maison Digitale"]["participants"] == 39
    assert Outcome.objects.count() == demo_data["outcomes_before"]
    assert demo_data["workshops_seconds"] < 30


def test_demo_other_years_are_plausible(demo_data, db):
    for year in (2021, 2022, 2023, 2025):
        cutoff = datetime.date(year + 1, 1, 31)
        participants = indicators.module_participants(year=year, cutoff=cutoff)
        positive = indicators.module_positive_exits(year=year, cutoff=cutoff)
        assert 110 <= participants <= 200, year
        assert 0.3 <= positive / participants <= 0.65, year
        assert 300 <= indicators.epn_computer_users(year=year, cutoff=cutoff) <= 500, year
        assert indicators.epn_anonymous_visits(year=year, cutoff=cutoff) > 400, year
    assert 40 <= indicators.module_participants(year=2020, cutoff=datetime.date(2021, 1, 31)) <= 140  # lockdowns
    assert 100 <= indicators.module_participants(year=2026, cutoff=TODAY) <= 220
    assert not Attendance.objects.filter(meeting__date__gte=TODAY).exists()
    assert not ComputerVisit.objects.filter(visited_on__gt=TODAY).exists()
    assert not CoachingSession.objects.filter(occurred_on__gt=TODAY).exists()


def test_demo_keeps_the_rules(demo_data, db):
    # Capacity: never more seated people than seats; the coming session has a waiting list.
    for session in Session.objects.with_counts():
        assert session.seated_count <= session.capacity, session
    assert Enrolment.objects.filter(status=EnrolmentStatus.WAITING, session__starts_on__gt=TODAY).count() >= 3
    # Participants of a module were followed by a counsellor; Nouveaux Départs takes women only.
    nouveaux_departs = Enrolment.objects.filter(session__module__name="Nouveaux Départs")
    assert nouveaux_departs.exists() and not nouveaux_departs.exclude(job_seeker__gender="F").exists()
    assert not Enrolment.objects.filter(session__module__kind=ModuleKind.COLLECTIVE, job_seeker=None).exists()
    assert not Enrolment.objects.filter(session__module__kind=ModuleKind.DIGITAL_TRAINING, visitor=None).exists()
    # Completion follows the module's rule.
    for enrolment in Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED).with_attendance_counts()[:200]:
        meetings = enrolment.session.meetings.count()
        assert enrolment.present_count * 100 >= enrolment.session.module.completion_rate * meetings
    # A visitor with a file is that file's only visitor; some visitors have none.
    assert Visitor.objects.exclude(job_seeker=None).exists() and Visitor.objects.filter(job_seeker=None).exists()
    assert not Visitor.objects.values("job_seeker").exclude(job_seeker=None).annotate(n=Count("pk")).filter(n__gt=1)


def test_the_project_officer_has_a_meeting_today(demo_data, db):
    officer = User.objects.get(username="projets")
    today = Meeting.objects.filter(date=TODAY, session__facilitators=officer)
    assert today.count() == 1
    assert today.get().session.enrolments.count() == 11
    assert not Attendance.objects.filter(meeting__in=today).exists()


def test_demo_seed_again_adds_nothing(demo_data, db):
    counts = [m.objects.count() for m in (Session, Meeting, Enrolment, Attendance, Visitor, ComputerVisit)]
    demo_workshops_seed(today=TODAY)
    assert [m.objects.count() for m in (Session, Meeting, Enrolment, Attendance, Visitor, ComputerVisit)] == counts
