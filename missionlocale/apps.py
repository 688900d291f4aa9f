from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MissionLocaleConfig(AppConfig):
    name = "missionlocale"
    verbose_name = _("Staff and roles")

    def ready(self):
        from missionlocale import checks, figure_cache, middleware  # noqa: F401  (system checks; login receiver)
        from missionlocale.roles import roles_sync_after_migrate

        # Groups and their permissions follow ROLE_PERMISSIONS after every migrate.
        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="missionlocale_roles_sync")
        # Stored figures are recomputed after any change to the data they are computed from.
        figure_cache.connect_signals()
