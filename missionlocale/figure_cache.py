"""Computed figures kept between requests, exact at every moment (issue 17).

A figure is stored in the cache under a key that names what it is (its function, year, filters, cut-off,
language) and the *versions* of the data it reads. The data is cut into three groups:

- ``interviews``: the interviews (logged all day long; only the interviews per month read them);
- ``appointments``: appointments and their reminders (the missed-appointment figures);
- ``records``: every other model of the apps (files, accompaniments, outcomes, checkpoints, staff,
  modules, employers, DEIES, objectives…).

Every committed change to a group gives it a new random token (`FigureVersion`), so a figure stored under the
old token is never read again: a late correction to a closed year, an interview logged a second ago, a
counsellor's caseload moved, all show at the next request. The signals cover every save and deletion of a
model (and many-to-many changes); the few bulk writes that skip signals (``QuerySet.update``, ``bulk_create``,
a restore, the demo's load) call `data_changed` themselves.

The token changes once the writing transaction has committed (``on_commit``): no lock is taken on the version
rows, so writers never wait for each other nor deadlock. A request that read the old token and computed its
figures before the commit stores them under the old token, which nobody asks for again; one that computed
after the commit stored newer figures than its token says, which is harmless. Between a commit and the token's
change (a few milliseconds) a request can still be served the figures of just before. Figures also expire after
``FIGURES_CACHE_SECONDS`` whatever happens (one hour by default), a bound should a process stop between a commit
and its token's change.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils import timezone, translation

INTERVIEWS = "interviews"
APPOINTMENTS = "appointments"
RECORDS = "records"
GROUPS = (RECORDS, INTERVIEWS, APPOINTMENTS)

# The apps whose data the figures are computed from; their models are in `RECORDS` unless listed below.
FIGURE_APPS = {"accompaniment", "workshops", "employers", "missionlocale", "reporting", "documents", "privacy"}
GROUP_OF = {
    "accompaniment.interview": INTERVIEWS,
    "accompaniment.interview_barriers_worked_on": INTERVIEWS,
    "accompaniment.appointment": APPOINTMENTS,
    "accompaniment.appointment_other_staff": APPOINTMENTS,
    "accompaniment.reminder": APPOINTMENTS,
}
# Models no figure reads, written often: the access log, calendar feeds, report jobs, the versions, security.
NOT_FIGURES = {
    "accompaniment.fileaccess",
    "accompaniment.calendarfeed",
    "reporting.annualreport",
    "missionlocale.figureversion",
    "missionlocale.recoverycode",
    "missionlocale.accountevent",
    "missionlocale.passwordresetrequest",
}


def group_of(model) -> str | None:
    """The group of a model's data, or None when no figure reads it (other apps, history rows, logs)."""
    meta = model._meta
    label = meta.label_lower
    if meta.app_label not in FIGURE_APPS or label in NOT_FIGURES or meta.model_name.startswith("historical"):
        return None
    return GROUP_OF.get(label, RECORDS)


def _bump(group: str) -> None:
    from missionlocale.models import FigureVersion

    FigureVersion.objects.bulk_create(
        [FigureVersion(group=group, token=uuid.uuid4().hex, changed_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["group"],
        update_fields=["token", "changed_at"],
    )


def data_changed(*groups: str, using: str | None = None) -> None:
    """Say that the data of these groups (all of them without arguments) changed: their figures are recomputed
    once the current transaction commits (at once outside a transaction). One version change per group and commit,
    however many rows were written."""
    conn = transaction.get_connection(using)
    if not hasattr(conn, "figure_groups_changed"):
        conn.figure_groups_changed = set()
    for group in groups or GROUPS:
        conn.figure_groups_changed.add(group)

        # A callback per write (those of a savepoint rolled back are dropped with it); the first to run at the
        # commit changes the version, the others find nothing left to do. Django runs the callbacks in order and
        # stops at one that raises unless it is robust: a transaction's other callbacks (e-mails, report jobs)
        # are registered after its first write, so this one runs before them. Robust: the data is committed by then,
        # and a version that could not be written is logged, not turned into an error page after a saved form
        # (its figures then expire after FIGURES_CACHE_SECONDS).
        def bump(group=group):
            if group in conn.figure_groups_changed:
                conn.figure_groups_changed.discard(group)
                _bump(group)

        transaction.on_commit(bump, using=using, robust=True)


def _changed(sender, **kwargs):
    if sender._meta.apps is not apps:
        return  # a migration's model: `post_migrate` says the data changed, once the tables are all there
    group = group_of(sender)
    if group is None:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login, which no figure counts
    data_changed(group, using=kwargs.get("using"))


def _m2m_changed(sender, action, **kwargs):
    # The rows added or removed are the through model's (an interview's barriers are interview data): the models
    # on either side are not changed.
    group = group_of(sender)
    if action.startswith("post_") and sender._meta.apps is apps and group is not None:
        data_changed(group, using=kwargs.get("using"))


def _migrated(sender, using, **kwargs):
    if sender.name == "missionlocale":  # sent for every app; once is enough
        data_changed(using=using)


def connect_signals() -> None:
    post_migrate.connect(_migrated, dispatch_uid="figure_cache_migrate")
    post_save.connect(_changed, dispatch_uid="figure_cache_save")
    post_delete.connect(_changed, dispatch_uid="figure_cache_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="figure_cache_m2m")


def versions() -> dict[str, str]:
    """The current token of every group (one query)."""
    from missionlocale.models import FigureVersion

    found = dict(FigureVersion.objects.values_list("group", "token"))
    return {group: found.get(group, "0") for group in GROUPS}


def stored(name: str, key: Iterable, *, reads: Iterable[str], compute: Callable, tokens: dict[str, str] | None = None):
    """The figures ``compute()`` gives, from the cache when the data of the groups it ``reads`` has not changed
    since they were stored. ``key`` says everything else they depend on (year, filters, cut-off): plain values."""
    tokens = versions() if tokens is None else tokens
    # The database too: two databases (a test run per process, staging beside production, a copy restored
    # elsewhere) may share a cache and start from the same versions.
    db = settings.DATABASES["default"]
    database = f"{db.get('HOST', '')}:{db.get('PORT', '')}/{db['NAME']}"
    parts = [database, name, *map(str, key), translation.get_language() or ""]
    parts += [f"{group}={tokens[group]}" for group in sorted(reads)]
    cache_key = "figures:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, settings.FIGURES_CACHE_SECONDS)
    return value


def clear() -> None:
    """Forget every stored figure (the benchmarks measure the computation itself; tests start clean)."""
    cache.clear()
