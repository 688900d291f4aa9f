"""Who may see and download the documents of a file: the rules of the rest of the file, applied to documents.

- Staff who read no files (the administrator, the director) see no document.
- The employer relations officer outside the file's team sees only the CV attached to a matching she proposed
  ("their matching"): the CV she sends to that employer, nothing else of the file's documents.
- A document of a confidential programme (Nouveaux Départs…) shows only to whom sees that programme on the file:
  the file's team and psychologists (``accompaniment.perms.can_see_confidential_projects``).
- An identity document is listed to the file's readers but downloaded by the file's team only: it carries the
  NISS, which only the team reads in clear (``accompaniment.perms.can_see_niss``).
- Any other document is read by whoever may read the file, as the rest of the file.

Every download is written in the access log (documents/services.py), by whoever makes it.
"""

from accompaniment import perms as accompaniment_perms
from documents.enums import DocumentKind
from missionlocale.enums import Profession


def can_upload(user, job_seeker) -> bool:
    """Whoever may change the file adds its documents."""
    return accompaniment_perms.can_edit_file(user, job_seeker)


def can_delete(user, document) -> bool:
    """Whoever may change the file deletes a document she sees (one added by mistake)."""
    return can_upload(user, document.job_seeker) and can_see(user, document)


def _is_outside_officer(user, job_seeker) -> bool:
    return user.profession == Profession.EMPLOYER_RELATIONS and not accompaniment_perms.is_in_team(user, job_seeker)


def can_see(user, document) -> bool:
    """Whether the document is listed to ``user`` (its kind, date and name)."""
    job_seeker = document.job_seeker
    if not accompaniment_perms.can_read_files(user) or job_seeker.anonymised_at:
        return False
    if _is_outside_officer(user, job_seeker):
        return (
            document.kind == DocumentKind.CV
            and document.matching_id is not None
            and document.matching.proposed_by_id == user.pk
        )
    if document.local_project_id and document.local_project.confidential:
        return accompaniment_perms.can_see_confidential_projects(user, job_seeker)
    return True


def can_download(user, document) -> bool:
    """Whether ``user`` may download the document's bytes: the policy's rule of ``Document.stored_name``."""
    if not can_see(user, document):
        return False
    if document.kind == DocumentKind.IDENTITY:
        return accompaniment_perms.can_see_niss(user, document.job_seeker)
    return True
