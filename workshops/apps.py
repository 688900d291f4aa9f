from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Collective modules and computer room")

    def ready(self):
        # The job-seeker file's timeline lives in accompaniment, which may not import the apps above it:
        # this app hands it its entries through the registry instead. (Reporting, above this app, imports
        # workshops.report directly and needs no registration.)
        from accompaniment.timeline import TIMELINE_PROVIDERS
        from workshops.timeline import workshops_timeline

        if workshops_timeline not in TIMELINE_PROVIDERS:
            TIMELINE_PROVIDERS.append(workshops_timeline)
