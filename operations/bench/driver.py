"""Runs the benchmark: its own database, the seeded regency, gunicorn with the production
settings, the task worker, a private Redis, wrk for each page and level, once a round
(each run right after a run of the ceiling and one of the floor, so that whatever else
loads the machine weighs on the three alike, and after its users have each opened the
floor page once), the PDFs one by one; then writes bench-results/<time>.json, keeps the
servers' logs in bench-results/<time>/ and prints the table.

Everything it starts runs on this machine and is stopped at the end, whatever happens;
only loopback addresses are ever requested.
"""

import collections
import contextlib
import datetime
import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import django
import psycopg
from django.conf import settings

from operations.bench.pages import CEILING, FLOOR

LUA = Path(__file__).with_name("replay.lua")
HOST = "bench.coaching-skp.test"
# A run's latencies in the table, each the median of a page's runs.
LATENCIES = ("p50_ms", "p95_ms", "p99_ms")


@dataclass
class Options:
    scale: int = 50_000
    seconds: int = 10
    levels: tuple[int, ...] = (1, 10, 50)
    # The runs of each page at each level, each beside a ceiling's and a floor's run of its
    # own; the table gives their medians (a machine whose speed drifts moves a single run).
    rounds: int = 1
    only: tuple[str, ...] = ()
    pdf_rounds: int = 5
    reuse_db: bool = False


def say(text: str) -> None:
    print(text, flush=True)


class Bench:
    def __init__(self, options: Options):
        self.options = options
        self.project = Path(settings.BASE_DIR)
        self.work = Path(tempfile.mkdtemp(prefix="coaching-bench-"))
        os.chmod(self.work, 0o755)
        # The logs outlive the run (the work folder does not): gunicorn's access and error
        # log, the task worker's, the seed's.
        self.stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        self.logs = self.project / "bench-results" / self.stamp
        self.logs.mkdir(parents=True, exist_ok=True)
        self.processes: list[subprocess.Popen] = []
        self.started = time.monotonic()
        self.warm_path: str | None = None  # the prepared requests' (none: no warm-up)

    # The pieces --------------------------------------------------------------------------

    def database_url(self) -> str:
        db = settings.DATABASES["default"]
        self.db_name = f"{db['NAME']}_bench"
        credentials = quote(db.get("USER") or "", safe="")
        if db.get("PASSWORD"):
            credentials += ":" + quote(db["PASSWORD"], safe="")
        host = quote(db.get("HOST") or "", safe="")
        port = f":{db['PORT']}" if db.get("PORT") else ""
        return f"postgres://{credentials}@{host}{port}/{self.db_name}"

    def connect(self, dbname: str) -> psycopg.Connection:
        """A connection of the driver's own to ``dbname`` on the portal's server."""
        db = settings.DATABASES["default"]
        params = {
            "dbname": dbname,
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
            "autocommit": True,
        }
        return psycopg.connect(**{k: v for k, v in params.items() if v is not None})

    def create_database(self) -> bool:
        """A database of the benchmark's own (never the portal's): made anew unless asked to
        reuse it; True when it needs seeding."""
        with self.connect("postgres") as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self.db_name]
            ).fetchone()
            if exists and self.options.reuse_db:
                return False
            name = psycopg.sql.Identifier(self.db_name)
            if exists:
                conn.execute(psycopg.sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name))
            conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(name))
        return True

    def environment(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "CACHE_URL", "REDIS_URL"))
        }
        env.update(
            {
                "DEBUG": "0",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
                "DATABASE_URL": self.database_url(),
                "BEHIND_TLS_PROXY": "1",
                "PORTAL_URL": f"https://{HOST}",
                "EMAIL_URL": "dummymail://",
                "STATIC_ROOT": str(self.work / "static"),
                "MEDIA_ROOT": str(self.work / "media"),
                "LOG_LEVEL": "WARNING",
                "TASKS_BACKEND": "database",
            }
        )
        if shutil.which("redis-server"):
            env["CACHE_URL"] = f"unix://{self.work / 'redis.sock'}"
        return env

    def manage(self, *args: str, env: dict, log: str | None = None) -> str:
        command = [sys.executable, "manage.py", *args]
        result = subprocess.run(
            command, cwd=self.project, env=env, capture_output=True, text=True, timeout=900
        )
        if log:
            (self.logs / log).write_text(result.stdout + result.stderr)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start(self, command: list[str], env: dict, log: str) -> subprocess.Popen:
        output = (self.logs / log).open("w")
        process = subprocess.Popen(
            command, cwd=self.project, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.processes.clear()

    def wait_for(self, check, what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                if check():
                    return
            if any(p.poll() is not None for p in self.processes):
                break
            time.sleep(0.2)
        raise RuntimeError(f"{what} did not start; see the logs in {self.logs}")

    def fetch(self, path: str, cookie: str = "") -> tuple[int, bytes, float]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            headers={"Host": HOST, "X-Forwarded-Proto": "https", "Cookie": cookie},
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                body = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            body, status = error.read(), error.code
        return status, body, time.perf_counter() - started

    def fetch_pdf(self, path: str, cookie: str) -> tuple[int, bytes, float]:
        """A PDF as a reader gets it: a large one is first "being prepared" (202) by the task
        worker, and asked again as the page does until it comes; the time is the whole wait."""
        started = time.perf_counter()
        status, body, _seconds = self.fetch(path, cookie)
        while status == 202 and time.perf_counter() - started < 120:
            time.sleep(0.25)
            status, body, _seconds = self.fetch(path, cookie)
        return status, body, time.perf_counter() - started

    # The run -------------------------------------------------------------------------------

    def run(self) -> dict:
        if not shutil.which("wrk"):
            raise RuntimeError("wrk is missing: make bench installs it (Debian package wrk).")
        env = self.environment()
        say(f"Benchmark database {self.db_name}; work folder {self.work}")
        seed_seconds = None  # a reused database was seeded by an earlier run
        try:
            # The cache first: the seed renews the kept users' tokens in it (without it,
            # each renewal warned in the seed's log that it could not connect).
            if "CACHE_URL" in env:
                self.start(
                    [
                        "redis-server",
                        "--port",
                        "0",
                        "--unixsocket",
                        str(self.work / "redis.sock"),
                        "--unixsocketperm",
                        "700",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                    ],
                    env,
                    "redis.log",
                )
                self.wait_for(lambda: (self.work / "redis.sock").exists(), "Redis")
            if self.create_database():
                say("Migrating and seeding the regency (this takes a minute) …")
                self.manage("migrate", "--noinput", env=env, log="migrate.log")
                started = time.monotonic()
                seeded = self.manage(
                    "seed_demo",
                    "--scale",
                    str(self.options.scale),
                    "--force",
                    env=env,
                    log="seed.log",
                )
                seed_seconds = round(time.monotonic() - started, 1)
                for line in seeded.split("\nDemo logins")[0].splitlines():
                    say(f"  {line}")
            else:
                # Migrated all the same: the database may come from an older checkout.
                say("Reusing the seeded benchmark database (migrating it to this checkout).")
                self.manage("migrate", "--noinput", env=env, log="migrate.log")
            self.manage("collectstatic", "--noinput", "-v0", env=env, log="collectstatic.log")
            manifest_path = self.manage(
                "bench_prepare",
                "--out",
                str(self.work / "requests"),
                "--host",
                HOST,
                "--levels",
                ",".join(map(str, self.options.levels)),
                "--rounds",
                str(self.options.rounds),
                "--only",
                ",".join(self.options.only),
                env=env,
                log="prepare.log",
            ).strip()
            manifest = json.loads(Path(manifest_path).read_text())
            if any(manifest["undone"].values()):
                say(f"Taken back from the last run: {manifest['undone']}")
            self.port = free_port()
            gunicorn = self.start(
                [
                    str(Path(sys.executable).with_name("gunicorn")),
                    "-c",
                    "deploy/gunicorn.conf.py",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--access-logfile",
                    str(self.logs / "access.log"),
                ],
                env,
                "gunicorn.log",
            )
            self.wait_for(lambda: self.fetch("/healthz")[0] == 200, "gunicorn")
            # As deploy/coaching-portal-worker.service runs it.
            self.start(
                [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
                env,
                "worker.log",
            )
            self.check_pages(manifest)
            workers = all_workers(gunicorn.pid)
            results = {
                "started_at": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
                "machine": machine(manifest["postgresql"]),
                "setup": {
                    "scale": self.options.scale,
                    "seconds_per_run": self.options.seconds,
                    "rounds": self.options.rounds,
                    "gunicorn_workers": workers,
                    "cache": "redis" if "CACHE_URL" in env else "local memory",
                    "load_generator": "wrk, 1 thread, on the same machine",
                    "data": manifest["counts"],
                    "seed_seconds": seed_seconds,
                    "open_slots_week": manifest["open_slots_week"],
                    "warmed_with": manifest["warm_path"],  # before each run, per user
                    "undone": manifest["undone"],
                },
                "logs": str(self.logs),
                "load_before": os.getloadavg(),
                "pages": self.load(manifest),
                "pdfs": self.pdfs(manifest),
                "load_after": os.getloadavg(),
            }
        finally:
            self.stop_all()
        results["elapsed_seconds"] = round(time.monotonic() - self.started)
        shutil.rmtree(self.work, ignore_errors=True)
        return results

    def check_pages(self, manifest: dict) -> None:
        """Each GET page answers its first request as expected, so that a broken login
        never passes for a fast page."""
        for page in manifest["pages"]:
            if page["method"] != "GET":
                continue
            first = next(iter(page["files"].values()))[0]  # the first level's first round
            lines = Path(first).read_text().splitlines()
            if not lines:
                continue
            _method, path, cookie, _body, _referer = lines[0].split("\t")
            status, _body, _seconds = self.fetch(path, cookie)
            if status not in page["expect"]:
                raise RuntimeError(
                    f"{page['name']}: {path} answered {status}, not {page['expect']}"
                )

    def load(self, manifest: dict) -> list[dict]:
        """Each page at each level, right after a run of the ceiling and one of the floor
        (so that what else loads the machine weighs on the three alike); its req/s as a
        share of theirs. With several rounds, every page's run of the first round at a
        level, then of the second: a page's runs lie minutes apart, in other states of the
        machine. A page that gives no result is reported and the run goes on."""
        self.warm_path = manifest.get("warm_path")
        anchors = {page["anchor"]: page for page in manifest["pages"] if page["anchor"]}
        pages = [page for page in manifest["pages"] if not page["anchor"]]
        measured = []
        for level in self.options.levels:
            for round_index in range(self.options.rounds):
                if not pages:  # --only named none: the yardsticks alone
                    measured += [
                        self.window(yardstick, level, round_index) for yardstick in anchors.values()
                    ]
                for page in pages:
                    row = {}
                    for anchor, yardstick in anchors.items():
                        window = self.window(yardstick, level, round_index)
                        window["beside"] = page["name"]
                        if anchor == FLOOR and CEILING in row:
                            window["ratio_to_ceiling"] = ratio(window, row[CEILING])
                        measured.append(window)
                        row[anchor] = window
                    row = {
                        **self.window(page, level, round_index),
                        **{k: brief(v) for k, v in row.items()},
                    }
                    for anchor in anchors:
                        row[f"ratio_to_{anchor}"] = ratio(row, row[anchor])
                    measured.append(row)
        return measured

    def window(self, page: dict, level: int, round_index: int) -> dict:
        """One wrk run of a page at a level, on the file prepared for its round (counted
        from 0), after its users' warm-up and once the server's queue is worked off."""
        round_note = f", round {round_index + 1}" if self.options.rounds > 1 else ""
        say(f"  {page['name']:<18} {level:>3} users{round_note} …")
        file = page["files"][str(level)][round_index]
        lines = page["lines"][str(level)][round_index]
        warmed = None
        if lines and self.warm_path:
            warmed = self.warm(file)
        settled = self.settle()
        load = round(os.getloadavg()[0], 2)  # others' work skews the figures
        if not lines:
            outcome = failed("no requests prepared (no free slot left to book?)")
        else:
            outcome = self.wrk(file, level, self.options.seconds, once=bool(page.get("once")))
        served = sum(
            count
            for key, count in outcome["statuses"].items()
            if int(key.split()[0]) in page["expect"]
        )
        return {
            "name": page["name"],
            "title": page["title"],
            "anchor": page["anchor"],
            "users": level,
            "round": round_index + 1,
            "load": load,
            "warmed": warmed,
            "settled": settled,
            **outcome,
            "served_share": round(served / max(1, outcome["requests"]), 4),
        }

    def warm(self, file: str) -> dict[str, int]:
        """Each signed-in user of a run opens the floor page (``warm_path``) once before it,
        untimed: a run measures its page with its users' sessions and accounts kept in the
        cache, as real use has them (a booking is posted from its form, a contact from the
        profile) and as the floor has them anyway (it goes round its users many times in a
        run), not with a first request for each user of a page that goes round them once.
        Returns how many were warmed and how many failed (the run goes on either way)."""
        sessions = {}  # by session; a user's lines differ in their CSRF cookie
        for line in Path(file).read_text().splitlines():
            cookie = line.split("\t")[2]
            for part in cookie.split("; "):
                if part.startswith(f"{settings.SESSION_COOKIE_NAME}="):
                    sessions.setdefault(part, cookie)
        counted = {"users": 0, "failed": 0}
        for cookie in sessions.values():
            try:
                status, _body, _seconds = self.fetch(self.warm_path, cookie)
            except OSError:  # refused, reset or timed out: the run shows what follows
                status = None
            counted["users" if status == 200 else "failed"] += 1
        return counted

    def settle(self, limit: float = 90) -> float:
        """Wait until the servers have worked off what the previous run left: gunicorn its
        queue (the requests wrk stopped waiting for are still served, at 50 users for
        seconds), three /healthz in a row answered within 50 ms; then the task worker the
        tasks those requests queued (a booking's confirmation e-mail each: about a thousand
        after the booking POST's run), none due or running. Returns the seconds it took."""
        began = time.monotonic()
        quick = 0
        while quick < 3 and time.monotonic() - began < limit:
            _status, _body, seconds = self.fetch("/healthz")
            quick = quick + 1 if seconds < 0.05 else 0
        with self.connect(self.db_name) as conn:
            while tasks_pending(conn) and time.monotonic() - began < limit:
                time.sleep(0.25)
        return round(time.monotonic() - began, 1)

    def wrk(self, file: str, connections: int, seconds: int, *, once: bool = False) -> dict:
        """One run of wrk over a file of prepared requests. ``once``: each line is sent once
        and the run is timed until the last is answered (replay.lua), or for ``seconds`` if
        that comes first: a page that needs a user of its own per request (a booking POST)
        is measured on what it was prepared for, not on the refusals of a second round."""
        command = [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "60s",
            "-s",
            str(LUA),
            f"http://127.0.0.1:{self.port}",
            "--",
            file,
            "1",
            HOST,
            *(["once"] if once else []),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
        except subprocess.TimeoutExpired:
            return failed(f"wrk did not finish within {seconds + 120} s")
        line = next(
            (line for line in result.stdout.splitlines() if line.startswith("BENCH-JSON ")), None
        )
        if line is None:
            say(f"    wrk gave no result:\n{result.stdout}\n{result.stderr}")
            return failed(f"wrk gave no result (exit {result.returncode})")
        data = json.loads(line.removeprefix("BENCH-JSON "))
        # A run that used up its lines is timed until then.
        ran_out = bool(data.get("ran_us"))
        seconds_run = (data["ran_us"] if ran_out else data["duration_us"]) / 1e6
        if not data["requests"]:
            return {**failed("no request answered"), "errors": data["errors"]}
        return {
            "requests": data["requests"],
            "seconds": round(seconds_run, 2),
            "lines_used_up": ran_out,
            "rps": round(data["requests"] / seconds_run, 1),
            "p50_ms": data["p50_us"] / 1000,
            "p95_ms": data["p95_us"] / 1000,
            "p99_ms": data["p99_us"] / 1000,
            "max_ms": data["max_us"] / 1000,
            "errors": data["errors"],
            "statuses": data["statuses"],
        }

    def pdfs(self, manifest: dict) -> list[dict]:
        timed = []
        for pdf in manifest["pdfs"]:
            say(f"  PDF {pdf['name']} …")
            settled = self.settle()  # the last 50-user run's queue first
            times, size, pages = [], 0, None
            for _round in range(self.options.pdf_rounds):
                status, body, seconds = self.fetch_pdf(pdf["path"], pdf["cookie"])
                if status not in pdf["expect"] or not body.startswith(b"%PDF-"):
                    raise RuntimeError(f"{pdf['name']}: {pdf['path']} answered {status}")
                times.append(seconds)
                size = len(body)
            pages = pdf_pages(body)
            timed.append(
                {
                    "name": pdf["name"],
                    "title": pdf["title"],
                    "rounds": len(times),
                    "median_ms": round(statistics.median(times) * 1000, 1),
                    "max_ms": round(max(times) * 1000, 1),
                    "min_ms": round(min(times) * 1000, 1),
                    "kilobytes": round(size / 1024, 1),
                    "pages": pages,
                    "settled": settled,
                }
            )
        return timed


def tasks_pending(conn: psycopg.Connection) -> bool:
    """Whether the task worker has a task due that it has not finished (django_tasks_db's
    own ``ready()`` and ``running()``, their SQL run on ``conn``)."""
    from django_tasks_db.models import DBTaskResult

    pending = DBTaskResult.objects.ready() | DBTaskResult.objects.running()
    sql, params = pending.values("pk").query.sql_with_params()
    return conn.execute(f"SELECT EXISTS ({sql})", params).fetchone()[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def child_pids(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return path.read_text().split() if path.exists() else []


def all_workers(pid: int, steady: float = 1.0, limit: float = 15) -> int:
    """How many workers gunicorn runs, once it has started them all: the first answers
    while the master is still forking the others (the count steady for a second)."""
    began = time.monotonic()
    count, since = len(child_pids(pid)), time.monotonic()
    while time.monotonic() - since < steady and time.monotonic() - began < limit:
        time.sleep(0.1)
        now = len(child_pids(pid))
        if now != count:
            count, since = now, time.monotonic()
    return count


def pdf_pages(body: bytes) -> int | None:
    try:
        import io

        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(io.BytesIO(body)).pages)


def failed(reason: str) -> dict:
    """A run without figures, and why."""
    return {
        "requests": 0,
        "rps": None,
        "p50_ms": None,
        "p95_ms": None,
        "p99_ms": None,
        "max_ms": None,
        "errors": {},
        "statuses": {},
        "error": reason,
    }


def brief(window: dict) -> dict:
    """What a page's row keeps of the yardstick's run beside it."""
    keys = ("rps", "p50_ms", "p95_ms", "load", "error")
    return {key: window[key] for key in keys if key in window}


def ratio(row: dict, yardstick: dict) -> float | None:
    if not row.get("rps") or not yardstick.get("rps"):
        return None
    return round(row["rps"] / yardstick["rps"], 4)


def machine(postgresql: str) -> dict:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, IndexError):
        kilobytes = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kilobytes / 1024 / 1024:.0f} GiB"
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgresql,
    }


def table(results: dict) -> str:
    """The results as Markdown tables (docs/benchmarks.md takes them as they are): per level
    the ceiling and the floor over all their runs (median, and the range in brackets), then
    each page with its req/s as a share of the ceiling's and the floor's runs just before
    (with several rounds, the medians of its runs and their ranges)."""
    lines = [
        "| page | users | req/s | p50 ms | p95 ms | p99 ms | page/ceiling | page/floor "
        "| answered | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for level in dict.fromkeys(row["users"] for row in results["pages"]):
        rows = [row for row in results["pages"] if row["users"] == level]
        for anchor in dict.fromkeys(row["anchor"] for row in rows if row["anchor"]):
            lines.append(yardstick_line([row for row in rows if row["anchor"] == anchor]))
        runs_of = {}  # by page, in the order of their first runs
        for row in rows:
            if not row["anchor"]:
                runs_of.setdefault(row["name"], []).append(row)
        lines += [page_line(runs) for runs in runs_of.values()]
    lines += [
        "",
        "| PDF | median ms | min ms | max ms | pages | KB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for pdf in results["pdfs"]:
        lines.append(
            f"| {pdf['title']} | {pdf['median_ms']:.0f} | {pdf['min_ms']:.0f} | "
            f"{pdf['max_ms']:.0f} | {pdf['pages'] or '?'} | {pdf['kilobytes']:.0f} |"
        )
    return "\n".join(lines)


def page_line(runs: list[dict]) -> str:
    """A page's runs at one level (one a round) as one line. Over the runs that gave a
    result: the median req/s, latencies and ratios, and with several runs the range of req/s
    and of each ratio in brackets. Then the answers of all its runs, the reasons of those
    without a result, and whether they sent every prepared request."""
    done = [run for run in runs if run.get("rps")]
    figures = (
        " | ".join(
            [
                spread(done, "rps", "{:.1f}", "{:.0f}"),
                latency_medians(done),
            ]
        )
        if done
        else "— | — | — | —"
    )
    ratios = " | ".join(
        spread(done, f"ratio_to_{anchor}", "{:.3f}", "{:.3f}") for anchor in (CEILING, FLOOR)
    )
    statuses = collections.Counter()
    for run in runs:
        statuses.update(run["statuses"])
    answered = [", ".join(f"{count}× {key}" for key, count in sorted(statuses.items()))]
    failures = [run["error"] for run in runs if run.get("error")]
    reasons = ", ".join(dict.fromkeys(failures))
    if len(runs) == 1:
        answered = failures or answered
    elif failures:
        answered.append(f"{len(failures)} of {len(runs)} runs without a result: {reasons}")
    used_up = [str(run["seconds"]) for run in done if run.get("lines_used_up")]
    if used_up:
        answered.append(f"every prepared request sent, in {', '.join(used_up)} s")
    loads = [run["load"] for run in runs if "load" in run]
    load = (loads[0] if len(loads) == 1 else f"{statistics.median(loads):.2f}") if loads else ""
    return (
        f"| {runs[0]['title']} | {runs[0]['users']} | {figures} | {ratios} "
        f"| {'; '.join(filter(None, answered))} | {load} |"
    )


def latency_medians(runs: list[dict]) -> str:
    """The medians of the runs' p50, p95 and p99, as the table's three columns."""
    return " | ".join(f"{statistics.median(run[key] for run in runs):.1f}" for key in LATENCIES)


def spread(runs: list[dict], key: str, median_format: str, range_format: str) -> str:
    """The median of ``key`` over ``runs`` (those that have it), and with several their
    range in brackets; — for none."""
    values = [run[key] for run in runs if run.get(key) is not None]
    if not values:
        return "—"
    median = median_format.format(statistics.median(values))
    if len(values) == 1:
        return median
    return f"{median} ({range_format.format(min(values))}–{range_format.format(max(values))})"


def yardstick_line(runs: list[dict]) -> str:
    """The ceiling's or the floor's runs at one level as one line: the medians, the range
    of req/s in brackets."""
    done = [run for run in runs if run.get("rps")]
    if not done:
        return f"| {runs[0]['title']} | {runs[0]['users']} | — | — | — | — | — | — | no result | |"

    def median(key):
        return statistics.median(run[key] for run in done)

    low, high = min(run["rps"] for run in done), max(run["rps"] for run in done)
    to_ceiling = [run["ratio_to_ceiling"] for run in done if run.get("ratio_to_ceiling")]
    return (
        f"| {runs[0]['title']} | {runs[0]['users']} | {median('rps'):.1f} "
        f"({low:.0f}–{high:.0f}) | {latency_medians(done)} | "
        f"{share(statistics.median(to_ceiling) if to_ceiling else None)} | — | {len(done)} runs, "
        f"{sum(run['requests'] for run in done)} requests | {median('load'):.2f} |"
    )


def share(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def save(results: dict, folder: Path, stamp: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{stamp}.json"
    path.write_text(json.dumps(results, indent=2))
    return path
