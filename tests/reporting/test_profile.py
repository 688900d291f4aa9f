"""The public's profile and the activity of the year: each breakdown puts every person accompanied in exactly one
row, so it adds up to the accompanied total; the PDF prints them with their small cells hidden."""

import datetime
import re
from decimal import Decimal

import pytest

from accompaniment.enums import (
    EducationLevel,
    Gender,
    InterviewKind,
    OrientationResult,
    OutcomeKind,
    PartnerKind,
    RecognitionStatus,
    ReferralSource,
    Situation,
)
from accompaniment.models import Orientation, Partner, ProfessionalProject
from employers.enums import OfferSource
from reporting import indicators, services
from reporting.activity import activity_section
from reporting.profile import profile_section
from tests.accompaniment.factories import AccompanimentFactory, InterviewFactory, JobSeekerFactory, OutcomeFactory
from tests.employers.factories import JobOfferFactory
from tests.missionlocale.factories import UserFactory
from tests.reporting.test_reports import pdf_text

Y = 2024
CUTOFF = datetime.date(2025, 1, 31)
D = datetime.date
BREAKDOWNS = (
    "gender",
    "age_band",
    "education_level",
    "commune",
    "income_situation",
    "french_level",
    "dutch_level",
    "referral_source",
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def accompanied(
    started_on=None, *, exit_kind=None, exit_on=None, source=None, counsellor=None, closed=False, **person
):
    """A person accompanied in 2024 (recognised, from 1 March by default), with an outcome of ``exit_kind``."""
    started_on = started_on or D(2024, 3, 1)
    job_seeker = JobSeekerFactory(**person)
    accompaniment = AccompanimentFactory(
        job_seeker=job_seeker,
        counsellor=counsellor or UserFactory(counsellor=True),
        started_on=started_on,
        recognised_on=started_on + datetime.timedelta(days=10),
        referral_source=source or job_seeker.referral_source,
        closed=closed,
    )
    if exit_kind:
        OutcomeFactory(accompaniment=accompaniment, kind=exit_kind, occurred_on=exit_on or D(2024, 9, 2))
    return accompaniment


@pytest.fixture
def public(db):
    """Nine people accompanied in 2024, four of them positive exits, and people who do not count."""
    # One full-time counsellor all year, who follows everybody.
    common = {"counsellor": UserFactory(counsellor=True, fte=Decimal("1.0"))}
    # Postcodes: the City of Brussels (1000 and its section Laeken, 1020), Schaerbeek, outside the region,
    # an institution's Brussels postcode and none.
    accompanied(
        postcode="1000",
        gender=Gender.FEMALE,
        birth_date=D(2000, 1, 1),  # 24 on 31 December 2024
        education_level=EducationLevel.NONE,
        situation=Situation.CPAS_INCOME,
        french_level="A2",
        exit_kind=OutcomeKind.CDI,
        **common,
    )
    accompanied(
        postcode="1020",
        gender=Gender.FEMALE,
        birth_date=D(1999, 12, 31),  # 25 on 31 December 2024
        education_level=EducationLevel.UPPER_SECONDARY,
        situation=Situation.UNEMPLOYMENT_BENEFITS,
        exit_kind=OutcomeKind.QUALIFYING_TRAINING,
        **common,
    )
    accompanied(postcode="1030", gender=Gender.MALE, birth_date=D(1970, 5, 5), exit_kind=OutcomeKind.CDD, **common)
    accompanied(
        postcode="1300", gender=Gender.MALE, birth_date=D(1974, 12, 31), exit_kind=OutcomeKind.INTERIM, **common
    )
    accompanied(
        postcode="1005", gender=Gender.OTHER, birth_date=D(1990, 6, 1), exit_kind=OutcomeKind.DROPPED_OUT, **common
    )
    accompanied(
        postcode="", gender=Gender.FEMALE, birth_date=D(1985, 2, 2), exit_kind=OutcomeKind.MOVED_AWAY, **common
    )
    accompanied(postcode="1000", spontaneous=True, exit_kind=OutcomeKind.UNREACHABLE, exit_on=D(2024, 6, 1), **common)
    # Two accompaniments counted in 2024: the first one (spontaneous) says how they came; a person counted once.
    twice = accompanied(D(2024, 2, 1), source=ReferralSource.SPONTANEOUS, postcode="1000", closed=True, **common)
    AccompanimentFactory(
        **common,
        job_seeker=twice.job_seeker,
        started_on=D(2024, 10, 1),
        recognised_on=D(2024, 10, 5),
        referral_source=ReferralSource.ACTIRIS,
    )
    OutcomeFactory(accompaniment=twice, kind=OutcomeKind.YEAR_ENDED, occurred_on=D(2024, 6, 1))
    OutcomeFactory(accompaniment=twice, kind=OutcomeKind.HEALTH, occurred_on=D(2024, 8, 1))
    accompanied(D(2024, 11, 2), source=ReferralSource.PARTNER, postcode="1000", **common)  # no outcome yet
    # Not counted: started in 2023, not recognised, recognised after the cut-off.
    accompanied(D(2023, 12, 31), exit_kind=OutcomeKind.CDI, **common)
    AccompanimentFactory(**common, started_on=D(2024, 5, 1), recognition_status=RecognitionStatus.PENDING)
    AccompanimentFactory(**common, started_on=D(2024, 5, 1), recognition_status=RecognitionStatus.REFUSED)
    AccompanimentFactory(**common, started_on=D(2024, 12, 20), recognised_on=D(2025, 2, 10))


def test_each_breakdown_adds_up_to_the_people_accompanied_and_their_positive_exits(public):
    profile = profile_section(year=Y, cutoff=CUTOFF)

    assert indicators.accompanied(year=Y, cutoff=CUTOFF) == 9
    assert indicators.positive_exits(year=Y, cutoff=CUTOFF) == 4
    for name in BREAKDOWNS:
        cells = profile[name].values()
        assert sum(cell["accompanied"] for cell in cells) == 9, name
        assert sum(cell["positive_exits"] for cell in cells) == 4, name


def test_the_rows_a_person_falls_in(public):
    profile = profile_section(year=Y, cutoff=CUTOFF)

    def people(name):
        return {key: cell["accompanied"] for key, cell in profile[name].items() if cell["accompanied"]}

    # Laeken is the City of Brussels; 1300 is in Walloon Brabant; an institution's postcode or none says nothing.
    assert people("commune") == {"brussels": 5, "schaerbeek": 1, "outside": 1, "unknown": 2}
    assert profile["commune"]["brussels"] == {"accompanied": 5, "positive_exits": 2, "positive_exit_rate": 40}
    assert people("gender") == {"F": 6, "M": 2, "X": 1}
    ages = people("age_band")
    assert profile["age_band"]["under_25"]["accompanied"] >= 1 and ages["25_29"] >= 1
    assert profile["age_band"]["50_plus"]["accompanied"] >= 1  # born 31 December 1974: 50 that day
    assert people("education_level")["none"] == 1 and people("education_level")["unknown"] == 7
    assert people("income_situation")["cpas_income"] == 1
    assert people("french_level") == {"A2": 1, "unknown": 8}
    # By the first counted accompaniment of the year.
    assert people("referral_source") == {"actiris": 6, "spontaneous": 2, "partner": 1}


def test_the_100_of_150_rule_per_full_time_counsellor(public):
    per_fte = profile_section(year=Y, cutoff=CUTOFF)["per_fte"]
    fte = indicators.counsellor_fte_years(year=Y)

    # One full-time counsellor all year.
    assert fte == Decimal("1.00") and per_fte["counsellor_fte"] == 1.0
    assert (per_fte["actiris"], per_fte["others"]) == (6, 3)
    assert (per_fte["expected_actiris"], per_fte["expected_others"]) == (100, 50)


def test_the_non_positive_exits_by_their_last_reason_add_up_to_the_others(public):
    reasons = activity_section(year=Y, cutoff=CUTOFF)["non_positive_exits"]

    assert reasons == {
        "dropped_out": 1,
        "unreachable": 1,
        "moved_away": 1,
        # The last of two reasons on the same accompaniment.
        "health": 1,
        "reoriented": 0,
        "year_ended": 0,
        "no_outcome_yet": 1,
    }
    assert sum(reasons.values()) == 9 - 4


def test_the_activity_of_the_year(db):
    counsellor = UserFactory(counsellor=True)
    first = accompanied(D(2024, 2, 1))
    InterviewFactory(job_seeker=first.job_seeker, staff=counsellor, occurred_on=D(2024, 2, 1))
    InterviewFactory(
        job_seeker=first.job_seeker, staff=counsellor, occurred_on=D(2024, 3, 1), kind=InterviewKind.PHONE
    )
    InterviewFactory(job_seeker=first.job_seeker, staff=counsellor, occurred_on=D(2025, 2, 1))  # after the cut-off
    ProfessionalProject.objects.create(accompaniment=first, target_occupations="Vendeuse", signed_on=D(2024, 3, 1))
    partner = Partner.objects.filter(kind=PartnerKind.TRAINING_CENTRE).first() or Partner.objects.create(
        name="Centre", kind=PartnerKind.TRAINING_CENTRE
    )
    for result in (OrientationResult.STARTED, OrientationResult.STARTED, OrientationResult.REFUSED):
        Orientation.objects.create(
            job_seeker=first.job_seeker,
            partner=partner,
            oriented_on=D(2024, 4, 1),
            purpose="Formation",
            result=result,
            staff=counsellor,
        )
    JobOfferFactory(opened_on=D(2024, 5, 1), posts=3)
    JobOfferFactory(opened_on=D(2024, 6, 1), source=OfferSource.ACTIRIS)
    JobOfferFactory(opened_on=D(2023, 6, 1))
    AccompanimentFactory(started_on=D(2024, 5, 1), recognition_status=RecognitionStatus.PENDING)
    AccompanimentFactory(started_on=D(2024, 5, 1), recognition_status=RecognitionStatus.REFUSED)

    activity = activity_section(year=Y, cutoff=CUTOFF)

    assert activity["interviews"] == 2 and activity["people_interviewed"] == 1
    assert activity["interviews_by_kind"]["phone"] == 1
    assert activity["cpps_signed"] == 1
    assert activity["orientations"] == 3
    assert activity["orientations_by_partner_kind"]["training_centre"]["started"] == 2
    assert (activity["job_offers"], activity["job_offer_posts"]) == (2, 4)
    assert activity["job_offers_by_source"] == {"prospection": 1, "actiris": 1, "employer": 0}
    assert activity["started_not_recognised"] == {"people": 2, "pending": 1}


def test_the_pdf_prints_the_profile_and_the_activity_with_small_cells_hidden(public, tmp_path):
    pdf, data = services.report_render_pdf(year=Y, cutoff=CUTOFF, language="fr")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = pdf_text(path)

    assert data["profile"]["gender"]["F"]["accompanied"] == 6
    public_section = text.split("Le public accompagné")[-1].split("L’activité")[0]
    # 6 women: printed with their share; 4 exits out of 6 is hidden, and so is the rate that would give it back.
    assert re.search(r"Femme\s+6\s+67 %\s+<\s?5\s+—", public_section)
    assert re.search(r"Homme\s+<\s?5\s+—", public_section)
    assert "Bruxelles-Ville" in public_section and "Hors de la Région de Bruxelles-Capitale" in public_section
    # The table of contents points at the new sections with their page numbers.
    assert re.search(r"Le public accompagné \.+ ?\d+", text)
    assert re.search(r"L’activité \.+ ?\d+", text)


def test_the_dutch_report_names_the_communes_in_dutch(public, tmp_path):
    pdf, _data = services.report_render_pdf(year=Y, cutoff=CUTOFF, language="nl")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = pdf_text(path)

    assert "Brussel-Stad" in text and "Buiten het Brussels Hoofdstedelijk Gewest" in text
    assert "Schaarbeek" in text
