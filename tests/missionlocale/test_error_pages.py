"""Error pages: in French and Dutch, never a stack trace nor what the failing request held."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.urls("tests.error_urls")


@pytest.fixture
def production(settings):
    settings.DEBUG = False


def _no_trace(content: str):
    for leak in ("Traceback", "RuntimeError", "SuspiciousOperation", "Zanzibar", "85073003328", 'File "'):
        assert leak not in content


def test_a_crash_gives_the_bilingual_500_page(client, counsellor, production):
    client.force_login(counsellor)
    client.raise_request_exception = False

    response = client.get("/test-errors/500/")

    assert response.status_code == 500
    content = response.content.decode()
    assert "Une erreur est survenue" in content
    assert "Er is een fout opgetreden" in content
    _no_trace(content)


def test_a_bad_request_gives_the_bilingual_400_page(client, counsellor, production):
    client.force_login(counsellor)

    response = client.get("/test-errors/400/")

    assert response.status_code == 400
    content = response.content.decode()
    assert "Requête invalide" in content
    assert "Ongeldige aanvraag" in content
    _no_trace(content)


@pytest.mark.parametrize(
    ("language", "forbidden", "not_found"),
    [("fr", "Accès refusé", "Page introuvable"), ("nl", "Toegang geweigerd", "Pagina niet gevonden")],
)
def test_refused_and_missing_pages_speak_the_staff_members_language(
    client, counsellor, production, settings, language, forbidden, not_found
):
    client.force_login(counsellor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    refused = client.get(reverse("reporting:reports"))
    missing = client.get(reverse("accompaniment:file_detail", args=[999999]))

    assert refused.status_code == 403
    assert forbidden in refused.content.decode()
    assert missing.status_code == 404
    assert not_found in missing.content.decode()
    _no_trace(missing.content.decode())


def test_an_expired_form_gives_a_bilingual_page_not_a_technical_one(counsellor, production):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(counsellor)

    response = client.post(reverse("accompaniment:file_search"), {"q": "Zanzibar"})

    assert response.status_code == 403
    content = response.content.decode()
    assert "Formulaire expiré" in content
    assert "Formulier verlopen" in content
    _no_trace(content)
    assert "CSRF" not in content
