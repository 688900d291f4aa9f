import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-production-like-secret-" + "x9Q2#p" * 5,
    "ALLOWED_HOSTS": "missionlocale.example.org",
    "DATABASE_URL": "sqlite:////tmp/missionlocale-deploy-check.sqlite3",
}


def run_manage(*args, env):
    clean_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_env, "DJANGO_SETTINGS_MODULE": "missionlocale.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_run_without_two_factor_authentication():
    env = {**PRODUCTION_ENV, "OTP_REQUIRED": "0"}

    result = run_manage("check", "--deploy", env=env)

    assert result.returncode != 0
    assert "missionlocale.E001" in result.stderr
    assert "OTP_REQUIRED is off while DEBUG is off" in result.stderr


def test_the_demo_may_run_without_two_factor_authentication():
    env = {**PRODUCTION_ENV, "DEBUG": "1", "OTP_REQUIRED": "0"}

    result = run_manage("check", "--deploy", env=env)

    assert "missionlocale.E001" not in result.stdout + result.stderr
