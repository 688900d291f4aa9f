"""Demo staff of the Mission Locale (see ../shared/domain.md), created by ``manage.py seed_demo``."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction

from missionlocale.enums import Profession, Role
from missionlocale.models import User
from missionlocale.roles import roles_sync

DEMO_PASSWORD = "MissionLocale-demo"


@dataclass(frozen=True)
class DemoStaff:
    username: str
    first_name: str
    last_name: str
    profession: Profession
    role: Role
    employment_start: datetime.date
    fte: Decimal = Decimal("1.00")


_COUNSELLOR_NAMES = [
    ("Amina", "El Idrissi"),
    ("Julien", "Lambert"),
    ("Sofia", "Peeters"),
    ("Mehdi", "Benali"),
    ("Claire", "Dubois"),
    ("Karim", "Haddad"),
    ("Nathalie", "Janssens"),
    ("Youssef", "Amrani"),
    ("Elif", "Yilmaz"),
    ("Thomas", "Claes"),
    ("Aïcha", "Diallo"),
    ("Marc", "Vermeulen"),
]

DEMO_STAFF: list[DemoStaff] = [
    DemoStaff("direction", "Isabelle", "Moreau", Profession.DIRECTOR, Role.DIRECTOR, datetime.date(2012, 9, 1)),
    DemoStaff("coordination", "Pierre", "Willems", Profession.MANAGER, Role.MANAGER, datetime.date(2014, 1, 6)),
    DemoStaff("admin", "Samira", "Bouzid", Profession.ADMINISTRATOR, Role.ADMINISTRATOR, datetime.date(2016, 3, 1)),
    *[
        DemoStaff(
            f"conseiller{index:02d}",
            first_name,
            last_name,
            Profession.COUNSELLOR,
            Role.COUNSELLOR,
            datetime.date(2013 + index % 9, 1 + index % 12, 1),
        )
        for index, (first_name, last_name) in enumerate(_COUNSELLOR_NAMES, start=1)
    ],
    DemoStaff("psy1", "Hélène", "Dumont", Profession.PSYCHOLOGIST, Role.COUNSELLOR, datetime.date(2017, 2, 1)),
    DemoStaff("psy2", "Rachid", "Ouali", Profession.PSYCHOLOGIST, Role.COUNSELLOR, datetime.date(2020, 10, 1)),
    DemoStaff("social", "Fatou", "Ndiaye", Profession.SOCIAL_WORKER, Role.COUNSELLOR, datetime.date(2018, 5, 1)),
    DemoStaff("coach.image", "Laura", "De Smet", Profession.IMAGE_COACH, Role.COUNSELLOR, datetime.date(2019, 4, 1)),
    DemoStaff("coach.etic", "Yassine", "Tahiri", Profession.DIGITAL_COACH, Role.COUNSELLOR, datetime.date(2018, 9, 1)),
    DemoStaff(
        "entreprises", "Céline", "Goossens", Profession.EMPLOYER_RELATIONS, Role.COUNSELLOR, datetime.date(2016, 6, 1)
    ),
    DemoStaff("projets", "Nadia", "Bensaïd", Profession.PROJECT_OFFICER, Role.COUNSELLOR, datetime.date(2019, 1, 7)),
    DemoStaff("deies", "Olivier", "Lemaire", Profession.DEIES_SUPERVISOR, Role.COUNSELLOR, datetime.date(2015, 3, 2)),
]


@transaction.atomic
def demo_staff_seed() -> list[User]:
    """Create or update the demo staff; running it again changes nothing."""
    roles_sync()
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    users = []
    for staff in DEMO_STAFF:
        user, created = User.objects.update_or_create(
            username=staff.username,
            defaults={
                "first_name": staff.first_name,
                "last_name": staff.last_name,
                "email": f"{staff.username}@demo.missionlocale.localhost",
                "profession": staff.profession,
                "fte": staff.fte,
                "employment_start": staff.employment_start,
                "is_staff": staff.role == Role.ADMINISTRATOR,
                # Nobody is a superuser: the administrator runs the site through their role and reads no file.
                "is_superuser": False,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.set([groups[staff.role]])
        users.append(user)
    return users
