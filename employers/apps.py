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
