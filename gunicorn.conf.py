"""Gunicorn settings for the production image (see Dockerfile and docs/deployment.md).

Command-line options override these, e.g. ``gunicorn -c gunicorn.conf.py -b 127.0.0.1:8001 ...``.
"""

import os

bind = ["0.0.0.0:8000"]
workers = int(os.environ.get("WEB_CONCURRENCY") or 3)
timeout = 60
graceful_timeout = 30
# Heartbeat files on a tmpfs: a worker blocked on disk I/O would otherwise be killed as hung.
worker_tmp_dir = "/dev/shm"
# No runtime control socket (it would be created under $HOME); scale with WEB_CONCURRENCY instead.
control_socket_disable = True

# Access log on stdout, errors on stderr. The format leaves out the query string and the referrer,
# which can carry personal data (a search for a young person's name, for instance), and the
# client address, which behind the reverse proxy is the proxy's anyway.
accesslog = "-"
errorlog = "-"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
loglevel = (os.environ.get("LOG_LEVEL") or "INFO").lower()
