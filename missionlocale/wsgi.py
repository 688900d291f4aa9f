import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missionlocale.settings")

application = get_wsgi_application()

from missionlocale.checks import refuse_to_start_unsafe  # noqa: E402  (once Django is set up)

# gunicorn and runserver load this module: production without two-factor authentication does not start.
refuse_to_start_unsafe()
