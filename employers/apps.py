from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "employers"
    verbose_name = _("Employers and insertion contracts")

    def ready(self):
        from accompaniment.timeline import TIMELINE_PROVIDERS
        from employers.timeline import employers_timeline

        if employers_timeline not in TIMELINE_PROVIDERS:
            TIMELINE_PROVIDERS.append(employers_timeline)

        from employers.report import deies_section, employers_section, partners_section
        from reporting.annual import SECTION_PROVIDERS

        SECTION_PROVIDERS.update(employers=employers_section, partners=partners_section, deies=deies_section)

        from employers.report import dashboard_panel
        from reporting.dashboard import DASHBOARD_PANELS

        if dashboard_panel not in DASHBOARD_PANELS:
            DASHBOARD_PANELS.append(dashboard_panel)
