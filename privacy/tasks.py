from celery import shared_task

from privacy.anonymisation import anonymise_expired


@shared_task
def anonymise_expired_files() -> dict[str, int]:
    """Daily (CELERY_BEAT_SCHEDULE): rule 6, files and EPN visitors past the retention period."""
    return anonymise_expired()
