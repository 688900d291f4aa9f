from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from missionlocale import perms


class AdministratorsAdminSite(admin.AdminSite):
    """The admin for administrators only: a staff flag given by mistake to another role opens nothing."""

    def has_permission(self, request):
        return perms.can_administer(request.user)


class MissionLocaleAdminConfig(AdminConfig):
    """Django's admin, on the administrators' site (INSTALLED_APPS names this instead of django.contrib.admin)."""

    default_site = "missionlocale.admin_site.AdministratorsAdminSite"
