import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backup import backup


class Command(BaseCommand):
    help = (
        "Backs up the database (pg_dump, custom format) and the uploaded files into "
        "backups/coaching-portal-<time>.dump and -media.tar.gz (make backup; daily by cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--folder", default=str(Path(settings.BASE_DIR) / "backups"))
        parser.add_argument("--keep", type=int, help="keep only the newest N backups")

    def handle(self, *args, folder, keep, **options):
        try:
            written = backup(Path(folder), keep=keep)
        except (subprocess.CalledProcessError, FileNotFoundError) as error:
            raise CommandError(f"Backup failed: {getattr(error, 'stderr', '') or error}") from error
        for path in written:
            self.stdout.write(f"{path} ({path.stat().st_size / 1024 / 1024:.1f} MB)")
