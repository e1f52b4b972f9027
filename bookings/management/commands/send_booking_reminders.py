from django.core.management.base import BaseCommand

from bookings.services import send_reminders


class Command(BaseCommand):
    help = (
        "E-mails every ASN whose individual coaching is tomorrow (WITA), once per booking. "
        "Run daily from cron, e.g. 0 15 * * * (15.00 WITA)."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(self.style.SUCCESS(f"{sent} reminders sent."))
