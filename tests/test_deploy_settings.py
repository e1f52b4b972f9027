import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PROJECT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {**os.environ, **env}
    # The browser tests relax Django's async check for their own process only.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env():
    return {
        "DEBUG": "0",
        "SECRET_KEY": "k" * 20 + "-production-grade-secret-" + "Zq9!x" * 6,
        "ALLOWED_HOSTS": "coaching-skp.balangankab.go.id",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        # Only named here: no check connects to it.
        "CACHE_URL": "redis://127.0.0.1:6379/0",
    }


def test_check_deploy_is_clean_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_without_debug_a_secret_key_is_required():
    env = production_env()
    env["SECRET_KEY"] = ""
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_defaults_are_safe():
    result = run_manage(
        "shell",
        "--verbosity",
        "0",
        "-c",
        "from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0)",
        **production_env(),
    )
    assert result.stdout.strip().splitlines()[-1].split() == [
        "False",
        "True",
        "True",
        "True",
        "True",
    ], result.stderr


def test_wita_and_indonesian_are_the_defaults():
    assert settings.TIME_ZONE == "Asia/Makassar"
    assert settings.LANGUAGE_CODE == "id"
    assert ("en", "English") in [(code, str(name)) for code, name in settings.LANGUAGES]
