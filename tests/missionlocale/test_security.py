"""Sessions, passwords, caching and the security headers of a real page."""

import datetime

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.missionlocale.factories import PASSWORD

CASELOAD = reverse("accompaniment:caseload")


def test_a_session_ends_12_hours_after_login_however_active(client, counsellor):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(counsellor)
        for _request in range(12 * 3):  # a request every 20 minutes, all day long
            traveller.shift(datetime.timedelta(minutes=20))
            assert client.get(CASELOAD).status_code == 200
        traveller.shift(datetime.timedelta(minutes=20))

        response = client.get(CASELOAD)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    # The session that ended is gone, and no empty one was written in its place.
    assert not Session.objects.exists()


def test_a_disabled_account_loses_its_session_at_its_next_request(client, counsellor):
    client.force_login(counsellor)
    assert client.get(CASELOAD).status_code == 200

    counsellor.is_active = False
    counsellor.save()
    response = client.get(CASELOAD)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    # Enabled again, the account must log in again: the old session is gone for good.
    counsellor.is_active = True
    counsellor.save()
    assert client.get(CASELOAD).status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Brux-2024!a", "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères."),
        ("password1234", "Ce mot de passe est trop courant."),
        ("marolles lundi matin", None),  # long and uncommon: accepted
        ("483920175638", "Ce mot de passe est entièrement numérique."),
    ],
)
def test_passwords_have_12_characters_and_are_not_common(db, password, message):
    from django.utils import translation

    with translation.override("fr"):
        if message is None:
            validate_password(password)
            return
        with pytest.raises(ValidationError) as error:
            validate_password(password)
    assert message in error.value.messages


def test_pages_and_exports_for_signed_in_staff_are_not_stored(client, counsellor):
    client.force_login(counsellor)

    for url in (CASELOAD, reverse("accompaniment:caseload_export"), reverse("accompaniment:file_search")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


@pytest.fixture
def production_like(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


def test_a_real_page_carries_the_security_headers(client, counsellor, production_like):
    login = client.post(reverse("login"), {"username": counsellor.username, "password": PASSWORD}, secure=True)
    session_cookie = login.cookies["sessionid"]
    assert session_cookie["secure"] and session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"
    csrf_cookie = client.get(reverse("login"), secure=True).cookies.get("csrftoken") or login.cookies.get("csrftoken")
    if csrf_cookie is not None:
        assert csrf_cookie["secure"] and csrf_cookie["httponly"]

    response = client.get(CASELOAD, secure=True)

    assert response.status_code == 200
    policy = dict(
        (directive.split(" ", 1) + [""])[:2] for directive in response["Content-Security-Policy"].split("; ")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_plain_http_is_redirected_to_https_in_production(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get(reverse("login"))

    assert response.status_code == 301
    assert response.url.startswith("https://")
