import datetime

import factory

from accompaniment.niss import name_key
from employers.bce import enterprise_number_make
from employers.enums import ContactKind, ContractType, MatchingStatus, Measure, SizeBand
from employers.models import (
    Employer,
    InsertionContract,
    JobOffer,
    Matching,
    MatchingStatusChange,
    ProspectionContact,
    Worksite,
)
from tests.accompaniment.factories import JobSeekerFactory
from tests.missionlocale.factories import UserFactory


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Boulangerie Dupont {n}")
    name_key = factory.LazyAttribute(lambda o: name_key(o.name))
    enterprise_number = factory.Sequence(lambda n: enterprise_number_make(4_000_000 + n))
    size_band = SizeBand.TPE
    postcode = "1000"
    commune = "Bruxelles"
    consent_to_contact = True

    class Params:
        large = factory.Trait(size_band=SizeBand.LARGE)


class ProspectionContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProspectionContact

    employer = factory.SubFactory(EmployerFactory)
    kind = ContactKind.VISIT
    contacted_on = datetime.date(2024, 3, 1)
    staff = factory.SubFactory(UserFactory, employer_relations=True)
    subject = "Présentation"


class JobOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobOffer

    employer = factory.SubFactory(EmployerFactory)
    title = "Vendeur·euse"
    contract_type = ContractType.CDD
    opened_on = datetime.date(2024, 1, 10)


class MatchingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Matching
        skip_postgeneration_save = True

    job_seeker = factory.SubFactory(JobSeekerFactory)
    offer = factory.SubFactory(JobOfferFactory)
    employer = factory.LazyAttribute(lambda o: o.offer.employer if o.offer else EmployerFactory())
    proposed_on = datetime.date(2024, 3, 1)
    proposed_by = factory.SubFactory(UserFactory, employer_relations=True)
    status = MatchingStatus.PROPOSED
    status_changed_on = factory.LazyAttribute(lambda o: o.proposed_on)

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if create:
            MatchingStatusChange.objects.create(
                matching=obj, status=MatchingStatus.PROPOSED, changed_on=obj.proposed_on
            )


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InsertionContract

    worker = factory.SubFactory(JobSeekerFactory)
    measure = Measure.DEIES
    worksite = factory.LazyFunction(lambda: Worksite.objects.get_or_create(name="Régie Récube")[0])
    job_title = "Ouvrier·ère"
    started_on = datetime.date(2024, 1, 1)
    planned_end_on = factory.LazyAttribute(lambda o: o.started_on + datetime.timedelta(days=364))
