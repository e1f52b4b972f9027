from django.core.management.base import BaseCommand

from core import audit


class Command(BaseCommand):
    help = "Deletes audit entries older than AUDIT_RETENTION_DAYS (daily, from cron)."

    def handle(self, *args, **options):
        deleted = audit.prune()
        self.stdout.write(f"{deleted} audit entries older than the retention period deleted.")
