"""Indonesia's public holidays (the maintained `holidays` library) as closure days."""

import holidays as holiday_calendars

from bookings.models import Closure


def sync_public_holidays(years: list[int]) -> int:
    """Add the national holidays of these years that are missing; return how many. Days the
    admin already keeps (a closure, or a holiday renamed) are left as they are."""
    calendar = holiday_calendars.country_holidays("ID", years=years, language="id")
    known = set(Closure.objects.filter(date__in=list(calendar)).values_list("date", flat=True))
    missing = [
        Closure(date=date, name=name[:150], is_public_holiday=True)
        for date, name in sorted(calendar.items())
        if date not in known
    ]
    Closure.objects.bulk_create(missing)
    return len(missing)
