"""What a search or a filter asked for, kept in the user's session behind an opaque, expiring key.

A name or a NISS typed in a search box must never reach a URL, a server log or the browser history, yet Back from
a file must return to its results. So the form is posted, its data kept here under a random key, and the browser
is sent (303) to ``?s=<key>``: that page can be reloaded or reached again with Back, and the key means nothing
outside this session. The files the user opened lately are kept here too, to list them first in the results.
"""

import datetime
import secrets

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


def recent_file_opened(request, pk: int) -> None:
    """Remember that the user opened this file (the most recent first)."""
    recent = [other for other in request.session.get(RECENT_FILES, []) if other != pk]
    request.session[RECENT_FILES] = [pk, *recent][:RECENT_MAX]


def recent_files(request) -> list[int]:
    return [pk for pk in request.session.get(RECENT_FILES, []) if isinstance(pk, int)]
