"""Demo employers, prospection, offers, matchings, events and insertion contracts, for ``manage.py seed_demo``.

Counted by employers/indicators.py for 2024 with the cut-off 2025-01-31, the data gives the figures of the
2024 report (../shared/domain.md): 140 employers prospected (84 TPE), 156 matchings proposed, 15 information
sessions reaching 312 people, 3 zonal concertations with Tracé; DEIES: 73 workers, 44 at the same time
(reached on 3 June), 14 garden aides, 10 street sweepers, 12 renovation workers for the City of Brussels,
8 contracts for the régie Récube, 57 % into employment or training, 13 forklift permits, 12 skills
validations, 8 VCA, 5 022 internal and 4 278 external training hours, 2 Article 60 posts.

The matched job seekers and the workers are files of the accompaniment demo. Hires are linked to positive
outcomes that demo already holds, so that its figures do not move. Fixed seed: the same data every time.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone
from faker import Faker

from accompaniment.enums import CheckpointSituation, OutcomeKind, PartnerKind
from accompaniment.models import Accompaniment, ExitCheckpoint, JobSeeker, Outcome, Partner
from accompaniment.niss import name_key
from demo.accompaniment import COMMUNES
from demo.accompaniment import EMPLOYERS as OUTCOME_EMPLOYERS
from demo.years import year_share, yearly_count
from employers.bce import enterprise_number_make
from employers.enums import (
    ContactKind,
    ContactLanguage,
    ContractEndReason,
    ContractType,
    FollowUpSituation,
    MatchingStatus,
    Measure,
    NaceSection,
    OfferSource,
    SizeBand,
    TrainingKind,
)
from employers.models import (
    Certification,
    CertificationKind,
    Concertation,
    ContractTraining,
    Employer,
    EmployerContact,
    InformationSession,
    InsertionContract,
    JobDay,
    JobDayGuest,
    JobOffer,
    Matching,
    MatchingStatusChange,
    ProspectionContact,
    Worksite,
)
from missionlocale.dates import add_months
from missionlocale.models import User

SEED = 5
# The DEIES follow-up 3 months after a contract, as a follow-up checkpoint's situation.
DEIES_LATER_SITUATIONS = {
    FollowUpSituation.EMPLOYMENT: CheckpointSituation.OTHER_JOB,
    FollowUpSituation.TRAINING: CheckpointSituation.TRAINING,
}
FIRST_YEAR = 2020
CUTOFF_2024 = datetime.date(2025, 1, 31)
# Employers prospected each year (2024: the report's 140, of which 84 TPE); later years go on (demo.years).
PROSPECTED = {2020: 112, 2021: 121, 2022: 128, 2023: 133, 2024: 140, 2025: 138, 2026: 117}
TPE_2024 = 84
# Matchings proposed in 2024 by their status at the cut-off: 156 in all.
MATCHINGS_2024 = {
    MatchingStatus.HIRED: 34,
    MatchingStatus.NOT_RETAINED: 61,
    MatchingStatus.WITHDRAWN: 17,
    MatchingStatus.INTERVIEW: 12,
    MatchingStatus.CV_SENT: 18,
    MatchingStatus.PROPOSED: 14,
}
MATCHINGS_OTHER_YEARS = {2020: 128, 2021: 139, 2022: 147, 2023: 151, 2025: 161, 2026: 143}
SESSIONS_2024 = [18, 22, 25, 19, 17, 24, 20, 26, 15, 23, 21, 18, 22, 19, 23]  # 15 sessions, 312 people
WORKSITES_2024 = {  # distinct workers of 2024 per worksite: 73 in all
    "Ville de Bruxelles – Espaces verts": (14, "Aide-jardinier·ère"),
    "Ville de Bruxelles – Propreté publique": (10, "Balayeur·euse de rue"),
    "Ville de Bruxelles – Rénovation de bâtiments": (12, "Ouvrier·ère polyvalent·e en rénovation"),
    "Régie Récube": (8, "Ouvrier·ère de régie de quartier"),
    "BATITERRE": (9, "Ouvrier·ère en éco-construction"),
    "ASBL ILOT": (8, "Agent·e d’entretien"),
    "Ville de Bruxelles – Serres communales": (7, "Aide-serriste"),
    "ASBL MOVE": (5, "Agent·e de mobilité"),
}
CERTIFICATIONS_2024 = {"Permis cariste": 13, "Validation des compétences": 12, "VCA": 8}
TRAINING_HOURS_2024 = {TrainingKind.INTERNAL: 5022, TrainingKind.EXTERNAL: 4278}
TRAININGS = {
    TrainingKind.INTERNAL: [
        "Sécurité et gestes sur chantier",
        "Techniques de taille et d’entretien",
        "Français sur le lieu de travail",
        "Utilisation des outils et machines",
        "Recherche d’emploi après le contrat",
    ],
    TrainingKind.EXTERNAL: [
        "Formation cariste (Bruxelles Formation)",
        "VCA de base",
        "Éco-construction (Construcity)",
        "Premiers secours (Croix-Rouge)",
        "Préparation à la validation des compétences",
    ],
}
TRADES = [
    ("Boulangerie", NaceSection.C, "10.711"),
    ("Boucherie", NaceSection.G, "47.22"),
    ("Épicerie", NaceSection.G, "47.11"),
    ("Snack", NaceSection.I, "56.102"),
    ("Restaurant", NaceSection.I, "56.101"),
    ("Coiffure", NaceSection.S, "96.021"),
    ("Garage", NaceSection.G, "45.20"),
    ("Nettoyage", NaceSection.N, "81.210"),
    ("Menuiserie", NaceSection.F, "43.32"),
    ("Toitures", NaceSection.F, "43.91"),
    ("Électricité", NaceSection.F, "43.21"),
    ("Pharmacie", NaceSection.G, "47.73"),
    ("Crèche", NaceSection.Q, "88.91"),
    ("Maison de repos", NaceSection.Q, "87.10"),
    ("Informatique", NaceSection.J, "62.02"),
    ("Transports", NaceSection.H, "49.41"),
    ("Librairie", NaceSection.G, "47.61"),
    ("Hôtel", NaceSection.I, "55.10"),
]
BIG_EMPLOYER_SECTION = {
    "Delhaize": NaceSection.G,
    "Colruyt": NaceSection.G,
    "Carrefour": NaceSection.G,
    "Lidl": NaceSection.G,
    "STIB": NaceSection.H,
    "bpost": NaceSection.H,
    "Brussels Airport": NaceSection.H,
    "Hôpital Saint-Pierre": NaceSection.Q,
    "CHU Brugmann": NaceSection.Q,
    "Ville de Bruxelles": NaceSection.O,
    "Bruxelles-Propreté": NaceSection.E,
}


# What the employers of the demo would take trained people for.
TRAINING_NEEDS = (
    "Cariste",
    "Vendeur·euse",
    "Agent·e de nettoyage",
    "Aide-soignant·e",
    "Commis de cuisine",
    "Magasinier·ère",
    "Agent·e de gardiennage",
    "Chauffeur·euse poids lourd",
)


def demo_employers_seed(*, today: datetime.date | None = None) -> None:
    """Create the employers' and DEIES demo data; does nothing when employers already exist."""
    if Employer.objects.exists() or not JobSeeker.objects.exists():
        return
    officer = User.objects.filter(username="entreprises").first()
    supervisor = User.objects.filter(username="deies").first()
    if officer is None or supervisor is None:
        return
    today = today or timezone.localdate()
    with transaction.atomic():
        _EmployersDemo(random.Random(SEED), today, officer, supervisor).write()


def _day(rng, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _split_total(rng, total: int, parts: int, low: int = 5) -> list[int]:
    """``parts`` positive whole numbers of varied size summing exactly to ``total``."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    values = [max(low, int(total * w / sum(weights))) for w in weights]
    values[-1] += total - sum(values)
    assert values[-1] >= 1
    return values


class _EmployersDemo:
    def __init__(self, rng, today, officer, supervisor):
        self.rng, self.today, self.officer, self.supervisor = rng, today, officer, supervisor
        # Each year's prospection starts on 6 January: in the first days of a year there is nothing yet.
        self.years = [y for y in range(FIRST_YEAR, today.year + 1) if datetime.date(y, 1, 6) <= today]
        self.faker = Faker("fr_BE")
        self.faker.seed_instance(SEED)
        self.accompaniments = list(
            Accompaniment.objects.order_by("pk").values_list("pk", "job_seeker_id", "started_on", "closed_on")
        )

    def write(self):
        self._employers()
        self._prospection()
        self._matchings()
        self._events()
        self._contracts()

    # Employers and prospection.

    def _employers(self):
        rng, used_numbers, used_names = self.rng, set(), set()
        rows = []
        big_names = sorted(set(OUTCOME_EMPLOYERS[OutcomeKind.CDI]) | set(OUTCOME_EMPLOYERS[OutcomeKind.CDD]))
        for name in big_names:
            rows.append(self._employer(name, BIG_EMPLOYER_SECTION.get(name, NaceSection.N), "", SizeBand.LARGE))
        sizes = [SizeBand.TPE] * 190 + [SizeBand.SMALL] * 70 + [SizeBand.MEDIUM] * 40
        for size in sizes:
            trade, section, code = rng.choice(TRADES)
            while True:
                name = f"{trade} {self.faker.last_name()}" + (" SRL" if rng.random() < 0.4 else "")
                if name not in used_names:
                    used_names.add(name)
                    break
            rows.append(self._employer(name, section, code, size))
        for row in rows:
            if rng.random() < 0.85:
                while True:
                    number = enterprise_number_make(rng.randint(200_000, 18_000_000))
                    if number not in used_numbers:
                        used_numbers.add(number)
                        break
                row.enterprise_number = number
        self.employers = Employer.objects.bulk_create(rows)
        Employer.history.bulk_history_create(self.employers, default_user=self.officer)
        self.big = {e.name: e for e in self.employers if e.size_band == SizeBand.LARGE}
        self.small = [e for e in self.employers if e.size_band != SizeBand.LARGE]
        contacts = []
        for employer in self.employers:
            for _index in range(rng.choice((1, 1, 2))):
                first, last = self.faker.first_name(), self.faker.last_name()
                contacts.append(
                    EmployerContact(
                        employer=employer,
                        name=f"{first} {last}",
                        role=rng.choice(("Gérant·e", "Responsable RH", "Chef·fe d’équipe", "Administrateur·rice")),
                        phone=f"+3247{rng.randint(0, 9_999_999):07d}",
                        email=f"{name_key(first).replace(' ', '')}@{name_key(employer.name).replace(' ', '')[:20]}.be",
                        language=rng.choices(ContactLanguage.values, (75, 20, 5))[0],
                    )
                )
        EmployerContact.objects.bulk_create(contacts)

    def _employer(self, name, section, code, size):
        postcode, french, _dutch, _weight, streets = self.rng.choice(COMMUNES[:8])
        return Employer(
            name=name,
            name_key=name_key(name),
            nace_section=section,
            nace_code=code,
            size_band=size,
            street=f"{self.rng.choice(streets)} {self.rng.randint(1, 180)}",
            postcode=postcode,
            commune=french,
            consent_to_contact=self.rng.random() < 0.8,
            created_by=self.officer,
            created_at=datetime.datetime(2019, 9, 1, 10, tzinfo=datetime.UTC),
        )

    def _prospection(self):
        rng, rows = self.rng, []
        tpe = [e for e in self.small if e.size_band == SizeBand.TPE]
        others = [e for e in self.small if e.size_band != SizeBand.TPE]
        self.prospected = {}
        for year in self.years:
            count = yearly_count(PROSPECTED, year, self.today)
            tpe_count = TPE_2024 if year == 2024 else round(count * rng.uniform(0.55, 0.65))
            chosen = rng.sample(tpe, tpe_count) + rng.sample(others, count - tpe_count)
            self.prospected[year] = chosen
            last = min(datetime.date(year, 12, 31), self.today)
            for employer in chosen:
                for _index in range(rng.choice((1, 1, 2, 3))):
                    day = _day(rng, datetime.date(year, 1, 6), last)
                    due = day + datetime.timedelta(days=rng.randint(7, 30))
                    recent = (self.today - day).days < 45
                    rows.append(
                        ProspectionContact(
                            employer=employer,
                            kind=rng.choices(ContactKind.values, (45, 35, 15, 5))[0],
                            contacted_on=day,
                            staff=self.officer,
                            subject=rng.choice(
                                (
                                    "Présentation des services de la Mission Locale",
                                    "Besoins de recrutement",
                                    "Suivi d’une mise en relation",
                                    "Invitation au Job Day",
                                    "Aides à l’embauche (Activa, FPI)",
                                )
                            ),
                            result=rng.choice(
                                (
                                    "Intéressé·e, recrutement prévu dans les prochains mois.",
                                    "Pas de besoin pour l’instant.",
                                    "Offre transmise.",
                                    "Rendez-vous à fixer avec le ou la gérant·e.",
                                )
                            ),
                            next_step=rng.choice(
                                ("Rappeler", "Envoyer des CV", "Visite sur place", "Envoyer l’offre")
                            ),
                            next_step_due_on=due,
                            next_step_done_on=None if recent else min(due, self.today),
                        )
                    )
        # About one "recruitment needs" visit in two records a training need, drawn from its own generator so that
        # every other figure stays as it was.
        needs = random.Random(SEED + 17)
        for contact in rows:
            if contact.subject == "Besoins de recrutement" and needs.random() < 0.5:
                contact.training_need = needs.choice(TRAINING_NEEDS)
                contact.training_need_people = needs.choice((1, 1, 2, 2, 3, 4))
        ProspectionContact.objects.bulk_create(rows, batch_size=1000)

    # Offers and matchings.

    def _accompaniment_on(self, day: datetime.date, used: set):
        """A file with an accompaniment running on ``day``, not yet used by this year's matchings."""
        for _attempt in range(2000):
            _pk, person, started_on, closed_on = self.rng.choice(self.accompaniments)
            if started_on <= day and (closed_on is None or closed_on >= day) and person not in used:
                used.add(person)
                return person
        raise RuntimeError(f"no accompaniment running on {day}")

    def _offer(self, employer, day, contract_type=None) -> JobOffer:
        rng = self.rng
        title = rng.choice(
            (
                "Vendeur·euse",
                "Commis de cuisine",
                "Technicien·ne de surface",
                "Aide-soignant·e",
                "Magasinier·ère",
                "Chauffeur·euse livreur·euse",
                "Caissier·ère",
                "Ouvrier·ère polyvalent·e",
                "Serveur·euse",
                "Assistant·e administratif·ve",
            )
        )
        opened = day - datetime.timedelta(days=rng.randint(3, 25))
        closed = opened + datetime.timedelta(days=rng.randint(40, 110))
        return JobOffer(
            employer=employer,
            title=title,
            occupation=title,
            contract_type=contract_type or rng.choices(ContractType.values[:3], (30, 50, 20))[0],
            hours_per_week=rng.choice((19, 30, 38)),
            place=f"{employer.postcode} {employer.commune}",
            requirements=rng.choice(("Français courant", "Expérience souhaitée", "Néerlandais de base", "")),
            posts=rng.choice((1, 1, 1, 2, 3)),
            opened_on=opened,
            closed_on=closed if closed < self.today else None,
            source=rng.choices(OfferSource.values, (60, 25, 15))[0],
            created_by=self.officer,
        )

    def _matchings(self):
        rng = self.rng
        outcomes = list(
            Outcome.objects.filter(kind__in=(OutcomeKind.CDI, OutcomeKind.CDD), organisation__in=list(self.big))
            .select_related("accompaniment")
            .order_by("pk")
        )
        self.plans = []  # (matching, offer or None, [(status, day, reason)])
        for year in self.years:
            first, last = datetime.date(year, 1, 2), min(datetime.date(year, 12, 31), self.today)
            if year == 2024:
                counts = dict(MATCHINGS_2024)
            else:
                total = yearly_count(MATCHINGS_OTHER_YEARS, year, self.today)
                hired = round(total * 0.21)
                counts = {MatchingStatus.HIRED: hired, "rest": total - hired}
            # Hires: existing positive outcomes of the year, started at least three weeks before.
            candidates = [
                o
                for o in outcomes
                if first + datetime.timedelta(days=30) <= o.occurred_on <= last
                and o.accompaniment.started_on <= o.occurred_on - datetime.timedelta(days=21)
            ]
            used = set()
            for outcome in rng.sample(candidates, min(len(candidates), counts.pop(MatchingStatus.HIRED))):
                used.add(outcome.accompaniment.job_seeker_id)
                proposed = max(
                    outcome.accompaniment.started_on,
                    first,
                    outcome.occurred_on - datetime.timedelta(rng.randint(15, 40)),
                )
                kind = ContractType.CDI if outcome.kind == OutcomeKind.CDI else ContractType.CDD
                self._plan(
                    outcome.accompaniment.job_seeker_id,
                    self.big[outcome.organisation],
                    proposed,
                    [MatchingStatus.CV_SENT, MatchingStatus.INTERVIEW],
                    (MatchingStatus.HIRED, outcome.occurred_on),
                    contract_type=kind,
                    outcome=outcome,
                )
            if year == 2024:
                plan = [(status, count) for status, count in counts.items()]
            else:
                rest = counts["rest"]
                plan = [
                    (MatchingStatus.NOT_RETAINED, round(rest * 0.6)),
                    (MatchingStatus.WITHDRAWN, round(rest * 0.15)),
                ]
                plan.append((MatchingStatus.INTERVIEW, rest - sum(n for _s, n in plan)))
            employers = self.prospected[year]
            for status, count in plan:
                for _index in range(count):
                    still_open = status in (MatchingStatus.PROPOSED, MatchingStatus.CV_SENT, MatchingStatus.INTERVIEW)
                    if year == 2024 and still_open:
                        proposed = _day(rng, datetime.date(2024, 10, 15), datetime.date(2024, 12, 20))
                    elif year == self.today.year and still_open:
                        proposed = _day(rng, self.today - datetime.timedelta(days=60), self.today)
                    else:
                        proposed = _day(rng, first, last - datetime.timedelta(days=40))
                    person = self._accompaniment_on(proposed, used)
                    employer = rng.choice(employers)
                    steps = {
                        MatchingStatus.PROPOSED: [],
                        MatchingStatus.CV_SENT: [MatchingStatus.CV_SENT],
                        MatchingStatus.INTERVIEW: [MatchingStatus.CV_SENT, MatchingStatus.INTERVIEW],
                        MatchingStatus.NOT_RETAINED: [MatchingStatus.CV_SENT],
                        MatchingStatus.WITHDRAWN: [],
                    }[status]
                    end = None
                    if not still_open:
                        end = (status, proposed + datetime.timedelta(days=rng.randint(12, 35)))
                    elif status == MatchingStatus.INTERVIEW and year < self.today.year:
                        # Still at the interview on the cut-off; the answer came after it.
                        answer = max(proposed, datetime.date(year, 12, 31)) + datetime.timedelta(
                            days=rng.randint(35, 50)
                        )
                        if answer <= self.today:
                            end = (MatchingStatus.NOT_RETAINED, answer)
                    self._plan(person, employer, proposed, steps, end, with_offer=rng.random() < 0.75)
        self._write_matchings()

    def _plan(self, person, employer, proposed, steps, end, with_offer=True, contract_type=None, outcome=None):
        rng = self.rng
        offer = self._offer(employer, proposed, contract_type) if with_offer else None
        changes = [(MatchingStatus.PROPOSED, proposed, "")]
        day = proposed
        last_day = end[1] if end else min(self.today, proposed + datetime.timedelta(days=30))
        for status in steps:
            day = min(day + datetime.timedelta(days=rng.randint(2, 7)), last_day)
            if end is None and day > self.today:
                break
            changes.append((status, day, ""))
        if end:
            reason = ""
            if end[0] == MatchingStatus.NOT_RETAINED:
                reason = rng.choice(
                    ("Profil moins expérimenté", "Néerlandais insuffisant", "Poste pourvu en interne", "Horaires")
                )
            elif end[0] == MatchingStatus.WITHDRAWN:
                reason = rng.choice(("A trouvé une formation", "Horaires incompatibles", "Ne s’est pas présenté·e"))
            changes.append((end[0], max(end[1], day), reason))
        matching = Matching(
            job_seeker_id=person,
            employer=employer,
            proposed_on=proposed,
            proposed_by=self.officer,
            status=changes[-1][0],
            status_changed_on=changes[-1][1],
            reason=changes[-1][2],
            outcome=outcome,
        )
        self.plans.append((matching, offer, changes))

    def _write_matchings(self):
        offers = [offer for _m, offer, _c in self.plans if offer is not None]
        JobOffer.objects.bulk_create(offers, batch_size=1000)
        JobOffer.history.bulk_history_create(offers, default_user=self.officer, batch_size=1000)
        for matching, offer, _changes in self.plans:
            matching.offer = offer
        Matching.objects.bulk_create([m for m, _o, _c in self.plans], batch_size=1000)
        MatchingStatusChange.objects.bulk_create(
            [
                MatchingStatusChange(matching=m, status=s, changed_on=d, changed_by=self.officer, reason=r)
                for m, _o, changes in self.plans
                for s, d, r in changes
            ],
            batch_size=2000,
        )

    # Events.

    def _events(self):
        rng = self.rng
        partners = list(
            Partner.objects.filter(
                kind__in=(
                    PartnerKind.ACTIRIS,
                    PartnerKind.BAPA,
                    PartnerKind.TRAINING_CENTRE,
                    PartnerKind.BRUXELLES_FORMATION,
                )
            ).order_by("pk")
        ) or list(Partner.objects.order_by("pk")[:5])
        themes = (
            "Les services d’Actiris",
            "Se former avec Bruxelles Formation",
            "Parcours d’accueil des primo-arrivants (BAPA)",
            "Les métiers de la construction",
            "Le titre-services",
            "Étudier et travailler en néerlandais",
        )
        sessions, concertations = [], []
        for year in self.years:
            reached = SESSIONS_2024 if year == 2024 else [rng.randint(14, 26) for _ in range(rng.randint(12, 16))]
            last = min(datetime.date(year, 12, 15), self.today)
            for index, people in enumerate(reached):
                day = datetime.date(year, 1, 15) + datetime.timedelta(days=index * 23)
                if day > last:
                    break
                sessions.append(
                    InformationSession(
                        held_on=day, partner=rng.choice(partners), theme=rng.choice(themes), people_reached=people
                    )
                )
            for month in (3, 6, 11):
                day = datetime.date(year, month, 12)
                if day <= self.today:
                    concertations.append(
                        Concertation(
                            held_on=day,
                            title=f"Concertation zonale Bruxelles-Ville {month:02d}/{year}",
                            partners_present="Tracé Brussel, Actiris, CPAS de Bruxelles, Bruxelles Formation",
                            themes="Jeunes NEET du quartier ; offres de formation ; orientation croisée FR/NL",
                        )
                    )
        InformationSession.objects.bulk_create(sessions)
        Concertation.objects.bulk_create(concertations)
        by_year = {}
        for matching, _offer, _changes in self.plans:
            if matching.status != MatchingStatus.HIRED:
                by_year.setdefault(matching.proposed_on.year, []).append(matching)
        for year in self.years:
            for month in (3, 10):
                day = datetime.date(year, month, 20)
                if day > self.today:
                    continue
                job_day = JobDay.objects.create(
                    title=f"Job Day {('printemps', 'automne')[month == 10]} {year}",
                    held_on=day,
                    place="Mission Locale, rue de la Senne",
                    sectors="Vente, horeca, nettoyage, logistique",
                )
                job_day.employers.set(rng.sample(self.prospected[year], 8))
                guests = rng.sample(self.accompaniments, 60)
                people = list(dict.fromkeys(person for _pk, person, _s, _c in guests))[:30]
                JobDayGuest.objects.bulk_create(
                    JobDayGuest(job_day=job_day, job_seeker_id=person, present=rng.random() < 0.6) for person in people
                )
                near = [m for m in by_year.get(year, []) if abs((m.proposed_on - day).days) <= 10]
                Matching.objects.filter(pk__in=[m.pk for m in near[:5]]).update(job_day=job_day)
                job_day.offers.set([m.offer_id for m in near[:5] if m.offer_id])

    # Insertion contracts.

    def _contracts(self):
        rng = self.rng
        self._worksites = {w.name: w for w in Worksite.objects.all()}
        kinds = {k.name: k for k in CertificationKind.objects.all()}
        day = datetime.date
        # 2024 (see the module docstring): A ends Jan–Apr, B is under contract on 3 June, C starts in the autumn.
        a = [(day(2024, 1, 2) + datetime.timedelta(days=6 * i) - datetime.timedelta(days=364), 364) for i in range(20)]
        b1 = [(day(2023, 6, 20) + datetime.timedelta(days=7 * j), 365) for j in range(10)]
        b1 += [(day(2023, 10, 2) + datetime.timedelta(days=20 * j), 365) for j in range(4)]
        b2 = [(day(2024, 1, 8) + datetime.timedelta(days=5 * j), 365) for j in range(29)] + [(day(2024, 6, 3), 365)]
        c = [(day(2024, 9, 2) + datetime.timedelta(days=10 * k), 365) for k in range(9)]
        main = [(start, length, start + datetime.timedelta(days=length)) for start, length in a + b1 + b2 + c]
        ended_2024 = len(a) + len(b1) + 1  # one B2 worker leaves early for a job: 35 contracts ended in 2024
        sites = [name for name, (count, _title) in WORKSITES_2024.items() for _i in range(count)]
        rng.shuffle(sites)
        used, contracts = set(), []
        for index, (start, _length, planned_end) in enumerate(main):
            site = sites[index]
            ended_on, reason = None, ""
            if index < len(a) + len(b1):
                ended_on, reason = planned_end, ContractEndReason.TERM
            elif index == len(a) + len(b1):
                ended_on, reason = day(2024, 10, 11), ContractEndReason.EMPLOYMENT
            contracts.append(self._contract(start, planned_end, ended_on, reason, site, used))
        article_60 = [c for c in contracts if c.worksite.name in ("ASBL ILOT", "ASBL MOVE")][:2]
        for contract in article_60:
            contract.measure = Measure.ARTICLE_60
        # Of the 35 contracts ended in 2024, 20 end in employment or training (57 %).
        ended = [c for c in contracts if c.ended_on and c.ended_on.year == 2024]
        assert len(ended) == ended_2024 == 35
        situations = (
            [(FollowUpSituation.EMPLOYMENT, FollowUpSituation.EMPLOYMENT)] * 8
            + [(FollowUpSituation.TRAINING, FollowUpSituation.TRAINING)] * 4
            + [(FollowUpSituation.OTHER, FollowUpSituation.EMPLOYMENT)] * 5
            + [(FollowUpSituation.OTHER, FollowUpSituation.TRAINING)] * 3
            + [(FollowUpSituation.OTHER, FollowUpSituation.OTHER)] * 15
        )
        rng.shuffle(situations)
        # The 3-month follow-up of each contract, recorded as a follow-up checkpoint once the contracts are saved.
        later_of = {}
        for contract, (at_end, later) in zip(ended, situations, strict=True):
            contract.situation_at_end = at_end
            if contract.ended_on + datetime.timedelta(days=91) <= CUTOFF_2024:
                later_of[id(contract)] = later
            elif at_end == FollowUpSituation.OTHER and later != FollowUpSituation.OTHER:
                contract.situation_at_end = later  # ended too recently for the 3-month check: known at the end
        early = [c for c in contracts if c.end_reason == ContractEndReason.EMPLOYMENT][0]
        early.situation_at_end = FollowUpSituation.EMPLOYMENT
        # Other years: contracts that do not touch 2024.
        others = []
        for year in (2020, 2021, 2022):
            for _index in range(rng.randint(24, 30)):
                start = _day(rng, day(year, 2, 1), day(year, 12, 20))
                planned = start + datetime.timedelta(days=365)
                if planned > day(2023, 12, 31):
                    continue
                others.append(self._contract(start, planned, planned, ContractEndReason.TERM, None, used))
        for year in (y for y in self.years if y >= 2025):
            last = min(day(year, 12, 20), self.today)
            count = rng.randint(28, 34)
            if year > max(PROSPECTED):  # after the tables: as many, up to today
                count = round(count * year_share(year, self.today))
            for _index in range(count):
                start = _day(rng, day(year, 1, 6), last)
                planned = start + datetime.timedelta(days=365)
                ended = planned if planned <= self.today else None
                others.append(
                    self._contract(start, planned, ended, ContractEndReason.TERM if ended else "", None, used)
                )
        for contract in others:
            if contract.ended_on:
                contract.situation_at_end = rng.choices(FollowUpSituation.values, (35, 15, 50))[0]
                if contract.ended_on + datetime.timedelta(days=91) <= self.today:
                    later_of[id(contract)] = rng.choices(FollowUpSituation.values, (45, 15, 40))[0]
        everything = contracts + others
        InsertionContract.objects.bulk_create(everything)
        self._three_month_checkpoints(everything, later_of)
        InsertionContract.history.bulk_history_create(everything, default_user=self.supervisor)
        self._trainings(contracts, others, kinds)

    def _three_month_checkpoints(self, contracts, later_of: dict) -> None:
        """The DEIES follow-up 3 months after each ended contract, as the checkpoint the contract links to: in
        employment is another job, in training stays training; "other" is a job seeker again (one in two) or
        a person not reached."""
        followed = [c for c in contracts if id(c) in later_of]
        checkpoints = []
        for index, contract in enumerate(followed):
            later = later_of[id(contract)]
            if later == FollowUpSituation.OTHER:
                situation, reached = (
                    (CheckpointSituation.JOB_SEEKER_AGAIN, True) if index % 2 else (CheckpointSituation.UNKNOWN, False)
                )
            else:
                situation, reached = DEIES_LATER_SITUATIONS[later], True
            due_on = add_months(contract.ended_on, 3)
            recorded_on = min(due_on + datetime.timedelta(days=index % 10), self.today)
            checkpoints.append(
                ExitCheckpoint(
                    job_seeker_id=contract.worker_id,
                    exit_on=contract.ended_on,
                    months=3,
                    due_on=due_on,
                    reached=reached,
                    situation=situation,
                    recorded_by=self.supervisor,
                    recorded_at=timezone.make_aware(datetime.datetime.combine(recorded_on, datetime.time(11))),
                )
            )
        ExitCheckpoint.objects.bulk_create(checkpoints)
        ExitCheckpoint.history.bulk_history_create(checkpoints, default_user=self.supervisor)
        for contract, checkpoint in zip(followed, checkpoints, strict=True):
            contract.three_month_checkpoint = checkpoint
        InsertionContract.objects.bulk_update(followed, ["three_month_checkpoint"])

    def _contract(self, start, planned_end, ended_on, reason, site_name, used) -> InsertionContract:
        worksites = self._worksites
        if site_name is None:
            site_name = self.rng.choice(list(WORKSITES_2024))
        person = self._accompaniment_on(start, used)
        return InsertionContract(
            worker_id=person,
            measure=Measure.DEIES,
            worksite=worksites[site_name],
            job_title=WORKSITES_2024[site_name][1],
            supervisor=self.supervisor,
            started_on=start,
            planned_end_on=planned_end,
            ended_on=ended_on,
            end_reason=reason,
            fte=self.rng.choice((1, 1, 1, 0.8, 0.5)),
        )

    def _trainings(self, contracts_2024, others, kinds):
        rng, rows, certifications = self.rng, [], []
        first, last = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)

        def day_within(contract, low, high):
            return _day(rng, max(contract.started_on, low), min(contract.effective_end_on, high))

        for kind, total in TRAINING_HOURS_2024.items():
            chosen = contracts_2024 if kind == TrainingKind.INTERNAL else rng.sample(contracts_2024, 50)
            for contract, hours in zip(chosen, _split_total(rng, total, len(chosen)), strict=True):
                rows.append(
                    ContractTraining(
                        contract=contract,
                        kind=kind,
                        title=rng.choice(TRAININGS[kind]),
                        hours=hours,
                        trained_on=day_within(contract, first, last),
                    )
                )
        for name, count in CERTIFICATIONS_2024.items():
            for contract in rng.sample(contracts_2024, count):
                certifications.append(
                    Certification(contract=contract, kind=kinds[name], obtained_on=day_within(contract, first, last))
                )
        for contract in others:
            low, high = contract.started_on, min(contract.effective_end_on, self.today)
            if high < low:
                continue
            for kind in TrainingKind.values:
                rows.append(
                    ContractTraining(
                        contract=contract,
                        kind=kind,
                        title=rng.choice(TRAININGS[kind]),
                        hours=rng.randint(30, 120),
                        trained_on=_day(rng, low, high),
                    )
                )
            if rng.random() < 0.45:
                certifications.append(
                    Certification(
                        contract=contract,
                        kind=kinds[rng.choice(list(CERTIFICATIONS_2024))],
                        obtained_on=_day(rng, low, high),
                    )
                )
        ContractTraining.objects.bulk_create(rows, batch_size=1000)
        Certification.objects.bulk_create(certifications, batch_size=1000)
