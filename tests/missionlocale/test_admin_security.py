from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accompaniment.models import Interview, JobSeeker, LocalProject, Partner, Room
from employers.models import CertificationKind, Worksite
from missionlocale.models import RecoveryCode, User
from tests.missionlocale.factories import UserFactory
from workshops.models import Funder, LocalProjectDetails, Module

# Reference data, staff accounts and the security tables: nothing about the people followed. A new model in
# the admin must be added here on purpose.
ADMIN_MODELS = {
    LocalProject,
    Partner,
    Room,  # meeting rooms for the appointments
    Worksite,
    CertificationKind,
    Module,
    Funder,
    LocalProjectDetails,
    User,
    Group,
    TOTPDevice,
    AccessAttempt,
    AccessLog,
    AccessFailureLog,
}


def test_the_admin_holds_reference_data_and_staff_only():
    registered = set(admin.site._registry)

    assert registered == ADMIN_MODELS
    # Confidential notes (interviews), files and the hashed recovery codes are not there, not even inline.
    assert Interview not in registered
    assert JobSeeker not in registered
    assert RecoveryCode not in registered
    inline_models = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
    assert inline_models <= ADMIN_MODELS


def test_no_admin_page_shows_a_confidential_note(client, administrator):
    from tests.accompaniment.factories import InterviewFactory

    InterviewFactory(note="Suivi psychologique : violences conjugales")
    client.force_login(administrator)

    pages = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in ADMIN_MODELS
    ]
    for url in pages:
        response = client.get(url)
        assert "violences conjugales" not in response.content.decode(), url


def test_a_staff_flag_given_to_another_role_does_not_open_the_admin(client, db):
    manager = UserFactory(manager=True, is_staff=True)
    client.force_login(manager)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_an_administrator_resets_a_lost_second_factor_without_seeing_its_secret(client, administrator, counsellor):
    device = TOTPDevice.objects.create(user=counsellor, name="authenticator", confirmed=True)
    client.force_login(administrator)

    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert device.key not in page
    assert client.get(reverse("admin:otp_totp_totpdevice_qrcode", args=[device.pk])).status_code == 403

    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=counsellor).exists()
