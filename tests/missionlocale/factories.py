import factory
from django.contrib.auth.models import Group

from missionlocale.enums import Profession, Role
from missionlocale.models import User

PASSWORD = "correct-horse-battery"
PROFESSION_ROLE = {
    Profession.MANAGER: Role.MANAGER,
    Profession.DIRECTOR: Role.DIRECTOR,
    Profession.ADMINISTRATOR: Role.ADMINISTRATOR,
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Faker("first_name", locale="fr_BE")
    last_name = factory.Faker("last_name", locale="fr_BE")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)
    profession = Profession.COUNSELLOR

    class Params:
        counsellor = factory.Trait(profession=Profession.COUNSELLOR)
        psychologist = factory.Trait(profession=Profession.PSYCHOLOGIST)
        manager = factory.Trait(profession=Profession.MANAGER)
        director = factory.Trait(profession=Profession.DIRECTOR)
        administrator = factory.Trait(profession=Profession.ADMINISTRATOR, is_staff=True)
        employer_relations = factory.Trait(profession=Profession.EMPLOYER_RELATIONS)
        deies_supervisor = factory.Trait(profession=Profession.DEIES_SUPERVISOR)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        """The role follows the profession unless given; ``role=False`` leaves the account without one."""
        if not create or extracted is False:
            return
        role = extracted or PROFESSION_ROLE.get(obj.profession, Role.COUNSELLOR)
        obj.groups.add(Group.objects.get(name=role))
