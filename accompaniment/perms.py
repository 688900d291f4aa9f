"""Who may read and change job-seeker files (rules 4 and 5 of the domain)."""

from accompaniment.models import Accompaniment, Interview, JobSeeker, TeamMember
from missionlocale.enums import Profession


def can_read_files(user) -> bool:
    """Staff who work with files; administrators and the director's reporting role read none by default."""
    return user.has_perm("missionlocale.keep_caseload") or user.has_perm("missionlocale.manage_caseloads")


def can_manage_caseloads(user) -> bool:
    return user.has_perm("missionlocale.manage_caseloads")


def is_in_team(user, job_seeker: JobSeeker) -> bool:
    """The counsellor of the open accompaniment or a staff member added to the file's team."""
    cache = getattr(job_seeker, "_team_cache", None)
    if cache is None:
        cache = job_seeker._team_cache = set(
            TeamMember.objects.filter(job_seeker=job_seeker).values_list("user_id", flat=True)
        ) | set(Accompaniment.objects.open().filter(job_seeker=job_seeker).values_list("counsellor_id", flat=True))
    return user.pk in cache


def can_edit_file(user, job_seeker: JobSeeker) -> bool:
    """An anonymised file is kept for the figures only: nobody changes it any more."""
    if job_seeker.anonymised_at:
        return False
    return can_manage_caseloads(user) or (can_read_files(user) and is_in_team(user, job_seeker))


def can_see_niss(user, job_seeker: JobSeeker) -> bool:
    """The NISS is shown unmasked only to the accompaniment team; others may unmask it, which is logged."""
    return is_in_team(user, job_seeker)


def can_read_interview(user, interview: Interview) -> bool:
    """Rule 4: a confidential note is read by its author and by staff of the same profession only."""
    if not interview.confidential:
        return True
    return user.pk == interview.staff_id or (bool(user.profession) and user.profession == interview.author_profession)


def access_is_logged(user, job_seeker: JobSeeker) -> bool:
    """Rule 5: reading a file outside one's team is recorded."""
    return not is_in_team(user, job_seeker)


def can_see_confidential_projects(user, job_seeker: JobSeeker | None = None) -> bool:
    """Confidential local projects (Nouveaux Départs) show only to the person's team and to psychologists."""
    if user.profession == Profession.PSYCHOLOGIST:
        return True
    return job_seeker is not None and is_in_team(user, job_seeker)


def is_current_counsellor(user, job_seeker: JobSeeker) -> bool:
    """The counsellor of the file's open accompaniment (read once per file and cached on it)."""
    cache = getattr(job_seeker, "_counsellor_cache", None)
    if cache is None:
        cache = job_seeker._counsellor_cache = set(
            Accompaniment.objects.open().filter(job_seeker=job_seeker).values_list("counsellor_id", flat=True)
        )
    return user.pk in cache


def can_see_address(user, job_seeker: JobSeeker) -> bool:
    """Safe contact: a hidden address (street, postcode, commune) shows only to the counsellor of the open
    accompaniment; not to managers, not to the rest of the team, and to nobody once no accompaniment is open."""
    return not job_seeker.address_hidden or is_current_counsellor(user, job_seeker)


def can_contact_at_home(job_seeker: JobSeeker) -> bool:
    """Whether the product may reach the person at home: letters, messages on their phone, home visits.

    Every place that would contact the person asks this first. Today there is none (no letters, no SMS or
    email reminders; the agenda .ics goes to the staff member's own calendar and names nobody's address).
    """
    return not job_seeker.do_not_contact_at_home and not job_seeker.anonymised_at


def can_exercise_rights(user) -> bool:
    """Managers answer the data subjects' requests: right of access and erasure."""
    return can_manage_caseloads(user)
