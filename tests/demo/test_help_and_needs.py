"""The demo records help with the Actiris registration and employers' training needs, so that the demo report
prints them."""

import datetime

from reporting.activity import activity_section


def test_the_demo_year_has_help_with_the_registration_and_training_needs(demo_data, db):
    activity = activity_section(year=2024, cutoff=datetime.date(2025, 1, 31))

    helped = activity["actiris_registration_help"]
    # About one first interview in five: some hundreds of the year's people, every kind of help.
    assert 150 <= helped["people"] <= 600, helped
    assert all(helped["by_kind"].values()), helped
    needs = activity["training_needs"]
    assert 10 <= needs["recorded"] <= 120 and needs["employers"] <= needs["recorded"], needs
    assert len(needs["by_need"]) >= 4
