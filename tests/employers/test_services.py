import datetime

import pytest
from django.core.exceptions import ValidationError

from accompaniment.enums import OutcomeKind
from accompaniment.models import Outcome
from employers import services
from employers.bce import enterprise_number_validate
from employers.enums import MatchingStatus
from employers.forms import EmployerContactForm, EmployerForm
from employers.models import MatchingStatusChange
from tests.accompaniment.factories import AccompanimentFactory
from tests.employers.factories import EmployerFactory, JobOfferFactory, MatchingFactory
from tests.missionlocale.factories import UserFactory

D = datetime.date


@pytest.mark.parametrize(
    "typed, digits",
    [("0403.170.701", "0403170701"), ("BE 0403 170 701", "0403170701"), ("403170701", "0403170701")],
)
def test_enterprise_number_accepts_the_usual_spellings(typed, digits):
    assert enterprise_number_validate(typed) == digits


@pytest.mark.parametrize(
    "typed, message",
    [
        ("0403.170.702", "chiffres de contrôle"),
        ("12345", "10 chiffres"),
        ("2403170701", "commence par 0 ou 1"),
    ],
)
def test_enterprise_number_errors_are_said_in_french(db, typed, message):
    form = EmployerForm(data={"name": "Boulangerie", "enterprise_number": typed, "size_band": "tpe"})
    assert not form.is_valid()
    assert message in " ".join(form.errors["enterprise_number"])


def test_enterprise_number_is_unique(db):
    existing = EmployerFactory(enterprise_number="0403170701", name="Delhaize")
    form = EmployerForm(data={"name": "Autre", "enterprise_number": "BE0403.170.701", "size_band": "tpe"})
    assert not form.is_valid()
    assert existing.name in form.errors["enterprise_number"][0]


def test_duplicates_by_enterprise_number_or_normalised_name_and_postcode(db):
    same_number = EmployerFactory(name="Colruyt Laeken", enterprise_number="0400378485", postcode="1020")
    same_name = EmployerFactory(name="Boulangerie Léon", enterprise_number=None, postcode="1000")
    EmployerFactory(name="Boulangerie Léon", enterprise_number=None, postcode="1020")

    found = services.employer_duplicates(name="BOULANGERIE LEON", postcode="1000", enterprise_number="0400378485")

    assert list(found) == [same_number, same_name]
    assert not services.employer_duplicates(name="Boulangerie Léon", postcode="1080", enterprise_number=None).exists()


def test_contact_phone_is_checked_with_the_belgian_default(db):
    form = EmployerContactForm(data={"name": "Anne", "phone": "0470 12 34 56", "language": "nl"})
    assert form.is_valid() and form.cleaned_data["phone"] == "+32470123456"
    form = EmployerContactForm(data={"name": "Anne", "phone": "0470 12", "language": "fr"})
    assert not form.is_valid() and "pas valide" in form.errors["phone"][0]


def test_nace_code_format(db):
    form = EmployerForm(data={"name": "X", "size_band": "tpe", "nace_section": "G", "nace_code": "47-11"})
    assert not form.is_valid() and "NACE" in form.errors["nace_code"][0]
    form = EmployerForm(data={"name": "X", "size_band": "tpe", "nace_section": "G", "nace_code": "47.111"})
    assert form.is_valid(), form.errors


def test_matching_flow_and_its_dated_history(db):
    user = UserFactory(employer_relations=True)
    accompaniment = AccompanimentFactory(started_on=D(2024, 1, 1))
    offer = JobOfferFactory()
    matching = services.matching_propose(
        job_seeker=accompaniment.job_seeker,
        employer=offer.employer,
        offer=offer,
        acting_user=user,
        proposed_on=D(2024, 3, 1),
    )
    with pytest.raises(ValidationError):
        services.matching_propose(
            job_seeker=accompaniment.job_seeker, employer=offer.employer, offer=offer, acting_user=user
        )

    services.matching_move(
        matching=matching, status=MatchingStatus.CV_SENT, acting_user=user, changed_on=D(2024, 3, 4)
    )
    with pytest.raises(ValidationError):  # going back
        services.matching_move(
            matching=matching, status=MatchingStatus.PROPOSED, acting_user=user, changed_on=D(2024, 3, 5)
        )
    with pytest.raises(ValidationError):  # not retained needs a reason
        services.matching_move(matching=matching, status=MatchingStatus.NOT_RETAINED, acting_user=user)
    with pytest.raises(ValidationError):  # before the previous step
        services.matching_move(
            matching=matching, status=MatchingStatus.INTERVIEW, acting_user=user, changed_on=D(2024, 3, 1)
        )
    services.matching_move(
        matching=matching, status=MatchingStatus.INTERVIEW, acting_user=user, changed_on=D(2024, 3, 10)
    )
    matching = services.matching_move(
        matching=matching, status=MatchingStatus.HIRED, acting_user=user, changed_on=D(2024, 3, 20)
    )
    with pytest.raises(ValidationError):  # a hire is final
        services.matching_move(matching=matching, status=MatchingStatus.WITHDRAWN, acting_user=user)

    assert list(MatchingStatusChange.objects.filter(matching=matching).values_list("status", "changed_on")) == [
        ("proposed", D(2024, 3, 1)),
        ("cv_sent", D(2024, 3, 4)),
        ("interview", D(2024, 3, 10)),
        ("hired", D(2024, 3, 20)),
    ]


def test_hired_records_exactly_one_outcome_on_the_accompaniment(db):
    user = UserFactory(employer_relations=True)
    accompaniment = AccompanimentFactory(started_on=D(2024, 1, 1))
    matching = MatchingFactory(job_seeker=accompaniment.job_seeker, offer=JobOfferFactory(contract_type="cdi"))
    with pytest.raises(ValidationError):
        services.matching_record_outcome(matching=matching, acting_user=user)  # not hired yet
    services.matching_move(matching=matching, status=MatchingStatus.HIRED, acting_user=user, changed_on=D(2024, 4, 2))

    first = services.matching_record_outcome(matching=matching, acting_user=user)
    second = services.matching_record_outcome(matching=matching, acting_user=user)

    assert first == second
    assert Outcome.objects.filter(accompaniment=accompaniment).count() == 1
    assert (first.kind, first.occurred_on, first.organisation) == (
        OutcomeKind.CDI,
        D(2024, 4, 2),
        matching.employer.name,
    )
    matching.refresh_from_db()
    assert matching.outcome == first


def test_a_hire_without_accompaniment_says_what_to_do(db):
    user = UserFactory(employer_relations=True)
    matching = MatchingFactory(status=MatchingStatus.HIRED)
    with pytest.raises(ValidationError, match="accompagnement"):
        services.matching_record_outcome(matching=matching, acting_user=user)
