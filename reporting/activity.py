"""The activity of the year (docs/indicators.md, `activity`): first receptions, interviews, CPPs signed,
orientations, job offers collected, accompaniments started but not (yet) recognised, the non-positive exits
of the people accompanied by reason, the help with the Actiris registration and the employers' training needs.

Each figure is one SQL aggregate; `activity_rows` turns the section, possibly a stored one, into the PDF's lines.
"""

import datetime

from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accompaniment.enums import (
    POSITIVE_OUTCOMES,
    ActirisRegistrationHelp,
    InterviewKind,
    OrientationResult,
    OutcomeKind,
    PartnerKind,
    RecognitionStatus,
)
from accompaniment.models import Accompaniment, Interview, JobSeeker, Orientation, Outcome, ProfessionalProject
from employers.enums import OfferSource
from employers.models import JobOffer, ProspectionContact
from missionlocale.figures import small_number, year_bounds
from reporting import indicators

NO_OUTCOME_YET = "no_outcome_yet"
# The reasons a person accompanied in Y is not (yet) a positive exit, in the report's order.
NON_POSITIVE_REASONS = (
    OutcomeKind.DROPPED_OUT,
    OutcomeKind.UNREACHABLE,
    OutcomeKind.MOVED_AWAY,
    OutcomeKind.HEALTH,
    OutcomeKind.REORIENTED,
    OutcomeKind.YEAR_ENDED,
)
NO_OUTCOME_LABEL = gettext_lazy("No outcome recorded yet")


def activity_section(*, year: int, cutoff: datetime.date) -> dict:
    """Every figure of the activity of Y as at C."""
    start, end = year_bounds(year, cutoff)

    interviews = Interview.objects.filter(occurred_on__gte=start, occurred_on__lte=end)
    by_kind = dict(interviews.values_list("kind").annotate(n=Count("*")).order_by())

    orientations = Orientation.objects.filter(oriented_on__gte=start, oriented_on__lte=end)
    orientation_cells = orientations.values_list("partner__kind", "result").annotate(n=Count("*")).order_by()
    by_partner = {kind.value: {result.value: 0 for result in OrientationResult} for kind in PartnerKind}
    for kind, result, n in orientation_cells:
        by_partner[kind][result] += n

    offers = JobOffer.objects.filter(opened_on__gte=start, opened_on__lte=end)
    offer_counts = offers.aggregate(offers=Count("pk"), posts=Coalesce(Sum("posts"), 0))
    offers_by_source = dict(offers.values_list("source").annotate(n=Count("*")).order_by())

    started = indicators.started_and_accompanied(year=year, cutoff=cutoff)
    return {
        "first_receptions": JobSeeker.objects.filter(
            created_at__gte=_midnight(start), created_at__lt=_midnight(end + datetime.timedelta(days=1))
        ).count(),
        "interviews": sum(by_kind.values()),
        "interviews_by_kind": {kind.value: by_kind.get(kind.value, 0) for kind in InterviewKind},
        "people_interviewed": interviews.values("job_seeker").distinct().count(),
        "cpps_signed": ProfessionalProject.objects.filter(signed_on__gte=start, signed_on__lte=end).count(),
        "orientations": sum(sum(results.values()) for results in by_partner.values()),
        "orientations_by_partner_kind": by_partner,
        "job_offers": offer_counts["offers"],
        "job_offer_posts": offer_counts["posts"],
        "job_offers_by_source": {source.value: offers_by_source.get(source.value, 0) for source in OfferSource},
        "started_not_recognised": _started_not_recognised(year=year, cutoff=cutoff, started=started),
        "non_positive_exits": non_positive_exits(year=year, cutoff=cutoff),
        "actiris_registration_help": actiris_registration_help(interviews),
        "training_needs": training_needs(year=year, cutoff=cutoff),
    }


def actiris_registration_help(interviews) -> dict:
    """People helped with their registration at Actiris in Y (an interview of Y that says so), and per kind of
    help (a person helped twice in two ways counts in both kinds, once in the total)."""
    helped = interviews.exclude(actiris_registration="")
    by_kind = dict(
        helped.values_list("actiris_registration").annotate(n=Count("job_seeker", distinct=True)).order_by()
    )
    return {
        "people": helped.values("job_seeker").distinct().count(),
        "by_kind": {kind.value: by_kind.get(kind.value, 0) for kind in ActirisRegistrationHelp},
    }


def training_needs(*, year: int, cutoff: datetime.date) -> dict:
    """The training needs employers expressed in a prospection contact of Y: how many were recorded, from how many
    employers, and per need (as written, spaces trimmed) the employers and the people they could take."""
    start, end = year_bounds(year, cutoff)
    contacts = ProspectionContact.objects.filter(contacted_on__gte=start, contacted_on__lte=end).exclude(
        training_need=""
    )
    by_need: dict[str, dict[str, int]] = {}
    employers: dict[str, set[int]] = {}
    for need, employer, people in contacts.order_by("pk").values_list(
        "training_need", "employer", "training_need_people"
    ):
        key = " ".join(need.split())
        row = by_need.setdefault(key, {"employers": 0, "people": 0})
        employers.setdefault(key, set()).add(employer)
        row["employers"] = len(employers[key])
        row["people"] += people or 0
    return {
        "recorded": contacts.count(),
        "employers": contacts.values("employer").distinct().count(),
        "by_need": dict(sorted(by_need.items(), key=lambda item: (-item[1]["employers"], item[0]))),
    }


def _midnight(day: datetime.date) -> datetime.datetime:
    """The start of the day in Brussels: created_at is compared with it, so that its index serves."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _started_not_recognised(*, year: int, cutoff: datetime.date, started: dict) -> dict:
    """People with an accompaniment started in Y who are not counted as accompanied, and of them those whose
    recognition is still pending as at C (the others were refused)."""
    start, end = year_bounds(year, cutoff)
    counted = indicators.counted_accompaniments(year=year, cutoff=cutoff).filter(job_seeker=OuterRef("job_seeker"))
    pending = Q(recognition_status=RecognitionStatus.PENDING) | Q(
        recognition_status=RecognitionStatus.RECOGNISED, recognised_on__gt=cutoff
    )
    not_counted = Accompaniment.objects.filter(started_on__gte=start, started_on__lte=end).filter(~Exists(counted))
    return {
        "people": started["started"] - started["accompanied"],
        "pending": not_counted.filter(pending).values("job_seeker").distinct().count(),
    }


def non_positive_exits(*, year: int, cutoff: datetime.date, **filters) -> dict[str, int]:
    """The people accompanied in Y who are not positive exits, by the last other outcome recorded on their
    counted accompaniments by C (latest date, then the last recorded); "no outcome yet" when there is none.
    Adds up to accompanied − positive exits."""
    counted = indicators.counted_accompaniments(year=year, cutoff=cutoff, **filters)
    exits = indicators.positive_outcomes(year=year, cutoff=cutoff, **filters)
    last = (
        Outcome.objects.filter(accompaniment__in=counted.values("pk"), occurred_on__lte=cutoff)
        .exclude(kind__in=POSITIVE_OUTCOMES)
        .exclude(accompaniment__job_seeker__in=exits.values("accompaniment__job_seeker"))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("accompaniment__job_seeker"),
                order_by=[F("occurred_on").desc(), F("pk").desc()],
            )
        )
        .filter(rank=1)
        .values("kind")
        .order_by()
    )
    # As in indicators.first_positive_outcome_kinds: Django cannot group a window-filtered query.
    sql, params = last.query.sql_with_params()
    with connections[last.db].cursor() as cursor:
        cursor.execute(f"SELECT kind, COUNT(*) FROM ({sql}) last_outcome GROUP BY kind", params)
        counts = dict(cursor.fetchall())
    summary = indicators.started_and_accompanied(year=year, cutoff=cutoff, **filters)
    others = summary["accompanied"] - indicators.positive_exits(year=year, cutoff=cutoff, **filters)
    reasons = {reason.value: counts.get(reason.value, 0) for reason in NON_POSITIVE_REASONS}
    return {**reasons, NO_OUTCOME_YET: others - sum(reasons.values())}


def activity_rows(section: dict, *, threshold: int = 0) -> list[tuple]:
    """The activity's lines: counts of rows (interviews, offers) or of people, printed as they are; the breakdown
    of the help with the Actiris registration protects its small cells below ``threshold``."""
    kinds = section["interviews_by_kind"]
    sources = section["job_offers_by_source"]
    return [
        (_("First receptions (files opened)"), section["first_receptions"]),
        (_("Interviews held"), section["interviews"]),
        *((f"— {InterviewKind(kind).label}", n) for kind, n in kinds.items() if n),
        (_("People met in an interview"), section["people_interviewed"]),
        (_("Professional project contracts (CPP) signed"), section["cpps_signed"]),
        (_("Job offers collected from employers"), section["job_offers"]),
        *((f"— {OfferSource(source).label}", n) for source, n in sources.items() if n),
        (_("Posts offered"), section["job_offer_posts"]),
        (
            _("People whose accompaniment started this year is not recognised by Actiris"),
            section["started_not_recognised"]["people"],
        ),
        (_("of whom recognition still pending"), section["started_not_recognised"]["pending"]),
        *_help_and_needs_rows(section, threshold=threshold),
    ]


def _help_and_needs_rows(section: dict, *, threshold: int) -> list[tuple]:
    """The help with the Actiris registration (people; its split by kind is a breakdown: small cells print "< 5")
    and the employers' training needs; a report stored before they were recorded has neither."""
    rows = []
    helped = section.get("actiris_registration_help")
    if helped is not None:
        rows.append((_("People helped with their Actiris registration"), helped["people"]))
        rows += [
            (f"— {ActirisRegistrationHelp(kind).label}", small_number(n, threshold=threshold))
            for kind, n in helped["by_kind"].items()
            if n
        ]
    needs = section.get("training_needs")
    if needs is not None:
        rows.append((_("Training needs recorded with employers"), needs["recorded"]))
        rows.append((_("Employers who expressed a training need"), needs["employers"]))
    return rows


def training_need_rows(section: dict) -> list[tuple[str, int, int]]:
    """Per training need: the employers who expressed it and the people they could take."""
    needs = section.get("training_needs") or {}
    return [(need, row["employers"], row["people"]) for need, row in needs.get("by_need", {}).items()]


def orientation_table(section: dict, *, threshold: int) -> dict:
    """Orientations by the partner's kind (rows) and their result (columns); small cells print "< 5"."""
    results = list(OrientationResult)
    rows = []
    for kind, cells in section["orientations_by_partner_kind"].items():
        total = sum(cells.values())
        if not total:
            continue
        rows.append(
            (
                str(PartnerKind(kind).label),
                small_number(total, threshold=threshold),
                [small_number(cells.get(result.value, 0), threshold=threshold) for result in results],
            )
        )
    return {"results": [str(result.label) for result in results], "rows": rows}


def non_positive_rows(section: dict, *, threshold: int) -> list[tuple]:
    """The non-positive exits by reason; small cells print "< 5"."""
    counts = section["non_positive_exits"]
    labels = {reason.value: reason.label for reason in NON_POSITIVE_REASONS} | {NO_OUTCOME_YET: NO_OUTCOME_LABEL}
    return [(str(labels[key]), small_number(n, threshold=threshold)) for key, n in counts.items() if n]
