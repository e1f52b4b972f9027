from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.bench.driver import Bench, Options, save, table
from operations.bench.pages import most_runs, runs_allowed


class Command(BaseCommand):
    help = (
        "The benchmark (make bench): seeds a regency of --scale pegawai in a database of its "
        "own, serves it with gunicorn and the production settings, drives each key page "
        "with wrk at 1, 10 and 50 users, each run right after one of the ceiling (/healthz) "
        "and one of the floor (the cheapest signed-in page), times the PDFs, writes "
        "bench-results/<time>.json, keeps the logs in bench-results/<time>/ and prints the "
        "table. See docs/benchmarks.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=50_000)
        parser.add_argument("--seconds", type=int, default=5, help="per run of a page")
        parser.add_argument("--levels", default="1,10,50", help="concurrent users")
        parser.add_argument(
            "--rounds",
            type=int,
            default=1,
            help="runs of each page and level, each beside a ceiling's and a floor's of its "
            "own; the table gives their medians and ranges",
        )
        parser.add_argument("--only", default="", help="page and PDF names, comma-separated")
        parser.add_argument("--pdf-rounds", type=int, default=3)
        parser.add_argument(
            "--reuse-db", action="store_true", help="keep the seeded database of the last run"
        )

    def handle(self, *args, scale, seconds, levels, rounds, only, pdf_rounds, reuse_db, **options):
        levels = tuple(int(level) for level in levels.split(","))
        # Checked before the database is made and seeded (bench_prepare checks it again).
        if not runs_allowed(len(levels) * rounds):
            raise CommandError(f"--rounds: at least 1, and at most {most_runs()} runs in all.")
        bench = Bench(
            Options(
                scale=scale,
                seconds=seconds,
                levels=levels,
                rounds=rounds,
                only=tuple(filter(None, only.split(","))),
                pdf_rounds=pdf_rounds,
                reuse_db=reuse_db,
            )
        )
        try:
            results = bench.run()
        except RuntimeError as error:
            raise CommandError(f"{error}\n(logs in {bench.logs})") from error
        path = save(results, Path(settings.BASE_DIR) / "bench-results", bench.stamp)
        machine = results["machine"]
        self.stdout.write(
            f"\n{machine['cores']} cores ({machine['cpu']}), {machine['memory']}, PostgreSQL "
            f"{machine['postgresql']}, {results['setup']['gunicorn_workers']} gunicorn workers, "
            f"cache {results['setup']['cache']}; load average before "
            f"{results['load_before'][0]:.2f}, after {results['load_after'][0]:.2f}.\n"
        )
        self.stdout.write(table(results))
        seeded = results["setup"]["seed_seconds"]
        seed = f", the seed {seeded} s" if seeded is not None else ""
        self.stdout.write(
            f"\nResults: {path}, logs in {results['logs']} "
            f"({results['elapsed_seconds']} s in all{seed})"
        )
