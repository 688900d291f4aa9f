"""Rows of the permission matrix for the privacy app: the access log and its export, and the data subject's
rights, all for managers only. The file is the accompaniment matrix's ("file")."""

from tests.matrix import MANAGER, MANAGER_REDIRECT, NOT_ALLOWED, R, redirects


def make_objects(users) -> dict:
    return {}


EXPECTED = {
    "privacy:access_log": (None, MANAGER, NOT_ALLOWED),
    "privacy:access_log_export": (None, MANAGER, NOT_ALLOWED),
    "privacy:personal_data": ("file", MANAGER, NOT_ALLOWED),
    # No request is recorded for the matrix's file: the exports send the manager to record one first.
    "privacy:personal_data_json": ("file", MANAGER_REDIRECT, NOT_ALLOWED),
    "privacy:personal_data_pdf": ("file", MANAGER_REDIRECT, NOT_ALLOWED),
    "privacy:personal_data_documents": ("file", MANAGER_REDIRECT, NOT_ALLOWED),
    # An empty POST is a form with errors (200) and records nothing.
    "privacy:access_request_create": ("file", NOT_ALLOWED, MANAGER),
    "privacy:access_request_answer": ("file", NOT_ALLOWED, MANAGER_REDIRECT),
    # Staff who read files release their own profession's confidential notes for the open request.
    "privacy:access_request_notes": ("file", R, redirects(R)),
    # An empty POST is a form with errors (200) and erases nothing.
    "privacy:erase": ("file", MANAGER, MANAGER),
}
