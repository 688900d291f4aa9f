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
