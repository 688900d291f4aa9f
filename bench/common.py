"""What the benchmark scripts share: where the datasets live and the environment of a measured process."""

import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
# Ids of the datasets, when they were seeded, and the measured figures: all under var/bench/.
DATASETS_FILE = VAR / "datasets.json"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
# The PostgreSQL datasets are databases named <prefix><key> (ml_bench1, ml_bench20): another prefix keeps a
# second checkout's datasets apart on a shared server (BENCH_DB_PREFIX=ml_perf_ gives ml_perf_bench20).
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "ml_")
# A table written last by the generator: a dataset without it (an interrupted build) is rebuilt.
MARKER_TABLE = "bench_dataset"


@dataclass(frozen=True)
class Dataset:
    key: str
    label: str
    engine: str  # "sqlite" or "postgresql"
    factor: int

    @property
    def database_url(self) -> str:
        if self.engine == "sqlite":
            return f"sqlite:///{self.sqlite_path}"
        return f"{PG_URL}/{self.database_name}"

    @property
    def sqlite_path(self) -> Path:
        return VAR / f"{self.key}.sqlite3"

    @property
    def database_name(self) -> str:
        return f"{DB_PREFIX}{self.key}"

    @property
    def results_path(self) -> Path:
        return VAR / f"results-{self.key}.json"


DATASETS = (
    Dataset("bench1_sqlite", "1× SQLite", "sqlite", 1),
    Dataset("bench1", "1× PostgreSQL", "postgresql", 1),
    Dataset("bench20", "20× PostgreSQL", "postgresql", 20),
    Dataset("bench100", "100× PostgreSQL", "postgresql", 100),
)
BY_KEY = {dataset.key: dataset for dataset in DATASETS}


# The settings docs/deployment.md asks of a server running a region, those a database can carry itself
# (shared_buffers needs a restart of the whole server: it stays at the server's own; the OS caches the data).
SERVER_SETTINGS = {"jit": "off", "work_mem": "16MB", "random_page_cost": "1.1", "effective_cache_size": "12GB"}


def tune_database(name: str) -> None:
    """Give a PostgreSQL database the server settings of docs/deployment.md (ALTER DATABASE … SET: every new
    connection to it starts with them; a copy made with CREATE DATABASE … TEMPLATE does not inherit them)."""
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
        for setting, value in SERVER_SETTINGS.items():
            connection.execute(f"ALTER DATABASE \"{name}\" SET {setting} = '{value}'")


def django_env(dataset: Dataset) -> dict[str, str]:
    """Production settings (DEBUG off, WhiteNoise's manifest storage) on the dataset's database."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="missionlocale.settings",
        DATABASE_URL=dataset.database_url,
        DEBUG="0",
        SECRET_KEY="benchmark-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="testserver,localhost",
        SECURE_SSL_REDIRECT="0",
        VAR_DIR=str(VAR),
        CELERY_BROKER_URL="",
        LOG_LEVEL="WARNING",
        PYTHONHASHSEED="0",
        # Two-factor authentication is verified once a day per browser; measured here are the pages themselves.
        OTP_REQUIRED="0",
    )
    return env


def seeded_on() -> datetime.date:
    """The day the demo data is seeded as of: fixed once, so that every dataset holds the same people."""
    state = read_state()
    if "seeded_on" not in state:
        state["seeded_on"] = datetime.date.today().isoformat()  # noqa: DTZ011 - the machine's day is what we want
        write_state(state)
    return datetime.date.fromisoformat(state["seeded_on"])


def read_state() -> dict:
    return json.loads(DATASETS_FILE.read_text()) if DATASETS_FILE.exists() else {}


def write_state(state: dict) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    DATASETS_FILE.write_text(json.dumps(state, indent=2, sort_keys=True))
