from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "employers"
    verbose_name = _("Employers and insertion contracts")

    def ready(self):
        # The job-seeker file's timeline lives in accompaniment, which may not import the apps above it:
        # this app hands it its entries through the registry instead. (Reporting, above this app, imports
        # employers.report directly and needs no registration.)
        from accompaniment.timeline import TIMELINE_PROVIDERS
        from employers.timeline import employers_timeline

        if employers_timeline not in TIMELINE_PROVIDERS:
            TIMELINE_PROVIDERS.append(employers_timeline)
