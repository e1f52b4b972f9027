from django.core.management.base import BaseCommand
from django.utils import timezone

from bookings.holidays import sync_public_holidays


class Command(BaseCommand):
    help = "Adds Indonesia's national holidays as closure days (this year and the next)."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int)

    def handle(self, *args, years, **options):
        this_year = timezone.localdate().year
        years = years or [this_year, this_year + 1]
        added = sync_public_holidays(years)
        self.stdout.write(self.style.SUCCESS(f"{added} public holidays added for {years}."))
