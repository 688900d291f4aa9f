"""Building blocks of the permission matrix: the roles and the usual status patterns.

Each app has a `tests/<app>/matrix.py` with `EXPECTED` (url name -> (object kind, GET statuses, POST
statuses)) and `make_objects(users)` returning the objects its URLs designate.
"""

ALL_ROLES = ["counsellor", "psychologist", "manager", "director", "administrator"]


def only(**statuses):
    """403 for every role not named."""
    return {role: statuses.get(role, 403) for role in ALL_ROLES}


def redirects(statuses):
    """The same rule, for views that answer a successful POST with a redirect."""
    return {role: 302 if status == 200 else status for role, status in statuses.items()}


# Readers: staff who work on files. Editors: the file's team and managers.
R = only(counsellor=200, psychologist=200, manager=200)
E = only(counsellor=200, manager=200)
E_REDIRECT = redirects(E)
MANAGER = only(manager=200)
MANAGER_REDIRECT = redirects(MANAGER)
ALL = dict.fromkeys(ALL_ROLES, 200)
NOT_ALLOWED = dict.fromkeys(ALL_ROLES, 405)
REDIRECT = dict.fromkeys(ALL_ROLES, 302)
