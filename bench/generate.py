"""Builds the benchmark datasets, once: the demo data on SQLite and on PostgreSQL, and 20 times it on PostgreSQL.

    python -m bench.generate            # builds the datasets that are missing or were interrupted
    python -m bench.generate --fresh    # rebuilds them all (and seeds them as of today)

The 1× datasets are `manage.py seed_demo`, seeded as of one fixed day (var/bench/datasets.json) so that
all three hold the same people. The 20× one is the PostgreSQL 1× database copied as a template, whose
data about people (files, accompaniments, outcomes, interviews, barriers, action plans, orientations,
teams; module sessions, enrolments and attendance, EPN visits; employers, offers, Job Days, matchings and
DEIES contracts; and their history: `copied_models`) is then copied 19 more times in SQL, each copy with
new primary keys and its own 12 counsellors: 240 counsellors whose caseloads keep the demo size (~150 open
accompaniments each).
On the copies the NISS is left empty, the Actiris number gets two more digits and the birth date moves
back by the copy's number of days, so that no copy is taken for a duplicate of its original.
"""

import argparse
import datetime
import io
import sqlite3
import subprocess
import sys
import time
from zoneinfo import ZoneInfo

from bench import common
from bench.common import BY_KEY, DATASETS, MARKER_TABLE, PG_URL, ROOT, VAR, Dataset, django_env

BRUSSELS = ZoneInfo("Europe/Brussels")


# The orchestrating process: no Django here, one child process per dataset (one DATABASE_URL each).


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fresh", action="store_true", help="Rebuild every dataset.")
    parser.add_argument("--child", choices=["seed", "multiply"], help=argparse.SUPPRESS)
    parser.add_argument(
        "--dataset", choices=sorted(BY_KEY), action="append", help="Build only this dataset (and what it starts from)."
    )
    parser.add_argument("--seeded-on", type=datetime.date.fromisoformat, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, BY_KEY[args.dataset[0]], args.seeded_on)
        return
    _check_postgresql()
    if args.fresh:
        common.write_state({})
    seeded_on = common.seeded_on()
    for dataset in [d for d in DATASETS if not args.dataset or d.key in args.dataset]:
        if not args.fresh and is_complete(dataset):
            print(f"{dataset.label}: already built ({dataset.database_url})")
            continue
        started = time.monotonic()
        print(f"{dataset.label}: building ({dataset.database_url}), seeded as of {seeded_on}…", flush=True)
        _build(dataset, seeded_on)
        seconds = time.monotonic() - started
        state = common.read_state()
        state.setdefault("built", {})[dataset.key] = {
            "seconds": round(seconds, 1),
            "at": datetime.datetime.now(tz=BRUSSELS).isoformat(timespec="seconds"),
        }
        common.write_state(state)
        print(f"{dataset.label}: built in {seconds:.0f} s", flush=True)


def _check_postgresql() -> None:
    import psycopg

    try:
        psycopg.connect(f"{PG_URL}/postgres", connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        sys.exit(f"PostgreSQL is not reachable at {PG_URL} ({exc}). Start it, or set BENCH_PG_URL.")


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def is_complete(dataset: Dataset) -> bool:
    """The dataset exists and its generator wrote its marker last, with the expected factor."""
    query = f"SELECT value FROM {MARKER_TABLE} WHERE name = 'factor'"
    try:
        if dataset.engine == "sqlite":
            if not dataset.sqlite_path.exists():
                return False
            with sqlite3.connect(dataset.sqlite_path) as connection:
                row = connection.execute(query).fetchone()
        else:
            import psycopg

            with psycopg.connect(dataset.database_url, connect_timeout=5) as connection:
                row = connection.execute(query).fetchone()
    except Exception:  # no database, no marker table: not built
        return False
    return row is not None and int(row[0]) == dataset.factor


def _run_child(mode: str, dataset: Dataset, seeded_on: datetime.date) -> None:
    command = [sys.executable, "-m", "bench.generate", "--child", mode, "--dataset", dataset.key]
    command += ["--seeded-on", seeded_on.isoformat()]
    subprocess.run(command, cwd=ROOT, env=django_env(dataset), check=True)


def _build(dataset: Dataset, seeded_on: datetime.date) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    if dataset.engine == "sqlite":
        dataset.sqlite_path.unlink(missing_ok=True)
        _run_child("seed", dataset, seeded_on)
        return
    _admin(f'DROP DATABASE IF EXISTS "{dataset.database_name}" WITH (FORCE)')
    if dataset.factor == 1:
        _admin(f'CREATE DATABASE "{dataset.database_name}"')
        _run_child("seed", dataset, seeded_on)
        return
    # The larger dataset starts as an exact copy of the 1× one: same people, same seeding day.
    base = next(d for d in DATASETS if d.engine == dataset.engine and d.factor == 1)
    if not is_complete(base):
        _build(base, seeded_on)
    _admin(f'CREATE DATABASE "{dataset.database_name}" TEMPLATE "{base.database_name}"')
    _run_child("multiply", dataset, seeded_on)


# The child process: Django set up on one dataset's database.


def _child(mode: str, dataset: Dataset, seeded_on: datetime.date) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    if mode == "seed":
        import time_machine

        call_command("migrate", "--no-input", verbosity=0)
        # Every seeder reads "today": travel to the dataset's day so that the three datasets match.
        with time_machine.travel(datetime.datetime.combine(seeded_on, datetime.time(12), tzinfo=BRUSSELS)):
            call_command("seed_demo", stdout=io.StringIO())
    else:
        multiply(factor=dataset.factor)
    _analyse()
    _mark(factor=dataset.factor, seeded_on=seeded_on)


def _analyse() -> None:
    """Fresh planner statistics, as autovacuum would have them on a server that has run for a while."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _mark(*, factor: int, seeded_on: datetime.date) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (name varchar(40) PRIMARY KEY, value text)")
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")
        for name, value in (("factor", str(factor)), ("seeded_on", seeded_on.isoformat())):
            cursor.execute(f"INSERT INTO {MARKER_TABLE} (name, value) VALUES (%s, %s)", [name, value])


def copied_models() -> list:
    """Every app's data about people and their follow-up, with its auto-created many-to-many tables and its
    history tables: accompaniment (files, accompaniments, interviews, checkpoints, appointments and their
    reminders…), documents, rights requests, workshops (sessions and their
    meetings, enrolments, attendance; EPN visitors, computer visits and coaching), employers (employers and
    their contacts, offers, Job Days, information sessions, matchings; DEIES contracts, trainings and
    certifications).

    Reference data (local projects, partners, funders, modules, worksites, kinds of certification, rooms), staff,
    their calendar links and the reports are not copied. The copies' appointments book no room: each copy is
    another Mission Locale, with rooms of its own.
    """
    from django.apps import apps

    from accompaniment import models as m
    from documents import models as d
    from employers import models as e
    from privacy import models as p
    from workshops import models as w

    base = [
        m.JobSeeker,
        m.Barrier,
        m.TeamMember,
        m.Accompaniment,
        m.Outcome,
        m.Interview,
        m.ProfessionalProject,
        m.ActionStep,
        m.Orientation,
        m.FileAccess,
        m.AssignmentRequest,
        m.ExitCheckpoint,
        m.Anonymisation,
        m.Appointment,
        m.Reminder,
        d.Document,
        p.AccessRequest,
        p.NoteRelease,
        w.Session,
        w.Meeting,
        w.Visitor,
        w.Enrolment,
        w.Attendance,
        w.ComputerVisit,
        w.CoachingSession,
        e.Employer,
        e.EmployerContact,
        e.ProspectionContact,
        e.JobOffer,
        e.JobDay,
        e.JobDayGuest,
        e.InformationSession,
        e.Concertation,
        e.Matching,
        e.MatchingStatusChange,
        e.InsertionContract,
        e.ContractTraining,
        e.Certification,
    ]
    copied = list(base)
    for model in base:
        through = [f.remote_field.through for f in model._meta.local_many_to_many]
        copied += [table for table in through if table._meta.auto_created]
    for app in ("accompaniment", "workshops", "employers", "documents", "privacy"):
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            if getattr(model, "instance_type", None) in copied:  # simple_history's tables, m2m history included
                copied.append(model)
    return copied


def _clone_counsellors(factor: int) -> dict[tuple[int, int], int]:
    """For each copy k, a counsellor for each demo counsellor: {(k, original id): clone id}."""
    from missionlocale.models import User

    counsellors = list(User.objects.counsellors().order_by("username").prefetch_related("groups"))
    fields = [f for f in User._meta.concrete_fields if not f.primary_key]
    clones, origins = [], []
    for k in range(1, factor):
        for counsellor in counsellors:
            clone = User(**{f.attname: getattr(counsellor, f.attname) for f in fields})
            clone.username = f"{counsellor.username}.{k:02d}"
            clone.email = f"{counsellor.username}.{k:02d}@bench.missionlocale.localhost"
            clone.last_name = f"{counsellor.last_name} {k:02d}"
            clone.last_login = None
            clones.append(clone)
            origins.append((k, counsellor))
    User.objects.bulk_create(clones, batch_size=500)
    through = User.groups.through
    through.objects.bulk_create(
        [
            through(user_id=clone.pk, group_id=group.pk)
            for clone, (_k, counsellor) in zip(clones, origins, strict=True)
            for group in counsellor.groups.all()
        ],
        batch_size=500,
    )
    return {(k, counsellor.pk): clone.pk for clone, (k, counsellor) in zip(clones, origins, strict=True)}


def multiply(*, factor: int) -> None:
    """Copy the accompaniment data factor - 1 times, in one INSERT … SELECT per table (PostgreSQL)."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    models = copied_models()
    with transaction.atomic(), connection.cursor() as cursor:
        user_map = _clone_counsellors(factor)
        cursor.execute("CREATE TEMPORARY TABLE bench_user_map (k integer, old_id bigint, new_id bigint)")
        cursor.executemany(
            "INSERT INTO bench_user_map (k, old_id, new_id) VALUES (%s, %s, %s)",
            [(k, old, new) for (k, old), new in user_map.items()],
        )
        cursor.execute("CREATE UNIQUE INDEX ON bench_user_map (k, old_id)")
        cursor.execute("ANALYZE bench_user_map")
        offset = _id_offset(cursor, models)
        for model in models:
            started = time.monotonic()
            cursor.execute(_copy_sql(model, models, factor=factor, offset=offset))
            seconds = time.monotonic() - started
            print(f"  {model._meta.db_table}: {cursor.rowcount} rows in {seconds:.1f} s", flush=True)
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _id_offset(cursor, models) -> int:
    """A power of ten above every id of the copied tables: copy k of row n gets id n + k × offset."""
    highest = 0
    for model in models:
        cursor.execute(f'SELECT MAX("{model._meta.pk.column}") FROM "{model._meta.db_table}"')
        highest = max(highest, cursor.fetchone()[0] or 0)
    return 10 ** len(str(highest))


def _copy_sql(model, models, *, factor: int, offset: int) -> str:
    from accompaniment.models import Accompaniment, Appointment, JobSeeker
    from employers.models import Employer
    from missionlocale.models import User

    tracked = getattr(model, "instance_type", None)  # the model a history table follows
    columns, values = [], []
    for field in model._meta.concrete_fields:
        column = f't."{field.column}"'
        if (
            field.primary_key
            or (tracked is not None and field.name == tracked._meta.pk.name)
            or (field.is_relation and field.related_model in models)
            or (Accompaniment in (model, tracked) and field.name == "first_positive_id")  # an outcome's id
        ):
            value = f"{column} + s.k * {offset}"
        elif field.is_relation and field.related_model is User:
            value = (
                f"COALESCE((SELECT m.new_id FROM bench_user_map m WHERE m.k = s.k AND m.old_id = {column}), {column})"
            )
        elif Appointment in (model, tracked) and field.name == "room":
            value = "NULL"
        elif JobSeeker in (model, tracked) and field.name == "niss":
            value = "NULL"
        elif JobSeeker in (model, tracked) and field.name == "actiris_number":
            value = f"CASE WHEN {column} = '' THEN '' ELSE {column} || lpad(s.k::text, 2, '0') END"
        elif JobSeeker in (model, tracked) and field.name == "birth_date":
            value = f"{column} - s.k"
        elif Employer in (model, tracked) and field.name == "enterprise_number":
            value = "NULL"  # unique: a copy is another employer of the same name and number of the copy
        elif Employer in (model, tracked) and field.name in ("name", "name_key"):
            value = f"{column} || ' ' || lpad(s.k::text, 2, '0')"
        elif field.unique and field.null and not field.is_relation:  # an idempotency key, say: none on a copy
            value = "NULL"
        elif field.unique and not field.is_relation:  # a stored file's name: the copy's own
            value = f"{column} || '-' || s.k"
        else:
            value = column
        columns.append(f'"{field.column}"')
        values.append(value)
    table = f'"{model._meta.db_table}"'
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
        f"FROM {table} t CROSS JOIN generate_series(1, {factor - 1}) AS s(k)"
    )


if __name__ == "__main__":
    main()
