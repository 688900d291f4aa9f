"""A counsellor's morning, built at a pinned date, for the Today page's tests and its browser journey.

Each block of the page gets the files it must list and, next to them, files that come close to it but must not
show (another counsellor's, tomorrow's, done, past the window…).
"""

import datetime
from zoneinfo import ZoneInfo

from accompaniment.enums import AccompanimentStatus, OutcomeKind
from accompaniment.models import ActionStep
from tests.accompaniment.factories import (
    AccompanimentFactory,
    AppointmentFactory,
    InterviewFactory,
    JobSeekerFactory,
    OutcomeFactory,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
# Wednesday 10 June 2026, 08:30 in Brussels: the month ends on Tuesday 30 June.
MORNING = datetime.datetime(2026, 6, 10, 8, 30, tzinfo=BRUSSELS)
TODAY = MORNING.date()


def day(month: int, number: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, number)


EARLY_MARCH = datetime.date(2026, 3, 2)


def _open(counsellor, first_name, last_name, started_on=EARLY_MARCH, **kwargs):
    person = JobSeekerFactory(first_name=first_name, last_name=last_name)
    return AccompanimentFactory(job_seeker=person, counsellor=counsellor, started_on=started_on, **kwargs)


def _closed(counsellor, first_name, last_name, closed_on, outcome, last_interview_on):
    accompaniment = _open(
        counsellor,
        first_name,
        last_name,
        started_on=closed_on - datetime.timedelta(days=300),
        status=AccompanimentStatus.CLOSED,
        closed_on=closed_on,
    )
    OutcomeFactory(accompaniment=accompaniment, kind=outcome, occurred_on=closed_on)
    InterviewFactory(job_seeker=accompaniment.job_seeker, staff=counsellor, occurred_on=last_interview_on)
    return accompaniment


def build(counsellor, colleague) -> dict[str, list[str]]:
    """The data of ``counsellor``'s day; returns, per block id of the page, the names it must list (in order)
    and, under ``absent``, names that must show in none of those blocks (the exit checkpoints block lists the
    positive exits whose 3, 6 or 12-month checkpoint is due, whatever their last contact)."""
    # Today's appointments: tomorrow's, a cancelled one and a colleague's do not show.
    lambert = _open(counsellor, "Sarah", "Lambert")
    AppointmentFactory(
        job_seeker=lambert.job_seeker, staff=counsellor, at=datetime.datetime(2026, 6, 10, 14, 0, tzinfo=BRUSSELS)
    )
    peeters = _open(counsellor, "Tom", "Peeters")
    AppointmentFactory(
        job_seeker=peeters.job_seeker, staff=counsellor, at=datetime.datetime(2026, 6, 11, 9, 0, tzinfo=BRUSSELS)
    )
    cancelled = _open(counsellor, "Hugo", "Renard")
    AppointmentFactory(
        job_seeker=cancelled.job_seeker,
        staff=counsellor,
        at=datetime.datetime(2026, 6, 10, 16, 0, tzinfo=BRUSSELS),
        cancelled=True,
    )
    other = _open(colleague, "Victor", "Wouters")
    AppointmentFactory(
        job_seeker=other.job_seeker, staff=colleague, at=datetime.datetime(2026, 6, 10, 11, 0, tzinfo=BRUSSELS)
    )

    # Overdue steps: due before today and not done, on her open accompaniments only.
    haddad = _open(counsellor, "Karim", "Haddad")
    ActionStep.objects.create(
        accompaniment=haddad, description="Envoyer le CV à Bruxelles Formation", due_on=day(6, 1)
    )
    ActionStep.objects.create(accompaniment=haddad, description="Passer le permis", due_on=day(6, 20))
    ActionStep.objects.create(
        accompaniment=peeters, description="Inscription chez Actiris", due_on=day(5, 20), done_on=day(5, 19)
    )
    colleague_step = _open(colleague, "Xavier", "Yilmaz")
    ActionStep.objects.create(accompaniment=colleague_step, description="Rendez-vous CPAS", due_on=day(5, 1))

    # Ending this month without an exit: one planned to end on 20 June; one with an outcome already; one in July.
    _open(counsellor, "Fatima", "Benali", started_on=day(6, 20, 2025))
    martin = _open(counsellor, "Julie", "Martin", started_on=day(6, 25, 2025))
    OutcomeFactory(accompaniment=martin, kind=OutcomeKind.QUALIFYING_TRAINING, occurred_on=day(6, 1))
    _open(counsellor, "Marc", "Dupont", started_on=day(7, 15, 2025))

    # Follow-ups due: a positive exit closed in January, silent since; not one heard of in May, nor one closed
    # more than 12 months ago, nor an exit that was not positive.
    _closed(counsellor, "Nadia", "Ziani", day(1, 15), OutcomeKind.CDI, last_interview_on=day(1, 10))
    _closed(counsellor, "Omar", "Saidi", day(1, 15), OutcomeKind.CDD, last_interview_on=day(5, 4))
    _closed(counsellor, "Paul", "Henrard", day(3, 1, 2025), OutcomeKind.CDI, last_interview_on=day(2, 20, 2025))
    _closed(counsellor, "Rita", "Costa", day(1, 15), OutcomeKind.DROPPED_OUT, last_interview_on=day(1, 10))

    # New files assigned: opened on Monday without an interview; not one already seen, nor one of May.
    _open(counsellor, "Léa", "Simon", started_on=day(6, 8))
    lenoir = _open(counsellor, "Hugo", "Lenoir", started_on=day(6, 8))
    InterviewFactory(job_seeker=lenoir.job_seeker, staff=counsellor, occurred_on=day(6, 9))
    _open(counsellor, "Ines", "Moreau", started_on=day(5, 20))

    # Missed appointments: one missed on 5 June, not seen since; one seen again after; a colleague's.
    girard = _open(counsellor, "Aline", "Girard")
    AppointmentFactory(
        job_seeker=girard.job_seeker,
        staff=counsellor,
        at=datetime.datetime(2026, 6, 5, 10, 0, tzinfo=BRUSSELS),
        no_show=True,
    )
    fontaine = _open(counsellor, "Eric", "Fontaine")
    AppointmentFactory(
        job_seeker=fontaine.job_seeker,
        staff=counsellor,
        at=datetime.datetime(2026, 6, 2, 10, 0, tzinfo=BRUSSELS),
        no_show=True,
    )
    InterviewFactory(job_seeker=fontaine.job_seeker, staff=counsellor, occurred_on=day(6, 8))
    AppointmentFactory(
        job_seeker=colleague_step.job_seeker,
        staff=colleague,
        at=datetime.datetime(2026, 6, 5, 9, 0, tzinfo=BRUSSELS),
        no_show=True,
    )

    return {
        "today-appointments": ["LAMBERT Sarah"],
        "today-overdue-steps": ["HADDAD Karim"],
        "today-ending": ["BENALI Fatima"],
        "today-follow-ups": ["ZIANI Nadia"],
        "today-new-files": ["SIMON Léa"],
        "today-no-shows": ["GIRARD Aline"],
        "absent": [
            "RENARD Hugo",
            "FONTAINE Eric",
            "PEETERS Tom",
            "WOUTERS Victor",
            "YILMAZ Xavier",
            "MARTIN Julie",
            "DUPONT Marc",
            "SAIDI Omar",
            "HENRARD Paul",
            "COSTA Rita",
            "LENOIR Hugo",
            "MOREAU Ines",
        ],
    }
