"""Two staff saving at the same moment on the documented one-machine setup: gunicorn on a SQLite FILE.

In-memory SQLite (the test database) does not lock like a file does, so this test copies the test database to a
file, serves it with gunicorn (the production server, two worker processes: two connections writing the same file)
and posts from two threads at once. Issue 12, item 5: before WAL, a busy timeout and IMMEDIATE transactions
(missionlocale/settings.py), the second writer got "database is locked" (a 500) and its interview was lost.
"""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
import requests
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accompaniment.enums import InterviewKind
from accompaniment.models import JobSeeker
from tests.accompaniment.factories import AccompanimentFactory
from tests.accompaniment.test_concurrency import copy_test_database, edit_payload
from tests.missionlocale.factories import UserFactory

ROUNDS = 5
STALE = "Quelqu’un d’autre a enregistré ce dossier"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _session(user) -> requests.Session:
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    return session


def _form(session, url) -> tuple[str, int | None]:
    page = session.get(url, timeout=30)
    assert page.status_code == 200, page.status_code
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    version = re.search(r'name="version" value="(\d+)"', page.text)
    return token, int(version.group(1)) if version else None


def _post(session, url, token, data):
    """A post ready to send: the form's fields and its CSRF token."""

    def send():
        payload = {**data, "csrfmiddlewaretoken": token}
        return session.post(url, payload, headers={"Referer": url}, allow_redirects=False, timeout=60)

    return send


def _interview(user, topics) -> dict:
    return {
        "occurred_on": timezone.localdate().isoformat(),
        "kind": InterviewKind.PHONE,
        "duration_minutes": 20,
        "staff": user.pk,
        "topics": topics,
    }


def _at_once(posts) -> list[requests.Response]:
    """Send the posts from as many threads, released together."""
    barrier = threading.Barrier(len(posts))
    responses = [None] * len(posts)

    def send(index, post):
        barrier.wait(timeout=30)
        responses[index] = post()

    threads = [threading.Thread(target=send, args=(index, post)) for index, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


@pytest.fixture
def gunicorn_on_sqlite_file(tmp_path):
    """Start gunicorn on a copy of the test database; yield (base url, path of the database file)."""

    def start():
        path = tmp_path / "db.sqlite3"
        copy_test_database(path)
        port = _free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "missionlocale.settings",
            "DEBUG": "1",
            "OTP_REQUIRED": "0",
            "DATABASE_URL": f"sqlite:///{path}",
            "CELERY_BROKER_URL": "",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "WEB_CONCURRENCY": "2",
            "LOG_LEVEL": "WARNING",
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}"]
            + ["--worker-tmp-dir", str(tmp_path), "missionlocale.wsgi:application"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        for _attempt in range(300):
            assert process.poll() is None, process.stderr.read().decode()
            try:
                requests.get(f"{base}/healthz", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.1)
        return base, path

    processes = []
    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()


@pytest.mark.sqlite  # the SQLite file setup; PostgreSQL locks rows (deselected there by tests/conftest.py)
@pytest.mark.django_db(transaction=True)
def test_two_staff_saving_at_the_same_moment_on_a_sqlite_file_lose_nothing(real_clock, gunicorn_on_sqlite_file):
    counsellor = UserFactory(counsellor=True)
    colleague = UserFactory(manager=True)
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    person = JobSeeker.objects.get(pk=accompaniment.job_seeker.pk)
    sessions = [_session(counsellor), _session(colleague)]
    base, path = gunicorn_on_sqlite_file()
    edit_url = base + reverse("accompaniment:file_edit", args=[person.pk])
    interview_url = base + reverse("accompaniment:interview_create", args=[person.pk])

    for round_number in range(ROUNDS):
        # The same file, saved by both from the same version: one is saved, the other sees the conflict page.
        forms = [_form(session, edit_url) for session in sessions]
        communes = [f"Laeken {round_number}", f"Evere {round_number}"]
        responses = _at_once(
            [
                _post(session, edit_url, token, edit_payload(person, commune=commune, version=version))
                for session, (token, version), commune in zip(sessions, forms, communes, strict=True)
            ]
        )
        assert sorted(response.status_code for response in responses) == [200, 302], responses
        assert STALE in next(response.text for response in responses if response.status_code == 200)

        # Two interviews logged at the same moment: both are kept.
        tokens = [_form(session, interview_url)[0] for session in sessions]
        responses = _at_once(
            [
                _post(session, interview_url, token, _interview(user, f"Entretien {round_number}"))
                for session, token, user in zip(sessions, tokens, (counsellor, colleague), strict=True)
            ]
        )
        assert [response.status_code for response in responses] == [302, 302], responses

    database = sqlite3.connect(path)
    version, commune = database.execute(
        "SELECT version, commune FROM accompaniment_jobseeker WHERE id = ?", [person.pk]
    ).fetchone()
    interviews = database.execute(
        "SELECT COUNT(*) FROM accompaniment_interview WHERE job_seeker_id = ?", [person.pk]
    ).fetchone()[0]
    database.close()
    assert version == person.version + ROUNDS
    assert commune.endswith(str(ROUNDS - 1))
    assert interviews == 2 * ROUNDS
