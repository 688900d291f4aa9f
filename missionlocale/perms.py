"""Who may do what, for the shared base. Each app's perms.py holds its own rules."""

from missionlocale.enums import Profession, Role


def can_keep_caseload(user) -> bool:
    return user.has_perm("missionlocale.keep_caseload")


def is_counsellor(user) -> bool:
    """A counsellor (conseiller·ère emploi) who keeps a caseload: the "Today" page is her home."""
    return user.profession == Profession.COUNSELLOR and can_keep_caseload(user)


def can_view_dashboard(user) -> bool:
    return user.has_perm("missionlocale.view_dashboard")


def can_view_reports(user) -> bool:
    return user.has_perm("missionlocale.view_reports")


def can_administer(user) -> bool:
    return user.is_active and user.is_staff and (user.is_superuser or user.has_role(Role.ADMINISTRATOR))


def home_url_name(user) -> str | None:
    """The page a staff member lands on after login, by their most encompassing role."""
    # Staff whose work is not a caseload land on their own list.
    by_profession = {
        Profession.EMPLOYER_RELATIONS: "employers:follow_ups",
        Profession.DEIES_SUPERVISOR: "employers:contract_list",
    }
    if user.profession in by_profession and user.has_perm("missionlocale.keep_caseload"):
        return by_profession[user.profession]
    if can_view_reports(user):
        return "reporting:reports"
    if can_view_dashboard(user):
        return "reporting:dashboard"
    if can_keep_caseload(user):
        # Counsellors start their day on what needs them today; other staff with files on their list.
        return "accompaniment:today" if is_counsellor(user) else "accompaniment:caseload"
    if can_administer(user):
        return "admin:index"
    return None
