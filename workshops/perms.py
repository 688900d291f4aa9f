"""Who may see and run modules, sessions and the computer room.

Nouveaux Départs (a confidential module) reveals domestic violence: who is enrolled shows only to the session's
facilitators, the person's team (the counsellor of their open accompaniment, staff added to the file) and
psychologists. Managers and other staff see that the session exists and how full it is, never who is in it.
"""

from accompaniment import perms as accompaniment_perms
from missionlocale.enums import Profession
from workshops.models import Enrolment, Session


def can_use_workshops(user) -> bool:
    """Staff who work with people: they see the catalogue, sessions and local projects."""
    return accompaniment_perms.can_read_files(user)


def can_create_sessions(user) -> bool:
    return user.has_perm("workshops.add_session")


def can_use_epn(user) -> bool:
    return user.has_perm("workshops.add_computervisit")


def is_facilitator(user, session: Session) -> bool:
    cache = getattr(session, "_facilitator_ids", None)
    if cache is None:
        cache = session._facilitator_ids = {u.pk for u in session.facilitators.all()}
    return user.pk in cache


def can_see_participants(user, session: Session) -> bool:
    """The list of participants (and its exports: sign-in sheet, CSV, attendance)."""
    if not can_use_workshops(user):
        return False
    if session.module.confidential:
        return user.profession == Profession.PSYCHOLOGIST or is_facilitator(user, session)
    return True


def can_run_session(user, session: Session) -> bool:
    """Take attendance, enrol, change statuses, edit the schedule: its facilitators, and managers."""
    if not can_use_workshops(user):
        return False
    if is_facilitator(user, session):
        return True
    return accompaniment_perms.can_manage_caseloads(user) and not session.module.confidential


def can_see_enrolment(user, enrolment: Enrolment) -> bool:
    if not enrolment.session.module.confidential:
        return can_use_workshops(user)
    if user.profession == Profession.PSYCHOLOGIST or is_facilitator(user, enrolment.session):
        return True
    return enrolment.job_seeker is not None and accompaniment_perms.is_in_team(user, enrolment.job_seeker)


def can_enrol_from_file(user, job_seeker) -> bool:
    return accompaniment_perms.can_edit_file(user, job_seeker)
