"""Issue 12, item 2: the administrator runs the site and reads nobody's data; nobody grants themselves more.

The 403s of the administrator on every person-data page are in tests/test_permission_matrix.py, run with the
demo's own administrator account.
"""

import pytest
from django import forms
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.staff import demo_staff_seed
from missionlocale.enums import Profession, Role
from missionlocale.models import AccountEvent, AccountEventKind, User
from tests.missionlocale.factories import UserFactory

NEW_PASSWORD = "another-long-passphrase-42"


def _change_form_data(client, user) -> dict:
    """The admin change form of ``user`` as the browser would post it back unchanged."""
    form = client.get(reverse("admin:missionlocale_user_change", args=[user.pk])).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if field.disabled or value is None:
            continue
        if isinstance(field.widget, forms.MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{index}"] = part or ""
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = value
    return data


def _post_change(client, user, **changes):
    data = _change_form_data(client, user)
    data.update(changes)
    return client.post(reverse("admin:missionlocale_user_change", args=[user.pk]), data)


def test_the_demo_administrator_is_no_superuser(db):
    admin = next(user for user in demo_staff_seed() if user.username == "admin")

    assert not admin.is_superuser
    assert admin.is_staff
    assert admin.has_role(Role.ADMINISTRATOR)
    assert not admin.has_perm("missionlocale.keep_caseload")
    assert not User.objects.filter(is_superuser=True).exists()


def test_an_administrator_cannot_make_themselves_or_others_superuser(client, administrator, counsellor):
    client.force_login(administrator)

    for target in (administrator, counsellor):
        response = _post_change(client, target, is_superuser="on", is_staff="on")
        assert response.status_code == 302, target
        target.refresh_from_db()
        assert not target.is_superuser
    counsellor.refresh_from_db()
    assert not counsellor.is_staff  # the staff flag follows the administrator role


def test_an_administrator_cannot_give_themselves_a_role_or_a_permission(client, administrator):
    client.force_login(administrator)
    manager = Group.objects.get(name=Role.MANAGER)
    keep_caseload = Permission.objects.get(codename="keep_caseload")

    _post_change(client, administrator, groups=[str(manager.pk)], user_permissions=[str(keep_caseload.pk)])

    administrator.refresh_from_db()
    assert set(administrator.groups.values_list("name", flat=True)) == {Role.ADMINISTRATOR}
    assert not administrator.user_permissions.exists()
    assert not User.objects.get(pk=administrator.pk).has_perm("missionlocale.keep_caseload")


def test_an_administrator_gives_others_roles_only(client, administrator, counsellor):
    client.force_login(administrator)
    other_group = Group.objects.create(name="everything")
    other_group.permissions.set(Permission.objects.all())
    manager = Group.objects.get(name=Role.MANAGER)

    response = _post_change(client, counsellor, groups=[str(other_group.pk)])
    assert response.status_code == 200  # not a choice
    counsellor.refresh_from_db()
    assert not counsellor.groups.filter(pk=other_group.pk).exists()

    _post_change(client, counsellor, groups=[str(manager.pk)])
    assert set(counsellor.groups.values_list("name", flat=True)) == {Role.MANAGER}


def test_an_administrator_does_not_edit_what_a_role_holds(client, administrator):
    client.force_login(administrator)
    group = Group.objects.get(name=Role.ADMINISTRATOR)
    keep_caseload = Permission.objects.get(codename="keep_caseload")

    client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": group.name, "permissions": [str(keep_caseload.pk)]},
    )

    assert not group.permissions.filter(pk=keep_caseload.pk).exists()


def test_an_administrator_cannot_touch_a_superuser_account(client, administrator, db):
    root = UserFactory(is_superuser=True, is_staff=True, role=False)
    client.force_login(administrator)

    response = client.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    assert response.status_code == 403
    root.refresh_from_db()
    assert not root.check_password(NEW_PASSWORD)


def test_resetting_a_password_is_recorded_and_told_to_the_person(client, administrator, db):
    psychologist = UserFactory(psychologist=True, email="psy@example.org")
    client.force_login(administrator)

    response = client.post(
        reverse("admin:auth_user_password_change", args=[psychologist.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    assert response.status_code == 302
    event = AccountEvent.objects.get()
    assert (event.subject, event.actor, event.kind, event.notified) == (
        psychologist,
        administrator,
        AccountEventKind.PASSWORD_RESET,
        True,
    )
    assert [message.to for message in mail.outbox] == [["psy@example.org"]]
    assert str(administrator) in mail.outbox[0].body


def test_resetting_a_second_factor_is_recorded_and_told_to_the_person(client, administrator, db):
    psychologist = UserFactory(psychologist=True, email="psy@example.org")
    device = TOTPDevice.objects.create(user=psychologist, name="authenticator", confirmed=True)
    client.force_login(administrator)

    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert AccountEvent.objects.get().kind == AccountEventKind.SECOND_FACTOR_RESET
    assert [message.to for message in mail.outbox] == [["psy@example.org"]]


def test_resetting_second_factors_in_bulk_is_recorded_for_each(client, administrator, db):
    people = [UserFactory(psychologist=True), UserFactory(counsellor=True)]
    devices = [TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True) for user in people]
    client.force_login(administrator)

    client.post(
        reverse("admin:otp_totp_totpdevice_changelist"),
        {"action": "delete_selected", "_selected_action": [d.pk for d in devices], "post": "yes"},
    )

    assert not TOTPDevice.objects.exists()
    assert {event.subject for event in AccountEvent.objects.all()} == set(people)
    assert len(mail.outbox) == 2


def test_changing_an_email_tells_the_old_address(client, administrator, db):
    psychologist = UserFactory(psychologist=True, email="psy@example.org")
    client.force_login(administrator)

    _post_change(client, psychologist, email="attacker@example.org")

    assert AccountEvent.objects.get().kind == AccountEventKind.EMAIL_CHANGED
    assert sorted(mail.outbox[0].to) == ["attacker@example.org", "psy@example.org"]


def test_the_account_event_log_names_nobody(client, administrator, db, caplog):
    psychologist = UserFactory(psychologist=True, email="psy@example.org", last_name="Dumont-Unique")
    client.force_login(administrator)

    with caplog.at_level("INFO", logger="missionlocale.accounts"):
        client.post(
            reverse("admin:auth_user_password_change", args=[psychologist.pk]),
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
        )

    assert caplog.records
    assert "Dumont-Unique" not in caplog.text and "psy@example.org" not in caplog.text


def test_create_administrator_with_options_and_the_password_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("ADMINISTRATOR_PASSWORD", NEW_PASSWORD)

    call_command("create_administrator", username="it", email="it@example.org")

    user = User.objects.get(username="it")
    assert (user.is_staff, user.is_superuser, user.profession) == (True, False, Profession.ADMINISTRATOR)
    assert user.has_role(Role.ADMINISTRATOR)
    assert user.check_password(NEW_PASSWORD)


def test_create_administrator_interactively(db, monkeypatch):
    monkeypatch.delenv("ADMINISTRATOR_PASSWORD", raising=False)
    answers = iter(["it", "it@example.org"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    passwords = iter(["short", "short", NEW_PASSWORD, NEW_PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(passwords))

    call_command("create_administrator")

    assert User.objects.get(username="it").check_password(NEW_PASSWORD)


def test_create_administrator_refuses_a_weak_password_and_a_taken_name(db, monkeypatch, administrator):
    monkeypatch.setenv("ADMINISTRATOR_PASSWORD", "password")
    with pytest.raises(CommandError):
        call_command("create_administrator", username="it", email="it@example.org")
    monkeypatch.setenv("ADMINISTRATOR_PASSWORD", NEW_PASSWORD)
    with pytest.raises(CommandError):
        call_command("create_administrator", username=administrator.username, email="it@example.org")
    assert not User.objects.filter(username="it").exists()


def test_a_role_given_by_an_administrator_is_told_to_the_person_and_the_managers(client, administrator, counsellor):
    """An administrator cannot quietly open files to an account they made for their own use."""
    manager = UserFactory(manager=True, email="coordination@example.org")
    client.force_login(administrator)

    _post_change(client, counsellor, groups=[str(Group.objects.get(name=Role.MANAGER).pk)])

    event = AccountEvent.objects.get()
    assert (event.kind, event.subject, event.actor) == (AccountEventKind.ROLE_GRANTED, counsellor, administrator)
    assert sorted(mail.outbox[0].to) == sorted([counsellor.email, manager.email])


def test_a_new_account_with_a_role_is_told_to_the_managers(client, administrator, db):
    manager = UserFactory(manager=True, email="coordination@example.org")
    client.force_login(administrator)

    response = client.post(
        reverse("admin:missionlocale_user_add"),
        {
            "username": "nouveau",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "first_name": "Nou",
            "last_name": "Veau",
            "email": "nouveau@example.org",
            "profession": Profession.COUNSELLOR,
            "fte": "1.00",
            "groups": [str(Group.objects.get(name=Role.COUNSELLOR).pk)],
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    new = User.objects.get(username="nouveau")
    assert not new.is_staff and not new.is_superuser
    assert AccountEvent.objects.get().subject == new
    assert manager.email in mail.outbox[0].to
