from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from missionlocale import perms
from missionlocale.forms import IdChoiceField, IdListField


class SafeIdsMixin:
    """Choices of rows that refuse ids beyond 64 bits with a form error, not a 500 (see IdListField)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", IdChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", IdListField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class AdministratorsAdminSite(admin.AdminSite):
    """The admin for administrators only: a staff flag given by mistake to another role opens nothing."""

    def has_permission(self, request):
        return perms.can_administer(request.user)

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every model admin, ours and those of the libraries (groups, TOTP devices…), gets the safe choices.
        admin_class = admin_class or admin.ModelAdmin
        safe_class = type(admin_class.__name__, (SafeIdsMixin, admin_class), {"__module__": admin_class.__module__})
        super().register(model_or_iterable, safe_class, **options)


class MissionLocaleAdminConfig(AdminConfig):
    """Django's admin, on the administrators' site (INSTALLED_APPS names this instead of django.contrib.admin)."""

    default_site = "missionlocale.admin_site.AdministratorsAdminSite"
