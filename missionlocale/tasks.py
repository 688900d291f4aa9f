from celery import shared_task
from django.db import connection


@shared_task(time_limit=30, soft_time_limit=20)
def health_ping() -> dict:
    """Proves a worker is alive and reaches the database; used by tests and monitoring."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        database = cursor.fetchone() == (1,)
    return {"pong": True, "database": database, "vendor": connection.vendor}
