"""Demo sessions, attendance, computer-room visits and coaching, created by ``manage.py seed_demo``.

Participants are the demo job seekers of ``accompaniment.demo``: each one followed by a counsellor when the session
starts. For 2024 the data reproduces the figures of ``../shared/domain.md`` exactly when counted by
``workshops.indicators`` with the report's cut-off (31 January 2025): 175 module participants of whom 90 have a
positive exit after their first presence (taken from their accompaniments' outcomes: none is created here), 39 at
the Maison Digitale of CQD Héliport-Anvers, 452 people using a computer at the EPN, 163 coached, 16 digital
trainings. Other years follow the same shape; the current year stops at today, with a session running today.

Everything is drawn from a generator with a fixed seed, and written with ``bulk_create``.
"""

import bisect
import datetime
import random
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accompaniment.enums import POSITIVE_OUTCOMES, Gender
from accompaniment.models import Accompaniment, JobSeeker, LocalProject, Outcome
from accompaniment.niss import name_key
from demo.years import yearly, yearly_count
from missionlocale.models import User
from workshops.enums import AttendanceStatus, DigitalSkill, EnrolmentStatus, ModuleKind
from workshops.models import (
    Attendance,
    CoachingSession,
    ComputerVisit,
    Enrolment,
    Funder,
    LocalProjectDetails,
    Meeting,
    Module,
    Session,
    Visitor,
)
from workshops.services import meeting_dates

SEED = 4
FIRST_YEAR = 2020
FIGURES_YEAR = 2024
FIGURES_CUT_OFF = datetime.date(2025, 1, 31)
FIGURES = {"participants": 175, "positive_exits": 90}
BRUSSELS = ZoneInfo("Europe/Brussels")
MAIN_ROOM = "Mission Locale – salle de formation"

# module, [(start month, label)], weekdays, capacity, 2024 participants per session, facilitators, place, since
PLAN = [
    (
        "Atelier d’orientation professionnelle",
        [(2, "Février"), (5, "Mai"), (9, "Septembre")],
        "1,3",
        12,
        [11, 11, 11],
        ["projets", "conseiller03"],
        MAIN_ROOM,
        2020,
    ),
    (
        "Découvertes métiers",
        [(2, "Vente"), (4, "Sécurité"), (9, "Programmation"), (10, "Santé")],
        "0,2,4",
        12,
        [10, 10, 9, 9],
        ["projets"],
        MAIN_ROOM,
        2020,
    ),
    (
        "Préparation aux Job Days",
        [(3, "Job Day de printemps"), (10, "Job Day d’automne")],
        "1,3",
        12,
        [7, 7],
        ["entreprises"],
        MAIN_ROOM,
        2020,
    ),
    (
        "Atelier pour réussir son entrée en formation qualifiante",
        [(8, "Rentrée")],
        "0,3",
        12,
        [10],
        ["conseiller07"],
        MAIN_ROOM,
        2020,
    ),
    ("Look@job", [(3, "Printemps"), (10, "Automne")], "1,3", 12, [8, 8], ["coach.image"], MAIN_ROOM, 2020),
    ("Nouveaux Départs", [(9, "")], "4", 8, [7], ["psy1", "social"], "Lieu communiqué aux participantes", 2020),
    ("Projet 50+", [(4, "")], "2", 12, [9], ["projets"], MAIN_ROOM, 2020),
    (
        "Ateliers femmes CQD Versailles",
        [(5, "")],
        "1",
        12,
        [9],
        ["projets"],
        "Maison de quartier Versailles (Neder-Over-Heembeek)",
        2021,
    ),
    (
        "Maison Digitale",
        [(2, "Hiver"), (5, "Printemps"), (9, "Automne")],
        "0,2",
        14,
        [13, 13, 13],
        ["coach.etic", "projets"],
        "Maison Digitale (quartier Héliport-Anvers)",
        2022,
    ),
]
# A year after a table's last one goes on like it (demo.years).
YEAR_SCALE = {2020: 0.6, 2021: 0.85, 2022: 0.95, 2023: 1.0, 2024: 1.0, 2025: 1.0, 2026: 1.0}
# The computer room: distinct users, people coached and digital trainings per year (2024: the report's figures).
EPN_USERS = {2020: 262, 2021: 334, 2022: 401, 2023: 431, 2024: 452, 2025: 468, 2026: 405}
EPN_COACHED = {2020: 88, 2021: 117, 2022: 139, 2023: 151, 2024: 163, 2025: 171, 2026: 146}
EPN_TRAININGS = {2020: 8, 2021: 12, 2022: 14, 2023: 15, 2024: 16, 2025: 16, 2026: 14}
EPN_ANONYMOUS = {2020: 380, 2021: 510, 2022: 590, 2023: 640, 2024: 655, 2025: 670, 2026: 600}
# The running session is named after the month it started in (demo data is in French).
MONTHS = (
    "Janvier",
    "Février",
    "Mars",
    "Avril",
    "Mai",
    "Juin",
    "Juillet",
    "Août",
    "Septembre",
    "Octobre",
    "Novembre",
    "Décembre",
)
DIGITAL_MODULES = [
    "Formation à l’usage de l’ordinateur",
    "MyActiris et candidatures en ligne",
    "Smartphone au quotidien",
]
PROJECT_DETAILS = {
    "CQD Versailles": (
        datetime.date(2021, 1, 1),
        datetime.date(2025, 12, 31),
        "Ville de Bruxelles (CQD)",
        "projets",
        "Femmes isolées du quartier Versailles",
        30,
    ),
    "CQD Héliport-Anvers": (
        datetime.date(2022, 7, 1),
        datetime.date(2026, 12, 31),
        "Ville de Bruxelles (CQD)",
        "projets",
        "Habitant·es du quartier Héliport-Anvers, Maison Digitale",
        40,
    ),
    "Nouveaux Départs": (
        datetime.date(2019, 9, 1),
        None,
        "COCOF",
        "psy1",
        "Femmes victimes de violences conjugales",
        8,
    ),
    "Projet 50+": (
        datetime.date(2018, 1, 1),
        None,
        "Région de Bruxelles-Capitale",
        "projets",
        "Chercheur·euses d’emploi de 50 ans et plus",
        12,
    ),
}


def demo_workshops_seed(*, today: datetime.date | None = None) -> None:
    """Create the demo sessions and computer-room activity; does nothing if sessions exist or no file does."""
    if Session.objects.exists() or not JobSeeker.objects.exists():
        return
    today = today or timezone.localdate()
    with transaction.atomic():
        _Writer(random.Random(SEED), today).write()


def _first_weekday_on_or_after(day: datetime.date, weekdays: list[int]) -> datetime.date:
    while day.weekday() not in weekdays:
        day += datetime.timedelta(days=1)
    return day


class _Writer:
    def __init__(self, rng: random.Random, today: datetime.date):
        from faker import Faker  # a development dependency, as is the demo

        self.rng, self.today = rng, today
        self.faker = Faker("fr_BE")
        self.faker.seed_instance(SEED)
        self.staff = {u.username: u for u in User.objects.filter(is_active=True)}
        self.fallback = User.objects.counsellors().order_by("username").first() or User.objects.order_by("pk").first()
        self.people = {
            row["pk"]: row
            for row in JobSeeker.objects.values("pk", "first_name", "last_name", "gender", "birth_date", "postcode")
        }
        self.tagged = defaultdict(set)
        for person_id, project in JobSeeker.local_projects.through.objects.values_list(
            "jobseeker_id", "localproject__name"
        ):
            self.tagged[project].add(person_id)
        # Who is accompanied when, by whom; and the dates of each person's positive outcomes.
        self.accompaniments = list(
            Accompaniment.objects.order_by("started_on", "pk").values_list(
                "job_seeker_id", "started_on", "closed_on", "counsellor_id"
            )
        )
        self.starts = [row[1] for row in self.accompaniments]
        self.positive_dates = defaultdict(list)
        for person_id, day in Outcome.objects.filter(kind__in=POSITIVE_OUTCOMES).values_list(
            "accompaniment__job_seeker_id", "occurred_on"
        ):
            self.positive_dates[person_id].append(day)
        self.sessions, self.enrolments, self.attendances = [], [], []
        self._staff_pk = {u.pk: u for u in self.staff.values()}

    def user(self, username):
        return self.staff.get(username) or self.fallback

    def write(self):
        self._project_details()
        for year in range(FIRST_YEAR, self.today.year + 1):
            self._modules_of(year)
        self._current_and_coming_sessions()
        self._flush()
        self._epn()

    # Local projects.

    def _project_details(self):
        funders = {f.name: f for f in Funder.objects.all()}
        for name, (starts_on, ends_on, funder, officer, target, count) in PROJECT_DETAILS.items():
            project = LocalProject.objects.filter(name=name).first()
            if project:
                LocalProjectDetails.objects.update_or_create(
                    local_project=project,
                    defaults={
                        "starts_on": starts_on,
                        "ends_on": ends_on,
                        "funder": funders.get(funder),
                        "project_officer": self.user(officer),
                        "target": target,
                        "target_count": count,
                    },
                )

    # Collective modules.

    def _eligible(self, day: datetime.date, module_name: str):
        """People followed by a counsellor on that day, fitting the module's public, in a stable order."""
        end = bisect.bisect_right(self.starts, day)
        eligible = {}
        for person_id, _started_on, closed_on, counsellor_id in self.accompaniments[:end]:
            if closed_on is None or closed_on >= day + datetime.timedelta(days=30):
                eligible[person_id] = counsellor_id
        people = self.people

        def fits(pk):
            person = people[pk]
            age = (day - person["birth_date"]).days // 365
            if module_name == "Nouveaux Départs":
                return person["gender"] == Gender.FEMALE
            if module_name == "Ateliers femmes CQD Versailles":
                return person["gender"] == Gender.FEMALE and person["postcode"] in ("1120", "1020", "1130")
            if module_name == "Projet 50+":
                return age >= 50
            if module_name == "Look@job":
                return age < 30
            if module_name == "Maison Digitale":
                return person["postcode"] == "1000"
            return True

        preferred = {
            "Nouveaux Départs": self.tagged["Nouveaux Départs"],
            "Projet 50+": self.tagged["Projet 50+"],
            "Ateliers femmes CQD Versailles": self.tagged["CQD Versailles"],
            "Maison Digitale": self.tagged["CQD Héliport-Anvers"],
        }.get(module_name, set())
        chosen = sorted(pk for pk in eligible if fits(pk))
        return chosen, eligible, preferred

    def _is_positive(self, person_id: int, first_presence: datetime.date, cutoff: datetime.date) -> bool:
        return any(first_presence <= day <= cutoff for day in self.positive_dates.get(person_id, ()))

    def _modules_of(self, year: int):
        rng = self.rng
        modules = {m.name: m for m in Module.objects.filter(kind=ModuleKind.COLLECTIVE)}
        cutoff = datetime.date(year + 1, 1, 31)
        planned = []
        for name, starts, weekdays, capacity, quotas, facilitators, place, since in PLAN:
            if year < since or name not in modules:
                continue
            if name == "Maison Digitale" and year == 2022:
                starts = starts[-1:]
                quotas = quotas[-1:]
            for (month, label), quota in zip(starts, quotas, strict=True):
                if year == 2020 and month in (3, 4, 5):
                    continue  # the first lockdown
                days = [int(d) for d in weekdays.split(",")]
                starts_on = _first_weekday_on_or_after(datetime.date(year, month, rng.randint(1, 10)), days)
                if starts_on > self.today:
                    continue
                if year != FIGURES_YEAR:
                    quota = max(4, min(capacity, round(quota * yearly(YEAR_SCALE, year)) + rng.randint(-1, 2)))
                planned.append((starts_on, modules[name], label, days, capacity, quota, facilitators, place))
        planned.sort(key=lambda row: (row[0], row[1].name))
        total = sum(row[5] for row in planned)
        # Half of the participants find work or training afterwards (2024: exactly the report's figure); the
        # current year keeps what the accompaniments hold so far.
        if year == FIGURES_YEAR:
            need_positive = FIGURES["positive_exits"]
        elif year < self.today.year:
            need_positive = round(total * rng.uniform(0.44, 0.54))
        else:
            need_positive = None
        need_total = total
        used = set()
        first_presences = []
        for starts_on, module, label, days, capacity, quota, facilitators, place in planned:
            session = self._session(module, label, starts_on, days, capacity, facilitators, place)
            chosen, counsellors, preferred = self._eligible(starts_on, module.name)
            pool = [pk for pk in chosen if pk not in used]
            rng.shuffle(pool)
            pool.sort(key=lambda pk: pk in preferred)  # picked from the end: people tagged with the project first
            meetings = session._meetings
            first_day = meetings[0].date
            participants = []
            for _seat in range(quota):
                if need_positive is None:
                    pick = pool.pop() if pool else None
                else:
                    want = rng.random() < need_positive / need_total if need_total else False
                    pick = self._take(pool, want, first_day, cutoff) or self._take(pool, not want, first_day, cutoff)
                if pick is None:
                    break
                used.add(pick)
                participants.append(pick)
                if need_positive is not None:
                    need_total -= 1
                    need_positive -= self._is_positive(pick, first_day, cutoff)
                first_presences.append((pick, first_day))
            self._enrol(session, participants, counsellors, first_present=True)
        # A few people follow a second module the same year: counted once.
        later = [row for row in self.sessions if row.starts_on.year == year and row.module.name != "Maison Digitale"]
        for person_id, first_day in rng.sample(first_presences, min(8, len(first_presences))):
            options = [
                s for s in later if s.starts_on > first_day + datetime.timedelta(days=30) and s._count < s.capacity
            ]
            options = [
                s for s in options if s.module.name not in ("Nouveaux Départs", "Ateliers femmes CQD Versailles")
            ]
            if options:
                self._enrol(rng.choice(options), [person_id], {}, first_present=False)

    def _take(self, pool, positive, first_day, cutoff):
        for index in range(len(pool) - 1, -1, -1):
            if self._is_positive(pool[index], first_day, cutoff) == positive:
                return pool.pop(index)
        return None

    def _session(self, module, label, starts_on, days, capacity, facilitators, place, weeks=None):
        weeks = weeks or module.usual_weeks
        ends_on = starts_on + datetime.timedelta(days=7 * weeks - 3)
        morning = module.kind == ModuleKind.COLLECTIVE
        session = Session(
            module=module,
            label=label,
            starts_on=starts_on,
            ends_on=ends_on,
            place=place,
            capacity=capacity,
            weekdays=",".join(str(d) for d in days),
            starts_at=datetime.time(9, 30) if morning else datetime.time(13, 30),
            ends_at=datetime.time(12, 30) if morning else datetime.time(15, 30),
            created_at=datetime.datetime.combine(starts_on - datetime.timedelta(days=40), datetime.time(10), BRUSSELS),
        )
        session._facilitators = [self.user(name) for name in facilitators]
        session._count = 0
        self.sessions.append(session)
        session._meetings = [
            Meeting(session=session, date=day, starts_at=session.starts_at, ends_at=session.ends_at)
            for day in meeting_dates(starts_on=starts_on, ends_on=ends_on, weekdays=days)
        ]
        return session

    def _enrol(self, session, participants, counsellors, *, first_present: bool, visitors=False):
        rng, today = self.rng, self.today
        meetings = session._meetings
        held = [m for m in meetings if m.date < today]
        over = session.ends_on < today
        for person_id in participants:
            enrolment = Enrolment(
                session=session,
                enrolled_on=session.starts_on - datetime.timedelta(days=rng.randint(3, 30)),
                status=EnrolmentStatus.REGISTERED,
                enrolled_by=self.staff_by_pk(counsellors.get(person_id)) or session._facilitators[0],
            )
            if visitors:
                enrolment._visitor = person_id
            else:
                enrolment.job_seeker_id = person_id
            reliability = rng.uniform(0.55, 0.99)
            present = 0
            for index, meeting in enumerate(held):
                if index == 0 and not first_present:
                    continue  # joins after the start
                if index == 0 or rng.random() < reliability:
                    status = AttendanceStatus.PRESENT
                    present += 1
                else:
                    status = AttendanceStatus.EXCUSED if rng.random() < 0.3 else AttendanceStatus.ABSENT
                self.attendances.append((enrolment, meeting, status))
            if over:
                if present * 100 >= session.module.completion_rate * len(meetings):
                    enrolment.status = EnrolmentStatus.COMPLETED
                    enrolment.completed_on = session.ends_on
                elif present * 2 < len(meetings):
                    enrolment.status = EnrolmentStatus.WITHDRAWN
            self.enrolments.append(enrolment)
            session._count += 1

    def staff_by_pk(self, pk):
        return self._staff_pk.get(pk) if pk is not None else None

    def _current_and_coming_sessions(self):
        """A session running today (the project officer takes attendance now) and a full one starting soon."""
        rng, today = self.rng, self.today
        module = Module.objects.get(name="Atelier d’orientation professionnelle")
        start = _first_weekday_on_or_after(today - datetime.timedelta(days=16), [0])
        label = MONTHS[start.month - 1]
        running = self._session(module, label, start, [0, 2], 12, ["projets", "conseiller03"], MAIN_ROOM)
        chosen, counsellors, _preferred = self._eligible(start, module.name)
        self._enrol(running, rng.sample(chosen, min(11, len(chosen))), counsellors, first_present=True)
        module = Module.objects.get(name="Découvertes métiers")
        start = _first_weekday_on_or_after(today + datetime.timedelta(days=45), [0])
        coming = self._session(module, "Vente", start, [0, 2, 4], 12, ["projets"], MAIN_ROOM)
        chosen, counsellors, _preferred = self._eligible(today, module.name)
        people = rng.sample(chosen, min(15, len(chosen)))
        self._enrol(coming, people, counsellors, first_present=False)
        for index, enrolment in enumerate(e for e in self.enrolments if e.session is coming):
            enrolment.enrolled_on = today - datetime.timedelta(days=20 - index)
            if index >= coming.capacity:
                enrolment.status = EnrolmentStatus.WAITING
                enrolment.waiting_since = datetime.datetime.combine(
                    enrolment.enrolled_on, datetime.time(10, index), BRUSSELS
                )
            elif index % 5 == 4:
                enrolment.status = EnrolmentStatus.INVITED

    def _flush(self):
        Session.objects.bulk_create(self.sessions)
        through = Session.facilitators.through
        through.objects.bulk_create(
            through(session_id=s.pk, user_id=u.pk)
            for s in self.sessions
            for u in {u.pk: u for u in s._facilitators}.values()
        )
        for session in self.sessions:
            for meeting in session._meetings:
                meeting.session_id = session.pk
        Meeting.objects.bulk_create([m for s in self.sessions for m in s._meetings], batch_size=1000)
        for enrolment in self.enrolments:
            enrolment._session = enrolment.session
            enrolment.session_id = enrolment._session.pk
            if hasattr(enrolment, "_visitor"):
                enrolment.visitor_id = enrolment._visitor
        Enrolment.objects.bulk_create(self.enrolments, batch_size=1000)
        Enrolment.history.bulk_history_create(self.enrolments, batch_size=1000)
        Attendance.objects.bulk_create(
            [
                Attendance(
                    meeting_id=meeting.pk,
                    enrolment_id=enrolment.pk,
                    status=status,
                    recorded_by=enrolment._session._facilitators[0],
                    recorded_at=datetime.datetime.combine(meeting.date, meeting.ends_at, BRUSSELS),
                )
                for enrolment, meeting, status in self.attendances
            ],
            batch_size=2000,
        )
        self.sessions, self.enrolments, self.attendances = [], [], []

    # The public computer room (EPN).

    def _workdays(self, year: int) -> list[datetime.date]:
        """The EPN's opening days of the year up to today (closed in early August and at Christmas)."""
        start, end = datetime.date(year, 1, 2), min(datetime.date(year, 12, 23), self.today)
        days, day = [], start
        while day <= end:
            if day.weekday() < 5 and not (day.month == 8 and day.day < 16):
                days.append(day)
            day += datetime.timedelta(days=1)
        return days

    def _epn(self):
        rng, faker = self.rng, self.faker
        coach = self.user("coach.etic")
        files = sorted(self.people)
        rng.shuffle(files)
        visitors: list[Visitor] = []
        visits, coachings = [], []
        pool: list[Visitor] = []
        for year in range(FIRST_YEAR, self.today.year + 1):
            days = self._workdays(year)
            if not days:
                continue  # the first days of January: the room has not opened yet
            users_count = yearly_count(EPN_USERS, year, self.today)
            returning = rng.sample(pool, min(len(pool), int(users_count * 0.3)))
            new = []
            for _index in range(users_count - len(returning)):
                if files and rng.random() < 0.4:
                    person = self.people[files.pop()]
                    visitor = Visitor(
                        first_name=person["first_name"], last_name=person["last_name"], job_seeker_id=person["pk"]
                    )
                else:
                    female = rng.random() < 0.5
                    visitor = Visitor(
                        first_name=faker.first_name_female() if female else faker.first_name_male(),
                        last_name=faker.last_name() if rng.random() < 0.9 else "",
                    )
                visitor.name_key = name_key(visitor.last_name, visitor.first_name)
                visitor.created_at = datetime.datetime.combine(rng.choice(days), datetime.time(9, 15), BRUSSELS)
                visitor.created_by = coach
                new.append(visitor)
            Visitor.objects.bulk_create(new)
            visitors.extend(new)
            pool.extend(new)
            users = returning + new
            for visitor in users:
                for day in sorted(rng.sample(days, min(len(days), 1 + int(rng.expovariate(1 / 5))))):
                    visits.append(self._visit(visitor, day, coach))
            for _index in range(yearly_count(EPN_ANONYMOUS, year, self.today)):
                visits.append(self._visit(None, rng.choice(days), coach))
            coached = rng.sample(users, min(len(users), yearly_count(EPN_COACHED, year, self.today)))
            for visitor in coached:
                for day in rng.sample(days, rng.choice((1, 1, 1, 2, 2, 3, 4))):
                    coachings.append(
                        CoachingSession(
                            visitor=visitor,
                            coach=coach,
                            occurred_on=day,
                            duration_minutes=rng.choice((30, 45, 45, 60, 60, 90)),
                            skills=sorted(rng.sample(DigitalSkill.values, rng.randint(1, 3))),
                        )
                    )
            self._digital_trainings(year, users, coach)
        ComputerVisit.objects.bulk_create(visits, batch_size=2000)
        CoachingSession.objects.bulk_create(coachings, batch_size=2000)
        self._flush()

    def _visit(self, visitor, day, coach):
        at = datetime.datetime.combine(
            day, datetime.time(self.rng.randint(9, 16), self.rng.choice((0, 20, 40))), BRUSSELS
        )
        return ComputerVisit(visitor=visitor, visited_on=day, at=at, recorded_by=coach)

    def _digital_trainings(self, year, users, coach):
        rng = self.rng
        modules = {m.name: m for m in Module.objects.filter(name__in=DIGITAL_MODULES)}
        count = yearly(EPN_TRAININGS, year)  # those not yet started are skipped below
        months = [1, 2, 3, 3, 4, 5, 5, 6, 6, 9, 9, 10, 10, 11, 11, 12]
        for index in range(count):
            month = months[index % len(months)]
            start = _first_weekday_on_or_after(datetime.date(year, month, 1 + (index * 7) % 20), [1])
            if start > self.today:
                continue
            module = modules[DIGITAL_MODULES[index % len(DIGITAL_MODULES)]]
            session = self._session(module, "", start, [1, 3], 10, ["coach.etic"], "EPN – salle informatique", weeks=2)
            self._enrol(
                session, [v.pk for v in rng.sample(users, rng.randint(6, 10))], {}, first_present=True, visitors=True
            )
