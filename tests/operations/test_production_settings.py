"""What the production settings choose: the shared cache and sessions, WhiteNoise's hashed
and compressed files, persistent connections, the task backend; the health check; secret
URLs masked in every log."""

import io
import logging
import subprocess
from types import SimpleNamespace

import pytest
from django.urls import reverse

from operations.logs import GunicornLogger, MaskSecretsFilter, mask_secrets
from tests.test_deploy_settings import production_env, run_manage

SETTINGS_SHOWN = (
    "from django.conf import settings as s; "
    "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, "
    "s.STORAGES['staticfiles']['BACKEND'], s.DATABASES['default']['CONN_MAX_AGE'], "
    "s.TASKS['default']['BACKEND'])"
)


def shown(**env):
    result = run_manage("shell", "--verbosity", "0", "-c", SETTINGS_SHOWN, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_production_shares_cache_and_sessions_through_redis():
    cache, sessions, static, conn_max_age, tasks = shown(
        **{**production_env(), "CACHE_URL": "redis://127.0.0.1:6379/3"}
    )
    assert cache == "django.core.cache.backends.redis.RedisCache"
    assert sessions == "django.contrib.sessions.backends.cached_db"
    assert static == "core.staticfiles.StaticFilesStorage"
    assert conn_max_age == "600"
    assert tasks == "django_tasks_db.DatabaseBackend"


def test_without_a_cache_server_sessions_stay_in_the_database_alone():
    env = {**production_env(), "CACHE_URL": "", "DEBUG": "1"}
    cache, sessions, static, conn_max_age, tasks = shown(**env)
    assert cache == "django.core.cache.backends.locmem.LocMemCache"
    assert sessions == "django.contrib.sessions.backends.db"
    assert static == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert conn_max_age == "0"
    assert tasks == "django_tasks.backends.immediate.ImmediateBackend"


def test_a_cache_url_that_is_not_redis_is_refused():
    result = run_manage("check", **{**production_env(), "CACHE_URL": "memcache://127.0.0.1:11211"})
    assert result.returncode != 0
    assert "CACHE_URL must be a redis://" in result.stderr


def test_check_deploy_warns_without_a_shared_cache():
    result = run_manage("check", "--deploy", **{**production_env(), "CACHE_URL": ""})
    assert "operations.W001" in result.stdout + result.stderr


def test_the_health_check_answers_without_the_database(client):
    # No database access is allowed in this test: any query would raise.
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("GET /s/Xy3_abcDEF-1234567890abcdef/ HTTP/1.1", "GET /s/***/ HTTP/1.1"),
        ("https://portal/s/Xy3_abcDEF-1234567890abcdef/?x=1", "https://portal/s/***/?x=1"),
        ("/aktivasi/MTI/c3k2lm-0a1b2c3d4e5f/", "/aktivasi/MTI/***/"),
        ("/kata-sandi/atur/MTI/c3k2lm-0a1b2c3d4e5f/", "/kata-sandi/atur/MTI/***/"),
        ("/kata-sandi/atur/MTI/set-password/", "/kata-sandi/atur/MTI/set-password/"),
        ("/skm/hasil/?sesi=4", "/skm/hasil/?sesi=4"),
    ],
)
def test_secret_urls_are_masked(line, expected):
    assert mask_secrets(line) == expected


def test_django_logs_a_404_survey_link_without_its_token(client, db):
    token = "Zz9_unknownToken-abcdefghijklmnop"
    handler = next(h for h in logging.getLogger().handlers if _masks(h))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        assert client.get(f"/s/{token}/").status_code == 404
    finally:
        handler.setStream(previous)
    assert "Not Found: /s/***/" in stream.getvalue()
    assert token not in stream.getvalue()


def _masks(handler) -> bool:
    return any(isinstance(f, MaskSecretsFilter) for f in handler.filters)


def test_gunicorns_access_log_masks_the_request_line_and_the_referer():
    token = "Ab1_secretToken-abcdefghijklmnop"
    logger = GunicornLogger.__new__(GunicornLogger)
    logger.cfg = SimpleNamespace()
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("REFERER", f"https://portal/s/{token}/")])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/static/css/portal.css",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": f"/s/{token}/",
        "HTTP_REFERER": f"https://portal/s/{token}/",
    }
    atoms = logger.atoms(response, request, environ, SimpleNamespace(seconds=0, microseconds=5))
    assert token not in " ".join(str(value) for value in atoms.values())
    assert atoms["f"] == "https://portal/s/***/"


def test_the_release_is_the_checked_out_commit_unless_named():
    commit = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    show = "from django.conf import settings as s; print(s.RELEASE)"
    assert run_manage("shell", "-v", "0", "-c", show, **production_env()).stdout.split() == [commit]
    named = {**production_env(), "PORTAL_RELEASE": "2026.12-1"}
    assert run_manage("shell", "-v", "0", "-c", show, **named).stdout.split() == ["2026.12-1"]
    # Without git (a copy of the files) and unnamed: each start is a release of its own.
    without_git = {**production_env(), "PATH": "/nonexistent"}
    starts = [run_manage("shell", "-v", "0", "-c", show, **without_git).stdout.split()[0]]
    starts.append(run_manage("shell", "-v", "0", "-c", show, **without_git).stdout.split()[0])
    assert all(start.startswith("started-") for start in starts) and starts[0] != starts[1]
