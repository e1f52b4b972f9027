"""Writes the benchmark's requests (one file per page and level) and its manifest; run by
``manage.py bench`` against the benchmark's own database."""

import json
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from accounts.models import Pegawai, Skpd
from bookings.models import Booking, CoachingSession, Slot
from operations.bench.fixture import Fixture
from operations.bench.pages import PAGES, PDFS
from surveys.models import Response

# Users cycled through by the pages that do not need a new one per request.
POOL = 200
# The booking POSTs' free slots are shared equally among the concurrency levels: one user
# alone books about as fast as ten (the server, not the client, is the limit).


class Command(BaseCommand):
    help = "Prepares the benchmark's requests (internal: manage.py bench runs it)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True)
        parser.add_argument("--host", required=True)
        parser.add_argument("--levels", default="1,10,50")
        parser.add_argument("--only", default="")

    def handle(self, *args, out, host, levels, only, **options):
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        levels = [int(level) for level in levels.split(",")]
        wanted = set(filter(None, only.split(",")))
        fixture = Fixture()
        manifest = {"host": host, "pages": [], "pdfs": [], "counts": self.counts()}
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            manifest["postgresql"] = cursor.fetchone()[0]

        for page in PAGES:
            if wanted and page.name not in wanted and not page.ceiling:
                continue
            files = {}
            if page.fresh_user_per_request:
                share = self.shares(len(fixture.free_slots()), levels)
                users = fixture.users(page.role, sum(share.values()))
                keys = fixture.sessions(users)
                start = 0
                for level in levels:
                    chunk = users[start : start + share[level]]
                    start += share[level]
                    files[level] = self.write(out, page, level, fixture, chunk, keys, host)
            else:
                users = fixture.users(page.role, POOL) if page.role else [None]
                keys = fixture.sessions(users) if page.role else {}
                shared = self.write(out, page, "all", fixture, users, keys, host)
                files = dict.fromkeys(levels, shared)
            manifest["pages"].append(
                {
                    "name": page.name,
                    "title": page.title,
                    "method": page.method,
                    "ceiling": page.ceiling,
                    "expect": list(page.expect),
                    "files": {str(level): str(path) for level, path in files.items()},
                    "lines": {str(level): self.lines(path) for level, path in files.items()},
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

    @staticmethod
    def shares(total: int, levels: list[int]) -> dict[int, int]:
        return dict.fromkeys(levels, total // len(levels))

    @staticmethod
    def write(out, page, level, fixture, users, keys, host) -> Path:
        path = out / f"{page.name}-{level}.tsv"
        with path.open("w") as lines:
            for user in users:
                url = page.path(fixture, user)
                cookie = body = referer = ""
                if user is not None:
                    secret = fixture.csrf_secret()
                    cookie = (
                        f"{settings.SESSION_COOKIE_NAME}={keys[user.pk]}; "
                        f"{settings.CSRF_COOKIE_NAME}={secret}"
                    )
                    if page.method == "POST":
                        data = {**page.data(fixture, user), "csrfmiddlewaretoken": secret}
                        body = urlencode(data)
                        referer = f"https://{host}{url}"
                lines.write(f"{page.method}\t{url}\t{cookie}\t{body}\t{referer}\n")
        return path

    @staticmethod
    def lines(path: Path) -> int:
        with path.open() as lines:
            return sum(1 for _line in lines)

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
