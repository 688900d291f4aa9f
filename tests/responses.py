from django.core.signals import request_finished
from django.db import close_old_connections


def close_response(response) -> None:
    """Close a (file) response in a test without closing the test's database connection.

    Closing a response sends request_finished, whose close_old_connections handler would close the
    connection of the test transaction on PostgreSQL; the test client itself disconnects it likewise.
    """
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
