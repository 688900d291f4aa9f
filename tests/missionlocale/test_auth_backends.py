import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from missionlocale.auth_backends import OneQueryModelBackend
from missionlocale.models import User
from tests.missionlocale.factories import UserFactory


def _fresh(user):
    return User.objects.get(pk=user.pk)  # no permission cache


@pytest.mark.parametrize("role", ["counsellor", "psychologist", "manager", "director", "administrator"])
def test_the_permissions_are_those_of_django_s_backend_read_in_one_query(db, role, django_assert_num_queries):
    user = UserFactory(**{role: True})
    user.user_permissions.add(Permission.objects.get(codename="view_partner"))  # one of the user's own too

    fresh = _fresh(user)
    with django_assert_num_queries(1):
        permissions = OneQueryModelBackend().get_all_permissions(fresh)

    assert permissions == ModelBackend().get_all_permissions(_fresh(user))
    assert "accompaniment.view_partner" in permissions


def test_a_superuser_has_every_permission_and_an_inactive_user_none(db):
    superuser = UserFactory(is_superuser=True)
    inactive = UserFactory(manager=True, is_active=False)

    assert OneQueryModelBackend().get_all_permissions(_fresh(superuser)) == ModelBackend().get_all_permissions(
        _fresh(superuser)
    )
    assert OneQueryModelBackend().get_all_permissions(_fresh(inactive)) == set()
