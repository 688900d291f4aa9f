# Production image: gunicorn serves the app, WhiteNoise the static files; the same image runs the
# Celery worker and beat (see docker-compose.yml and docs/deployment.md).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# The libraries and fonts WeasyPrint needs to render PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

# pg_dump and pg_restore for `manage.py backup` / `restore`. They must be at least the server's major version
# (PostgreSQL 16 in docker-compose.yml) and Debian 12 ships 15, so the client comes from the PostgreSQL
# project's Debian repository, set up by the script (and signing key) of Debian's postgresql-common.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-common ca-certificates \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Runtime dependencies only (requirements-dev.txt holds the test tools), in their own layer so
# that a code change does not reinstall them.
COPY requirements.txt requirements-s3.txt ./
RUN pip install -r requirements.txt
# Documents in an S3-compatible object store (DOCUMENTS_STORAGE=s3): docker-compose build --build-arg DOCUMENTS_S3=1.
ARG DOCUMENTS_S3=0
RUN if [ "$DOCUMENTS_S3" = "1" ]; then pip install -r requirements-s3.txt; fi

COPY . .

# Static files are collected into the image (/app/var/static), with WhiteNoise's hashed names.
# The SECRET_KEY here is a throwaway for this step only: it is not kept in the image's environment.
RUN DEBUG=0 \
    SECRET_KEY=build-only-not-secret-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx \
    ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput

# An unprivileged user. The media, beat and backups folders exist in the image, owned by that user, so
# that the named volumes mounted on them start out writable.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app \
    && mkdir -p /app/var/media /app/var/beat /app/var/backups \
    && chown -R app:app /app/var/media /app/var/beat /app/var/backups

USER app

EXPOSE 8000

CMD ["gunicorn", "missionlocale.wsgi", "-c", "gunicorn.conf.py"]
