"""The employers, partners and DEIES sections of the annual report (reporting.annual.SECTION_PROVIDERS)."""

import datetime

from employers import indicators


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
    }


def dashboard_panel(*, year: int, cutoff: datetime.date) -> dict:
    """The employers and DEIES figures of the management dashboard."""
    return {
        "template": "employers/includes/dashboard_panel.html",
        "employers": employers_section(year=year, cutoff=cutoff),
        "deies_workers": indicators.deies_workers(year=year, cutoff=cutoff),
        "deies_peak": indicators.deies_peak(year=year, cutoff=cutoff),
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
