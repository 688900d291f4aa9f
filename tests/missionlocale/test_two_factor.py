import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from missionlocale import otp
from missionlocale.models import RecoveryCode
from tests.missionlocale.factories import PASSWORD

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
MORNING = datetime.datetime(2026, 11, 24, 8, 30, tzinfo=BRUSSELS)
COOKIE = "ml_trusted_day"


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.OTP_REQUIRED = True


def code_for(device):
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def login(client, user, **extra):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD, **extra})


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def test_first_login_enrols_an_app_and_shows_ten_recovery_codes_once(client, counsellor):
    with time_machine.travel(MORNING, tick=False) as traveller:
        response = client.get(login(client, counsellor).url, follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))
        content = response.content.decode()
        assert "Authentification à deux facteurs" in content
        device = TOTPDevice.objects.get(user=counsellor, confirmed=False)
        assert otp.totp_secret(device) in content
        assert "otpauth://totp/" in content

        wrong = client.post(reverse("two_factor_setup"), {"token": "000000", "next": "/caseload/"})
        assert "Ce code n’est pas celui attendu" in wrong.content.decode()
        assert not TOTPDevice.objects.filter(user=counsellor, confirmed=True).exists()
        traveller.shift(datetime.timedelta(seconds=5))  # after a wrong code, django-otp waits 1, 2, 4… seconds

        response = client.post(reverse("two_factor_setup"), {"token": code_for(device), "next": "/caseload/"})

        content = response.content.decode()
        assert "Codes de secours" in content
        codes = response.context["codes"]
        assert len(codes) == len(set(codes)) == 10
        # Stored hashed, never in clear.
        stored = list(RecoveryCode.objects.filter(user=counsellor).values_list("code_hash", flat=True))
        assert len(stored) == 10
        assert not {code.replace("-", "") for code in codes} & set(stored)
        assert "no-store" in response["Cache-Control"]
        assert client.get(reverse("accompaniment:caseload")).status_code == 200
        # The codes are never shown again.
        page = client.get(reverse("two_factor_recovery_codes")).content.decode()
    assert codes[0] not in page
    assert "10 codes de secours inutilisés" in page


def test_login_asks_for_a_code_and_then_trusts_the_browser_for_the_day(client, counsellor):
    device = enrolled(counsellor)
    with time_machine.travel(MORNING, tick=False) as traveller:
        response = login(client, counsellor)
        response = client.get(response.url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("two_factor_verify"))
        assert client.get(reverse("accompaniment:caseload")).url.startswith(reverse("two_factor_verify"))

        response = client.post(reverse("two_factor_verify"), {"code": code_for(device), "next": "/caseload/"})
        assert response.status_code == 302
        assert response.url == "/caseload/"
        cookie = response.cookies[COOKIE]
        assert cookie["httponly"]
        assert client.get(reverse("accompaniment:caseload")).status_code == 200

        # Later the same day, the session timed out: back in, in the same browser, no code asked.
        traveller.shift(datetime.timedelta(hours=6))
        assert client.get(reverse("accompaniment:caseload")).url.startswith(reverse("login"))
        response = client.get(login(client, counsellor).url, follow=True)
        assert response.redirect_chain[-1][0] == reverse("accompaniment:today")

        # The next morning the browser is no longer trusted.
        traveller.move_to(MORNING + datetime.timedelta(days=1))
        response = client.get(login(client, counsellor).url)
        assert response.url.startswith(reverse("two_factor_verify"))


def test_the_trusted_day_cookie_is_secure_httponly_and_ends_with_the_browser(client, counsellor, settings):
    settings.SESSION_COOKIE_SECURE = True
    device = enrolled(counsellor)
    with time_machine.travel(MORNING, tick=False):
        login(client, counsellor)
        response = client.post(reverse("two_factor_verify"), {"code": code_for(device)})

    cookie = response.cookies[COOKIE]
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    # A cookie of the browser session: closing the browser forgets it (and the signed day ends it at midnight).
    assert (cookie["max-age"], cookie["expires"]) == ("", "")


def test_logging_out_untrusts_the_browser(client, counsellor):
    """Issue 12, item 11: on a shared computer, the next person to log in with a stolen password is asked a code."""
    device = enrolled(counsellor)
    with time_machine.travel(MORNING, tick=False) as traveller:
        login(client, counsellor)
        client.post(reverse("two_factor_verify"), {"code": code_for(device)})

        response = client.post(reverse("logout"))

        assert response.cookies[COOKIE].value == ""
        assert response.cookies[COOKIE]["max-age"] == 0
        traveller.shift(datetime.timedelta(minutes=5))
        response = client.get(login(client, counsellor).url)
        assert response.url.startswith(reverse("two_factor_verify"))


def test_the_absolute_session_limit_untrusts_the_browser_too(client, counsellor):
    device = enrolled(counsellor)
    with time_machine.travel(MORNING, tick=False) as traveller:
        login(client, counsellor)
        client.post(reverse("two_factor_verify"), {"code": code_for(device)})
        for _request in range(40):  # active every 20 minutes, past the 12-hour limit
            traveller.shift(datetime.timedelta(minutes=20))
            response = client.get(reverse("accompaniment:caseload"))
            if COOKIE in response.cookies:
                break

        assert response.cookies[COOKIE].value == ""


def test_the_cookie_of_another_staff_member_or_a_forged_one_proves_nothing(client, counsellor, manager):
    device = enrolled(counsellor)
    enrolled(manager)
    with time_machine.travel(MORNING, tick=False):
        login(client, counsellor)
        trusted = client.post(reverse("two_factor_verify"), {"code": code_for(device)}).cookies[COOKIE].value
        client.post(reverse("logout"))

        client.cookies[COOKIE] = trusted  # kept by a browser that ignored the logout's deletion
        response = client.get(login(client, manager).url)
        assert response.url.startswith(reverse("two_factor_verify"))

        client.post(reverse("logout"))
        client.cookies[COOKIE] = trusted[:-2] + "xx"
        response = client.get(login(client, counsellor).url)
        assert response.url.startswith(reverse("two_factor_verify"))


def test_a_deleted_device_is_no_longer_trusted(client, counsellor):
    device = enrolled(counsellor)
    with time_machine.travel(MORNING, tick=False):
        login(client, counsellor)
        client.post(reverse("two_factor_verify"), {"code": code_for(device)})
        client.post(reverse("logout"))
        device.delete()

        response = client.get(login(client, counsellor).url)

    assert response.url.startswith(reverse("two_factor_setup"))


def test_a_wrong_code_is_refused_in_french_and_repeated_failures_are_throttled(client, counsellor):
    device = enrolled(counsellor)
    with time_machine.travel(MORNING, tick=False) as traveller:
        login(client, counsellor)

        response = client.post(reverse("two_factor_verify"), {"code": "123456"})
        assert "Ce code n’est pas valable" in response.content.decode()
        for _attempt in range(3):
            traveller.shift(datetime.timedelta(seconds=5))
            response = client.post(reverse("two_factor_verify"), {"code": "ABCD-EFGH-JKLM-NPQR"})
            assert "Ce code n’est pas valable" in response.content.decode()
        # Even the right code waits for the throttling delay.
        response = client.post(reverse("two_factor_verify"), {"code": code_for(device)})

    assert response.status_code == 200
    assert "Trop de codes erronés" in response.content.decode()
    assert not client.get(reverse("accompaniment:caseload")).status_code == 200


def test_a_recovery_code_works_once(client, counsellor):
    enrolled(counsellor)
    codes = otp.recovery_codes_generate(user=counsellor)
    with time_machine.travel(MORNING, tick=False) as traveller:
        login(client, counsellor)
        response = client.post(reverse("two_factor_verify"), {"code": codes[3].lower()}, follow=True)
        assert "Code de secours utilisé : il vous reste 9 codes." in response.content.decode()
        assert client.get(reverse("accompaniment:caseload")).status_code == 200

        client.post(reverse("logout"))
        client.cookies.pop(COOKIE)
        traveller.shift(datetime.timedelta(minutes=5))
        login(client, counsellor)
        response = client.post(reverse("two_factor_verify"), {"code": codes[3]})

    assert "Ce code n’est pas valable" in response.content.decode()
    assert RecoveryCode.objects.unused().filter(user=counsellor).count() == 9


def test_new_recovery_codes_replace_the_old_ones(client, counsellor):
    device = enrolled(counsellor)
    old = otp.recovery_codes_generate(user=counsellor)
    with time_machine.travel(MORNING, tick=False):
        login(client, counsellor)
        client.post(reverse("two_factor_verify"), {"code": code_for(device)})

        response = client.post(reverse("two_factor_recovery_codes"))

    new = response.context["codes"]
    assert len(new) == 10
    assert not otp.recovery_code_use(user=counsellor, code=old[0])
    assert otp.recovery_code_use(user=counsellor, code=new[0])


def test_the_code_page_does_not_redirect_elsewhere(client, counsellor):
    device = enrolled(counsellor)
    with time_machine.travel(MORNING, tick=False):
        login(client, counsellor)
        response = client.post(
            reverse("two_factor_verify"), {"code": code_for(device), "next": "https://attacker.example/"}
        )

    assert response.url == reverse("home")


def test_without_the_setting_no_code_is_asked(client, counsellor, settings):
    settings.OTP_REQUIRED = False
    enrolled(counsellor)

    response = client.get(login(client, counsellor).url)

    assert response.url == reverse("accompaniment:today")


def test_with_segno_installed_the_setup_page_shows_a_qr_code(client, counsellor):
    pytest.importorskip("segno")
    client.force_login(counsellor)

    content = client.get(reverse("two_factor_setup")).content.decode()

    assert 'class="ml-qr-code" src="data:image/svg+xml' in content
