from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from missionlocale.enums import Role
from missionlocale.roles import ROLE_PERMISSIONS
from tests.missionlocale.factories import UserFactory


def test_every_role_is_a_group_with_exactly_its_permissions(db):
    for role, names in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        granted = {
            f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
        }
        assert granted == set(names), role


def test_every_permission_named_by_a_role_exists(db):
    existing = {f"{app}.{code}" for app, code in Permission.objects.values_list("content_type__app_label", "codename")}
    for role, names in ROLE_PERMISSIONS.items():
        assert set(names) <= existing, role


@pytest.mark.parametrize(
    ("traits", "visible", "hidden"),
    [
        ({"counsellor": True}, ["Mon portefeuille"], ["Tableau de bord", "Rapports", "Administration"]),
        ({"manager": True}, ["Mon portefeuille", "Tableau de bord"], ["Rapports", "Administration"]),
        ({"director": True}, ["Tableau de bord", "Rapports"], ["Mon portefeuille", "Administration"]),
    ],
)
def test_navigation_shows_each_role_what_it_can_do(client, db, traits, visible, hidden):
    user = UserFactory(**traits)
    client.force_login(user)

    response = client.get(reverse("home"), follow=True)

    nav = response.content.decode().split('id="main-nav"', 1)[1].split('class="ml-language', 1)[0]
    for label in visible:
        assert label in nav
    for label in hidden:
        assert label not in nav


def test_administrator_sees_administration_in_navigation(client, administrator):
    client.force_login(administrator)

    response = client.get(reverse("accompaniment:caseload"))

    # An administrator does not keep a caseload.
    assert response.status_code == 403
    assert "Administration" in response.content.decode()


def test_a_deactivated_account_loses_its_roles(db):
    user = UserFactory(manager=True, is_active=False)

    assert not user.has_role(Role.MANAGER)


@pytest.mark.parametrize(("fte", "capacity", "actiris"), [("1.00", 150, 100), ("0.80", 120, 80), ("0.50", 75, 50)])
def test_caseload_capacity_is_pro_rata_of_the_fte(db, fte, capacity, actiris):
    user = UserFactory(counsellor=True, fte=Decimal(fte))

    assert user.caseload_capacity == capacity
    assert user.actiris_caseload_capacity == actiris


def test_staff_profile_changes_are_kept_in_history(db):
    user = UserFactory(counsellor=True, fte=Decimal("1.00"))
    user.fte = Decimal("0.80")
    user.save()

    assert [h.fte for h in user.history.order_by("history_date")] == [Decimal("1.00"), Decimal("0.80")]
