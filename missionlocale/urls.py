from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from missionlocale import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/2fa/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("accounts/2fa/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("accounts/2fa/recovery-codes/", views.two_factor_recovery_codes, name="two_factor_recovery_codes"),
    # Before Django's own, which it replaces: the same form, throttled.
    path("accounts/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("accompaniment.urls")),
    path("", include("employers.urls")),
    path("", include("documents.urls")),
    path("", include("privacy.urls")),
    path("workshops/", include("workshops.urls")),
    path("reporting/", include("reporting.urls")),
    path("admin/", admin.site.urls),
]
