"""A throwaway PostgreSQL cluster of the test's own, which the test may stop and restart
as it likes (no shared server is ever touched), and the portal served from it by gunicorn
with the production settings."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

PROJECT = Path(settings.BASE_DIR)


def server_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not versions:
        raise RuntimeError("the PostgreSQL server is not installed (scripts/sysdeps.sh --postgres)")
    return versions[-1]


def as_owner(command: list[str]) -> list[str]:
    """initdb refuses root: the cluster belongs to the postgres system user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Cluster:
    def __init__(self):
        self.bin = server_bin()
        self.root = Path(tempfile.mkdtemp(prefix="coaching-fault-"))
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self.data = self.root / "data"
        self.socket = self.root

    def run(self, *command: str, timeout: float = 60) -> None:
        subprocess.run(as_owner(list(command)), check=True, capture_output=True, timeout=timeout)

    def create(self) -> None:
        self.run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        settings_lines = [
            "listen_addresses = ''",
            f"unix_socket_directories = '{self.socket}'",
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
        ]
        config = self.data / "postgresql.conf"
        subprocess.run(
            as_owner(["tee", "-a", str(config)]),
            input="\n".join(settings_lines) + "\n",
            text=True,
            check=True,
            capture_output=True,
        )
        self.start()

    def pg_ctl(self, *args: str) -> None:
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60", *args)

    def start(self) -> None:
        self.pg_ctl("-l", str(self.root / "server.log"), "start")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "stop")

    def restart(self) -> None:
        # Fast: open connections are cut, their transactions rolled back.
        self.pg_ctl("-m", "fast", "-l", str(self.root / "server.log"), "restart")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def psql(self, sql: str, database: str = "portal") -> str:
        result = subprocess.run(
            [
                str(self.bin / "psql"),
                "-h",
                str(self.socket),
                "-U",
                "postgres",
                "-d",
                database,
                "-qtAX",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                sql,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return result.stdout.strip()

    def copy_test_database(self, name: str = "portal") -> None:
        """The test database as it is now (schema and the rows the test committed)."""
        self.psql(f"CREATE DATABASE {name}", database="postgres")
        db = connection.settings_dict
        source = ["-d", db["NAME"], "-U", db["USER"] or "postgres"]
        if db["HOST"]:
            source += ["-h", db["HOST"]]
        if db["PORT"]:
            source += ["-p", str(db["PORT"])]
        env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
        dump = subprocess.run(
            [str(self.bin / "pg_dump"), "-Fc", *source],
            capture_output=True,
            check=True,
            env=env,
            timeout=120,
        )
        subprocess.run(
            [
                str(self.bin / "pg_restore"),
                "--no-owner",
                "-h",
                str(self.socket),
                "-U",
                "postgres",
                "-d",
                name,
            ],
            input=dump.stdout,
            capture_output=True,
            check=True,
            timeout=120,
        )

    def url(self, name: str = "portal") -> str:
        return f"postgres://postgres@{str(self.socket).replace('/', '%2F')}/{name}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Portal:
    """gunicorn with deploy/gunicorn.conf.py and the production settings, one worker unless
    asked for more (one worker reuses its one persistent connection for every request)."""

    def __init__(
        self,
        database_url: str,
        static_root: Path,
        media_root: Path,
        log: Path,
        *,
        workers: int = 1,
    ):
        self.port = free_port()
        self.log = log
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DEBUG": "0",
            # The test's own key: the sessions the test signed are the portal's too.
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(media_root),
            "TASKS_BACKEND": "database",
            "EMAIL_URL": "dummymail://",
            "WEB_CONCURRENCY": str(workers),
            "CACHE_URL": "",
        }
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "-c",
                "deploy/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=PROJECT,
            env=self.env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if self.request("/healthz")[0] == 200:
                    return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def start_task_worker(self, log: Path) -> subprocess.Popen:
        """The task worker (manage.py db_worker) with the portal's settings, as
        deploy/coaching-portal-worker.service runs it; the caller stops it."""
        return subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
            cwd=PROJECT,
            env=self.env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def request(self, path: str, *, cookies: str = "", data: bytes | None = None, timeout=30):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            data=data,
            headers={"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"},
        )

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


def signed_in(user) -> str:
    """The session cookie of ``user``, made in the test database (copied to the portal's)."""
    session = SessionStore()
    session.update(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "accounts.backends.NipBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
    )
    session.create()
    return f"sessionid={session.session_key}"
