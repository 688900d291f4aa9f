import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.staff import DEMO_PASSWORD, demo_staff_seed
from missionlocale.enums import Profession, Role
from missionlocale.models import User


@pytest.fixture(autouse=True)
def staff_only(monkeypatch):
    """The staff seeder alone: the accompaniment data is tested in tests/accompaniment/test_demo.py."""
    monkeypatch.setattr("demo.management.commands.seed_demo.SEEDERS", [demo_staff_seed])


def test_seed_demo_creates_the_staff_of_the_domain_and_is_idempotent(db, client):
    call_command("seed_demo")
    first = sorted(User.objects.values_list("username", "profession", "groups__name"))
    call_command("seed_demo")

    assert sorted(User.objects.values_list("username", "profession", "groups__name")) == first
    assert User.objects.counsellors().count() == 12
    assert User.objects.filter(profession=Profession.PSYCHOLOGIST).count() == 2
    assert User.objects.filter(profession=Profession.SOCIAL_WORKER).count() == 1
    assert User.objects.filter(profession=Profession.IMAGE_COACH).count() == 1
    for role in Role:
        assert User.objects.with_role(role).exists(), role
    response = client.post(reverse("login"), {"username": "conseiller01", "password": DEMO_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accompaniment:today")  # a counsellor's home (issue 13)


def test_seed_demo_keeps_a_changed_password(db):
    call_command("seed_demo")
    user = User.objects.get(username="direction")
    user.set_password("a-private-password-now")
    user.save()

    call_command("seed_demo")

    user.refresh_from_db()
    assert user.check_password("a-private-password-now")
