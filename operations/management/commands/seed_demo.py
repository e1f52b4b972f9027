import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.bulk import analyze_tables
from core.collector import collector_paused
from operations.demo import bookings, reports, skp_drafts, surveys
from operations.demo.accounts import (
    DEFAULT_PEGAWAI,
    DEMO_PASSWORD,
    DEMO_RECOVERY_CODES,
    DEMO_TOTP_SECRET,
    build_demo_regency,
    demo_logins,
    demo_second_factor_logins,
)
from operations.demo.bookings import (
    build_demo_asn_history,
    build_demo_request,
    build_demo_schedule,
    build_demo_today,
)
from operations.demo.ekinerja import build_demo_ekinerja
from operations.demo.reports import build_demo_recaps, build_demo_reports, demo_report
from reports.pdf import session_report_pdf

# Each app's data in proportion to the regency, bottom to top: the surveys answer the
# sessions that bookings held, the reports report its visits.
SCALED_SEEDERS = [
    ("bookings", bookings.seed_scaled),
    ("skp_drafts", skp_drafts.seed_scaled),
    ("surveys", surveys.seed_scaled),
    ("reports", reports.seed_scaled),
]


# The apps whose tables the steps after the first ANALYZE fill (the e-Kinerja exports' rows
# above all, 67,000 for the 10× regency): analyzed again at the end. The other tables gain
# a few hundred rows there at most (the demo visit's attendance), which leaves their
# statistics as true as they were. A later step that fills another app adds it here.
FILLED_AFTER_STATISTICS = ("reports", "ekinerja", "core")


class Command(BaseCommand):
    help = (
        "Builds the demo Kabupaten Balangan: its SKPD, pegawai in a correct superior chain, "
        "a Kasubag Umum per SKPD, the BKPSDM coaching team, and a past of coaching and SKM "
        "answers in proportion to its size. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even with DEBUG off (the benchmark's production-like server)",
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=DEFAULT_PEGAWAI,
            help=f"number of pegawai (ASN) to build; default {DEFAULT_PEGAWAI}. Every SKPD "
            "gets at least its base structure (about 500 people in all). 50000 makes a "
            "regency ten times Balangan's size, with 400 SKPD.",
        )

    def handle(self, *args, scale, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production, and the demo creates accounts with "
                "a published password. Use --force for a benchmark database."
            )
        if scale < 100:
            raise CommandError("--scale must be at least 100.")
        seeding = started = time.monotonic()
        with collector_paused():  # as for every step (_timed)
            created = build_demo_regency(pegawai_target=scale)
            created["slots"] = build_demo_schedule()
            created["requests"] = build_demo_request()
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                "Demo regency ready in {:.1f} s: {skpd} SKPD, {pegawai} pegawai, {users} "
                "accounts, {roles} roles, {registrations} registrations, {slots} coaching "
                "slots and {requests} SKPD requests created (0 means it was there "
                "already).".format(elapsed, **created)
            )
        )
        for label, seed_scaled in SCALED_SEEDERS:
            self._timed(
                label, lambda seed_scaled=seed_scaled: self._seed_scaled(seed_scaled, scale)
            )
        self._timed("statistics", self._analyze)
        # After the past of coaching: the demo visit takes a morning its coaches had free.
        self._timed("reports", lambda: f"{build_demo_reports()} demo report and meeting")
        # The demo coaches' months of individual coaching, recapped and approved; last month's
        # of the first coach waits for the Kepala Bidang.
        self._timed(
            "recaps", lambda: f"{build_demo_recaps()} monthly recaps of individual coaching"
        )
        # After every pegawai is in: this year's e-Kinerja exports, imported and applied.
        self._timed("ekinerja", lambda: f"{build_demo_ekinerja()} e-Kinerja export(s) applied")
        # The demo report as the office files it: a document whose code can be verified.
        self._timed("document", self._file_demo_report)
        # Last, over the coming weeks' slots: the demo coach's session and visit today.
        self._timed("today", lambda: f"{build_demo_today()} session and visit for the demo coach")
        self._timed("the demo ASN's past", lambda: f"{build_demo_asn_history()} attended session")
        # Again at the end for what the steps since the first ANALYZE filled, which would
        # otherwise wait for autovacuum, planned as if empty meanwhile.
        self._timed("statistics", lambda: self._analyze(*FILLED_AFTER_STATISTICS))
        self.stdout.write(f"Seeded in {time.monotonic() - seeding:.1f} s.")
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for login in demo_logins():
            self.stdout.write(f"  {login.role:<30} {login.login:<20} {login.name} ({login.unit})")
        self.stdout.write(
            f"\nSecond factor of {', '.join(demo_second_factor_logins())} (DEMO ONLY): add the "
            f"secret {DEMO_TOTP_SECRET} to an authenticator app (time-based, 6 digits, 30 s), "
            f"or sign in once with a recovery code: {', '.join(DEMO_RECOVERY_CODES)}"
        )

    def _timed(self, label: str, step) -> None:
        """Run one step of the seed and say what it made and how long it took.

        The step runs with Python's cyclic garbage collector paused: a step builds lists of
        hundreds of thousands of rows and keeps them to its end, and the collector's full
        passes walked them again and again for next to nothing, about 4 s of the 50,000
        pegawai's seed (docs/benchmarks.md, "Issue 19, continued: the seed's garbage
        collector")."""
        started = time.monotonic()
        with collector_paused():
            made = step()
        self.stdout.write(f"  {label}: {made} ({time.monotonic() - started:.1f} s)")

    @staticmethod
    def _seed_scaled(seed_scaled, scale: int) -> str:
        with transaction.atomic():
            counts = seed_scaled(scale=scale)
        return ", ".join(f"{count} {name}" for name, count in counts.items()) or "nothing"

    @staticmethod
    def _file_demo_report() -> str:
        report = demo_report()
        if report is None:
            return "no demo report"
        session_report_pdf(report)
        return "the demo report's PDF issued"

    @staticmethod
    def _analyze(*app_labels: str) -> str:
        """Every table analyzed, or the tables of the apps named."""
        if not app_labels:
            analyze_tables()
            return "every table analyzed"
        models = [
            model
            for label in app_labels
            for model in apps.get_app_config(label).get_models(include_auto_created=True)
        ]
        analyze_tables(*models)
        return f"the tables of {', '.join(app_labels)} analyzed"
