from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils.translation import gettext as _

from reporting import services


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.REPORT_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_TASK_TIME_LIMIT,
)
def build_annual_report(self, report_id: int) -> None:
    """Thin: the job row is the source of truth, the service claims it so a re-delivery does nothing twice."""
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    try:
        services.report_build(report_id=report_id, redelivered=redelivered)
    except SoftTimeLimitExceeded:
        services.report_fail(report_id=report_id, reason=_("The generation took too long and was stopped."))


@shared_task
def fail_stuck_reports() -> int:
    return services.reports_fail_stuck()
