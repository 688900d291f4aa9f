"""The public's profile (docs/indicators.md, `profile`): the people accompanied in Y and their positive exits,
broken down by the characteristics the ordinance asks results to be read against.

Each breakdown is one SQL aggregate over the people counted in `accompanied`, and puts every one of them in
exactly one row (an "unknown" row for what the file does not say), so that it adds up to the accompanied total.
`profile_tables` turns the section, possibly a stored one, into the tables the PDF prints, small cells hidden.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BooleanField, Case, CharField, Count, F, OuterRef, Q, Subquery, Value, When
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accompaniment.communes import BRUSSELS_POSTCODE_RANGE, OUTSIDE, POSTCODES, UNKNOWN, BrusselsCommune
from accompaniment.enums import EducationLevel, Gender, LanguageLevel, ReferralSource, Situation
from accompaniment.models import Accompaniment, JobSeeker
from missionlocale.figures import is_small, percent, small_number
from missionlocale.models import FULL_TIME_ACTIRIS_CASELOAD, FULL_TIME_CASELOAD
from reporting import indicators

# Age on 31 December of Y: (key, label, the lowest age of the band).
AGE_BANDS = (
    ("under_25", gettext_lazy("Under 25"), 0),
    ("25_29", gettext_lazy("25 to 29"), 25),
    ("30_39", gettext_lazy("30 to 39"), 30),
    ("40_49", gettext_lazy("40 to 49"), 40),
    ("50_plus", gettext_lazy("50 and over"), 50),
)


def _choices(choices) -> list[tuple[str, str]]:
    return [(value, label) for value, label in choices.choices]


def _breakdowns() -> dict[str, tuple]:
    """Per breakdown: its title and its rows (key, label) in the report's order, unknown last."""
    unknown = (UNKNOWN, gettext_lazy("Not recorded"))
    return {
        "gender": (gettext_lazy("Gender"), [*_choices(Gender), unknown]),
        "age_band": (
            gettext_lazy("Age on 31 December"),
            [(key, label) for key, label, _lowest in AGE_BANDS] + [unknown],
        ),
        "education_level": (gettext_lazy("Highest education level"), [*_choices(EducationLevel), unknown]),
        "commune": (
            gettext_lazy("Commune of residence"),
            [*_choices(BrusselsCommune), (OUTSIDE, gettext_lazy("Outside the Brussels-Capital Region")), unknown],
        ),
        "income_situation": (gettext_lazy("Income situation"), [*_choices(Situation), unknown]),
        "french_level": (gettext_lazy("Level of French"), [*_choices(LanguageLevel), unknown]),
        "dutch_level": (gettext_lazy("Level of Dutch"), [*_choices(LanguageLevel), unknown]),
        "referral_source": (gettext_lazy("How they came"), [*_choices(ReferralSource), unknown]),
    }


def _age_band(year: int):
    """The band of the age on 31 December of Y: at least N years old then means born on or before 31 December
    of Y − N."""
    return Case(
        *(
            When(birth_date__lte=datetime.date(year - lowest, 12, 31), then=Value(key))
            for key, _label, lowest in reversed(AGE_BANDS)
            if lowest
        ),
        When(birth_date__isnull=False, then=Value(AGE_BANDS[0][0])),
        default=Value(UNKNOWN),
        output_field=CharField(),
    )


def _commune():
    """The commune of the postcode; a postcode outside the region's range is "outside", none or an
    institution's postcode is "unknown". A hidden address counts as "unknown" (its commune is shown to no one but
    the counsellor, a table of communes included); an anonymised file counts as the commune kept when it was
    anonymised (its postcode is erased), so that past figures do not change."""
    low, high = BRUSSELS_POSTCODE_RANGE
    return Case(
        When(anonymised_at__isnull=False, kept_commune="", then=Value(UNKNOWN)),
        When(anonymised_at__isnull=False, then=F("kept_commune")),
        When(address_hidden=True, then=Value(UNKNOWN)),
        *(When(postcode=postcode, then=Value(commune.value)) for postcode, commune in POSTCODES.items()),
        When(Q(postcode="") | Q(postcode__isnull=True), then=Value(UNKNOWN)),
        When(postcode__gte=low, postcode__lte=high, then=Value(UNKNOWN)),
        default=Value(OUTSIDE),
        output_field=CharField(),
    )


def accompanied_people(*, year: int, cutoff: datetime.date, **filters):
    """The people counted in `accompanied`, each with whether they are a positive exit (`exited`) and how their
    first counted accompaniment of Y came (`first_source`: Actiris, spontaneous, a partner)."""
    counted = indicators.counted_accompaniments(year=year, cutoff=cutoff, **filters)
    exits = indicators.positive_outcomes(year=year, cutoff=cutoff, **filters)
    # Two uncorrelated IN lists, read once each, rather than a subquery run per person.
    exited = Q(pk__in=exits.values("accompaniment__job_seeker"))
    return (
        JobSeeker.objects.filter(pk__in=counted.values("job_seeker"))
        .annotate(
            exited=Case(When(exited, then=Value(True)), default=Value(False), output_field=BooleanField()),
            # From the accompaniments themselves: a filtered `counted` may be DISTINCT, which cannot order a subquery.
            first_source=Subquery(
                Accompaniment.objects.filter(pk__in=counted.values("pk"), job_seeker=OuterRef("pk"))
                .order_by("started_on", "pk")
                .values("referral_source")[:1]
            ),
        )
        .order_by()
    )


def profile_section(*, year: int, cutoff: datetime.date, **filters) -> dict:
    """Per breakdown, per row: people accompanied, positive exits and their rate; and the 100-of-150 rule: the
    people accompanied referred by Actiris and the others per full-time counsellor of the year."""
    people = accompanied_people(year=year, cutoff=cutoff, **filters)
    expressions = {
        "gender": F("gender"),
        "age_band": _age_band(year),
        "education_level": F("education_level"),
        "commune": _commune(),
        "income_situation": F("situation"),
        "french_level": F("french_level"),
        "dutch_level": F("dutch_level"),
        "referral_source": F("first_source"),
    }
    section = {}
    for name, (_title, rows) in _breakdowns().items():
        counts = {key: [0, 0] for key, _label in rows}
        grouped = (
            people.annotate(key=expressions[name])
            .values("key")
            .annotate(people=Count("pk"), exits=Count("pk", filter=Q(exited=True)))
        )
        for row in grouped:
            cell = counts[row["key"] if row["key"] in counts else UNKNOWN]
            cell[0] += row["people"]
            cell[1] += row["exits"]
        section[name] = {
            key: {"accompanied": n, "positive_exits": exits, "positive_exit_rate": percent(exits, n)}
            for key, (n, exits) in counts.items()
        }
    section["per_fte"] = _per_fte(section["referral_source"], fte=indicators.counsellor_fte_years(year=year))
    return section


def _per_fte(by_source: dict, *, fte: Decimal) -> dict:
    """The people accompanied per full-time counsellor: referred by Actiris (the rule asks 100) and the others,
    spontaneous or through a partner (50 of the 150)."""
    actiris = by_source[ReferralSource.ACTIRIS]["accompanied"]
    others = sum(cell["accompanied"] for key, cell in by_source.items() if key != ReferralSource.ACTIRIS)

    def per(n: int) -> int | None:
        return int((n / fte).quantize(Decimal(1), rounding=ROUND_HALF_UP)) if fte else None

    return {
        "counsellor_fte": float(fte),
        "actiris": per(actiris),
        "others": per(others),
        "expected_actiris": FULL_TIME_ACTIRIS_CASELOAD,
        "expected_others": FULL_TIME_CASELOAD - FULL_TIME_ACTIRIS_CASELOAD,
    }


def profile_tables(section: dict, *, threshold: int) -> list[dict]:
    """The PDF's tables, one per breakdown: per row its label, people, share of the accompanied, positive exits
    and rate. A count below the threshold prints "< 5", and then neither the share nor the rate that would give
    it back is printed; rows nobody is in are left out."""
    tables = []
    for name, (title, rows) in _breakdowns().items():
        cells = section.get(name)
        if cells is None:
            continue
        total = sum(cell["accompanied"] for cell in cells.values())
        lines = []
        for key, label in rows:
            cell = cells.get(key) or {"accompanied": 0, "positive_exits": 0}
            if not cell["accompanied"]:
                continue
            people = small_number(cell["accompanied"], threshold=threshold)
            exits = small_number(cell["positive_exits"], threshold=threshold)
            hidden = is_small(people) or is_small(exits)
            lines.append(
                {
                    "key": key,
                    "label": str(label),
                    "people": people,
                    "share": None if is_small(people) else percent(cell["accompanied"], total),
                    "exits": exits,
                    "rate": None if hidden else percent(cell["positive_exits"], cell["accompanied"]),
                    "count": cell["accompanied"],
                }
            )
        if name == "commune":
            # The communes by their number of people, the most first; outside the region and unknown after them.
            lines.sort(
                key=lambda line: (
                    line["key"] in (OUTSIDE, UNKNOWN),
                    -line["count"] if line["key"] not in (OUTSIDE, UNKNOWN) else 0,
                )
            )
        tables.append({"key": name, "title": str(title), "rows": lines})
    return tables


def per_fte_line(section: dict) -> str | None:
    """The 100-of-150 rule as one sentence, or None without counsellors."""
    per_fte = section.get("per_fte") or {}
    if per_fte.get("actiris") is None:
        return None
    return _(
        "Per full-time counsellor (%(fte)s this year): %(actiris)s people accompanied referred by Actiris "
        "(the rule asks %(expected_actiris)s) and %(others)s who came spontaneously or through a partner "
        "(%(expected_others)s)."
    ) % {**per_fte, "fte": _decimal(per_fte["counsellor_fte"])}


def _decimal(value: float) -> str:
    return number_format(value, decimal_pos=1, use_l10n=True)
