"""The definitions printed in the annex of the report; docs/indicators.md states the same in full."""

from django.utils.translation import gettext_lazy as _

DEFINITIONS = [
    (
        _("People accompanied"),
        _(
            "Distinct people with at least one accompaniment started in the year (and not after the cut-off "
            "date) and recognised by Actiris as at the cut-off date. A person with two such accompaniments "
            "counts once."
        ),
    ),
    (
        _("Objective"),
        _(
            "The sum over counsellors of FTE × 150 × the share of the year they were employed, rounded half up, "
            "unless the director set the year's objective by hand. The percentage reached is people accompanied "
            "÷ objective."
        ),
    ),
    (
        _("Positive exits"),
        _(
            "People accompanied with at least one positive outcome (employment or training) recorded on one of "
            "those accompaniments, dated on or after its start and on or before the cut-off date."
        ),
    ),
    (_("Positive-exit rate"), _("Positive exits ÷ people accompanied, rounded half up to a whole percent.")),
    (
        _("Split by outcome"),
        _("The positive exits split by the kind of each person's first positive outcome."),
    ),
    (
        _("Five-year history"),
        _("The same figures for each of the five years up to the report's year, with the same rules and cut-off."),
    ),
    (
        _("Durability of the positive exits"),
        _(
            "For the positive exits of the year (an accompaniment's first positive outcome dated in the year), at 3, "
            "6 and 12 months after the exit: the checkpoints due by the cut-off date, the share whose situation was "
            "known (recorded by the cut-off date, not unknown), and of those known the share still in employment or "
            "training. A checkpoint due after the cut-off date is not counted."
        ),
    ),
    (
        _("Help with the Actiris registration"),
        _(
            "People with an interview dated in the year that helped them register at Actiris, register again "
            "after a deregistration, or update their registration; per kind of help, the people helped that way."
        ),
    ),
    (
        _("Collective modules"),
        _(
            "People marked present at least once at a module meeting dated in the year; their positive exits: a "
            "positive outcome dated on or after their first attendance in the year and on or before the cut-off."
        ),
    ),
    (
        _("Digital inclusion (EPN)"),
        _(
            "People with at least one computer-access visit in the year (anonymous visits counted apart, as "
            "visits); people with at least one ETIC coaching session; digital trainings with a meeting in the year."
        ),
    ),
    (
        _("Employers and partners"),
        _(
            "Employers with at least one prospection contact in the year, of which very small companies (TPE, "
            "under 10 workers); matchings proposed in the year by their status at the cut-off; information "
            "sessions held and people reached; zonal concertations held; training needs recorded in a "
            "prospection contact of the year, and the employers who expressed them."
        ),
    ),
    (
        _("DEIES and Article 60"),
        _(
            "Workers with a contract active on at least one day of the year; the highest number under contract "
            "on the same day; certifications obtained and training hours dated in the year; of the contracts "
            "ended in the year, the share whose worker was in employment or training at the end or within three "
            "months."
        ),
    ),
]
