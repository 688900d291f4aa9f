"""Helpers shared by the browser journeys."""

import pytest
from django.conf import settings
from django.test import Client

from tests.missionlocale.factories import PASSWORD


@pytest.fixture
def log_in(live_server):
    """Log in through the login form, as a person does: ``log_in(page, "amina")``.

    The page goes to the login form first, unless ``on_current_page`` says it already shows it (after a redirect
    to the login page, or after logging out).
    """

    def log_in(page, username: str, *, on_current_page: bool = False) -> None:
        if not on_current_page:
            page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Nom d’utilisateur").fill(username)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Connexion").click()

    return log_in


@pytest.fixture
def log_in_without_form(live_server):
    """Give the browser the session of ``user`` without going through the form: for tests that visit many pages
    as many users and are not about logging in."""

    def log_in_without_form(page, user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])

    return log_in_without_form
