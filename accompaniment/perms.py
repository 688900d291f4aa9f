"""Who may read and change job-seeker files (rules 4 and 5 of the domain).

Besides the file's team (the counsellor of the open accompaniment and the staff added to the file), two people
work on a file without being assigned to it by a manager:

- the staff member who created it, as long as no accompaniment was ever opened on it: she takes a walk-in on the
  spot (opens its accompaniment herself, within her capacity, or asks a manager to assign it) and logs the
  first interview the same day;
- the counsellor of its last accompaniment, for FOLLOW_UP_MONTHS after she closed it, and at least up to
  CHECKPOINT_ACCESS_MONTHS after its positive exit (to record the 12-month checkpoint): she reads the file,
  logs follow-up contacts, late outcomes and the exit's checkpoints (``can_follow_up``), nothing else.

Their reads are not logged as reads outside the team (rule 5).
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from accompaniment.durability import CHECKPOINT_ACCESS_MONTHS, exit_date, exit_on_of
from accompaniment.models import Accompaniment, Interview, JobSeeker, TeamMember
from missionlocale.dates import add_months
from missionlocale.enums import Profession

# How long after closing an accompaniment its counsellor keeps following the person up.
FOLLOW_UP_MONTHS = 12


def can_read_files(user) -> bool:
    """Staff who work with files; administrators and the director's reporting role read none by default."""
    return user.has_perm("missionlocale.keep_caseload") or user.has_perm("missionlocale.manage_caseloads")


def can_manage_caseloads(user) -> bool:
    return user.has_perm("missionlocale.manage_caseloads")


def _facts_from(rows) -> dict:
    """rows: (status, counsellor id, closed on, exit on) of the file's accompaniments, the latest started first.
    ``last_closed``: the last closed accompaniment's counsellor and the last day she follows the person up."""
    open_ids = {row[1] for row in rows if row[0] == "open"}
    last = rows[0] if rows else None
    return {
        "open": open_ids,
        "ever": bool(rows),
        "last_closed": (last[1], _follow_up_end(last[2], last[3]))
        if last and last[0] == "closed" and not open_ids
        else None,
    }


def _accompaniment_facts(job_seeker: JobSeeker) -> dict:
    """The file's open counsellor, whether it was ever accompanied, and its last closed accompaniment's
    counsellor, closing date and exit date: one query per file, cached on it."""
    facts = getattr(job_seeker, "_accompaniment_facts", None)
    if facts is None:
        rows = list(
            Accompaniment.objects.filter(job_seeker=job_seeker)
            .order_by("-started_on", "-pk")
            .annotate(exit_on=exit_date())
            .values_list("status", "counsellor_id", "closed_on", "exit_on")
        )
        facts = job_seeker._accompaniment_facts = _facts_from(rows)
    return facts


def file_rows_known(job_seeker: JobSeeker, *, accompaniments, team_user_ids) -> None:
    """Fill the caches of the rules below from rows a page has read anyway (the file page): its
    accompaniments, the latest started first (order_by("-started_on", "-pk")) with their outcomes prefetched, and
    its team's user ids."""
    job_seeker._accompaniment_facts = _facts_from(
        [(a.status, a.counsellor_id, a.closed_on, exit_on_of(a)) for a in accompaniments]
    )
    job_seeker._team_cache = set(team_user_ids) | job_seeker._accompaniment_facts["open"]


def _follow_up_end(closed_on: datetime.date, exit_on: datetime.date | None) -> datetime.date:
    """FOLLOW_UP_MONTHS after closing, or CHECKPOINT_ACCESS_MONTHS after the positive exit when that is later."""
    end = add_months(closed_on, FOLLOW_UP_MONTHS)
    return max(end, add_months(exit_on, CHECKPOINT_ACCESS_MONTHS)) if exit_on else end


def is_creator_awaiting(user, job_seeker: JobSeeker) -> bool:
    """The staff member who created the file, while no accompaniment was ever opened on it."""
    return job_seeker.created_by_id == user.pk and not _accompaniment_facts(job_seeker)["ever"]


def follow_up_until(job_seeker: JobSeeker) -> datetime.date | None:
    """The last day its last counsellor follows the person up, when the file's last accompaniment is closed."""
    last_closed = _accompaniment_facts(job_seeker)["last_closed"]
    return last_closed[1] if last_closed else None


def is_following_up(user, job_seeker: JobSeeker, today: datetime.date | None = None) -> bool:
    """The counsellor of the file's last accompaniment, closed less than FOLLOW_UP_MONTHS ago (or whose positive
    exit is less than CHECKPOINT_ACCESS_MONTHS old), none open."""
    last_closed = _accompaniment_facts(job_seeker)["last_closed"]
    if not last_closed or last_closed[0] != user.pk:
        return False
    return (today or timezone.localdate()) <= last_closed[1]


def is_in_team(user, job_seeker: JobSeeker) -> bool:
    """The counsellor of the open accompaniment, a staff member added to the file's team, the file's creator
    before any accompaniment, or its last counsellor during the follow-up after closing."""
    cache = getattr(job_seeker, "_team_cache", None)
    if cache is None:
        cache = job_seeker._team_cache = (
            set(TeamMember.objects.filter(job_seeker=job_seeker).values_list("user_id", flat=True))
            | _accompaniment_facts(job_seeker)["open"]
        )
    return user.pk in cache or is_creator_awaiting(user, job_seeker) or is_following_up(user, job_seeker)


def _in_working_team(user, job_seeker: JobSeeker) -> bool:
    """The team that changes the file: the follow-up counsellor only logs contacts and outcomes."""
    if not is_in_team(user, job_seeker):
        return False
    return not is_following_up(user, job_seeker) or user.pk in job_seeker._team_cache


def can_edit_file(user, job_seeker: JobSeeker) -> bool:
    """An anonymised file is kept for the figures only: nobody changes it any more."""
    if job_seeker.anonymised_at:
        return False
    return can_manage_caseloads(user) or (can_read_files(user) and _in_working_team(user, job_seeker))


def can_follow_up(user, job_seeker: JobSeeker) -> bool:
    """Log a follow-up contact or a late outcome: whoever edits the file, and the counsellor of its last
    accompaniment for FOLLOW_UP_MONTHS after she closed it."""
    if job_seeker.anonymised_at or not can_read_files(user):
        return False
    return can_edit_file(user, job_seeker) or is_following_up(user, job_seeker)


def can_open_own_accompaniment(user, job_seeker: JobSeeker) -> bool:
    """A counsellor opens the accompaniment of a file she may edit in her own caseload (within her capacity,
    which ``services.accompaniment_open`` checks)."""
    return user.profession == Profession.COUNSELLOR and user.has_perm("missionlocale.keep_caseload")


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
    return user.pk in _accompaniment_facts(job_seeker)["open"]


def can_see_address(user, job_seeker: JobSeeker) -> bool:
    """Safe contact: a hidden address (street, postcode, commune) shows only to the counsellor of the open
    accompaniment; not to managers, not to the rest of the team, and to nobody once no accompaniment is open."""
    return not job_seeker.address_hidden or is_current_counsellor(user, job_seeker)


def can_contact_at_home(job_seeker: JobSeeker) -> bool:
    """Whether the product may reach the person at home: letters, messages on their phone, home visits.

    Every place that would contact the person asks this first: the appointment reminders
    (accompaniment/reminders.py) then use only the safe channel recorded on the file, if any.
    """
    return not job_seeker.do_not_contact_at_home and not job_seeker.anonymised_at


def can_exercise_rights(user) -> bool:
    """Managers answer the data subjects' requests: right of access and erasure."""
    return can_manage_caseloads(user)


def is_appointment_staff(user, appointment) -> bool:
    """The staff member who leads the appointment or one who attends it (``other_staff`` prefetched)."""
    return appointment.staff_id == user.pk or any(member.pk == user.pk for member in appointment.other_staff.all())


def can_change_appointment(user, appointment) -> bool:
    """Move, cancel or record an appointment: its staff, whoever edits the person's file, and managers."""
    if not can_read_files(user):
        return False
    if can_manage_caseloads(user) or is_appointment_staff(user, appointment):
        return True
    return appointment.job_seeker is not None and can_edit_file(user, appointment.job_seeker)


def team_file_ids(user, job_seeker_ids) -> set[int]:
    """Of these files, those whose team the user is in as counsellor of the open accompaniment or added team
    member: one query for a whole agenda page (creators and follow-up counsellors aside)."""
    if not job_seeker_ids:
        return set()
    counselled = Accompaniment.objects.filter(job_seeker__in=job_seeker_ids, counsellor=user, status="open")
    added = TeamMember.objects.filter(job_seeker__in=job_seeker_ids, user=user)
    return set(
        JobSeeker.objects.filter(pk__in=job_seeker_ids)
        .filter(Q(pk__in=counselled.values("job_seeker")) | Q(pk__in=added.values("job_seeker")))
        .values_list("pk", flat=True)
    )


def can_record_checkpoint(user, accompaniment: Accompaniment) -> bool:
    """Record a follow-up checkpoint of an accompaniment's positive exit: whoever edits the file, and the
    counsellor of that accompaniment while she follows the person up (as for a late outcome)."""
    job_seeker = accompaniment.job_seeker
    if not can_follow_up(user, job_seeker):
        return False
    return can_edit_file(user, job_seeker) or accompaniment.counsellor_id == user.pk
