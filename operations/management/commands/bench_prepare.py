"""Writes the benchmark's requests (a file per page for each run, level and round, where a
run changes what the next would find; one for all of a page's runs where it does not) and
its manifest; run by ``manage.py bench`` against the benchmark's own database."""

import itertools
import json
import secrets
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accounts.models import Pegawai, Skpd
from bookings.models import Booking, CoachingSession, Slot
from operations.bench.fixture import Fixture, undo_previous_run
from operations.bench.pages import FLOOR, PAGES, PDFS, TURNS, most_runs, runs_allowed
from surveys.models import Response

# Users cycled through by the pages that do not need a new one per request.
POOL = 200


class Command(BaseCommand):
    help = "Prepares the benchmark's requests (internal: manage.py bench runs it)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True)
        parser.add_argument("--host", required=True)
        parser.add_argument("--levels", default="1,10,50")
        parser.add_argument("--rounds", type=int, default=1)
        parser.add_argument("--only", default="")

    def handle(self, *args, out, host, levels, rounds, only, **options):
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        levels = [int(level) for level in levels.split(",")]
        # Each page's runs, in the order the driver makes them.
        runs = [(level, round_index) for level in levels for round_index in range(rounds)]
        if not runs_allowed(len(runs)):
            raise CommandError(f"Levels × rounds must be 1 to {most_runs()} runs.")
        wanted = set(filter(None, only.split(",")))
        # First, so that a reused database has its free slots again.
        undone = undo_previous_run()
        fixture = Fixture()
        manifest = {
            "host": host,
            "pages": [],
            "pdfs": [],
            "counts": self.counts(),
            "undone": undone,
            "open_slots_week": str(fixture.busy_week() or ""),
            # What each run's users open once before it (the driver's warm-up).
            "warm_path": next(page for page in PAGES if page.anchor == FLOOR).path(fixture, None),
        }
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            manifest["postgresql"] = cursor.fetchone()[0]

        for page in PAGES:
            if wanted and page.name not in wanted and not page.anchor:
                continue
            files = {}  # by run
            if page.fresh_user_per_request:
                # The free slots shared equally among the runs: one user alone books about
                # as fast as ten (the server, not the client, is the limit).
                share = len(fixture.free_slots()) // len(runs)
                users = fixture.users(page.role, share * len(runs))
                keys = fixture.sessions(users)
                for index, run in enumerate(runs):
                    chunk = users[index * share : (index + 1) * share]
                    lines = self.lines_of(page, fixture, chunk, keys, host)
                    files[run] = self.write(out / run_file(page.name, *run), lines)
            elif page.mixed_with is not None:
                # Each run (wrk reads its file from the start) its own turns of the writes,
                # so that none posts what an earlier run left stored.
                lines = self.pool_lines(page, fixture, host)
                turns = page.mixed_with.turns
                first = secrets.randbelow(TURNS // turns // len(runs)) * turns * len(runs)
                for index, run in enumerate(runs):
                    writes = self.pool_lines(
                        page.mixed_with, fixture, host, first_turn=first + index * turns
                    )
                    files[run] = self.write(
                        out / run_file(page.name, *run), alternate(lines, writes)
                    )
            else:
                shared = self.write(
                    out / f"{page.name}-all.tsv", self.pool_lines(page, fixture, host)
                )
                files = dict.fromkeys(runs, shared)
            counted = {path: count_lines(path) for path in set(files.values())}
            manifest["pages"].append(
                {
                    "name": page.name,
                    "title": page.title,
                    "method": page.method,
                    "anchor": page.anchor,
                    "expect": sorted(
                        {*page.expect, *(page.mixed_with.expect if page.mixed_with else ())}
                    ),
                    # By level, a file for each round.
                    "files": {
                        str(level): [str(files[level, index]) for index in range(rounds)]
                        for level in levels
                    },
                    "lines": {
                        str(level): [counted[files[level, index]] for index in range(rounds)]
                        for level in levels
                    },
                    # Each line sent once (replay.lua): a user of its own per request.
                    "once": page.fresh_user_per_request,
                }
            )
        for pdf in PDFS:
            if wanted and pdf.name not in wanted:
                continue
            (user,) = fixture.users(pdf.role, 1)
            key = fixture.sessions([user])[user.pk]
            manifest["pdfs"].append(
                {
                    "name": pdf.name,
                    "title": pdf.title,
                    "path": pdf.path(fixture, user),
                    "cookie": f"{settings.SESSION_COOKIE_NAME}={key}",
                    "expect": list(pdf.expect),
                }
            )
        (out / "manifest.json").write_text(json.dumps(manifest, indent=2))
        self.stdout.write(str(out / "manifest.json"))

    def pool_lines(self, page, fixture, host, *, first_turn: int = 0) -> list[str]:
        users = fixture.users(page.role, POOL) if page.role else [None]
        keys = fixture.sessions(users) if page.role and page.signed_in else {}
        return self.lines_of(page, fixture, users, keys, host, first_turn=first_turn)

    @staticmethod
    def lines_of(page, fixture, users, keys, host, *, first_turn: int = 0) -> list[str]:
        """One request per user and turn (all users' first, then all users' second, …):
        method, path, cookie, body and Referer, tab-separated (operations/bench/replay.lua).
        The CSRF cookie's secret is the form's token."""
        lines = []
        turns = range(first_turn, first_turn + page.turns)
        for turn, user in itertools.product(turns, users):
            url = page.path(fixture, user)
            cookie = body = referer = ""
            if user is not None:
                secret = fixture.csrf_secret()
                cookie = f"{settings.CSRF_COOKIE_NAME}={secret}"
                if page.signed_in:
                    cookie = f"{settings.SESSION_COOKIE_NAME}={keys[user.pk]}; {cookie}"
                if page.method == "POST":
                    data = {**page.data(fixture, user, turn), "csrfmiddlewaretoken": secret}
                    body = urlencode(data)
                    referer = f"https://{host}{url}"
            lines.append(f"{page.method}\t{url}\t{cookie}\t{body}\t{referer}\n")
        return lines

    @staticmethod
    def write(path: Path, lines: list[str]) -> Path:
        path.write_text("".join(lines))
        return path

    @staticmethod
    def counts() -> dict[str, int]:
        return {
            "skpd": Skpd.objects.count(),
            "pegawai": Pegawai.objects.count(),
            "slots": Slot.objects.count(),
            "bookings": Booking.objects.count(),
            "sessions": CoachingSession.objects.count(),
            "survey_answers": Response.objects.count(),
        }


def alternate(first: list[str], second: list[str]) -> list[str]:
    """The two lists' lines in turn, the shorter one repeated: read, write, read, write."""
    if not first or not second:
        return first or second
    length = max(len(first), len(second))
    pairs = zip(itertools.islice(itertools.cycle(first), length), itertools.cycle(second))
    return [line for pair in pairs for line in pair]


def run_file(page: str, level: int, round_index: int) -> str:
    return f"{page}-{level}-{round_index + 1}.tsv"


def count_lines(path: Path) -> int:
    with path.open() as lines:
        return sum(1 for _line in lines)
