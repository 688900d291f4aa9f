"""One person with something in every app, in a given year: the data the anonymisation and exports touch."""

import datetime

from django.utils import timezone

from accompaniment import services
from accompaniment.enums import AccompanimentStatus, BarrierKind, OutcomeKind
from accompaniment.models import ActionStep, LocalProject, Orientation, Partner, ProfessionalProject, TeamMember
from employers.enums import FollowUpSituation, MatchingStatus, TrainingKind
from employers.models import (
    Certification,
    CertificationKind,
    ContractTraining,
    InformationSession,
    JobDay,
    JobDayGuest,
    MatchingStatusChange,
)
from privacy.services import access_request_record
from tests.accompaniment.factories import (
    AccompanimentFactory,
    BarrierFactory,
    InterviewFactory,
    JobSeekerFactory,
    OutcomeFactory,
)
from tests.employers.factories import ContractFactory, MatchingFactory
from tests.missionlocale.factories import UserFactory
from tests.workshops.factories import EnrolmentFactory, MeetingFactory, SessionFactory, VisitorFactory
from workshops.enums import AttendanceStatus, EnrolmentStatus
from workshops.models import Attendance, CoachingSession, ComputerVisit, Enrolment

NOTE = "Violences conjugales : a quitté le domicile, hébergée chez sa sœur."


def aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def person_with_everything(*, year: int, counsellor=None, psychologist=None, niss=None, **fields):
    """A file created in January of ``year``, with a closed accompaniment and records in every app that year."""
    counsellor = counsellor or UserFactory(counsellor=True)
    psychologist = psychologist or UserFactory(psychologist=True)
    start = datetime.date(year, 2, 1)
    person = JobSeekerFactory(
        created_at=aware(datetime.date(year, 1, 15)), niss=niss, email="personne@example.be", **fields
    )
    person.local_projects.add(LocalProject.objects.get(name="Nouveaux Départs"))
    # Versions in the history table, with the personal data in them.
    services.job_seeker_update(job_seeker=person, acting_user=counsellor, phone="+32470999888")
    accompaniment = AccompanimentFactory(
        job_seeker=person,
        counsellor=counsellor,
        started_on=start,
        recognised_on=start + datetime.timedelta(days=10),
        status=AccompanimentStatus.CLOSED,
        closed_on=start + datetime.timedelta(days=300),
    )
    OutcomeFactory(
        accompaniment=accompaniment,
        kind=OutcomeKind.CDD,
        occurred_on=start + datetime.timedelta(days=200),
        organisation="Delhaize Anderlecht",
        note=NOTE,
    )
    ProfessionalProject.objects.create(accompaniment=accompaniment, target_occupations="Aide-soignante", summary=NOTE)
    services.step_add(accompaniment=accompaniment, acting_user=counsellor, description="Chercher un logement sûr")
    ActionStep.objects.filter(accompaniment=accompaniment).update(due_on=start + datetime.timedelta(days=30))
    BarrierFactory(job_seeker=person, kind=BarrierKind.HOUSING, identified_on=start, note=NOTE)
    InterviewFactory(job_seeker=person, staff=counsellor, occurred_on=start, note="Bilan : " + NOTE, topics="Logement")
    InterviewFactory(
        job_seeker=person,
        staff=psychologist,
        occurred_on=start + datetime.timedelta(days=20),
        note="Séance psy confidentielle.",
        confidential=True,
    )
    Orientation.objects.create(
        job_seeker=person, partner=Partner.objects.first(), purpose="Hébergement d'urgence", staff=counsellor
    )
    Orientation.objects.filter(job_seeker=person).update(oriented_on=start)
    TeamMember.objects.create(job_seeker=person, user=psychologist, added_on=start)
    # Workshops: a module with attendance, an EPN visit and a coaching session.
    meeting_day = datetime.date(year, 3, 5)
    session = SessionFactory(starts_on=meeting_day, ends_on=meeting_day, meetings=False)
    meeting = MeetingFactory(session=session, date=meeting_day)
    enrolment = EnrolmentFactory(session=session, job_seeker=person, status=EnrolmentStatus.REGISTERED)
    Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_on=meeting_day)
    Attendance.objects.create(meeting=meeting, enrolment=enrolment, status=AttendanceStatus.PRESENT)
    visitor = VisitorFactory(
        job_seeker=person, first_name=person.first_name, last_name=person.last_name, created_at=aware(start)
    )
    ComputerVisit.objects.create(visitor=visitor, visited_on=meeting_day, at=aware(meeting_day))
    CoachingSession.objects.create(
        visitor=visitor, coach=UserFactory(), occurred_on=meeting_day, note="Créer son adresse email"
    )
    # Employers: a matching, a Job Day, an information session, an insertion contract.
    matching = MatchingFactory(
        job_seeker=person,
        proposed_on=datetime.date(year, 4, 1),
        status=MatchingStatus.NOT_RETAINED,
        status_changed_on=datetime.date(year, 4, 20),
        note=NOTE,
        reason="Horaires incompatibles avec la garde des enfants",
    )
    MatchingStatusChange.objects.create(
        matching=matching, status=MatchingStatus.NOT_RETAINED, changed_on=datetime.date(year, 4, 20), reason="Garde"
    )
    job_day = JobDay.objects.create(title=f"Job Day {year}", held_on=datetime.date(year, 5, 2))
    JobDayGuest.objects.create(job_day=job_day, job_seeker=person, present=True)
    info = InformationSession.objects.create(
        held_on=datetime.date(year, 5, 10),
        partner=Partner.objects.first(),
        theme="Bruxelles Formation",
        people_reached=20,
    )
    info.attendees.add(person)
    contract = ContractFactory(
        worker=person,
        started_on=datetime.date(year, 6, 1),
        planned_end_on=datetime.date(year, 11, 30),
        ended_on=datetime.date(year, 11, 30),
        end_reason="term",
        situation_at_end=FollowUpSituation.EMPLOYMENT,
    )
    ContractTraining.objects.create(
        contract=contract, kind=TrainingKind.INTERNAL, title="Sécurité", hours=16, trained_on=datetime.date(year, 7, 1)
    )
    Certification.objects.create(
        contract=contract,
        kind=CertificationKind.objects.get_or_create(name="VCA")[0],
        obtained_on=datetime.date(year, 8, 1),
    )
    return person


def open_access_request(person, manager=None, **fields):
    """The person's request for their data, recorded by a manager: the access export starts from it."""
    return access_request_record(
        job_seeker=person,
        acting_user=manager or UserFactory(manager=True),
        **{"requester": "La personne, au guichet", "identity_check": "id_card", **fields},
    )
