from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Collective modules and computer room")

    def ready(self):
        from accompaniment.timeline import TIMELINE_PROVIDERS
        from workshops.timeline import workshops_timeline

        if workshops_timeline not in TIMELINE_PROVIDERS:
            TIMELINE_PROVIDERS.append(workshops_timeline)

        from reporting.annual import SECTION_PROVIDERS
        from reporting.dashboard import DASHBOARD_PANELS
        from workshops.report import dashboard_panel, epn_section, local_projects_section, modules_section

        SECTION_PROVIDERS.update(modules=modules_section, epn=epn_section, local_projects=local_projects_section)
        if dashboard_panel not in DASHBOARD_PANELS:
            DASHBOARD_PANELS.insert(0, dashboard_panel)
