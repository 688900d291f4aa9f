from django.contrib import admin

from workshops.models import Funder, LocalProjectDetails, Module

# Reference data only: the catalogue of modules, funders and the details of local projects.


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "name_nl",
        "kind",
        "usual_weeks",
        "funder",
        "local_project",
        "completion_rate",
        "confidential",
        "is_active",
    ]
    list_filter = ["kind", "confidential", "is_active", "funder"]
    search_fields = ["name", "name_nl"]


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(LocalProjectDetails)
class LocalProjectDetailsAdmin(admin.ModelAdmin):
    list_display = ["local_project", "starts_on", "ends_on", "funder", "project_officer", "target_count"]
    autocomplete_fields = []
