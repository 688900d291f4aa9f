"""Demo job-seeker files, accompaniments and their follow-up, created by ``manage.py seed_demo``.

The data reproduces the "figures to reproduce" of ``../shared/domain.md`` exactly when counted by the
indicator definitions: for 2020–2024, the people accompanied (an accompaniment started in the year and
recognised by Actiris) and the positive exits (a positive outcome on one of those accompaniments,
dated from its start to the cut-off). Positive outcomes of those years are never dated after
``FIGURES_CUT_OFF``, so the figures hold for any cut-off from that day on. Later years follow the
same shape; the current year stops at today, with many accompaniments still open.

Everything is drawn from generators with a fixed seed: the same day gives the same data. Rows are
written with ``bulk_create``; the plan is built in memory first so that every rule of the domain
holds (one open accompaniment per person, one-year accompaniments, an outcome on every closed one).
"""

import bisect
import datetime
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accompaniment.appointments import kind_for
from accompaniment.enums import (
    POSITIVE_OUTCOMES,
    AccompanimentStatus,
    ActirisRegistrationHelp,
    AppointmentStatus,
    BarrierKind,
    EducationLevel,
    Gender,
    InterviewKind,
    LanguageLevel,
    OrientationResult,
    OutcomeKind,
    RecognitionStatus,
    ReferralSource,
    ReminderChannel,
    ReminderStatus,
    Situation,
    StepOwner,
)
from accompaniment.models import (
    Accompaniment,
    ActionStep,
    Appointment,
    Barrier,
    Interview,
    JobSeeker,
    LocalProject,
    Orientation,
    Outcome,
    Partner,
    ProfessionalProject,
    Reminder,
    Room,
    TeamMember,
    accompaniments_first_positive_refresh,
    job_seekers_awaiting_refresh,
)
from accompaniment.niss import name_key
from accompaniment.reminders import reminder_contact, reminder_times
from accompaniment.services import add_one_year
from demo.years import now_on
from missionlocale.enums import Profession
from missionlocale.models import User

SEED = 2024
FIRST_YEAR = 2020
# (accompanied, positive exits) of the 2024 activity report, and 2025 chosen in the same shape.
FIGURES = {
    2020: (1402, 546),
    2021: (1759, 704),
    2022: (1779, 800),
    2023: (1743, 810),
    2024: (1861, 838),
    2025: (1806, 822),
}
FIGURES_CUT_OFF = datetime.date(2025, 1, 31)
YEARLY_STARTS = 1800  # later years: started accompaniments in a full year, recognised or not
POSITIVE_RATE = 0.46
BRUSSELS = ZoneInfo("Europe/Brussels")
BATCH = 1000

MONTH_WEIGHTS = (1.15, 1.05, 1.1, 0.95, 1.0, 0.95, 0.65, 0.7, 1.2, 1.15, 1.05, 0.8)
HOLIDAYS = {(1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11), (12, 25)}


def _split(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


# Postcode | French name | Dutch name | weight | a few real streets: the City of Brussels first.
COMMUNES = [
    (postcode, french, dutch, int(weight), _split(streets))
    for postcode, french, dutch, weight, streets in (
        line.split(" | ")
        for line in """
1000 | Bruxelles | Brussel | 30 | Rue Haute; Rue Blaes; Boulevard d’Anvers; Rue de Laeken; Rue des Tanneurs
1020 | Laeken | Laken | 15 | Rue Marie-Christine; Avenue Houba de Strooper; Boulevard Émile Bockstael; Rue Fransman
1120 | Neder-Over-Heembeek | Neder-Over-Heembeek | 10 | Avenue de Versailles; Rue de Ransbeek; Rue Bruyn
1130 | Haren | Haren | 4 | Rue de Cortenbach; Rue du Pré aux Oies; Chaussée de Haecht
1030 | Schaerbeek | Schaarbeek | 6 | Rue Royale Sainte-Marie; Chaussée de Haecht; Rue Josaphat
1080 | Molenbeek-Saint-Jean | Sint-Jans-Molenbeek | 6 | Chaussée de Gand; Rue de Ribaucourt; Boulevard Léopold II
1210 | Saint-Josse-ten-Noode | Sint-Joost-ten-Node | 3 | Chaussée de Louvain; Rue de la Poste
1070 | Anderlecht | Anderlecht | 4 | Chaussée de Mons; Rue Wayez; Boulevard de la Révision
1060 | Saint-Gilles | Sint-Gillis | 3 | Chaussée de Waterloo; Rue de Mérode
1050 | Ixelles | Elsene | 3 | Chaussée d’Ixelles; Rue Malibran
1040 | Etterbeek | Etterbeek | 2 | Avenue d’Auderghem; Rue des Champs
1090 | Jette | Jette | 2 | Rue Léon Théodor; Avenue de Jette
1140 | Evere | Evere | 2 | Chaussée de Haecht; Avenue Henri Conscience
1190 | Forest | Vorst | 2 | Avenue Van Volxem; Chaussée de Neerstalle
1081 | Koekelberg | Koekelberg | 1 | Rue de l’Église Sainte-Anne
1082 | Berchem-Sainte-Agathe | Sint-Agatha-Berchem | 1 | Rue de Grand-Bigard
1083 | Ganshoren | Ganshoren | 1 | Avenue Van Overbeke
1150 | Woluwe-Saint-Pierre | Sint-Pieters-Woluwe | 1 | Rue au Bois
1160 | Auderghem | Oudergem | 1 | Boulevard du Souverain
1170 | Watermael-Boitsfort | Watermaal-Bosvoorde | 1 | Rue du Loutrier
1180 | Uccle | Ukkel | 1 | Chaussée d’Alsemberg
1200 | Woluwe-Saint-Lambert | Sint-Lambrechts-Woluwe | 1 | Rue Saint-Lambert
""".strip().splitlines()
    )
]
# Employers and training centres where people go, by kind of positive outcome.
EMPLOYERS = {
    OutcomeKind.CDI: _split(
        "Delhaize; Colruyt; STIB; Brussels Airport; Securitas; ISS Facility Services; Hôpital Saint-Pierre; "
        "CHU Brugmann; bpost; Bruxelles-Propreté; Sodexo"
    ),
    OutcomeKind.CDD: _split(
        "Delhaize; Carrefour; Lidl; STIB; Hôpital Saint-Pierre; Bruxelles-Propreté; Ville de Bruxelles; "
        "ISS Facility Services; G4S; Brussels Airport; Action"
    ),
    OutcomeKind.INTERIM: _split("Randstad; Adecco; Manpower; Start People; Tempo-Team; Trace Interim"),
    OutcomeKind.ARTICLE_60: ["CPAS de la Ville de Bruxelles"],
    OutcomeKind.DEIES: ["Mission Locale de Bruxelles-Ville (DEIES)"],
    OutcomeKind.SELF_EMPLOYMENT: ["", "Indépendant·e (horeca)", "Indépendant·e (coiffure)"],
    OutcomeKind.WORK_STUDY: _split("EFP (alternance); IFAPME; Boulangerie Charli"),
    OutcomeKind.QUALIFYING_TRAINING: _split(
        "Bruxelles Formation; Interface3; EFP (Espace Formation PME); Cenforgil; Horeca Be Pro"
    ),
    OutcomeKind.PRE_QUALIFYING_TRAINING: _split(
        "Bruxelles Formation; Interface3; Lire et Écrire; Cenforgil; Mission Locale (module Look@job)"
    ),
    OutcomeKind.RETURN_TO_EDUCATION: _split(
        "Promotion sociale Ville de Bruxelles; Institut Diderot; Haute École Francisco Ferrer; CEFA de Bruxelles"
    ),
}
# (kind, weight): employment 60 %, training 40 % of the positive exits.
POSITIVE_KINDS = (
    (OutcomeKind.CDD, 24),
    (OutcomeKind.INTERIM, 14),
    (OutcomeKind.CDI, 10),
    (OutcomeKind.ARTICLE_60, 4),
    (OutcomeKind.DEIES, 3),
    (OutcomeKind.SELF_EMPLOYMENT, 2),
    (OutcomeKind.WORK_STUDY, 3),
    (OutcomeKind.QUALIFYING_TRAINING, 22),
    (OutcomeKind.PRE_QUALIFYING_TRAINING, 14),
    (OutcomeKind.RETURN_TO_EDUCATION, 4),
)
EARLY_END_KINDS = (
    (OutcomeKind.DROPPED_OUT, 40),
    (OutcomeKind.UNREACHABLE, 30),
    (OutcomeKind.MOVED_AWAY, 12),
    (OutcomeKind.HEALTH, 10),
    (OutcomeKind.REORIENTED, 8),
)
AGE_BANDS = (((18, 25), 25), ((26, 35), 30), ((36, 49), 30), ((50, 64), 15))
EDUCATION_LEVELS = tuple(zip(EducationLevel.values, (8, 12, 28, 25, 9, 18), strict=True))
NEWCOMER_FRENCH_LEVELS = tuple(zip(LanguageLevel.values[:5], (1, 3, 4, 3, 2), strict=True))  # none to B2
DUTCH_LEVELS = tuple(zip(LanguageLevel.values[:4], (5, 4, 2, 1), strict=True))  # none to B1
SITUATIONS = tuple(zip(Situation.values, (35, 25, 20, 15, 5), strict=True))
BARRIERS = tuple(zip(BarrierKind.values, (14, 12, 10, 10, 6, 7, 6, 6, 10, 5), strict=True))
# Follow-up contacts after a close (weight 0) are not drawn: the demo's figures stay as they were.
INTERVIEW_KINDS = tuple(zip(InterviewKind.values, (65, 20, 5, 3, 7, 0), strict=True))
LATE_ORIENTATION_RESULTS = (
    (OrientationResult.COMPLETED, 40),
    (OrientationResult.STARTED, 25),
    (OrientationResult.REFUSED, 15),
    (OrientationResult.ABANDONED, 20),
)
REFERRING_PARTNERS = ("CPAS de la Ville de Bruxelles", "BAPA BXL", "CAW Brussel", "Maison médicale des Marolles")
PROJECT_SUMMARIES = (
    "Formation qualifiante envisagée d’abord.",
    "Recherche active d’emploi.",
    "Stage de découverte à organiser.",
    "Lever les freins avant la recherche.",
)
OCCUPATIONS = _split(
    "Vendeur·se en magasin; Agent·e de gardiennage; Aide-soignant·e; Développeur·se web; Commis de cuisine; "
    "Chauffeur·se livreur·se; Magasinier·ère cariste; Agent·e d’entretien; Employé·e administratif·ve; "
    "Réceptionniste; Ouvrier·ère du bâtiment; Aide-ménager·ère; Caissier·ère; Puériculteur·rice; "
    "Technicien·ne helpdesk; Serveur·se; Coiffeur·se; Agent·e d’accueil; Électricien·ne; Jardinier·ère"
)
TOPICS = _split(
    "Projet professionnel; CV et lettre de motivation; Recherche d’offres; Préparation à l’entretien; "
    "Orientation formation; Démarches administratives; Équivalence de diplôme; Compétences numériques; "
    "Mobilité; Garde d’enfants; Suivi après embauche; Bilan de compétences; Inscription Actiris"
)
LANGUAGES = _split(
    "arabe; anglais; espagnol; turc; lingala; berbère; roumain; portugais; italien; polonais; somali; dari; "
    "tigrinya; peul"
)
NOTES = [
    "Point sur les candidatures envoyées ; relances prévues.",
    "CV mis à jour ensemble, lettre de motivation à retravailler.",
    "Présentation des formations qualifiantes de Bruxelles Formation.",
    "Simulation d’entretien d’embauche ; bonne présentation.",
    "Difficultés administratives avec le CPAS : courrier rédigé ensemble.",
    "A postulé chez plusieurs employeurs du secteur ; attend des réponses.",
    "Absent au dernier rendez-vous, rappelé par téléphone.",
    "Inscription au module collectif proposée.",
    "Recherche d’une crèche en cours, frein à lever avant l’emploi.",
    "Objectifs du mois fixés : trois candidatures et une visite de centre de formation.",
]
CONFIDENTIAL_NOTES = [
    "Entretien de soutien ; la personne souhaite poursuivre le suivi.",
    "Situation personnelle difficile abordée ; orientation vers un service spécialisé discutée.",
    "Suivi social : démarches logement et revenus en cours.",
    "Évaluation du bien-être ; prochain entretien dans deux semaines.",
]
STEPS = [
    ("Mettre à jour le CV", StepOwner.JOB_SEEKER),
    ("Créer son profil sur MyActiris", StepOwner.JOB_SEEKER),
    ("Envoyer cinq candidatures", StepOwner.JOB_SEEKER),
    ("Préparer l’entretien d’embauche", StepOwner.COUNSELLOR),
    ("S’inscrire aux tests d’entrée de Bruxelles Formation", StepOwner.JOB_SEEKER),
    ("Demander l’équivalence du diplôme", StepOwner.JOB_SEEKER),
    ("Prendre contact avec l’employeur pour un stage", StepOwner.COUNSELLOR),
    ("Participer au prochain Job Day", StepOwner.JOB_SEEKER),
    ("Test de français au centre de formation", StepOwner.PARTNER),
    ("Rendez-vous au CPAS pour la prime de mise à l’emploi", StepOwner.PARTNER),
]
ORIENTATIONS = [
    ("Bruxelles Formation", "Formation qualifiante"),
    ("Centre de formation Interface3", "Formation en informatique"),
    ("Centre de formation Cenforgil", "Formation en gestion"),
    ("EFP (Espace Formation PME)", "Formation en alternance"),
    ("CPAS de la Ville de Bruxelles", "Revenu d’intégration et article 60"),
    ("BAPA BXL", "Parcours d’accueil des primo-arrivants"),
    ("Service de santé mentale Le Méridien", "Soutien psychologique"),
    ("Maison médicale des Marolles", "Suivi médical"),
    ("CAW Brussel", "Accompagnement social"),
    ("Actiris", "Bilan avec le conseiller Actiris"),
]


@dataclass(eq=False)
class _Person:
    locale: str
    gender: str
    birth_date: datetime.date
    accompaniments: list = field(default_factory=list)
    barriers: list = field(default_factory=list)
    row: JobSeeker | None = None


@dataclass(eq=False)
class _Accompaniment:
    person: _Person
    started_on: datetime.date
    referral_source: str
    recognition: str
    outcomes: list = field(default_factory=list)  # (kind, date), dated on or before today
    closed_on: datetime.date | None = None
    counsellor: User | None = None
    row: Accompaniment | None = None

    @property
    def planned_end_on(self) -> datetime.date:
        return add_one_year(self.started_on)


def demo_accompaniment_seed(*, today: datetime.date | None = None) -> None:
    """Create five-plus years of demo files; does nothing when job seekers already exist."""
    if JobSeeker.objects.exists():
        return
    counsellors = list(User.objects.counsellors().order_by("username"))
    if not counsellors:
        return
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    plan = _DemoPlan(rng, today, counsellors)
    with transaction.atomic():
        _DemoWriter(rng, today, plan).write()


# The help with the Actiris registration a first interview gives, weighted ("" for none).
ACTIRIS_HELP = [
    ("", 80),
    (ActirisRegistrationHelp.REGISTRATION, 8),
    (ActirisRegistrationHelp.RE_REGISTRATION, 5),
    (ActirisRegistrationHelp.UPDATE, 7),
]


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _working_days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    days, day = [], start
    while day <= end:
        if day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _pick(rng: random.Random, weighted):
    return rng.choices([value for value, _w in weighted], [w for _v, w in weighted])[0]


# The rooms of the demo Mission Locale.
ROOMS = ("Bureau 1", "Bureau 2", "Bureau 3", "Bureau 4", "Salle de réunion")
# The share of next appointments the person misses (RDV-Insertion: about 15 % once reminded).
NO_SHOW_RATE = 0.15


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BRUSSELS)


class _DemoPlan:
    """Who is accompanied when, by whom, and how it ended: the whole history, in memory."""

    def __init__(self, rng: random.Random, today: datetime.date, counsellors: list[User]):
        self.rng, self.today, self.counsellors = rng, today, counsellors
        self.persons: list[_Person] = []
        self.accompaniments: list[_Accompaniment] = []
        for year in range(FIRST_YEAR, today.year + 1):
            self._plan_year(year)
        self._assign_counsellors()

    # The people and the way each accompaniment goes.

    def _starts(self, year: int, count: int) -> list[datetime.date]:
        days = _working_days(datetime.date(year, 1, 2), min(datetime.date(year, 12, 31), self.today))
        if not days:
            return []  # 1 January, or a weekend after it: the year has no working day yet
        return sorted(self.rng.choices(days, [MONTH_WEIGHTS[d.month - 1] for d in days], k=count))

    def _plan_year(self, year: int):
        rng, today = self.rng, self.today
        year_end = datetime.date(year, 12, 31)
        if year in FIGURES and year < today.year:
            counted, positives = FIGURES[year]
            cap = FIGURES_CUT_OFF if year <= 2024 else today
            slots = [(s, RecognitionStatus.RECOGNISED) for s in self._starts(year, counted)]
            extras = self._starts(year, round(counted * 0.035))
            slots += [
                (s, RecognitionStatus.REFUSED if rng.random() < 0.75 else RecognitionStatus.PENDING) for s in extras
            ]
        else:
            full = _working_days(datetime.date(year, 1, 2), year_end)
            share = sum(MONTH_WEIGHTS[d.month - 1] for d in full if d <= today) / sum(
                MONTH_WEIGHTS[d.month - 1] for d in full
            )
            slots = [(s, self._recognition(s)) for s in self._starts(year, round(YEARLY_STARTS * share))]
            positives, cap = None, today
        slots.sort(key=lambda slot: slot[0])
        chosen = self._positive_choice(slots, positives, cap) if positives is not None else None
        pool = [p for p in self.persons if p.accompaniments[-1].started_on.year < year]
        for index, (started_on, recognition) in enumerate(slots):
            counted = recognition == RecognitionStatus.RECOGNISED
            if chosen is not None and counted:
                positive = index in chosen
            else:
                positive = rng.random() < (0.4 if chosen is not None else POSITIVE_RATE)
            person = self._returning(pool, started_on) if counted and year > FIRST_YEAR else None
            if person is None:
                person = self._new_person(started_on)
                if counted and started_on >= datetime.date(year, 3, 1) and rng.random() < 0.012:
                    self._short_accompaniment(person, started_on)
            self._accompaniment(person, started_on, recognition, positive, cap if chosen is not None else None)

    def _recognition(self, started_on: datetime.date) -> str:
        roll = self.rng.random()
        if (self.today - started_on).days < 30:  # Actiris has not answered yet
            return RecognitionStatus.PENDING if roll < 0.5 else RecognitionStatus.RECOGNISED
        if roll < 0.025:
            return RecognitionStatus.REFUSED
        return RecognitionStatus.PENDING if roll < 0.035 else RecognitionStatus.RECOGNISED

    def _positive_choice(self, slots, positives: int, cap: datetime.date) -> set[int]:
        """Which recognised accompaniments end positively: exactly ``positives``, each with room before the cap."""
        keys = []
        for index, (started_on, recognition) in enumerate(slots):
            window = (min(add_one_year(started_on), cap) - started_on).days
            if recognition == RecognitionStatus.RECOGNISED and window >= 45:
                keys.append((self.rng.random() ** (1.0 / min(window, 300)), index))
        keys.sort(reverse=True)
        return {index for _key, index in keys[:positives]}

    def _new_person(self, started_on: datetime.date) -> _Person:
        rng = self.rng
        age = rng.randint(*_pick(rng, AGE_BANDS))
        birth_date = started_on - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
        gender = _pick(rng, ((Gender.FEMALE, 52), (Gender.MALE, 46), (Gender.OTHER, 2)))
        person = _Person(locale="nl_BE" if rng.random() < 0.15 else "fr_BE", gender=gender, birth_date=birth_date)
        self.persons.append(person)
        return person

    def _returning(self, pool: list[_Person], started_on: datetime.date) -> _Person | None:
        """Now and then someone comes back for a new accompaniment, a while after the last one closed."""
        if not pool or self.rng.random() >= 0.07:
            return None
        for _try in range(6):
            person = self.rng.choice(pool)
            last = person.accompaniments[-1]
            if (
                last.closed_on
                and last.closed_on <= started_on - datetime.timedelta(days=60)
                and (last.started_on.year < started_on.year)
            ):
                pool.remove(person)
                return person
        return None

    def _referral(self) -> str:
        return _pick(
            self.rng, ((ReferralSource.ACTIRIS, 68), (ReferralSource.SPONTANEOUS, 20), (ReferralSource.PARTNER, 12))
        )

    def _short_accompaniment(self, person: _Person, next_start: datetime.date):
        """An earlier accompaniment the same year that ended early: the person counts once."""
        rng = self.rng
        started_on = _day(rng, datetime.date(next_start.year, 1, 2), next_start - datetime.timedelta(days=45))
        ended_on = _day(rng, started_on + datetime.timedelta(days=21), next_start - datetime.timedelta(days=7))
        kind = _pick(rng, EARLY_END_KINDS[:2])
        accompaniment = _Accompaniment(
            person, started_on, self._referral(), RecognitionStatus.RECOGNISED, [(kind, ended_on)], ended_on
        )
        person.accompaniments.append(accompaniment)
        self.accompaniments.append(accompaniment)

    def _accompaniment(self, person, started_on, recognition, positive: bool, cap: datetime.date | None):
        """Draw how it goes; ``cap`` bounds the first positive outcome (``None``: natural course)."""
        rng, today = self.rng, self.today
        planned_end = add_one_year(started_on)
        outcomes = []
        if positive:
            last_day = min(planned_end, cap) if cap else planned_end
            delay = 20 + int(((last_day - started_on).days - 20) * rng.betavariate(1.5, 2.0))
            exit_on = started_on + datetime.timedelta(days=delay)
            kind = _pick(rng, POSITIVE_KINDS)
            outcomes.append((kind, exit_on))
            if kind in (OutcomeKind.PRE_QUALIFYING_TRAINING, OutcomeKind.QUALIFYING_TRAINING) and rng.random() < 0.3:
                if (planned_end - exit_on).days > 60:
                    outcomes.append(
                        (_pick(rng, POSITIVE_KINDS[:3]), _day(rng, exit_on + datetime.timedelta(days=45), planned_end))
                    )
            closing = planned_end
            if rng.random() < 0.25:
                closing = min(planned_end, outcomes[-1][1] + datetime.timedelta(days=rng.randint(7, 45)))
        elif rng.random() < 0.2:
            closing = started_on + datetime.timedelta(days=rng.randint(30, 330))
            outcomes.append((_pick(rng, EARLY_END_KINDS), closing))
        else:
            closing = planned_end
            outcomes.append((OutcomeKind.YEAR_ENDED, closing))
        accompaniment = _Accompaniment(
            person,
            started_on,
            self._referral(),
            recognition,
            [(kind, day) for kind, day in outcomes if day <= today],
            closing if closing <= today else None,
        )
        person.accompaniments.append(accompaniment)
        self.accompaniments.append(accompaniment)

    # Caseloads.

    def _assign_counsellors(self):
        """Open files are shared by quotas (one caseload a little over capacity); closed ones at random."""
        rng = self.rng
        open_now = [a for a in self.accompaniments if a.closed_on is None]
        weights = [rng.uniform(0.94, 1.05) for _c in self.counsellors]
        weights[2 % len(weights)] = 1.1  # the red gauge of the demo
        weights[-1] = 0.88  # back from leave, still filling up
        actiris_share = [rng.uniform(0.95, 1.05) for _c in self.counsellors]
        for actiris in (True, False):
            group = [a for a in open_now if (a.referral_source == ReferralSource.ACTIRIS) == actiris]
            shares = [w * (a if actiris else 2 - a) for w, a in zip(weights, actiris_share, strict=True)]
            quotas = [int(len(group) * w / sum(shares)) for w in shares]
            for i in sorted(range(len(quotas)), key=lambda i: -shares[i])[: len(group) - sum(quotas)]:
                quotas[i] += 1
            seats = [c for c, quota in zip(self.counsellors, quotas, strict=True) for _ in range(quota)]
            rng.shuffle(seats)
            for accompaniment, counsellor in zip(group, seats, strict=True):
                accompaniment.counsellor = counsellor
        for accompaniment in self.accompaniments:
            if accompaniment.counsellor is None:
                employed = [
                    c
                    for c in self.counsellors
                    if c.employment_start is None or c.employment_start <= accompaniment.started_on
                ]
                accompaniment.counsellor = rng.choice(employed or self.counsellors)


class _DemoWriter:
    """Turns the plan into rows: files, accompaniments, outcomes, interviews, action plans, history."""

    def __init__(self, rng: random.Random, today: datetime.date, plan: _DemoPlan):
        from faker import Faker  # a development dependency, as is the demo

        self.rng, self.today, self.plan = rng, today, plan
        # Its own generator, so that the help with the Actiris registration leaves every other figure as it was.
        self.actiris_rng = random.Random(SEED + 16)
        self.fakers = {}
        for offset, locale in enumerate(("fr_BE", "nl_BE")):
            self.fakers[locale] = Faker(locale)
            self.fakers[locale].seed_instance(SEED + offset)
        # The reminders' own draws: the other figures of the demo stay what they were before reminders existed.
        self.reminder_rng = random.Random(SEED + 14)
        self.workdays = _working_days(datetime.date(FIRST_YEAR, 1, 1), today + datetime.timedelta(days=14))
        self.partners = {p.name: p for p in Partner.objects.all()}
        self.projects = {p.name: p for p in LocalProject.objects.all()}
        self.staff = {
            profession: list(User.objects.filter(profession=profession, is_active=True).order_by("username"))
            for profession in (Profession.PSYCHOLOGIST, Profession.SOCIAL_WORKER, Profession.IMAGE_COACH)
        }

    def write(self):
        self._job_seekers()
        self._accompaniments()
        self._barriers()
        self._interviews()
        self._action_plans()
        self._waiting_referrals()
        # Written with bulk_create, which sends no signal: the files waiting for a counsellor and each
        # accompaniment's first positive outcome, derived once.
        job_seekers_awaiting_refresh()
        accompaniments_first_positive_refresh()

    # Files.

    def _waiting_referrals(self, count: int = 12):
        """People Actiris referred in the last weeks, waiting for a manager to assign them a counsellor.

        Written last so that the random draws of the yearly figures above stay the same.
        """
        rng, faker = self.rng, self.fakers["fr_BE"]
        rows = []
        for _index in range(count):
            female = rng.random() < 0.5
            first_name = faker.first_name_female() if female else faker.first_name_male()
            last_name = faker.last_name()
            postcode, commune_fr, _commune_nl, _weight, streets = _pick(rng, [(c, c[3]) for c in COMMUNES])
            referred_on = self.today - datetime.timedelta(days=rng.randint(1, 21))
            rows.append(
                JobSeeker(
                    first_name=first_name,
                    last_name=last_name,
                    name_key=name_key(last_name, first_name),
                    birth_date=self.today - datetime.timedelta(days=rng.randint(18 * 365, 60 * 365)),
                    gender=Gender.FEMALE if female else Gender.MALE,
                    actiris_number=f"{rng.randint(1_000_000, 9_999_999)}",
                    street=f"{rng.choice(streets)} {rng.randint(1, 120)}",
                    postcode=postcode,
                    commune=commune_fr,
                    phone=f"+324{rng.choice('5679')}{rng.randint(0, 9_999_999):07d}",
                    referral_source=ReferralSource.ACTIRIS,
                    actiris_referral_date=referred_on,
                    created_at=_at(referred_on, 10),
                )
            )
        JobSeeker.objects.bulk_create(rows)
        JobSeeker.history.bulk_history_create(rows)

    def _job_seekers(self):
        rng, used_niss, used_actiris = self.rng, set(), set()
        communes = [(c, c[3]) for c in COMMUNES]
        rows, memberships = [], []
        for person in self.plan.persons:
            faker = self.fakers[person.locale]
            first = person.accompaniments[0]
            female = person.gender == Gender.FEMALE or (person.gender == Gender.OTHER and rng.random() < 0.5)
            first_name = faker.first_name_female() if female else faker.first_name_male()
            last_name = faker.last_name()
            postcode, commune_fr, commune_nl, _weight, streets = _pick(rng, communes)
            number = f"{rng.randint(1, 180)}" + (f" bte {rng.randint(1, 12)}" if rng.random() < 0.3 else "")
            dutch = person.locale == "nl_BE"
            street = f"{faker.street_name() if dutch else rng.choice(streets)} {number}"
            actiris = any(a.referral_source == ReferralSource.ACTIRIS for a in person.accompaniments)
            referral = first.referral_source
            education = _pick(rng, EDUCATION_LEVELS)
            newcomer = education == EducationLevel.FOREIGN
            french_level = LanguageLevel.B2 if dutch else LanguageLevel.C2
            if newcomer:
                french_level = _pick(rng, NEWCOMER_FRENCH_LEVELS)
            ascii_name = name_key(first_name, last_name).replace(" ", ".")
            email = f"{ascii_name}{rng.randint(1, 99)}@example.{rng.choice(('com', 'net', 'org'))}"
            languages = ["néerlandais" if dutch else "français"]
            languages += rng.sample(LANGUAGES, rng.choice((0, 1, 1, 2)))
            person.row = JobSeeker(
                first_name=first_name,
                last_name=last_name,
                name_key=name_key(last_name, first_name),
                birth_date=person.birth_date,
                gender=person.gender,
                niss=self._niss(person, used_niss) if rng.random() < 0.5 else None,
                actiris_number=self._unique(used_actiris, lambda: f"{rng.randint(1_000_000, 9_999_999)}")
                if actiris
                else "",
                street=street,
                postcode=postcode,
                commune=commune_nl if dutch else commune_fr,
                phone=f"+324{rng.choice('5679')}{rng.randint(0, 9_999_999):07d}",
                email=email if rng.random() < 0.6 else "",
                languages=", ".join(languages),
                french_level=french_level,
                dutch_level=LanguageLevel.C2 if dutch else _pick(rng, DUTCH_LEVELS),
                education_level=education,
                foreign_diploma_recognised=rng.choice((True, False, None)) if newcomer else None,
                situation=_pick(rng, SITUATIONS),
                driving_licence=rng.random() < 0.3,
                referral_source=referral,
                referral_partner=self.partners.get(rng.choice(REFERRING_PARTNERS))
                if referral == ReferralSource.PARTNER
                else None,
                actiris_referral_date=first.started_on - datetime.timedelta(days=rng.randint(3, 40))
                if referral == ReferralSource.ACTIRIS
                else None,
                created_at=_at(first.started_on, rng.randint(9, 16), rng.choice((0, 15, 30, 45))),
                created_by=first.counsellor,
            )
            person.row._history_date = person.row.created_at
            person.row._history_user = first.counsellor
            # Most agree to reminders at the first interview, by SMS rather than by email.
            consent = self.reminder_rng.random()
            person.row.reminder_channel = (
                ReminderChannel.SMS
                if consent < 0.55
                else ReminderChannel.EMAIL
                if consent < 0.7 and person.row.email
                else ""
            )
            person.row.preferred_language = "nl" if dutch else "fr"
            rows.append(person.row)
            age = (first.started_on - person.birth_date).days // 365
            for project, wanted in (
                ("Projet 50+", age >= 50 and rng.random() < 0.4),
                ("Nouveaux Départs", female and rng.random() < 0.015),
                ("CQD Versailles", female and postcode == "1120" and rng.random() < 0.25),
                ("CQD Héliport-Anvers", postcode == "1000" and rng.random() < 0.05),
            ):
                if wanted and project in self.projects:
                    memberships.append((person, self.projects[project]))
        JobSeeker.objects.bulk_create(rows, batch_size=BATCH)
        JobSeeker.history.bulk_history_create(rows, batch_size=BATCH)
        through = JobSeeker.local_projects.through
        through.objects.bulk_create(
            [through(jobseeker_id=p.row.pk, localproject_id=project.pk) for p, project in memberships],
            batch_size=BATCH,
        )

    def _niss(self, person: _Person, used: set) -> str:
        """A valid NISS: birth date, a sequence (odd for men, even for women) and the check digits."""
        rng, birth = self.rng, person.birth_date
        while True:
            sequence = rng.randint(1, 996)
            if person.gender != Gender.OTHER and sequence % 2 != (person.gender == Gender.MALE):
                sequence += 1
            base = f"{birth:%y%m%d}{sequence:03d}"
            check = 97 - int(("2" if birth.year >= 2000 else "") + base) % 97
            niss = f"{base}{check:02d}"
            if niss not in used:
                used.add(niss)
                return niss

    @staticmethod
    def _unique(used: set, make) -> str:
        value = make()
        while value in used:
            value = make()
        used.add(value)
        return value

    # Accompaniments and outcomes.

    def _accompaniments(self):
        rng, rows, histories, outcomes = self.rng, [], [], []
        for plan in self.plan.accompaniments:
            recognised = plan.recognition == RecognitionStatus.RECOGNISED
            plan.row = Accompaniment(
                job_seeker=plan.person.row,
                counsellor=plan.counsellor,
                started_on=plan.started_on,
                planned_end_on=plan.planned_end_on,
                referral_source=plan.referral_source,
                recognition_status=plan.recognition,
                # Actiris recognises within weeks, and by the end of January for the past year's report.
                recognised_on=min(
                    self.today,
                    plan.started_on + datetime.timedelta(days=rng.randint(7, 45)),
                    datetime.date(plan.started_on.year + 1, 1, 31),
                )
                if recognised
                else None,
                status=AccompanimentStatus.CLOSED if plan.closed_on else AccompanimentStatus.OPEN,
                closed_on=plan.closed_on,
            )
            rows.append(plan.row)
        Accompaniment.objects.bulk_create(rows, batch_size=BATCH)
        for plan in self.plan.accompaniments:
            # History: opened at the start, then closed on the closing day.
            opened = Accompaniment(**{f.attname: getattr(plan.row, f.attname) for f in Accompaniment._meta.fields})
            opened.status, opened.closed_on = AccompanimentStatus.OPEN, None
            opened._history_date, opened._history_user = _at(plan.started_on, 10), plan.counsellor
            histories.append(opened)
            for kind, day in plan.outcomes:
                outcome = Outcome(
                    accompaniment=plan.row,
                    kind=kind,
                    occurred_on=day,
                    organisation=rng.choice(EMPLOYERS[kind]) if kind in POSITIVE_OUTCOMES else "",
                    recorded_by=plan.counsellor,
                    recorded_at=_at(day, 17),
                )
                outcome._history_date, outcome._history_user = outcome.recorded_at, plan.counsellor
                outcomes.append(outcome)
        Accompaniment.history.bulk_history_create(histories, batch_size=BATCH)
        closed = [plan.row for plan in self.plan.accompaniments if plan.closed_on]
        for row in closed:
            row._history_date, row._history_user = _at(row.closed_on, 17, 30), row.counsellor
        Accompaniment.history.bulk_history_create(closed, batch_size=BATCH, update=True)
        Outcome.objects.bulk_create(outcomes, batch_size=BATCH)
        Outcome.history.bulk_history_create(outcomes, batch_size=BATCH)

    def _barriers(self):
        rng, today, rows = self.rng, self.today, []
        for person in self.plan.persons:
            first, last = person.accompaniments[0], person.accompaniments[-1]
            chosen = []
            while len(chosen) < rng.choice((1, 2, 2, 3)):
                kind = _pick(rng, BARRIERS)
                if kind not in chosen:
                    chosen.append(kind)
            for kind in chosen:
                identified = min(today, first.started_on + datetime.timedelta(days=rng.randint(0, 20)))
                until = last.closed_on or today
                lifted = None
                if (until - identified).days > 14 and rng.random() < (0.45 if last.closed_on else 0.25):
                    lifted = _day(rng, identified + datetime.timedelta(days=14), until)
                barrier = Barrier(job_seeker=person.row, kind=kind, identified_on=identified, lifted_on=lifted)
                barrier._history_date, barrier._history_user = _at(identified, 11), first.counsellor
                person.barriers.append(barrier)
                rows.append(barrier)
        Barrier.objects.bulk_create(rows, batch_size=BATCH)
        Barrier.history.bulk_history_create(rows, batch_size=BATCH)

    # Interviews, team members and the agenda of the coming two weeks.

    def _interviews(self):
        rng, today = self.rng, self.today
        coming = self._days_between(today + datetime.timedelta(days=1), today + datetime.timedelta(days=14))
        slots = [(day, hour, minute) for day in coming for hour in (9, 10, 11, 13, 14, 15, 16) for minute in (0, 30)]
        free = {}
        interviews, links, members = [], [], {}

        def free_slot(user):
            if user.pk not in free:
                free[user.pk] = rng.sample(slots, len(slots))
            return _at(*free[user.pk].pop()) if free[user.pk] else None

        for plan in self.plan.accompaniments:
            end = plan.closed_on or today
            days = self._days_between(plan.started_on + datetime.timedelta(days=1), end)
            if plan.closed_on:
                count = rng.randint(1, 3)
            else:
                months = (today - plan.started_on).days / 30
                count = max(1, min(rng.randint(3, 10), 2 + int(months * 1.5)))
            dates = [plan.started_on] + sorted(rng.sample(days, min(count - 1, len(days))))
            batch = [self._interview(plan, plan.counsellor, day, first=i == 0) for i, day in enumerate(dates)]
            for previous, following in zip(batch, batch[1:], strict=False):
                if previous.kind == InterviewKind.INDIVIDUAL and rng.random() < 0.6:
                    # Held, the day of the following interview; now and then missed a few days before it.
                    between = self._days_between(
                        previous.occurred_on + datetime.timedelta(days=1),
                        following.occurred_on - datetime.timedelta(days=1),
                    )
                    missed = bool(between) and rng.random() < NO_SHOW_RATE
                    day = rng.choice(between) if missed else following.occurred_on
                    previous._next = (_at(day, rng.choice((9, 10, 11, 14, 15))), following if not missed else None)
            if not plan.closed_on:
                since_last = self._days_between(
                    batch[-1].occurred_on + datetime.timedelta(days=1), today - datetime.timedelta(days=1)
                )
                if rng.random() < 0.4:
                    batch[-1]._next = (free_slot(plan.counsellor), None)
                elif since_last and rng.random() < NO_SHOW_RATE:
                    # Missed lately and not seen since: a call to make on the counsellor's "Today" page.
                    batch[-1]._next = (_at(rng.choice(since_last), rng.choice((9, 10, 14))), None)
                for profession, rate in (
                    (Profession.PSYCHOLOGIST, 0.07),
                    (Profession.SOCIAL_WORKER, 0.05),
                    (Profession.IMAGE_COACH, 0.03),
                ):
                    if self.staff[profession] and rng.random() < rate:
                        batch += self._support_interviews(
                            plan, rng.choice(self.staff[profession]), days, members, free_slot
                        )
            for interview in batch:
                interview._barriers = [
                    b
                    for b in plan.person.barriers
                    if b.identified_on <= interview.occurred_on
                    and (not b.lifted_on or b.lifted_on >= interview.occurred_on)
                ]
            interviews += batch
        Interview.objects.bulk_create(interviews, batch_size=BATCH)
        through = Interview.barriers_worked_on.through
        for interview in interviews:
            if interview._barriers and rng.random() < 0.25:
                links.append(through(interview_id=interview.pk, barrier_id=rng.choice(interview._barriers).pk))
        through.objects.bulk_create(links, batch_size=BATCH)
        TeamMember.objects.bulk_create(members.values(), batch_size=BATCH)
        self._appointments(interviews)

    def _appointments(self, interviews):
        """The next appointment set at an interview: held at the following interview, or missed (NO_SHOW_RATE);
        those still to come planned or confirmed, in a free room when there is one."""
        rng, now = self.rng, now_on(self.today)
        rooms = [Room.objects.get_or_create(name=name)[0] for name in ROOMS]
        taken, rows = set(), []
        for interview in interviews:
            start, held = getattr(interview, "_next", (None, None))
            if start is None:
                continue
            minutes = 60 if interview.staff.profession != Profession.COUNSELLOR else 45
            appointment = Appointment(
                staff=interview.staff,
                job_seeker=interview.job_seeker,
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=minutes),
                kind=kind_for(interview.staff),
                planned_at_interview=interview,
                held_interview=held,
                created_by=interview.staff,
                created_at=interview.created_at,
            )
            if start >= now:
                appointment.held_interview = None
                appointment.status = AppointmentStatus.CONFIRMED if rng.random() < 0.3 else AppointmentStatus.PLANNED
                room = next((room for room in rooms if (room.pk, start) not in taken), None)
                if room is not None:
                    taken.add((room.pk, start))
                    appointment.room = room
            else:
                appointment.status = AppointmentStatus.DONE if held else AppointmentStatus.NO_SHOW
                appointment.status_changed_at = appointment.ends_at
                appointment.status_changed_by = interview.staff
            appointment._history_user, appointment._history_date = interview.staff, interview.created_at
            rows.append(appointment)
        Appointment.objects.bulk_create(rows, batch_size=BATCH)
        Appointment.history.bulk_history_create(rows, batch_size=BATCH)
        self._reminders(rows, now)

    def _reminders(self, appointments, now):
        """The reminders of the appointments of people who agreed to them: sent for those past (a few failed),
        pending for those to come. Half of the missed appointments had none (booked too late, a number
        changed): the figures then show what reminders do, as RDV-Insertion measured."""
        rng, rows = self.reminder_rng, []
        for appointment in appointments:
            contact = reminder_contact(appointment.job_seeker)
            if contact is None or (appointment.status == AppointmentStatus.NO_SHOW and rng.random() < 0.5):
                continue
            for when in reminder_times(appointment.starts_at):
                if when <= appointment.created_at:
                    continue
                reminder = Reminder(
                    appointment=appointment, channel=contact[0], scheduled_at=when, next_try_at=when, created_at=when
                )
                if when < now:
                    failed = rng.random() < 0.03
                    reminder.status = ReminderStatus.FAILED if failed else ReminderStatus.SENT
                    reminder.attempts = settings.REMINDER_MAX_ATTEMPTS if failed else 1
                    reminder.sent_at = None if failed else when
                    reminder.provider_id = "" if failed else f"demo-{len(rows)}"
                rows.append(reminder)
        Reminder.objects.bulk_create(rows, batch_size=BATCH)

    def _days_between(self, start: datetime.date, end: datetime.date) -> list[datetime.date]:
        return self.workdays[bisect.bisect_left(self.workdays, start) : bisect.bisect_right(self.workdays, end)]

    def _interview(self, plan, staff, day, first=False, confidential=False) -> Interview:
        rng = self.rng
        kind = InterviewKind.INDIVIDUAL if first else _pick(rng, INTERVIEW_KINDS)
        note = "Premier entretien : présentation de l’accompagnement d’un an et diagnostic." if first else ""
        note = rng.choice(CONFIDENTIAL_NOTES) if confidential else note or rng.choice(NOTES)
        topics = "Accueil et diagnostic, Inscription" if first else ", ".join(rng.sample(TOPICS, rng.choice((1, 2))))
        return Interview(
            job_seeker=plan.person.row,
            accompaniment=plan.row,
            staff=staff,
            author_profession=staff.profession,
            occurred_on=day,
            kind=kind,
            # The first interview registers about one person in five at Actiris, or updates the registration.
            actiris_registration=_pick(self.actiris_rng, ACTIRIS_HELP) if first else "",
            duration_minutes=60 if first else rng.choice((20, 30, 30, 45, 60)) if kind != InterviewKind.PHONE else 15,
            topics=topics,
            note=note,
            confidential=confidential,
            created_at=_at(day, rng.randint(9, 16), rng.choice((0, 30))),
        )

    def _support_interviews(self, plan, staff, days, members, free_slot) -> list[Interview]:
        """A psychologist, social worker or image coach helps with the file: they join its team."""
        if not days:
            return []
        confidential = staff.profession in (Profession.PSYCHOLOGIST, Profession.SOCIAL_WORKER)
        dates = sorted(self.rng.sample(days, min(len(days), self.rng.randint(1, 4))))
        batch = [self._interview(plan, staff, day, confidential=confidential) for day in dates]
        for interview in batch:
            interview.kind, interview.duration_minutes = InterviewKind.INDIVIDUAL, 60
            interview.topics = (
                "Soutien psychologique"
                if staff.profession == Profession.PSYCHOLOGIST
                else ("Suivi social" if confidential else "Coaching en image")
            )
            if not confidential:
                interview.note = "Travail sur la présentation et la tenue pour les entretiens d’embauche."
        if self.rng.random() < 0.4:
            batch[-1]._next = (free_slot(staff), None)
        key = (plan.person.row.pk, staff.pk)
        if key not in members:
            members[key] = TeamMember(
                job_seeker=plan.person.row, user=staff, added_on=dates[0], added_by=plan.counsellor
            )
        return batch

    # Professional projects, action steps, orientations.

    def _action_plans(self):
        rng, today = self.rng, self.today
        projects, steps, orientations = [], [], []
        for plan in self.plan.accompaniments:
            elapsed = (today - plan.started_on).days
            if not plan.closed_on and elapsed >= 14 and rng.random() < 0.9:
                occupations = rng.sample(OCCUPATIONS, rng.choice((1, 1, 2)))
                signed = plan.started_on + datetime.timedelta(days=rng.randint(14, 45))
                projects.append(
                    ProfessionalProject(
                        accompaniment=plan.row,
                        target_occupations=", ".join(occupations),
                        summary=f"Objectif : un emploi de {occupations[0].lower()}. " + rng.choice(PROJECT_SUMMARIES),
                        signed_on=signed if signed <= today and rng.random() < 0.85 else None,
                    )
                )
                for description, owner in rng.sample(STEPS, rng.randint(2, 4)):
                    due = min(
                        today + datetime.timedelta(days=60),
                        plan.started_on + datetime.timedelta(days=rng.randint(10, 300)),
                    )
                    done = None
                    if due <= today and rng.random() < 0.75:
                        done = max(plan.started_on, due - datetime.timedelta(days=rng.randint(0, 10)))
                    elif due > today and rng.random() < 0.15:
                        done = _day(rng, plan.started_on, today)
                    steps.append(
                        ActionStep(
                            accompaniment=plan.row, description=description, owner=owner, due_on=due, done_on=done
                        )
                    )
            if rng.random() < (0.3 if not plan.closed_on else 0.1):
                partner_name, purpose = rng.choice(ORIENTATIONS)
                oriented_on = _day(rng, plan.started_on, plan.closed_on or today)
                if (today - oriented_on).days > 60:
                    result = _pick(rng, LATE_ORIENTATION_RESULTS)
                else:
                    result = rng.choice((OrientationResult.PENDING, OrientationResult.STARTED))
                if partner_name in self.partners:
                    orientations.append(
                        Orientation(
                            job_seeker=plan.person.row,
                            accompaniment=plan.row,
                            partner=self.partners[partner_name],
                            oriented_on=oriented_on,
                            purpose=purpose,
                            result=result,
                            staff=plan.counsellor,
                        )
                    )
        for model, rows in ((ProfessionalProject, projects), (ActionStep, steps), (Orientation, orientations)):
            model.objects.bulk_create(rows, batch_size=BATCH)
            for row in rows:
                row._history_user = row.accompaniment.counsellor
                row._history_date = _at(self._written_on(row), 12)
            model.history.bulk_history_create(rows, batch_size=BATCH)

    def _written_on(self, row) -> datetime.date:
        """When a row of the action plan was first written down, for its history."""
        if isinstance(row, Orientation):
            return row.oriented_on
        drafted = min(self.today, row.accompaniment.started_on + datetime.timedelta(days=14))
        if isinstance(row, ProfessionalProject):
            return row.signed_on or drafted
        return min(drafted, row.done_on or drafted)
