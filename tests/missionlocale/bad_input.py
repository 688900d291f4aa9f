"""The shared base's rows of the bad-input tests (tests/test_bad_input.py): log-in, password, language, two-factor."""

from django.contrib.auth import forms as auth_forms
from django.urls import reverse

from missionlocale import forms as missionlocale_forms
from tests.bad_input import Target, _url, form_fields
from tests.missionlocale.factories import PASSWORD

TARGETS = {
    # Authentication and language
    "login": Target(
        auth_forms.AuthenticationForm,
        form_fields(auth_forms.AuthenticationForm, "next"),
        _url("login"),
        role=None,
        accepts_base=False,
    ),
    "home": Target(None, [], _url("home")),
    # Two-factor pages: a random code is never a valid one.
    "two_factor_setup": Target(
        missionlocale_forms.TwoFactorEnrolForm, ["token"], _url("two_factor_setup"), accepts_base=False
    ),
    "two_factor_verify": Target(
        missionlocale_forms.TwoFactorVerifyForm, ["code"], _url("two_factor_verify"), accepts_base=False
    ),
    "two_factor_recovery_codes": Target(None, [], _url("two_factor_recovery_codes"), accepts_base=False),
    "logout": Target(None, ["next"], _url("logout")),
    "set_language": Target(None, ["language", "next"], _url("set_language"), base=lambda o: {"language": "nl"}),
    "password_change": Target(
        auth_forms.PasswordChangeForm,
        form_fields(auth_forms.PasswordChangeForm),
        _url("password_change"),
        base=lambda o: {
            "old_password": PASSWORD,
            "new_password1": "Un-nouveau-mot-de-passe-2026",
            "new_password2": "Un-nouveau-mot-de-passe-2026",
        },
    ),
    "password_reset": Target(
        auth_forms.PasswordResetForm,
        form_fields(auth_forms.PasswordResetForm),
        _url("password_reset"),
        base=lambda o: {"email": "personne@example.org"},
        role=None,
    ),
    "password_reset_confirm": Target(
        auth_forms.SetPasswordForm,
        form_fields(auth_forms.SetPasswordForm),
        lambda o: reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "set-password"}),
        role=None,
        accepts_base=False,  # the link is not a valid one
    ),
}
