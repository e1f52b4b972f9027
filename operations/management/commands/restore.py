import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from operations.backup import restore


class Command(BaseCommand):
    help = (
        "Restores a backup of `manage.py backup` (make restore FILE=backups/….dump): "
        "replaces the database's content, in one transaction, and unpacks the uploaded "
        "files kept beside it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="do not ask first")

    def handle(self, *args, file, yes, **options):
        dump = Path(file)
        if not dump.is_file():
            raise CommandError(f"No backup at {dump}.")
        name = settings.DATABASES["default"]["NAME"]
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError("Restoring replaces the database: add --yes to confirm.")
            answer = input(f"Replace everything in the database {name} with {dump}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes", "ya"):
                raise CommandError("Nothing restored.")
        try:
            restored = restore(dump)
        except subprocess.CalledProcessError as error:
            raise CommandError(f"Restore failed, nothing changed:\n{error.stderr}") from error
        except (ValueError, FileNotFoundError) as error:
            raise CommandError(f"Restore failed, nothing changed: {error}") from error
        # The shared cache holds copies of what the database held (sessions, signed-in users,
        # the dashboard's figures): none of them is true of the restored data.
        cache.clear()
        self.stdout.write(self.style.SUCCESS("Restored " + " and ".join(restored) + "."))
