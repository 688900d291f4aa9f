from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from missionlocale.models import User

admin.site.site_header = _("Mission Locale: administration")
admin.site.site_title = _("Mission Locale")
admin.site.index_title = _("Staff, roles and reference lists")


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ["username", "last_name", "first_name", "profession", "fte", "is_active"]
    list_filter = ["profession", "groups", "is_active"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Staff profile"), {"fields": ["profession", "fte", "employment_start", "employment_end"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (
            _("Staff profile"),
            {"fields": ["first_name", "last_name", "email", "profession", "fte", "employment_start", "groups"]},
        ),
    ]
