from django.test import override_settings
from django.urls import reverse


def test_healthz_reports_the_database(client, db):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_healthz_fails_when_the_configured_broker_is_unreachable(client, db):
    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "error"}


def test_healthz_checks_the_broker_when_one_is_configured(client, db, settings):
    response = client.get(reverse("healthz"))

    expected = "ok" if settings.CELERY_BROKER_URL else "not configured"
    assert response.json()["broker"] == expected
