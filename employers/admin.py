from django.contrib import admin

from employers.models import CertificationKind, Worksite

# Only reference data is edited in the admin, by administrators.


@admin.register(Worksite)
class WorksiteAdmin(admin.ModelAdmin):
    list_display = ["name", "name_nl", "organisation", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_nl", "organisation"]


@admin.register(CertificationKind)
class CertificationKindAdmin(admin.ModelAdmin):
    list_display = ["name", "name_nl", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_nl"]
