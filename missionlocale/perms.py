"""Who may do what, for the shared base. Each app's perms.py holds its own rules."""

from missionlocale.enums import Role


def can_keep_caseload(user) -> bool:
    return user.has_perm("missionlocale.keep_caseload")


def can_view_dashboard(user) -> bool:
    return user.has_perm("missionlocale.view_dashboard")


def can_view_reports(user) -> bool:
    return user.has_perm("missionlocale.view_reports")


def can_administer(user) -> bool:
    return user.is_active and user.is_staff and (user.is_superuser or user.has_role(Role.ADMINISTRATOR))


def home_url_name(user) -> str | None:
    """The page a staff member lands on after login, by their most encompassing role."""
    if can_view_reports(user):
        return "reporting:reports"
    if can_view_dashboard(user):
        return "reporting:dashboard"
    if can_keep_caseload(user):
        return "accompaniment:caseload"
    if can_administer(user):
        return "admin:index"
    return None
