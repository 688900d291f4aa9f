"""Settings for the test suite: the environment's settings, made strict and fast."""

import os

os.environ.setdefault("DEBUG", "1")

from missionlocale.settings import *  # noqa: E402,F403

# live_server cannot serve WhiteNoise's hashed names.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Tasks run in process during tests; the worker test (tests/missionlocale/test_celery.py) sends its
# task through a real worker on the broker when CELERY_BROKER_URL is set.
CELERY_TASK_ALWAYS_EAGER = True
# Serve static files from the app folders, as in development: no collectstatic before tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Two-factor authentication is off by default in tests; tests/missionlocale/test_two_factor.py switches it on.
OTP_REQUIRED = False
