"""Rows of the permission matrix for the documents app (tests/test_permission_matrix.py); who sees which kind of
document, role by role and for the employer relations officer, is tests/documents/test_download.py."""

from tests.accompaniment.factories import AccompanimentFactory
from tests.documents.factories import document_add
from tests.matrix import E_REDIRECT, NOT_ALLOWED, E, R


def make_objects(users) -> dict:
    """A file of the counsellor's caseload with a CV: the psychologist and the manager are outside its team."""
    person = AccompanimentFactory(counsellor=users["counsellor"]).job_seeker
    return {"document_file": person, "document": document_add(job_seeker=person, uploaded_by=users["counsellor"])}


EXPECTED = {
    # An empty POST is a form with errors (200) and stores nothing.
    "documents:document_upload": ("document_file", E, E),
    # A CV with no matching nor confidential programme: every reader of the file downloads it (logged).
    "documents:document_download": ("document", R, NOT_ALLOWED),
    # After the download above: the file's editors delete it (and are sent back to the file).
    "documents:document_delete": ("document", NOT_ALLOWED, E_REDIRECT),
}
