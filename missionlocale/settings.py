"""Settings for missionlocale, read from the environment (12-factor).

Defaults suit one machine: SQLite under ``var/`` and Celery tasks run in process. Production sets
``DATABASE_URL`` (PostgreSQL), ``CELERY_BROKER_URL`` (Redis), ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "missionlocale",
    "accompaniment",
    "workshops",
    "employers",
    "documents",
    "privacy",
    "reporting",
    "demo",
    "missionlocale.admin_site.MissionLocaleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "missionlocale.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "missionlocale.middleware.SessionSecurityMiddleware",
    # Django's, answering an ended session without losing what was typed (401 to HTMX; back to the form's page).
    "missionlocale.middleware.LoginRequiredMiddleware",
    "missionlocale.middleware.FormSavedMiddleware",
    "missionlocale.middleware.OTPRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "missionlocale.urls"
WSGI_APPLICATION = "missionlocale.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "missionlocale.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers write the one SQLite file at once. A deferred transaction that read before
    # writing cannot wait for the write lock (SQLite answers "database is locked" at once): IMMEDIATE takes it
    # at BEGIN, so the second writer waits, up to `timeout` seconds, then reads what the first committed. WAL
    # lets readers go on during a write; synchronous=NORMAL is safe with WAL and spares an fsync per commit.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Users, authentication and sessions
AUTH_USER_MODEL = "missionlocale.User"
AUTHENTICATION_BACKENDS = [
    "missionlocale.login_throttle.LoginThrottleBackend",
    "missionlocale.auth_backends.OneQueryModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# A session expires after this many seconds without a request. Each request renews it, written at most once a
# minute (missionlocale.middleware), not on every request: a page costs no write.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT", 1800)
SESSION_RENEW_INTERVAL = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# ...and at the latest this many seconds after the login, however active (missionlocale.middleware).
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT", 12 * 3600)

# Two-factor authentication (TOTP) for every staff account. Only the local demo may switch it off:
# `manage.py check --deploy` fails when it is off with DEBUG off (missionlocale/checks.py).
OTP_REQUIRED = env_bool("OTP_REQUIRED", True)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Mission Locale")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A device verified once is trusted by its browser until midnight: this cookie says so (signed).
OTP_TRUSTED_DAY_COOKIE_NAME = "ml_trusted_day"

# Login throttling: the 6th wrong attempt in a row for a username from one address is refused.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 6)
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Password spraying (missionlocale/login_throttle.py): failures in the cool-off period of one username from every
# address, and of one address for every username.
LOGIN_FAILURES_PER_USERNAME = env_int("LOGIN_FAILURES_PER_USERNAME", 10)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind the TLS proxy (AXES_PROXY_COUNT=1), the client address comes from X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "missionlocale.security.client_ip"

# Internationalisation: French first, then Dutch and English.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# Static files, served by WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# `manage.py backup` writes one timestamped folder here (database dump and uploaded files).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
# Documents on the files (CV, identity document, signed CPP…): a storage of their own, never under the static or
# media root and never served by URL (documents/views.py serves them after checking permissions). The local disk
# under DOCUMENTS_ROOT by default; DOCUMENTS_STORAGE=s3 for an S3-compatible object store (docs/deployment.md).
DOCUMENTS_ROOT = Path(os.environ.get("DOCUMENTS_ROOT", VAR_DIR / "documents"))
# The largest document accepted, in bytes (10 MB by default).
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)


def documents_storage(kind: str) -> dict:
    """The STORAGES entry of the documents: "local" (the disk, default) or "s3" (django-storages, configured from
    the environment: bucket, endpoint, region, credentials; objects private, never overwritten)."""
    if kind == "local":
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {
                "location": str(DOCUMENTS_ROOT),
                "base_url": None,
                "file_permissions_mode": 0o600,
                "directory_permissions_mode": 0o700,
            },
        }
    if kind == "s3":
        bucket = os.environ.get("DOCUMENTS_S3_BUCKET", "")
        if not bucket:
            raise ImproperlyConfigured("DOCUMENTS_STORAGE=s3 needs DOCUMENTS_S3_BUCKET.")
        options = {
            "bucket_name": bucket,
            "location": os.environ.get("DOCUMENTS_S3_PREFIX", "documents"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        }
        for option, variable in (
            ("endpoint_url", "DOCUMENTS_S3_ENDPOINT_URL"),
            ("region_name", "DOCUMENTS_S3_REGION"),
            ("access_key", "DOCUMENTS_S3_ACCESS_KEY_ID"),
            ("secret_key", "DOCUMENTS_S3_SECRET_ACCESS_KEY"),
        ):
            if os.environ.get(variable):
                options[option] = os.environ[variable]
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    raise ImproperlyConfigured(f"DOCUMENTS_STORAGE must be 'local' or 's3', not {kind!r}.")


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": documents_storage(os.environ.get("DOCUMENTS_STORAGE", "").strip().lower() or "local"),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email (password reset). Without EMAIL_HOST, mail is printed on the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mission Locale <noreply@missionlocale.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The cache holds computed figures (missionlocale/figure_cache.py), keyed by the versions of their data kept in
# the database: each process's memory by default (correct with several processes, each computing once), Redis
# when CACHE_URL says so (redis://host:6379/2), shared by every process and worker.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "KEY_PREFIX": "ml"}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}
    )
}
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 3600)

# Celery: without a broker, tasks run eagerly in the calling process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# The report task's limits: soft < hard < the Redis visibility timeout, so a task that outlives its
# worker is redelivered only after it can no longer be running.
REPORT_TASK_SOFT_TIME_LIMIT = env_int("REPORT_TASK_SOFT_TIME_LIMIT", 240)
REPORT_TASK_TIME_LIMIT = env_int("REPORT_TASK_TIME_LIMIT", 300)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2 * max(CELERY_TASK_TIME_LIMIT, REPORT_TASK_TIME_LIMIT),
    # A broker that does not answer fails a request in seconds (the job is then marked failed), not minutes.
    "socket_connect_timeout": 5,
}
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BEAT_SCHEDULE = {
    "fail-stuck-reports": {"task": "reporting.tasks.fail_stuck_reports", "schedule": 600.0},
    # Rule 6 of the domain: files whose last activity is older than the retention period are anonymised.
    "anonymise-expired-files": {"task": "privacy.tasks.anonymise_expired_files", "schedule": 24 * 3600.0},
    # Appointment reminders whose time has come (accompaniment/reminders.py).
    "send-reminders": {"task": "accompaniment.tasks.send_reminders", "schedule": 300.0},
}

# Appointment reminders. There is no per-organisation settings model: one instance serves one organisation, so
# its reminder times come from the environment. A comma-separated list; "2d" is two days before the start at
# the same time, "1d@08:00" the day before at 08:00 (local time), "3h" three hours before.
REMINDER_OFFSETS = os.environ.get("REMINDER_OFFSETS", "2d,1d@08:00")
# A failed try (mail server or SMS provider down) is tried again after 5, 10, 20, 40 minutes, then given up.
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 5)
REMINDER_RETRY_MINUTES = env_int("REMINDER_RETRY_MINUTES", 5)
# A reminder claimed longer ago than this and still "sending" lost its sender: reported, never resent.
REMINDER_SENDING_STUCK_MINUTES = env_int("REMINDER_SENDING_STUCK_MINUTES", 15)
# How long the link in a reminder opens its page; the page takes answers only until the appointment starts, and
# says so when it was cancelled.
REMINDER_LINK_MAX_AGE_DAYS = env_int("REMINDER_LINK_MAX_AGE_DAYS", 14)
# Where the links in reminders point: the public address of this instance, without a trailing slash (by
# default the first ALLOWED_HOSTS over HTTPS, as production serves it).
PUBLIC_BASE_URL = os.environ.get(
    "PUBLIC_BASE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS and not DEBUG else "http://localhost:8000",
).rstrip("/")
# SMS (accompaniment/sms.py): "accompaniment.sms.HttpSmsBackend" for a provider; without one, the console in
# development and nothing sent in production (the reminders fail with "not_configured" rather than count as sent).
SMS_BACKEND = os.environ.get(
    "SMS_BACKEND", "accompaniment.sms.ConsoleSmsBackend" if DEBUG else "accompaniment.sms.UnconfiguredSmsBackend"
)
SMS_FILE_PATH = os.environ.get("SMS_FILE_PATH", str(BASE_DIR / "var" / "sms.jsonl"))
SMS_HTTP_URL = os.environ.get("SMS_HTTP_URL", "")
SMS_HTTP_TOKEN = os.environ.get("SMS_HTTP_TOKEN", "")
SMS_HTTP_TIMEOUT = env_int("SMS_HTTP_TIMEOUT", 10)
SMS_SENDER = os.environ.get("SMS_SENDER", "MissionLoc")

# Rule 6: years after the last accompaniment ends (and the last activity on the file) before it is anonymised.
RETENTION_YEARS = env_int("RETENTION_YEARS", 5)

# The organisation this instance serves, shown in the header, PDFs and emails.
ORGANISATION_NAME = os.environ.get("ORGANISATION_NAME", "Mission Locale de Bruxelles-Ville")
# The images the director uploads for the report (the logo, the funders' logos, a section's photos): PNG or JPEG,
# at most this many bytes and this many pixels a side, checked by their content (missionlocale.images).
REPORT_IMAGE_MAX_BYTES = env_int("REPORT_IMAGE_MAX_BYTES", 2 * 1024 * 1024)
REPORT_IMAGE_MAX_SIDE = env_int("REPORT_IMAGE_MAX_SIDE", 4000)

# The annual report prints any breakdown cell below this count, and any figure of a confidential programme, as
# "< 5": small numbers could point at a person.
REPORT_SMALL_NUMBER_THRESHOLD = env_int("REPORT_SMALL_NUMBER_THRESHOLD", 5)

# Security. Production runs behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# The CSRF token reaches htmx through the page (hx-headers on <body>), never through the cookie.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): nothing inline, nothing from elsewhere. Charts are data: SVG
# images; Bootstrap's own icons in its CSS are data: SVG too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Logging: to stderr, at INFO; never personal data in messages (see docs/deployment.md).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact": {"()": "missionlocale.log_filters.RedactPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL") or "INFO"},
    "loggers": {
        "axes": {"level": "WARNING"},
        # At DEBUG these two would write personal data: the template context of a failed variable lookup, and
        # SQL parameters (a NISS searched, a name). They stay at INFO even when LOG_LEVEL is DEBUG.
        "django.template": {"level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "matplotlib": {"level": "WARNING"},
    },
}
