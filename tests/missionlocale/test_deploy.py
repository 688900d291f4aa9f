import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-production-like-secret-" + "x9Q2#p" * 5,
    "ALLOWED_HOSTS": "missionlocale.example.org",
    "DATABASE_URL": "sqlite:////tmp/missionlocale-deploy-check.sqlite3",
    "EMAIL_HOST": "smtp.example.org",
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


def _start(command, env, timeout=90):
    """Run a server or worker command with production settings; return (exit code or None if still running,
    output). A process that still runs after a few seconds has started: it is stopped."""
    clean_env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**clean_env, "DJANGO_SETTINGS_MODULE": "missionlocale.settings", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
        return process.returncode, output
    except subprocess.TimeoutExpired:
        process.terminate()
        output, _ = process.communicate(timeout=30)
        return None, output


def _gunicorn(port: int) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "missionlocale.wsgi", "-c", "gunicorn.conf.py"] + [
        "-b",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--worker-tmp-dir",
        "/tmp",
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_refuses_to_start_without_two_factor_authentication():
    code, output = _start(_gunicorn(_free_port()), {**PRODUCTION_ENV, "OTP_REQUIRED": "0"})

    assert code not in (None, 0), output
    assert "missionlocale.E001" in output


def test_gunicorn_starts_with_production_settings():
    code, output = _start(_gunicorn(_free_port()), PRODUCTION_ENV, timeout=15)

    assert code is None, output  # still serving when stopped


def test_the_celery_worker_and_beat_refuse_to_start_without_two_factor_authentication(tmp_path):
    env = {**PRODUCTION_ENV, "OTP_REQUIRED": "0", "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"}
    commands = {"worker": [], "beat": ["--schedule", str(tmp_path / "beat-schedule")]}
    for command, options in commands.items():
        code, output = _start([sys.executable, "-m", "celery", "-A", "missionlocale", command, *options], env)

        assert code not in (None, 0), output
        assert "missionlocale.E001" in output, command


def test_production_refuses_to_run_without_a_mail_server():
    """Issue 12, item 12: without one, password-reset links would be written to the log."""
    env = {**PRODUCTION_ENV, "EMAIL_HOST": ""}

    result = run_manage("check", "--deploy", env=env)
    code, output = _start(_gunicorn(_free_port()), env)

    assert result.returncode != 0
    assert "missionlocale.E002" in result.stderr
    assert code not in (None, 0), output
    assert "missionlocale.E002" in output


def test_the_demo_may_print_its_mail():
    result = run_manage("check", "--deploy", env={**PRODUCTION_ENV, "DEBUG": "1", "EMAIL_HOST": ""})

    assert "missionlocale.E002" not in result.stdout + result.stderr
