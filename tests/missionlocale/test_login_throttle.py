"""Issue 12, item 13: password spraying is throttled, not only six failures in a row from one address."""

from django.urls import reverse

from tests.missionlocale.factories import PASSWORD, UserFactory

LOCKED = "Compte temporairement bloqué"


def attempt(client, username, ip, password="wrong-password"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_one_username_guessed_from_many_addresses_is_locked(client, settings, counsellor):
    # Under axes' rule of 6 for one username from one address: 2 tries from each of 5 addresses.
    for index in range(settings.LOGIN_FAILURES_PER_USERNAME):
        response = attempt(client, counsellor.username, f"203.0.113.{index // 2}")
        assert response.status_code == 200

    response = attempt(client, counsellor.username, "198.51.100.7", password=PASSWORD)

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another staff member from one of those addresses is not concerned.
    other = UserFactory(counsellor=True)
    assert attempt(client, other.username, "203.0.113.1", password=PASSWORD).status_code == 302


def test_one_address_trying_many_usernames_is_locked(client, settings, db):
    staff = [UserFactory(counsellor=True) for _index in range(3)]
    for index in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        assert attempt(client, f"guess{index}", "192.0.2.50").status_code == 200

    response = attempt(client, staff[0].username, "192.0.2.50", password=PASSWORD)

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    # The same staff member from another address logs in.
    assert attempt(client, staff[0].username, "192.0.2.51", password=PASSWORD).status_code == 302


def test_a_few_mistyped_passwords_across_an_office_lock_nobody(client, db):
    staff = [UserFactory(counsellor=True) for _index in range(5)]
    for member in staff:
        for _attempt in range(2):
            attempt(client, member.username, "192.0.2.80")

    for member in staff:
        client.post(reverse("logout"))
        assert attempt(client, member.username, "192.0.2.80", password=PASSWORD).status_code == 302
