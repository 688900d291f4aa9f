"""What a search or a filter asked for, kept in the user's session behind an opaque, expiring key.

A name or a NISS typed in a search box must never reach a URL, a server log or the browser history, yet Back from
a file must return to its results. So the form is posted, its data kept here under a random key, and the browser
is sent (303) to ``?s=<key>``: that page can be reloaded or reached again with Back, and the key means nothing
outside this session. The files the user opened lately are kept in a cookie signed for the session, to list them
first in the results.
"""

import datetime
import secrets

from django.conf import settings
from django.utils import timezone

# A saved search or filter lasts this long (and never longer than the session itself).
SAVED_FOR = datetime.timedelta(hours=8)
# How many of each kind a session keeps (the oldest are dropped first).
SAVED_MAX = 20
RECENT_MAX = 20
RECENT_FILES = "recent_files"


def save(request, kind: str, data: list[tuple[str, str]]) -> str:
    """Keep ``data`` (a form's fields and values) in the session; return its key."""
    saved = _fresh(request.session.get(f"saved_{kind}", {}))
    key = secrets.token_urlsafe(9)
    saved[key] = {"at": timezone.now().isoformat(), "data": [list(pair) for pair in data]}
    for old in sorted(saved, key=lambda k: saved[k]["at"])[:-SAVED_MAX]:
        del saved[old]
    request.session[f"saved_{kind}"] = saved
    return key


def recall(request, kind: str, key: str | None) -> list[tuple[str, str]] | None:
    """The data saved under ``key``, or None if there is none (expired, from another session, or made up)."""
    if not key:
        return None
    entry = _fresh(request.session.get(f"saved_{kind}", {})).get(key)
    return [tuple(pair) for pair in entry["data"]] if entry else None


def _fresh(saved: dict) -> dict:
    oldest = timezone.now() - SAVED_FOR
    fresh = {}
    for key, entry in saved.items():
        try:
            at = datetime.datetime.fromisoformat(entry["at"])
        except (KeyError, TypeError, ValueError):
            continue
        if at >= oldest:
            fresh[key] = entry
    return fresh


def recent_file_opened(request, response, pk: int) -> None:
    """Remember that the user opened this file (the most recent first), in a cookie signed for this session only:
    opening a file writes nothing in the database. The cookie holds file numbers only, no name; another session
    (a new login, someone else on this browser) cannot read it."""
    if request.session.session_key is None:
        return
    recent = [pk, *(other for other in recent_files(request) if other != pk)][:RECENT_MAX]
    response.set_signed_cookie(
        RECENT_FILES,
        ",".join(str(other) for other in recent),
        salt=_recent_salt(request),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def recent_files(request) -> list[int]:
    if request.session.session_key is None:
        return []
    value = request.get_signed_cookie(
        RECENT_FILES, default="", salt=_recent_salt(request), max_age=settings.SESSION_ABSOLUTE_TIMEOUT
    )
    return [int(pk) for pk in value.split(",") if pk.isdigit() and len(pk) < 19][:RECENT_MAX]


def _recent_salt(request) -> str:
    return f"recent-files:{request.session.session_key}"
