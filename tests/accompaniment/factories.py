import datetime

import factory
from django.utils import timezone

from accompaniment.enums import (
    AccompanimentStatus,
    AppointmentKind,
    AppointmentStatus,
    BarrierKind,
    Gender,
    InterviewKind,
    OutcomeKind,
    RecognitionStatus,
    ReferralSource,
)
from accompaniment.models import Accompaniment, Appointment, Barrier, Interview, JobSeeker, Outcome, Room
from accompaniment.niss import name_key
from accompaniment.services import add_one_year
from tests.missionlocale.factories import UserFactory


class JobSeekerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobSeeker

    first_name = factory.Faker("first_name", locale="fr_BE")
    last_name = factory.Faker("last_name", locale="fr_BE")
    name_key = factory.LazyAttribute(lambda o: name_key(o.last_name, o.first_name))
    birth_date = factory.Faker("date_of_birth", minimum_age=18, maximum_age=64)
    gender = Gender.FEMALE
    niss = None
    street = factory.Faker("street_address", locale="fr_BE")
    postcode = "1000"
    commune = "Bruxelles"
    phone = "+32470123456"
    referral_source = ReferralSource.ACTIRIS
    actiris_number = factory.Sequence(lambda n: f"A{n:07d}")

    class Params:
        referred_by_actiris = factory.Trait(referral_source=ReferralSource.ACTIRIS)
        spontaneous = factory.Trait(referral_source=ReferralSource.SPONTANEOUS, actiris_number="")


class AccompanimentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accompaniment
        skip_postgeneration_save = True

    job_seeker = factory.SubFactory(JobSeekerFactory)
    counsellor = factory.SubFactory(UserFactory, counsellor=True)
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    planned_end_on = factory.LazyAttribute(lambda o: add_one_year(o.started_on))
    referral_source = factory.LazyAttribute(lambda o: o.job_seeker.referral_source)
    recognition_status = RecognitionStatus.RECOGNISED
    status = AccompanimentStatus.OPEN

    class Params:
        ending_soon = factory.Trait(
            started_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=350))
        )
        closed = factory.Trait(
            status=AccompanimentStatus.CLOSED,
            closed_on=factory.LazyAttribute(lambda o: o.started_on + datetime.timedelta(days=200)),
        )


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    accompaniment = factory.SubFactory(AccompanimentFactory)
    kind = OutcomeKind.CDD
    occurred_on = factory.LazyAttribute(lambda o: o.accompaniment.started_on + datetime.timedelta(days=60))
    organisation = "Delhaize"


class BarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Barrier

    job_seeker = factory.SubFactory(JobSeekerFactory)
    kind = BarrierKind.LANGUAGE
    identified_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    job_seeker = factory.SubFactory(JobSeekerFactory)
    staff = factory.SubFactory(UserFactory, counsellor=True)
    author_profession = factory.LazyAttribute(lambda o: o.staff.profession)
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    kind = InterviewKind.INDIVIDUAL
    duration_minutes = 45
    topics = "CV, recherche active"
    note = "Entretien de suivi."


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Bureau {n + 1}")


class AppointmentFactory(factory.django.DjangoModelFactory):
    """A planned 45-minute individual appointment next week; ``at=`` sets its start, ``minutes=`` its length."""

    class Meta:
        model = Appointment
        exclude = ("at", "minutes")

    at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + datetime.timedelta(days=7))
    minutes = 45
    staff = factory.SubFactory(UserFactory, counsellor=True)
    job_seeker = factory.SubFactory(JobSeekerFactory)
    starts_at = factory.LazyAttribute(lambda o: o.at)
    ends_at = factory.LazyAttribute(lambda o: o.at + datetime.timedelta(minutes=o.minutes))
    kind = AppointmentKind.INDIVIDUAL
    status = AppointmentStatus.PLANNED
    created_by = factory.LazyAttribute(lambda o: o.staff)

    class Params:
        no_show = factory.Trait(status=AppointmentStatus.NO_SHOW)
        held = factory.Trait(status=AppointmentStatus.DONE)
        cancelled = factory.Trait(status=AppointmentStatus.CANCELLED)
