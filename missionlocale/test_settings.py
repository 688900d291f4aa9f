"""Settings for the test suite: the environment's settings, made strict and fast."""

import atexit
import os
import shutil
import tempfile

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

# Documents uploaded by the tests go to a folder of this run, removed at exit, never to var/documents. A test that
# runs the commands in a subprocess (backup and restore) gives that process its own DOCUMENTS_ROOT.
if not os.environ.get("DOCUMENTS_ROOT"):
    DOCUMENTS_ROOT = Path(tempfile.mkdtemp(prefix="ml-test-documents-"))  # noqa: F405
    atexit.register(shutil.rmtree, DOCUMENTS_ROOT, ignore_errors=True)
    STORAGES["documents"] = {  # noqa: F405
        **STORAGES["documents"],  # noqa: F405
        "OPTIONS": {**STORAGES["documents"]["OPTIONS"], "location": str(DOCUMENTS_ROOT)},  # noqa: F405
    }

# The same for the media (generated reports, the identity's images that seed_demo draws): each test process has its
# own folder, so that processes running side by side (pytest-xdist) never write the same file; a worker started by a
# test is given this folder.
if not os.environ.get("MEDIA_ROOT"):
    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="ml-test-media-"))  # noqa: F405
    atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
