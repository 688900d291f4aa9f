"""The Celery application. Without CELERY_BROKER_URL, tasks run eagerly in the calling process."""

import os

from celery import Celery, signals
from django.core.exceptions import ImproperlyConfigured

from missionlocale.checks import refuse_to_start_unsafe

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missionlocale.settings")

app = Celery("missionlocale")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
@signals.beat_init.connect
def _refuse_to_start_unsafe(**kwargs):
    # Celery logs and swallows a receiver's exception; SystemExit is not swallowed: the process stops.
    try:
        refuse_to_start_unsafe()
    except ImproperlyConfigured as error:
        raise SystemExit(f"Refusing to start: {error}") from error
