import pytest
from django.conf import settings
from django.db import connection

from missionlocale.tasks import health_ping
from tests.workers import celery_worker


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_health_ping_round_trip():
    """Through a real worker on the broker when one is configured (CI: Redis), in process otherwise."""
    if settings.CELERY_BROKER_URL:
        with celery_worker() as worker:
            result = health_ping.delay()
            try:
                answer = result.get(timeout=60)
            except Exception:
                worker.terminate()
                print(worker.stdout.read().decode())
                raise
            assert result.successful()
            assert result.task_id
    else:
        answer = health_ping.delay().get()

    assert answer == {"pong": True, "database": True, "vendor": connection.vendor}
