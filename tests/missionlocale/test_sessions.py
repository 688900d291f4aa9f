import datetime

import time_machine
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.missionlocale.factories import UserFactory


def test_session_expires_after_30_minutes_without_activity(client, counsellor):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(counsellor)
        traveller.shift(datetime.timedelta(minutes=25))
        assert client.get(reverse("accompaniment:caseload")).status_code == 200
        # Activity renewed the session: 25 more minutes is still within 30 of the last request.
        traveller.shift(datetime.timedelta(minutes=25))
        assert client.get(reverse("accompaniment:caseload")).status_code == 200

        traveller.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse("accompaniment:caseload"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_session_is_renewed_at_most_once_a_minute_not_written_by_every_page(client, counsellor):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(counsellor)
        client.get(reverse("accompaniment:caseload"))
        session = Session.objects.get()
        first_expiry = session.expire_date
        assert first_expiry == start + datetime.timedelta(minutes=30)

        traveller.shift(datetime.timedelta(seconds=30))
        client.get(reverse("accompaniment:caseload"))
        assert Session.objects.get().expire_date == first_expiry  # not written again within the minute

        traveller.shift(datetime.timedelta(seconds=31))
        client.get(reverse("accompaniment:caseload"))
        assert Session.objects.get().expire_date == start + datetime.timedelta(seconds=61, minutes=30)


def test_password_change(client, counsellor):
    client.force_login(counsellor)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "un-nouveau-mot-de-passe-solide",
            "new_password2": "un-nouveau-mot-de-passe-solide",
        },
        follow=True,
    )

    assert "Mot de passe modifié" in response.content.decode()
    counsellor.refresh_from_db()
    assert counsellor.check_password("un-nouveau-mot-de-passe-solide")


def test_password_change_refuses_a_short_password_in_french(client, counsellor):
    client.force_login(counsellor)

    response = client.post(
        reverse("password_change"),
        {"old_password": "correct-horse-battery", "new_password1": "court1A!", "new_password2": "court1A!"},
    )

    assert response.status_code == 200
    assert "Ce mot de passe est trop court" in response.content.decode()
    counsellor.refresh_from_db()
    assert counsellor.check_password("correct-horse-battery")


def test_password_reset_by_email(client, db):
    user = UserFactory(counsellor=True, email="amina@example.org")

    response = client.post(reverse("password_reset"), {"email": "amina@example.org"}, follow=True)

    assert "Email envoyé" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina@example.org"]
    assert "choisir un nouveau mot de passe" in message.body
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]

    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "une-phrase-de-passe-neuve", "new_password2": "une-phrase-de-passe-neuve"},
        follow=True,
    )

    assert "Mot de passe enregistré" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("une-phrase-de-passe-neuve")


def test_password_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)

    assert "Email envoyé" in response.content.decode()
    assert mail.outbox == []
