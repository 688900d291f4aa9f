"""The employers, partners and DEIES sections of the annual report, and the employers' dashboard panel.

The `*_section` functions give a section's figures (the report's JSON, docs/indicators.md); the `*_rows`
functions turn a section of that JSON, possibly a stored one, into the lines the PDF prints.
"""

import datetime

from django.utils.translation import gettext as _

from employers import indicators
from employers.enums import MatchingStatus
from missionlocale.figures import is_small, small_number


def employers_section(*, year: int, cutoff: datetime.date) -> dict:
    prospected = indicators.employers_prospected(year=year, cutoff=cutoff)
    matchings = indicators.matchings_proposed(year=year, cutoff=cutoff)
    return {
        "prospected": prospected["employers"],
        "tpe": prospected["tpe"],
        "matchings": matchings["total"],
        "matchings_by_status": matchings["by_status"],
    }


def partners_section(*, year: int, cutoff: datetime.date) -> dict:
    sessions = indicators.information_sessions(year=year, cutoff=cutoff)
    return {
        "information_sessions": sessions["sessions"],
        "people_reached": sessions["people_reached"],
        "concertations": indicators.concertations_held(year=year, cutoff=cutoff),
        "session_list": indicators.information_session_list(year=year, cutoff=cutoff),
        "concertation_list": indicators.concertation_list(year=year, cutoff=cutoff),
    }


def deies_section(*, year: int, cutoff: datetime.date) -> dict:
    return {
        "workers": indicators.deies_workers(year=year, cutoff=cutoff),
        "peak": indicators.deies_peak(year=year, cutoff=cutoff),
        "article_60_posts": indicators.deies_article_60_posts(year=year, cutoff=cutoff),
        "by_worksite": indicators.deies_workers_by_worksite(year=year, cutoff=cutoff),
        "certifications": indicators.deies_certifications(year=year, cutoff=cutoff),
        "training_hours": indicators.deies_training_hours(year=year, cutoff=cutoff),
        "after_contract": indicators.deies_positive_exits(year=year, cutoff=cutoff),
    }


def employers_rows(section: dict, *, threshold: int) -> list[tuple]:
    """The employers' lines; the matchings' split by status is a breakdown, its small cells print "< 5"."""
    rows = [
        (_("Employers prospected"), section["prospected"]),
        (_("of which very small companies (TPE, under 10 workers)"), section["tpe"]),
        (_("Matchings proposed to employers"), section["matchings"]),
    ]
    rows += [
        (f"— {MatchingStatus(status).label}", small_number(n, threshold=threshold))
        for status, n in section["matchings_by_status"].items()
        if n
    ]
    return rows


def partners_rows(section: dict) -> list[tuple]:
    return [
        (_("Information sessions with partners"), section["information_sessions"]),
        (_("Job seekers reached by those sessions"), section["people_reached"]),
        (_("Zonal concertations"), section["concertations"]),
    ]


def information_session_table(section: dict) -> list[tuple[datetime.date, str, str, int]]:
    """The information sessions as the PDF lists them: date, partner, theme, people reached. Empty for a report
    stored before they were listed."""
    return [
        (datetime.date.fromisoformat(row["held_on"]), row["partner"], row["theme"], row["people_reached"])
        for row in section.get("session_list", [])
    ]


def concertation_table(section: dict) -> list[tuple[datetime.date, str, str, str]]:
    """The zonal concertations as the PDF lists them: date, title, partners present, themes."""
    return [
        (datetime.date.fromisoformat(row["held_on"]), row["title"], row["partners"], row["themes"])
        for row in section.get("concertation_list", [])
    ]


def deies_rows(section: dict, *, threshold: int) -> list[tuple]:
    """The DEIES lines. The contracts followed by employment or training are a breakdown of the contracts
    ended: below the threshold they print "< 5", and then without a percentage that would give them away."""
    after = section["after_contract"]
    positive = small_number(after["positive"], threshold=threshold)
    ended = small_number(after["ended"], threshold=threshold)
    shown_percent = after["percent"] is not None and not (is_small(positive) or is_small(ended))
    return [
        (_("Workers under a DEIES or Article 60 contract during the year"), section["workers"]),
        (_("Highest number under contract on the same day"), section["peak"]),
        (_("Article 60 posts"), section["article_60_posts"]),
        (_("Internal training hours"), section["training_hours"]["internal"]),
        (_("External training hours"), section["training_hours"]["external"]),
        (
            _("Contracts ended in the year followed by employment or training"),
            f"{positive} / {ended}" + (f" ({after['percent']} %)" if shown_percent else ""),
        ),
    ]


def deies_worksite_rows(section: dict, *, threshold: int) -> list[tuple[str, int | str]]:
    """Workers per worksite, the busiest first; fewer than the threshold print "< 5"."""
    rows = sorted(section.get("by_worksite", {}).items(), key=lambda item: -item[1])
    return [(name, small_number(n, threshold=threshold)) for name, n in rows]


def deies_certification_rows(section: dict, *, threshold: int) -> list[tuple[str, int | str]]:
    """Certifications obtained by kind, the most frequent first; fewer than the threshold print "< 5"."""
    rows = sorted(section.get("certifications", {}).items(), key=lambda item: -item[1])
    return [(name, small_number(n, threshold=threshold)) for name, n in rows]


def dashboard_panel(*, year: int, cutoff: datetime.date) -> dict:
    """The employers and DEIES figures of the management dashboard."""
    return {
        "template": "employers/includes/dashboard_panel.html",
        "employers": employers_section(year=year, cutoff=cutoff),
        "deies_workers": indicators.deies_workers(year=year, cutoff=cutoff),
        "deies_peak": indicators.deies_peak(year=year, cutoff=cutoff),
    }
