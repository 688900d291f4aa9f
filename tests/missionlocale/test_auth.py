import pytest
from django.test import override_settings
from django.urls import reverse

from tests.missionlocale.factories import PASSWORD, UserFactory

LOGIN_URL = reverse("login")


def login(client, username, password=PASSWORD, follow=True):
    return client.post(LOGIN_URL, {"username": username, "password": password}, follow=follow)


@pytest.mark.parametrize(
    ("traits", "home_url_name", "heading"),
    [
        ({"counsellor": True}, "accompaniment:today", "Aujourd’hui"),
        ({"psychologist": True}, "accompaniment:caseload", "Mon portefeuille"),
        ({"manager": True}, "reporting:dashboard", "Tableau de bord"),
        ({"director": True}, "reporting:reports", "Rapports d’activités annuels"),
        ({"administrator": True}, "admin:index", "Personnel, rôles et listes de référence"),
    ],
)
def test_each_role_logs_in_and_lands_on_its_home(client, db, traits, home_url_name, heading):
    user = UserFactory(**traits)

    response = login(client, user.username)

    assert response.redirect_chain[-1][0] == reverse(home_url_name)
    assert response.status_code == 200
    assert heading in response.content.decode()


def test_user_without_role_is_told_so(client, db):
    user = UserFactory(username="sansrole", role=False)

    response = login(client, user.username)

    assert response.status_code == 200
    assert "Aucun rôle" in response.content.decode()


def test_wrong_password_shows_a_french_error_and_does_not_log_in(client, counsellor):
    response = login(client, counsellor.username, password="not-the-password")

    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sixth_wrong_attempt_in_a_row_is_locked_out(client, counsellor):
    for _attempt in range(5):
        response = login(client, counsellor.username, password="wrong-password")
        assert response.status_code == 200
        assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()

    response = login(client, counsellor.username, password="wrong-password")

    assert response.status_code == 429
    assert "Compte temporairement bloqué" in response.content.decode()
    # Even the right password is refused once locked out.
    response = login(client, counsellor.username)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_success_resets_the_failure_count(client, counsellor):
    for _attempt in range(5):
        login(client, counsellor.username, password="wrong-password")
    login(client, counsellor.username)
    client.post(reverse("logout"))
    for _attempt in range(5):
        login(client, counsellor.username, password="wrong-password")

    response = login(client, counsellor.username)

    assert response.status_code == 200
    assert client.session["_auth_user_id"] == str(counsellor.pk)


def test_logout_requires_post_and_ends_the_session(client, counsellor):
    client.force_login(counsellor)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_role_pages_refuse_other_roles_with_a_french_page(client, counsellor):
    client.force_login(counsellor)

    response = client.get(reverse("reporting:reports"))

    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_admin_is_refused_to_non_administrators(client, manager):
    client.force_login(manager)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_a_lockout_is_per_client_address(client, counsellor):
    # A forged first entry does not help: the proxy appends the real address last.
    attacker = {"HTTP_X_FORWARDED_FOR": "10.9.9.9, 203.0.113.5"}
    for _attempt in range(6):
        client.post(LOGIN_URL, {"username": counsellor.username, "password": "wrong-password"}, **attacker)
    assert (
        client.post(LOGIN_URL, {"username": counsellor.username, "password": PASSWORD}, **attacker).status_code == 429
    )

    response = client.post(
        LOGIN_URL, {"username": counsellor.username, "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("profession", "home_url_name"),
    [("employer_relations", "employers:follow_ups"), ("deies_supervisor", "employers:contract_list")],
)
def test_staff_without_a_caseload_land_on_their_own_list(client, db, profession, home_url_name):
    user = UserFactory(profession=profession)

    response = login(client, user.username)

    assert response.redirect_chain[-1][0] == reverse(home_url_name)
    assert response.status_code == 200
