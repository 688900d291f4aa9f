"""Who may do what with employers, matchings, events and insertion contracts.

Permissions are granted to roles in missionlocale/roles.py. Two professions of the support-staff role
hold the everyday work: the employer relations officer (employers, offers, matchings, events) and the
DEIES supervisor (insertion contracts); a manager may do both.
"""

from accompaniment import perms as accompaniment_perms
from missionlocale.enums import Profession


def _support_staff(user) -> bool:
    return user.has_perm("missionlocale.keep_caseload")


def can_view_employers(user) -> bool:
    """The directory, offers and events: staff who work with job seekers may read them to propose their people."""
    return user.has_perm("employers.view_employer")


def can_manage_employers(user) -> bool:
    """Add and edit employers, log prospection, record offers, organise events."""
    return user.has_perm("employers.manage_employers") or (
        user.profession == Profession.EMPLOYER_RELATIONS and _support_staff(user)
    )


def can_handle_matching(user, job_seeker) -> bool:
    """Propose a person or move their matching: the employer relations officer, or the person's team."""
    return can_manage_employers(user) or accompaniment_perms.can_edit_file(user, job_seeker)


def can_supervise_contracts(user) -> bool:
    """Follow every DEIES and Article 60 contract: the DEIES supervisor and managers."""
    return user.has_perm("employers.supervise_contracts") or (
        user.profession == Profession.DEIES_SUPERVISOR and _support_staff(user)
    )


def can_read_contracts_of_own_files(user) -> bool:
    """Staff who keep files see the contracts of the people in their team (the worker's counsellor)."""
    return accompaniment_perms.can_read_files(user)


def can_list_contracts(user) -> bool:
    return can_supervise_contracts(user) or can_read_contracts_of_own_files(user)


def can_view_contract(user, contract) -> bool:
    return can_supervise_contracts(user) or (
        can_read_contracts_of_own_files(user) and accompaniment_perms.is_in_team(user, contract.worker)
    )
