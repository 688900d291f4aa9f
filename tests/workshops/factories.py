import datetime

import factory
from django.utils import timezone

from accompaniment.niss import name_key
from tests.accompaniment.factories import JobSeekerFactory
from workshops.enums import EnrolmentStatus, ModuleKind
from workshops.models import Enrolment, Meeting, Module, Session, Visitor


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Atelier {n}")
    kind = ModuleKind.COLLECTIVE
    usual_weeks = 4
    completion_rate = 75

    class Params:
        nouveaux_departs = factory.Trait(name="Nouveaux Départs", confidential=True)
        digital = factory.Trait(kind=ModuleKind.DIGITAL_TRAINING)


class SessionFactory(factory.django.DjangoModelFactory):
    """A four-week session on Tuesdays and Thursdays, with its eight meetings, that started a week ago."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    module = factory.SubFactory(ModuleFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=27))
    place = "Rue de la Paille 30, salle 2"
    capacity = 12
    weekdays = "1,3"

    @factory.post_generation
    def facilitators(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.facilitators.set(extracted)

    @factory.post_generation
    def meetings(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        from workshops.services import meeting_dates

        Meeting.objects.bulk_create(
            Meeting(session=obj, date=day, starts_at=obj.starts_at, ends_at=obj.ends_at)
            for day in meeting_dates(starts_on=obj.starts_on, ends_on=obj.ends_on, weekdays=obj.weekday_list)
        )


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    session = factory.SubFactory(SessionFactory, meetings=False)
    date = factory.LazyFunction(timezone.localdate)
    starts_at = datetime.time(9, 30)
    ends_at = datetime.time(12, 30)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """The meeting the session's schedule already holds that day and hour is completed, never doubled.

        A session meets once per day and start time; a ``SessionFactory`` session meets on Tuesdays and
        Thursdays, so on those days a meeting "today" is one it already has.
        """
        keys = {name: kwargs.pop(name) for name in ("session", "date", "starts_at")}
        meeting, _created = model_class.objects.update_or_create(**keys, defaults=kwargs)
        return meeting


class VisitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visitor

    first_name = factory.Faker("first_name", locale="fr_BE")
    last_name = factory.Faker("last_name", locale="fr_BE")
    name_key = factory.LazyAttribute(lambda o: name_key(o.last_name, o.first_name))


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    session = factory.SubFactory(SessionFactory)
    job_seeker = factory.SubFactory(JobSeekerFactory)
    status = EnrolmentStatus.REGISTERED


def reference_data():
    """The catalogue and local projects the data migrations create: a transactional test's flush removes them."""
    import importlib

    from django.apps import apps

    importlib.import_module("accompaniment.migrations.0002_reference_data").create_reference_data(apps, None)
    apps.get_model("accompaniment", "LocalProject").objects.filter(name="Nouveaux Départs").update(confidential=True)
    importlib.import_module("workshops.migrations.0002_catalogue").create_catalogue(apps, None)
