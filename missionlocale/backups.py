"""Backups of the database and the uploaded files, and their restore (`manage.py backup` / `manage.py restore`).

A backup is one folder, ``BACKUP_DIR/<YYYYmmdd-HHMMSS>/``, holding:

- ``database.dump`` (PostgreSQL, ``pg_dump`` custom format) or ``database.sqlite3`` (SQLite, the sqlite3 backup
  API: a consistent copy even while the site writes);
- ``media.tar.gz``: everything under ``MEDIA_ROOT`` (generated reports, imports);
- ``documents.tar.gz``: every document of the files, read through the documents storage (``STORAGES["documents"]``:
  the local disk or an S3-compatible object store alike);
- ``manifest.json``: when, which engine, and the number of rows of every model, checked again after a restore.

The folder holds personal data: the operator encrypts it and stores it off the host (docs/deployment.md).
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connections, transaction
from django.utils import timezone

from missionlocale.figure_cache import data_changed

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_ARCHIVE = "media.tar.gz"
DOCUMENTS_ARCHIVE = "documents.tar.gz"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, without personal data."""


@dataclass(frozen=True)
class RestoreResult:
    folder: Path
    row_counts: dict[str, int]
    mismatches: dict[str, tuple[int, int]]  # model -> (in the manifest, after the restore)


def _tables() -> dict[str, str]:
    """Every model's table (history tables and m2m through tables included), by model label."""
    return {
        model._meta.label: model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.managed
    }


def _count(cursor, tables: dict[str, str]) -> dict[str, int]:
    counts = {}
    for label, table in sorted(tables.items()):
        cursor.execute('SELECT COUNT(*) FROM "%s"' % table.replace('"', '""'))  # noqa: UP031 - an identifier
        counts[label] = cursor.fetchone()[0]
    return counts


def row_counts(using: str = "default") -> dict[str, int]:
    """The number of rows of every model, by label."""
    with connections[using].cursor() as cursor:
        return _count(cursor, _tables())


def _database(using: str) -> dict:
    return connections[using].settings_dict


def _pg_command(executable: str, db: dict) -> tuple[list[str], dict[str, str]]:
    """The client command line and environment for the configured PostgreSQL database (password in the
    environment, never on the command line where `ps` would show it)."""
    command = [executable, "--no-password", "--dbname", db["NAME"]]
    if db.get("HOST"):
        command += ["--host", db["HOST"]]
    if db.get("PORT"):
        command += ["--port", str(db["PORT"])]
    if db.get("USER"):
        command += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    options = db.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if options.get(option):
            env[variable] = str(options[option])
    return command, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client)") from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")


def _storage_files(storage, directory: str = "") -> list[str]:
    """Every file of a storage, by its name in the storage, through the storage API (disk or object store)."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return []
    names = [f"{directory}/{name}" if directory else name for name in sorted(files)]
    for name in sorted(directories):
        names += _storage_files(storage, f"{directory}/{name}" if directory else name)
    return names


def _documents_backup(archive_path: Path) -> int:
    storage = storages["documents"]
    names = _storage_files(storage)
    with tarfile.open(archive_path, "w:gz") as archive:
        for name in names:
            info = tarfile.TarInfo(name)
            info.size = storage.size(name)
            info.mode = 0o600
            with storage.open(name, "rb") as handle:
                archive.addfile(info, handle)
    return len(names)


def _documents_restore(archive_path: Path) -> None:
    """Empty the documents storage, then put back every document of the archive under the same name."""
    storage = storages["documents"]
    for name in _storage_files(storage):
        storage.delete(name)
    with tarfile.open(archive_path, "r:gz") as archive:
        for member in archive:
            member = tarfile.data_filter(member, "/nonexistent")  # refuses absolute names, .. and links
            if not member.isfile():
                continue
            with archive.extractfile(member) as handle:
                saved = storage.save(member.name, File(handle, name=member.name))
            if saved != member.name:
                raise BackupError(f"the document {member.name} was restored as {saved}")


def backup_create(
    *, directory: Path | None = None, using: str = "default", now: datetime.datetime | None = None
) -> Path:
    """Write a new backup folder and return it. The folder is written under a temporary name and renamed when
    complete, so a folder with its final name is never a half-written backup. The row counts of the manifest
    are those of the dumped data: on PostgreSQL pg_dump reads the snapshot in which they are counted; on SQLite
    they are counted in the copy."""
    directory = Path(directory or settings.BACKUP_DIR)
    now = now or timezone.now()
    name = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    folder = directory / name
    if folder.exists():
        raise BackupError(f"{folder} already exists")
    partial = directory / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True, mode=0o700)
    db = _database(using)
    vendor = connections[using].vendor
    if vendor == "postgresql":
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            command, env = _pg_command("pg_dump", db)
            _run(
                [
                    *command,
                    "--format=custom",
                    "--no-owner",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(partial / PG_DUMP),
                ],
                env,
            )
            counts = _count(cursor, _tables())
    elif vendor == "sqlite":
        if str(db["NAME"]) == ":memory:" or "mode=memory" in str(db["NAME"]):
            raise BackupError("an in-memory SQLite database cannot be backed up")
        source = sqlite3.connect(db["NAME"])
        target = sqlite3.connect(partial / SQLITE_COPY)
        try:
            with target:
                source.backup(target)
            counts = _count(target.cursor(), _tables())
        finally:
            target.close()
            source.close()
    else:
        raise BackupError(f"no backup for the {vendor} database engine")
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(partial / MEDIA_ARCHIVE, "w:gz") as archive:
        if media_root.is_dir():
            for entry in sorted(media_root.iterdir()):
                archive.add(entry, arcname=entry.name)
    documents = _documents_backup(partial / DOCUMENTS_ARCHIVE)
    manifest = {
        "created_at": now.isoformat(),
        "engine": vendor,
        "database": PG_DUMP if vendor == "postgresql" else SQLITE_COPY,
        "media": MEDIA_ARCHIVE,
        "documents": DOCUMENTS_ARCHIVE,
        "document_count": documents,
        "row_counts": counts,
    }
    (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    for path in partial.iterdir():
        path.chmod(0o600)
    partial.rename(folder)
    return folder


def backups_prune(*, keep: int, directory: Path | None = None) -> list[Path]:
    """Delete all but the ``keep`` most recent backup folders (those with a manifest) of the directory."""
    directory = Path(directory or settings.BACKUP_DIR)
    folders = sorted(path for path in directory.iterdir() if (path / MANIFEST).is_file()) if directory.is_dir() else []
    removed = folders[: max(len(folders) - keep, 0)]
    for folder in removed:
        shutil.rmtree(folder)
    return removed


def backup_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is not a backup folder (no {MANIFEST})")
    return json.loads(path.read_text())


def backup_restore(*, folder: Path, using: str = "default") -> RestoreResult:
    """Replace the database and the uploaded files by those of the backup folder.

    Stop the web, worker and beat processes first: a restore while they write would mix the two states.
    PostgreSQL: ``pg_restore --clean --if-exists`` in one transaction (all or nothing). SQLite: the sqlite3
    backup API copies the saved file over the configured one. Then ``MEDIA_ROOT`` is emptied and unpacked, and the
    documents storage emptied and filled again from the archive.
    """
    folder = Path(folder)
    manifest = backup_manifest(folder)
    connection = connections[using]
    vendor = connection.vendor
    if manifest["engine"] != vendor:
        raise BackupError(f"this backup is of a {manifest['engine']} database, the configured one is {vendor}")
    db = _database(using)
    connection.close()
    if vendor == "postgresql":
        command, env = _pg_command("pg_restore", db)
        _run([*command, "--clean", "--if-exists", "--no-owner", "--single-transaction", str(folder / PG_DUMP)], env)
    else:
        source = sqlite3.connect(folder / SQLITE_COPY)
        target = sqlite3.connect(db["NAME"])
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    # The figures stored before the restore are of other data: their versions change once the files are back and
    # the rows counted (the change writes a row), or as soon as something fails after the database was replaced.
    try:
        # A dump carries no planner statistics: until autovacuum gets round to every table, PostgreSQL would plan
        # the heavy pages (dashboard, caseloads) blind, with scans of whole tables. Gather them now, as it would.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        # Empty the folder rather than replace it: in the docker-compose stack it is a mounted volume.
        for entry in media_root.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        with tarfile.open(folder / MEDIA_ARCHIVE, "r:gz") as archive:
            archive.extractall(media_root, filter="data")
        # A backup taken before documents existed has no archive of them: the documents storage is left as it is.
        if manifest.get("documents"):
            _documents_restore(folder / manifest["documents"])
        counts = row_counts(using)
        expected = manifest.get("row_counts", {})
        mismatches = {
            label: (expected[label], counts.get(label, 0))
            for label in expected
            if expected[label] != counts.get(label, 0)
        }
    finally:
        data_changed(using=using)
    return RestoreResult(folder=folder, row_counts=counts, mismatches=mismatches)
