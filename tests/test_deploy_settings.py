import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands
from django.template import engines
from django.template.loader import get_template
from django.template.loaders.filesystem import Loader as FilesystemLoader
from django.urls import URLResolver, clear_url_caches, reverse
from django.utils import translation
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Worker

from core import pdf
from core.management.commands import db_worker

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


NGINX_SITE = PROJECT / "deploy" / "nginx.conf"


def server_blocks(config: str) -> list[str]:
    """The text of each top-level ``server { … }`` block of an nginx site."""
    blocks, depth, start = [], 0, None
    for match in re.finditer(r"(?m)^server\s*\{|\{|\}", config):
        if match.group().startswith("server") and depth == 0:
            start = match.start()
        depth += 1 if match.group().endswith("{") else -1
        if depth == 0 and start is not None:
            blocks.append(config[start : match.end()])
            start = None
    return blocks


def test_nginx_drops_requests_for_any_other_host():
    blocks = server_blocks(NGINX_SITE.read_text())
    defaults = [block for block in blocks if "default_server" in block]
    ports = {
        port for block in defaults for port in re.findall(r"listen\s+(?:\[::\]:)?(\d+)", block)
    }
    assert ports == {"80", "443"}
    for block in defaults:
        assert "server_name _;" in block
        assert "return 444;" in block
        assert "proxy_pass" not in block
    assert any("ssl_reject_handshake on;" in block for block in defaults)
    # The portal's own blocks answer its name only.
    for block in set(blocks) - set(defaults):
        assert "server_name coaching-skp.balangankab.go.id;" in block


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed here")
def test_nginx_accepts_the_site(tmp_path):
    """nginx -t with the site as deploy/ ships it, its certificate and logs put aside."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=coaching-skp.balangankab.go.id", "-keyout", tmp_path / "key.pem",
         "-out", tmp_path / "cert.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (
        NGINX_SITE.read_text()
        .replace("/etc/ssl/coaching-portal/fullchain.pem", str(tmp_path / "cert.pem"))
        .replace("/etc/ssl/coaching-portal/privkey.pem", str(tmp_path / "key.pem"))
        .replace("/var/log/nginx/", f"{tmp_path}/")
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"error_log {tmp_path}/error.log;\npid {tmp_path}/nginx.pid;\n"
        f"events {{}}\nhttp {{ include {tmp_path}/site.conf; }}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-p", tmp_path, "-c", tmp_path / "nginx.conf"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_the_task_worker_looks_for_work_several_times_a_second():
    """A PDF too large for its page is rendered by the task worker: an idle worker that
    looked only every second (db_worker's default) added up to a second before the render
    began. The fault tests and the benchmark run it as the service does."""
    unit = (PROJECT / "deploy" / "coaching-portal-worker.service").read_text()
    (command,) = re.findall(r"^ExecStart=(.*)$", unit, flags=re.MULTILINE)
    arguments = command.split()
    assert arguments[1:4] == ["manage.py", "db_worker", "--no-reload"]
    interval = arguments[arguments.index("--interval") + 1]
    assert float(interval) < 1
    for runner in ("tests/faults/cluster.py", "operations/bench/driver.py"):
        assert f'"--interval", "{interval}"' in (PROJECT / runner).read_text(), runner


class TestTheTaskWorkerStartsWarm:
    """The service's task worker loads WeasyPrint before its first task (core's db_worker),
    as gunicorn's master does for the web workers; a batch run does not."""

    @pytest.fixture
    def started(self, monkeypatch, settings):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        started = []
        monkeypatch.setattr(db_worker, "warm_up", lambda: started.append("warm_up"))
        monkeypatch.setattr(Worker, "run", lambda worker: started.append("run"))
        # The test process keeps its own handlers of SIGINT and SIGTERM.
        monkeypatch.setattr(Worker, "configure_signals", lambda worker: None)
        return started

    def test_it_is_the_portals_command(self):
        assert get_commands()["db_worker"] == "core"

    def test_a_worker_that_keeps_running_warms_up_before_its_first_task(self, started):
        call_command("db_worker", "--no-reload", "--interval", "0.2", verbosity=0)
        assert started == ["warm_up", "run"]

    def test_a_batch_does_not(self, started):
        call_command("db_worker", "--batch", "--no-reload", verbosity=0)
        assert started == ["run"]

    @pytest.mark.parametrize(("child", "expected"), [(False, ["run"]), (True, ["warm_up", "run"])])
    def test_with_reload_the_child_that_runs_the_tasks_warms_up(
        self, started, monkeypatch, child, expected
    ):
        monkeypatch.setattr(
            "django_tasks_db.management.commands.db_worker.run_with_reloader",
            lambda run: run(),
        )
        if child:
            monkeypatch.setenv(DJANGO_AUTORELOAD_ENV, "true")
        else:
            monkeypatch.delenv(DJANGO_AUTORELOAD_ENV, raising=False)
        call_command("db_worker", "--reload", verbosity=0)
        assert started == expected

    def test_a_warm_up_that_fails_is_logged_and_the_worker_runs(self, started, monkeypatch, caplog):
        def broken():
            raise OSError("no fonts")

        monkeypatch.setattr(db_worker, "warm_up", broken)
        call_command("db_worker", "--no-reload", verbosity=0)
        assert started == ["run"]
        assert "Could not load WeasyPrint" in caplog.text


def test_the_master_forks_its_workers_with_no_thread_but_its_own():
    """What gunicorn's master loads before forking (WeasyPrint's first render among it)
    leaves no other thread running: a thread does not survive a fork, and a lock it held
    would stay held in every worker."""
    script = (
        "import importlib.util, os, django; django.setup(); "
        "spec = importlib.util.spec_from_file_location('conf', 'deploy/gunicorn.conf.py'); "
        "conf = importlib.util.module_from_spec(spec); spec.loader.exec_module(conf); "
        "conf._load_what_a_first_request_would(); "
        "print(len(os.listdir('/proc/self/task')))"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "coaching_portal.settings"}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "1"


def test_workers_are_forked_with_every_template_compiled_and_every_address_reversible(
    monkeypatch,
):
    """gunicorn's master loads before forking what a worker would otherwise build over its
    first requests, so that a worker replaced after max_requests starts warm: afterwards
    no template is read from disk again and no URL resolver builds its reverse lookups,
    in either language, and the print stylesheet is parsed."""
    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", PROJECT / "deploy" / "gunicorn.conf.py"
    )
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    engines["django"].engine.template_loaders[0].reset()
    clear_url_caches()
    pdf._parsed_stylesheet.cache_clear()

    conf._load_what_a_first_request_would()
    # WeasyPrint warmed up with the print stylesheet (core.pdf.warm_up).
    assert pdf._parsed_stylesheet.cache_info().currsize == 1

    read, built = [], []
    get_contents = FilesystemLoader.get_contents
    populate = URLResolver._populate
    monkeypatch.setattr(
        FilesystemLoader,
        "get_contents",
        lambda self, origin: read.append(origin.name) or get_contents(self, origin),
    )
    monkeypatch.setattr(URLResolver, "_populate", lambda self: built.append(self) or populate(self))
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name in ("portal:home", "bookings:open_slots", "reports:dashboard"):
                reverse(name)
    for name in ("portal/home.html", "base.html", "reports/session_report_pdf.html"):
        get_template(name)
    assert read == []
    assert built == []
