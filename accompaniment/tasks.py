from celery import shared_task

from accompaniment.reminders import reminders_send_due


@shared_task(time_limit=280, soft_time_limit=250)
def send_reminders() -> dict:
    """Every 5 minutes (CELERY_BEAT_SCHEDULE): the reminders whose time has come. Two runs at once are safe: a
    reminder is sent at most once (accompaniment/reminders.py). Counts only in its result."""
    report = reminders_send_due()
    return {
        "sent": len(report.sent),
        "retried": len(report.retried),
        "failed": len(report.failed),
        "cancelled": len(report.cancelled),
    }
