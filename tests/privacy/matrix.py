"""Rows of the permission matrix for data protection (issue 7a): the access-log export and the data subject's
rights, all for managers only. The file is the accompaniment matrix's ("file")."""

from tests.matrix import MANAGER, NOT_ALLOWED


def make_objects(users) -> dict:
    return {}


EXPECTED = {
    "accompaniment:access_log_export": (None, MANAGER, NOT_ALLOWED),
    "accompaniment:personal_data": ("file", MANAGER, NOT_ALLOWED),
    "accompaniment:personal_data_json": ("file", MANAGER, NOT_ALLOWED),
    "accompaniment:personal_data_pdf": ("file", MANAGER, NOT_ALLOWED),
    # An empty POST is a form with errors (200) and erases nothing.
    "accompaniment:erase": ("file", MANAGER, MANAGER),
}
