"""Indicators of the employers and DEIES part of the annual report (../shared/domain.md), as SQL aggregates.

Every function takes the year Y and the report's cut-off date C: a date "in Y" lies between 1 January and
31 December of Y and never after C. Each returns plain ints or dicts.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from accompaniment.enums import LASTING_SITUATIONS
from employers.enums import POSITIVE_SITUATIONS, MatchingStatus, Measure, SizeBand, TrainingKind
from employers.models import (
    Certification,
    Concertation,
    ContractTraining,
    Employer,
    InformationSession,
    InsertionContract,
    Matching,
    MatchingStatusChange,
    ProspectionContact,
)
from missionlocale.figures import percent, year_bounds, year_end, year_start


def employers_prospected(*, year: int, cutoff: datetime.date) -> dict:
    """Employers with at least one prospection contact dated in Y, and how many of them are TPE (under 10 workers).

    FR : entreprises ayant eu au moins un contact de prospection daté de l’année, dont les TPE (moins de 10
    travailleurs).

    Returns ``{"employers": int, "tpe": int}``.
    """
    first, last = year_bounds(year, cutoff)
    contacted = ProspectionContact.objects.filter(contacted_on__range=(first, last)).values("employer")
    return Employer.objects.filter(pk__in=contacted).aggregate(
        employers=Count("pk"), tpe=Count("pk", filter=Q(size_band=SizeBand.TPE))
    )


def matchings_proposed(*, year: int, cutoff: datetime.date) -> dict:
    """Matchings proposed in Y, by their status as it stood at the cut-off (from the dated status history).

    FR : mises en relation proposées dans l’année, ventilées selon leur statut à la date d’arrêt.

    Returns ``{"total": int, "by_status": {status: int}}`` with every status present (0 when none).
    """
    first, last = year_bounds(year, cutoff)
    status_at_cutoff = (
        MatchingStatusChange.objects.filter(matching=OuterRef("pk"), changed_on__lte=cutoff)
        .order_by("-changed_on", "-pk")
        .values("status")[:1]
    )
    rows = (
        Matching.objects.filter(proposed_on__range=(first, last))
        .annotate(status_at=Subquery(status_at_cutoff))
        .values("status_at")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_status = dict.fromkeys(MatchingStatus.values, 0)
    for row in rows:
        by_status[row["status_at"] or MatchingStatus.PROPOSED] += row["n"]
    return {"total": sum(by_status.values()), "by_status": by_status}


def information_sessions(*, year: int, cutoff: datetime.date) -> dict:
    """Partner information sessions held in Y and the sum of the people they reached.

    FR : séances d’information tenues avec des partenaires dans l’année et nombre total de personnes touchées.

    Returns ``{"sessions": int, "people_reached": int}``.
    """
    first, last = year_bounds(year, cutoff)
    return InformationSession.objects.filter(held_on__range=(first, last)).aggregate(
        sessions=Count("pk"), people_reached=Coalesce(Sum("people_reached"), Value(0), output_field=IntegerField())
    )


def information_session_list(*, year: int, cutoff: datetime.date) -> list[dict]:
    """The information sessions held in Y, each with its date, partner, theme and the people it reached, in
    date order.

    FR : les séances d’information de l’année, avec leur partenaire et leur thème.
    """
    first, last = year_bounds(year, cutoff)
    rows = (
        InformationSession.objects.filter(held_on__range=(first, last))
        .order_by("held_on", "pk")
        .values_list("held_on", "partner__name", "theme", "people_reached")
    )
    return [
        {"held_on": held_on.isoformat(), "partner": partner, "theme": theme, "people_reached": people}
        for held_on, partner, theme, people in rows
    ]


def concertation_list(*, year: int, cutoff: datetime.date) -> list[dict]:
    """The zonal concertations held in Y, each with its date, title, partners present and themes, in date order.

    FR : les concertations zonales de l’année, avec leurs partenaires et leurs thèmes.
    """
    first, last = year_bounds(year, cutoff)
    rows = (
        Concertation.objects.filter(held_on__range=(first, last))
        .order_by("held_on", "pk")
        .values_list("held_on", "title", "partners_present", "themes")
    )
    return [
        {"held_on": held_on.isoformat(), "title": title, "partners": partners, "themes": themes}
        for held_on, title, partners, themes in rows
    ]


def concertations_held(*, year: int, cutoff: datetime.date) -> int:
    """Zonal concertations held in Y.

    FR : concertations zonales tenues dans l’année.
    """
    first, last = year_bounds(year, cutoff)
    return Concertation.objects.filter(held_on__range=(first, last)).count()


def _contracts_in(year: int, cutoff: datetime.date):
    first, last = year_bounds(year, cutoff)
    return InsertionContract.objects.active_between(first, last)


def deies_workers(*, year: int, cutoff: datetime.date, measure: str | None = None) -> int:
    """Distinct workers with an insertion contract active on at least one day of Y (start ≤ 31 Dec and no end or
    end ≥ 1 Jan; a contract not ended yet runs to its planned end). ``measure`` restricts to DEIES or Article 60.

    FR : travailleur·euses distinct·es ayant un contrat d’insertion (DEIES, article 60) actif au moins un jour de
    l’année.
    """
    contracts = _contracts_in(year, cutoff)
    if measure:
        contracts = contracts.filter(measure=measure)
    return contracts.aggregate(n=Count("worker", distinct=True))["n"]


def deies_article_60_posts(*, year: int, cutoff: datetime.date) -> int:
    """Workers under an Article 60 §7 contract active on at least one day of Y.

    FR : postes article 60 occupés au moins un jour de l’année (travailleur·euses distinct·es).
    """
    return deies_workers(year=year, cutoff=cutoff, measure=Measure.ARTICLE_60)


def deies_peak(*, year: int, cutoff: datetime.date) -> int:
    """The highest number of distinct workers under contract on the same day of Y (a worker with two overlapping
    contracts counts once).

    Each worker's contracts overlapping Y are merged into disjoint spells, so that on any day the number of spells
    running is the number of distinct workers under contract; one sweep over the spells' starts and ends then gives
    the peak. Linear in the contracts of the year, where a count per start day grew with their square.

    FR : nombre maximal de travailleur·euses sous contrat le même jour de l’année.
    """
    first, last = year_bounds(year, cutoff)
    if first > last:
        return 0
    rows = (
        InsertionContract.objects.active_between(first, last)
        .order_by("worker_id", "started_on")
        .values_list("worker_id", "started_on", "effective_end")
    )
    change: dict[datetime.date, int] = defaultdict(int)
    spell = None  # (worker, start, end) of the spell being merged
    for worker, started_on, effective_end in rows:
        start, end = max(started_on, first), min(effective_end, last)
        if spell and spell[0] == worker and start <= spell[2] + datetime.timedelta(days=1):
            spell = (worker, spell[1], max(spell[2], end))
            continue
        if spell:
            change[spell[1]] += 1
            change[spell[2] + datetime.timedelta(days=1)] -= 1
        spell = (worker, start, end)
    if spell:
        change[spell[1]] += 1
        change[spell[2] + datetime.timedelta(days=1)] -= 1
    peak = running = 0
    for day in sorted(change):
        running += change[day]
        peak = max(peak, running)
    return peak


def deies_workers_by_worksite(*, year: int, cutoff: datetime.date) -> dict[str, int]:
    """Distinct workers per worksite, of the contracts active on at least one day of Y.

    FR : travailleur·euses distinct·es par chantier (lieu de mise à l’emploi) parmi les contrats actifs dans
    l’année.
    """
    rows = (
        _contracts_in(year, cutoff)
        .values("worksite__name")
        .annotate(n=Count("worker", distinct=True))
        .order_by("-n", "worksite__name")
    )
    return {row["worksite__name"]: row["n"] for row in rows}


def deies_certifications(*, year: int, cutoff: datetime.date) -> dict[str, int]:
    """Certifications obtained in Y by kind (forklift permit, VCA, skills validation…), counted one by one.

    FR : certifications obtenues dans l’année, par type (permis cariste, VCA, validation des compétences…).
    """
    first, last = year_bounds(year, cutoff)
    rows = (
        Certification.objects.filter(obtained_on__range=(first, last))
        .values("kind__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "kind__name")
    )
    return {row["kind__name"]: row["n"] for row in rows}


def deies_training_hours(*, year: int, cutoff: datetime.date) -> dict[str, int]:
    """Hours of internal and external training dated in Y, during insertion contracts.

    FR : heures de formation interne et externe datées de l’année, suivies pendant les contrats d’insertion.

    Returns ``{"internal": int, "external": int}``.
    """
    first, last = year_bounds(year, cutoff)
    trainings = ContractTraining.objects.filter(trained_on__range=(first, last))
    return {
        key: value or 0
        for key, value in trainings.aggregate(
            internal=Sum("hours", filter=Q(kind=TrainingKind.INTERNAL)),
            external=Sum("hours", filter=Q(kind=TrainingKind.EXTERNAL)),
        ).items()
    }


def deies_positive_exits(*, year: int, cutoff: datetime.date) -> dict:
    """Of the contracts that ended in Y, how many workers were in employment or training at the end of the
    contract or within 3 months after it (its 3-month checkpoint: same job, other job or training), and their
    share rounded half up to a whole percent.

    FR : parmi les contrats terminés dans l’année, part des travailleur·euses en emploi ou en formation à la fin
    du contrat ou dans les 3 mois qui suivent (arrondie au pour cent supérieur à partir de ,5).

    Returns ``{"ended": int, "positive": int, "percent": int | None}``.
    """
    first, last = year_bounds(year, cutoff)
    counts = InsertionContract.objects.filter(ended_on__range=(first, last)).aggregate(
        ended=Count("pk"),
        positive=Count(
            "pk",
            filter=Q(situation_at_end__in=POSITIVE_SITUATIONS)
            | Q(three_month_checkpoint__situation__in=LASTING_SITUATIONS),
        ),
    )
    return {**counts, "percent": percent(counts["positive"], counts["ended"])}


def daily_headcount(*, year: int) -> list[tuple[datetime.date, int]]:
    """Workers under contract on each day of Y, from the contracts overlapping it (a few dozen rows).

    FR : nombre de travailleur·euses sous contrat chaque jour de l’année.
    """
    first, last = year_start(year), year_end(year)
    days = (last - first).days + 1
    change = [0] * (days + 1)
    rows = InsertionContract.objects.active_between(first, last).values_list("started_on", "effective_end")
    for started_on, effective_end in rows:
        change[max(0, (started_on - first).days)] += 1
        change[min(days, (effective_end - first).days + 1)] -= 1
    counts, running = [], 0
    for offset in range(days):
        running += change[offset]
        counts.append((first + datetime.timedelta(days=offset), running))
    return counts
