"""Imported by a test's Celery worker (``--include tests.slow_report``): the report build pauses after the job is
claimed (status "running"), so that the test can kill the worker in the middle of it."""

import os
import time

from reporting import services

_render = services.report_render_pdf


def _slow_render(**kwargs):
    time.sleep(float(os.environ.get("SLOW_REPORT_SECONDS", "60")))
    return _render(**kwargs)


services.report_render_pdf = _slow_render
