"""Production settings for the load run of bench/load.sh, served over plain HTTP on 127.0.0.1.

Everything is as in production (DEBUG off, WhiteNoise's manifest storage, PostgreSQL) except what plain HTTP
on one machine needs: cookies without the Secure flag (Locust would not send them back over HTTP), no HTTPS
redirect, no HSTS. Never use this module to serve real users.
"""

from missionlocale.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Two-factor authentication, where it exists, is off for the synthetic staff of the load run.
OTP_REQUIRED = False
# Lets gunicorn start with two-factor authentication off and no mail server (missionlocale/checks.py).
UNSAFE_LOAD_RUN_ONLY = True
