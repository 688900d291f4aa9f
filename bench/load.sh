#!/usr/bin/env bash
# Load test: 50 simultaneous staff for 60 seconds against gunicorn + PostgreSQL on this machine.
#
#   ./bench/load.sh                       (make bench runs it; PY=/path/to/python to use another virtualenv)
#   LOAD_DATASET=bench20 ./bench/load.sh  (on a copy of the 20× benchmark dataset, built by bench.generate)
#   LOAD_USERS=20 LOAD_P95_TARGET_MS=1000 LOAD_DOC=benchmarks-load-20x-20staff.md …  (fewer staff, a latency target)
#
# Prepares a fresh PostgreSQL database with the demo data (seed_demo), or a copy of a benchmark dataset
# (its statistics fresh, as the generator leaves them: VACUUM ANALYZE), starts gunicorn with production
# settings (DEBUG off; bench/load_settings.py only allows plain HTTP on 127.0.0.1), runs bench/locustfile.py
# headless, then checks that no request failed and that the database holds exactly the interviews the
# server confirmed, and writes the median and 95th percentile latency per page to docs/benchmarks-load.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

PY=${PY:-.venv/bin/python}
LOCUST=${LOCUST:-$(dirname "$PY")/locust}
GUNICORN=${GUNICORN:-$(dirname "$PY")/gunicorn}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
PG_URL=${PG_URL%/}
LOAD_DB=${LOAD_DB:-ml_load}
PORT=${LOAD_PORT:-8765}
USERS=${LOAD_USERS:-50}
SPAWN_RATE=${LOAD_SPAWN_RATE:-10}
DURATION=${LOAD_DURATION:-60s}
WORKERS=${LOAD_WORKERS:-4}
LOAD_DATASET=${LOAD_DATASET:-}
DB_PREFIX=${BENCH_DB_PREFIX:-ml_}
if [ -n "$LOAD_DATASET" ]; then
  LOAD_DB=${LOAD_DB}_${LOAD_DATASET}
  OUT=${LOAD_OUT:-$ROOT/var/bench/load-$LOAD_DATASET-$USERS}
  # The counsellors logging in: the demo's twelve and their clones of every copy (conseiller01.07…).
  export LOAD_COUNSELLOR_COPIES=${LOAD_DATASET#bench}
else
  OUT=${LOAD_OUT:-$ROOT/var/bench/load}
fi

rm -rf "$OUT" && mkdir -p "$OUT/var"
export DJANGO_SETTINGS_MODULE=bench.load_settings
export DATABASE_URL="$PG_URL/$LOAD_DB"
export DEBUG=0
export SECRET_KEY=load-test-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0
export OTP_REQUIRED=0
export CELERY_BROKER_URL=""
export VAR_DIR="$OUT/var"
export LOG_LEVEL=WARNING
export WEB_CONCURRENCY=$WORKERS
export LOAD_RESULT="$OUT/result.json"
# The dashboard's stored figures in Redis, shared by the workers as in docker-compose.yml, when a Redis answers on
# this machine (emptied first: every run starts cold); otherwise each worker keeps its own.
LOAD_CACHE_URL=${LOAD_CACHE_URL:-redis://127.0.0.1:6379/3}
if redis-cli -u "$LOAD_CACHE_URL" flushdb > /dev/null 2>&1; then
  export CACHE_URL=$LOAD_CACHE_URL
else
  export CACHE_URL=""
fi

if [ -n "$LOAD_DATASET" ]; then
  echo "== Database $LOAD_DB: a copy of $DB_PREFIX$LOAD_DATASET"
  TEMPLATE="CREATE DATABASE \"$LOAD_DB\" TEMPLATE \"$DB_PREFIX$LOAD_DATASET\""
else
  echo "== Database $LOAD_DB: migrate and seed the demo data"
  TEMPLATE="CREATE DATABASE \"$LOAD_DB\""
fi
"$PY" - <<PYTHON
import psycopg
with psycopg.connect("$PG_URL/postgres", autocommit=True) as admin:
    admin.execute('DROP DATABASE IF EXISTS "$LOAD_DB" WITH (FORCE)')
    admin.execute('$TEMPLATE')
from bench.common import tune_database
tune_database("$LOAD_DB")  # the server settings of docs/deployment.md
PYTHON
"$PY" manage.py migrate --no-input -v 0
if [ -z "$LOAD_DATASET" ]; then
  "$PY" manage.py seed_demo > /dev/null
  # What autovacuum does within a minute of such a bulk load in production: fresh planner statistics.
  "$PY" manage.py shell -c "from django.db import connection; connection.cursor().execute('ANALYZE')"
fi
"$PY" manage.py collectstatic --no-input -v 0

count_interviews() {
  "$PY" manage.py shell -v 0 -c "from accompaniment.models import Interview; print(Interview.objects.count())"
}
BEFORE=$(count_interviews)

echo "== gunicorn, $WORKERS workers, on 127.0.0.1:$PORT"
"$GUNICORN" missionlocale.wsgi -c gunicorn.conf.py -b "127.0.0.1:$PORT" -w "$WORKERS" \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" --pid "$OUT/gunicorn.pid" --daemon
stop_gunicorn() {
  if [ -f "$OUT/gunicorn.pid" ]; then
    kill "$(cat "$OUT/gunicorn.pid")" 2>/dev/null || true
    # Graceful: the workers finish the requests in flight (at most gunicorn's graceful_timeout, 30 s).
    for _ in $(seq 1 200); do [ -f "$OUT/gunicorn.pid" ] || break; sleep 0.2; done
  fi
}
trap stop_gunicorn EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" > /dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$PORT/healthz"; echo

LOAD_AVERAGE=$(cut -d" " -f1-3 /proc/loadavg)
# --stop-timeout: at the end each simulated person finishes the request in flight, so that an interview the
# server saved is also one the client saw confirmed (killed mid-request, it would count as lost the other way).
echo "== Locust: $USERS staff, $SPAWN_RATE new per second, for $DURATION"
"$LOCUST" -f bench/locustfile.py --headless -u "$USERS" -r "$SPAWN_RATE" -t "$DURATION" \
  --host "http://127.0.0.1:$PORT" --csv "$OUT/locust" --only-summary --stop-timeout 15 --exit-code-on-error 0 2>&1 | tail -n 30
LOAD_AVERAGE_AFTER=$(cut -d" " -f1-3 /proc/loadavg)
stop_gunicorn
trap - EXIT

AFTER=$(count_interviews)
"$PY" -m bench.load_report --out "$OUT" --dataset "${LOAD_DATASET:-}" --before "$BEFORE" --after "$AFTER" --users "$USERS" \
  --duration "$DURATION" --workers "$WORKERS" --spawn-rate "$SPAWN_RATE" --load-average "$LOAD_AVERAGE / $LOAD_AVERAGE_AFTER" \
  ${LOAD_DOC:+--doc "$LOAD_DOC"} ${LOAD_P95_TARGET_MS:+--p95-target-ms "$LOAD_P95_TARGET_MS"}
