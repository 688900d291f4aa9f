from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccompanimentConfig(AppConfig):
    name = "accompaniment"
    verbose_name = _("Accompaniment")

    def ready(self):
        from accompaniment import signals  # noqa: F401 - connects the receivers
