"""Roles are Django groups; this module is the one place that says which permissions each holds.

Later apps add their permissions to ROLE_PERMISSIONS; ``roles_sync`` runs after every migrate.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS

from missionlocale.enums import Role

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.COUNSELLOR: [
        "missionlocale.keep_caseload",
        # Employers, offers and events are read by support staff; the employer relations officer and the DEIES
        # supervisor do the rest by profession (employers/perms.py).
        "employers.view_employer",
        "workshops.add_session",
        "workshops.add_computervisit",
    ],
    Role.MANAGER: [
        "missionlocale.keep_caseload",
        "missionlocale.view_dashboard",
        "missionlocale.manage_caseloads",
        "employers.view_employer",
        "employers.manage_employers",
        "employers.supervise_contracts",
        "workshops.add_session",
        "workshops.add_computervisit",
    ],
    Role.DIRECTOR: [
        "missionlocale.view_dashboard",
        "missionlocale.view_reports",
        "missionlocale.set_objectives",
        # The identity the annual report prints (name, address, logos, colours) is the director's, like the
        # report: not a reference list of the administrator's.
        "missionlocale.change_organisation",
    ],
    Role.ADMINISTRATOR: [
        "accompaniment.view_localproject",
        "accompaniment.add_localproject",
        "accompaniment.change_localproject",
        "accompaniment.view_partner",
        "accompaniment.add_partner",
        "accompaniment.change_partner",
        "accompaniment.view_room",
        "accompaniment.add_room",
        "accompaniment.change_room",
        "employers.view_worksite",
        "employers.add_worksite",
        "employers.change_worksite",
        "employers.view_certificationkind",
        "employers.add_certificationkind",
        "employers.change_certificationkind",
        "workshops.view_module",
        "workshops.add_module",
        "workshops.change_module",
        "workshops.view_funder",
        "workshops.add_funder",
        "workshops.change_funder",
        "workshops.view_localprojectdetails",
        "workshops.add_localprojectdetails",
        "workshops.change_localprojectdetails",
        "missionlocale.view_user",
        "missionlocale.add_user",
        "missionlocale.change_user",
        # Roles are read, never edited, in the admin: what each holds is decided here, in code.
        "auth.view_group",
        # To reset the two-factor authentication of someone who lost their phone: they enrol again.
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",
    ],
}


def _permissions(names: list[str]) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = Permission.objects.filter(content_type__app_label__in={app for app, _ in wanted}).select_related(
        "content_type"
    )
    return [perm for perm in found if (perm.content_type.app_label, perm.codename) in wanted]


def roles_sync() -> None:
    """Create the role groups and give each exactly the permissions of ROLE_PERMISSIONS."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set(_permissions(names))


def roles_sync_after_migrate(sender, **kwargs) -> None:
    # post_migrate fires once per app; the last call sees every app's permissions. This receiver may run
    # before auth's for the same app (missionlocale is ready first), so create that app's permissions now.
    using = kwargs.get("using", DEFAULT_DB_ALIAS)
    create_permissions(sender, verbosity=0, using=using, apps=kwargs.get("apps", global_apps))
    roles_sync()
