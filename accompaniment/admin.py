from django.contrib import admin

from accompaniment.models import LocalProject, Partner, Room

# Only reference data is edited in the admin: files, interviews and notes never show there.


@admin.register(LocalProject)
class LocalProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "name_nl", "confidential", "is_active"]
    list_filter = ["confidential", "is_active"]
    search_fields = ["name", "name_nl"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
