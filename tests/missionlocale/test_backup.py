"""Backup, wipe, restore: the same rows in every table, the same report figures, the same files and documents.

The commands run in subprocesses on a database of their own (a SQLite file in tmp_path, or a PostgreSQL database
created for the test when the suite runs on PostgreSQL), never on the test database."""

import json
import os
import shutil
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection

ROOT = settings.BASE_DIR
VERSIONS = "import json; from missionlocale.figure_cache import versions; print(json.dumps(versions()))"


def _pg_url(db: dict, name: str) -> str:
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


@pytest.fixture
def scratch_database(tmp_path):
    """A DATABASE_URL of the suite's engine, outside the test database."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'site.sqlite3'}"
        return
    db = connection.settings_dict
    name = f"ml_backup_test_{uuid.uuid4().hex[:8]}"
    admin_url = _pg_url(db, "postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _pg_url(db, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def run(scratch_database, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "missionlocale.test_settings",
        "DATABASE_URL": scratch_database,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "BACKUP_DIR": str(tmp_path / "backups"),
        "DOCUMENTS_ROOT": str(tmp_path / "documents"),
        "CELERY_BROKER_URL": "",
        "CELERY_RESULT_BACKEND": "",
    }

    def run(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    return run


def test_backup_wipe_restore_gives_back_every_row_the_report_figures_and_the_files(run, tmp_path):
    run("manage.py", "migrate", "--no-input", "-v", "0")
    run("-m", "tests.missionlocale.backup_state", "seed")
    before = json.loads(run("-m", "tests.missionlocale.backup_state", "state"))
    assert before["counts"]["accompaniment.Accompaniment"] == 9
    assert before["indicators"]["accompaniment"]["positive_exits"] == 3
    assert any(name.startswith("reports/") and name.endswith(".pdf") for name in before["media"])
    assert before["counts"]["documents.Document"] == 1 and len(before["documents"]) == 1

    versions = ["manage.py", "shell", "-v", "0", "-c", VERSIONS]
    saved_versions = json.loads(run(*versions))
    folder = run("manage.py", "backup").strip().splitlines()[-1]

    assert os.path.dirname(folder) == str(tmp_path / "backups")
    assert sorted(os.listdir(folder)) == sorted(
        [
            "manifest.json",
            "media.tar.gz",
            "documents.tar.gz",
            "database.dump" if connection.vendor == "postgresql" else "database.sqlite3",
        ]
    )
    # Wipe: every table emptied, the uploaded files and the documents gone.
    run("manage.py", "flush", "--no-input")
    shutil.rmtree(tmp_path / "media")
    shutil.rmtree(tmp_path / "documents")
    wiped = json.loads(run("-m", "tests.missionlocale.backup_state", "state"))
    assert wiped["counts"]["accompaniment.Accompaniment"] == 0 and wiped["media"] == {} and wiped["documents"] == {}

    wiped_versions = json.loads(run(*versions))
    output = run("manage.py", "restore", folder, "--no-input")

    after = json.loads(run("-m", "tests.missionlocale.backup_state", "state"))
    assert after["counts"] == before["counts"]
    assert after["indicators"] == before["indicators"]
    assert after["media"] == before["media"]
    assert after["documents"] == before["documents"]
    assert "row counts checked" in output or "nombre de lignes vérifié" in output
    # The dashboard's figures stored before the restore are never served again: every data version changed.
    restored_versions = json.loads(run(*versions))
    for group, version in restored_versions.items():
        assert version not in (saved_versions[group], wiped_versions[group])


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="manifest.json"):
        call_command("restore", str(tmp_path), "--no-input")


def test_keep_deletes_the_oldest_backups_only(tmp_path, settings):
    from missionlocale.backups import backups_prune

    for name in ["20261120-020000", "20261121-020000", "20261122-020000"]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "manifest.json").write_text("{}")
    (tmp_path / "notes").mkdir()  # not a backup: never touched

    removed = backups_prune(keep=2, directory=tmp_path)

    assert [path.name for path in removed] == ["20261120-020000"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["20261121-020000", "20261122-020000", "notes"]
