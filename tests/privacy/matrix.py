"""Rows of the permission matrix for the privacy app: the access log and its export, and the data subject's
rights, all for managers only. The file is the accompaniment matrix's ("file")."""

from tests.matrix import MANAGER, NOT_ALLOWED


def make_objects(users) -> dict:
    return {}


EXPECTED = {
    "privacy:access_log": (None, MANAGER, NOT_ALLOWED),
    "privacy:access_log_export": (None, MANAGER, NOT_ALLOWED),
    "privacy:personal_data": ("file", MANAGER, NOT_ALLOWED),
    "privacy:personal_data_json": ("file", MANAGER, NOT_ALLOWED),
    "privacy:personal_data_pdf": ("file", MANAGER, NOT_ALLOWED),
    # An empty POST is a form with errors (200) and erases nothing.
    "privacy:erase": ("file", MANAGER, MANAGER),
}
