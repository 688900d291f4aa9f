"""The broker, a worker or the database going away: no error page where a clear answer is possible."""

import datetime
import os
import signal
import time

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.db.utils import load_backend
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from missionlocale.celery import app as celery_app
from reporting import services
from reporting.enums import ReportStatus
from reporting.models import AnnualReport
from tests.accompaniment.factories import AccompanimentFactory
from tests.missionlocale.factories import UserFactory
from tests.workers import celery_worker

CUTOFF = datetime.date(2025, 1, 31)
CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"
BROKER_DOWN_FR = (
    "La file des tâches est injoignable : le rapport n’a pas pu être généré. Réessayez plus tard ; si le problème "
    "persiste, prévenez l’administrateur."
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _reset_producer_pool():
    """Celery keeps one connection pool per app: drop it so the next publish reads the broker URL again."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_unreachable(settings, monkeypatch):
    """Redis stopped: the configured broker is a closed port and tasks are really sent (not run in process)."""
    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    settings.CELERY_BROKER_URL = CLOSED_PORT_BROKER
    # Celery reads the environment variable before its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", CLOSED_PORT_BROKER)
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = CLOSED_PORT_BROKER, False
    _reset_producer_pool()
    yield
    monkeypatch.undo()
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
    _reset_producer_pool()


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_pages_are_served_and_a_report_request_fails_clearly(client, broker_unreachable):
    counsellor = UserFactory(counsellor=True)
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    director = UserFactory(director=True)

    client.force_login(counsellor)
    assert client.get(reverse("accompaniment:caseload")).status_code == 200
    assert client.get(reverse("accompaniment:file_detail", args=[accompaniment.job_seeker.pk])).status_code == 200
    client.force_login(director)
    assert client.get(reverse("reporting:dashboard")).status_code == 200

    started = time.monotonic()
    response = client.post(
        reverse("reporting:reports"), {"year": 2024, "cutoff": "2025-01-31", "language": "fr"}, follow=True
    )

    assert time.monotonic() - started < 15
    assert response.status_code == 200
    content = response.content.decode()
    report = AnnualReport.objects.get()
    assert (report.status, report.error) == (ReportStatus.FAILED, BROKER_DOWN_FR)
    assert "La file des tâches est injoignable" in content
    report = AnnualReport.objects.get()
    assert report.status == ReportStatus.FAILED
    assert report.error.startswith("La file des tâches est injoignable")
    # Nothing is left "in progress": a new request is accepted (and fails the same way while Redis is down).
    assert not AnnualReport.objects.in_progress().exists()
    assert client.get(reverse("healthz")).status_code == 503


def test_a_redelivered_task_marks_a_running_job_failed(db):
    """The message came back: the worker that was building the report is gone."""
    director = UserFactory(director=True)
    report = services.report_request(year=2024, cutoff=CUTOFF, language="fr", acting_user=director)
    AnnualReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, started_at=timezone.now())

    services.report_build(report_id=report.pk, redelivered=True)

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error == "Le worker s’est arrêté pendant la génération. Générez à nouveau le rapport."


def test_a_duplicate_delivery_does_not_fail_a_build_that_is_running(db):
    director = UserFactory(director=True)
    report = services.report_request(year=2024, cutoff=CUTOFF, language="fr", acting_user=director)
    AnnualReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, started_at=timezone.now())

    services.report_build(report_id=report.pk, redelivered=False)

    report.refresh_from_db()
    assert report.status == ReportStatus.RUNNING


def _wait_for(report: AnnualReport, statuses, seconds: float = 60) -> AnnualReport:
    deadline = time.monotonic() + seconds
    report.refresh_from_db()
    while report.status not in statuses and time.monotonic() < deadline:
        time.sleep(0.2)
        report.refresh_from_db()
    return report


def _children(pid: int) -> list[int]:
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry))
    return children


needs_broker = pytest.mark.skipif(not django_settings.CELERY_BROKER_URL, reason="needs CELERY_BROKER_URL (Redis)")


@needs_broker
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_during_a_report_leaves_it_failed_and_it_can_be_generated_again(
    django_capture_on_commit_callbacks,
):
    AccompanimentFactory(started_on=datetime.date(2024, 5, 2), recognised_on=datetime.date(2024, 5, 9))
    director = UserFactory(director=True)

    with celery_worker(worker_args=("--include", "tests.slow_report"), SLOW_REPORT_SECONDS="120") as worker:
        report = services.report_request(year=2024, cutoff=CUTOFF, language="fr", acting_user=director)
        report = _wait_for(report, {ReportStatus.RUNNING})
        assert report.status == ReportStatus.RUNNING
        os.kill(worker.pid, signal.SIGKILL)  # the whole worker: its message stays unacknowledged in Redis
        worker.wait(timeout=10)

    # Nobody will finish it: the periodic sweep marks it failed once past the hard time limit.
    assert services.reports_fail_stuck() == 0
    later = timezone.now() + datetime.timedelta(seconds=django_settings.REPORT_TASK_TIME_LIMIT + 120)
    assert services.reports_fail_stuck(now=later) == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "Relancez-la" in report.error

    with celery_worker():
        again = services.report_request(year=2024, cutoff=CUTOFF, language="fr", acting_user=director)
        again = _wait_for(again, {ReportStatus.DONE, ReportStatus.FAILED}, seconds=90)
    assert again.status == ReportStatus.DONE, again.error
    assert again.version == 2


@needs_broker
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_killed_during_a_report_is_marked_failed_on_redelivery():
    """Prefork pool: the pool process building the report dies (e.g. out of memory); the message is handed back
    (reject_on_worker_lost) and its redelivery finds the job running, so marks it failed at once."""
    AccompanimentFactory(started_on=datetime.date(2024, 5, 2), recognised_on=datetime.date(2024, 5, 9))
    director = UserFactory(director=True)

    with celery_worker(
        worker_args=("--include", "tests.slow_report", "--pool=prefork", "--concurrency=1"), SLOW_REPORT_SECONDS="120"
    ) as worker:
        report = services.report_request(year=2024, cutoff=CUTOFF, language="fr", acting_user=director)
        report = _wait_for(report, {ReportStatus.RUNNING})
        assert report.status == ReportStatus.RUNNING
        for child in _children(worker.pid):
            os.kill(child, signal.SIGKILL)
        report = _wait_for(report, {ReportStatus.FAILED}, seconds=60)
        assert report.status == ReportStatus.FAILED
        assert report.error == "Le worker s’est arrêté pendant la génération. Générez à nouveau le rapport."

    with celery_worker():
        again = services.report_request(year=2024, cutoff=CUTOFF, language="fr", acting_user=director)
        again = _wait_for(again, {ReportStatus.DONE, ReportStatus.FAILED}, seconds=90)
    assert again.status == ReportStatus.DONE, again.error


def _unreachable_database():
    """A connection like the default one, but to a PostgreSQL port where nothing listens (or, on SQLite, to a
    file in a folder that does not exist)."""
    settings_dict = dict(connections["default"].settings_dict)
    if settings_dict["ENGINE"] == "django.db.backends.postgresql":
        settings_dict.update(HOST="127.0.0.1", PORT="1")
        settings_dict["OPTIONS"] = {**settings_dict.get("OPTIONS", {}), "connect_timeout": 2}
    else:
        settings_dict["NAME"] = "/nonexistent-folder/missionlocale.sqlite3"
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="default")


@pytest.fixture
def database_unreachable(db):
    saved = connections["default"]
    broken = _unreachable_database()
    connections["default"] = broken
    yield
    broken.close()
    connections["default"] = saved


def test_with_the_database_down_healthz_answers_503(client, database_unreachable):
    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_with_the_database_down_pages_answer_a_plain_500_without_a_stack_trace(database_unreachable):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session-that-needs-the-database"

    response = client.get(reverse("accompaniment:caseload"))

    content = response.content.decode()
    assert response.status_code == 500
    assert "Une erreur est survenue" in content and "Er is een fout opgetreden" in content
    assert "Traceback" not in content and "OperationalError" not in content and "psycopg" not in content
