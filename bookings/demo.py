"""The demo schedule: the BKPSDM coaching room, Indonesia's holidays, and each demo coach's
availability for the coming weeks (Monday–Thursday 08.30–15.00, 60-minute sessions, a
lunch break). Idempotent: publishing skips times a coach already has."""

import datetime

from django.conf import settings
from django.utils import timezone

from accounts.models import Role, RoleAssignment
from bookings.holidays import sync_public_holidays
from bookings.models import Place
from bookings.selectors import week_start
from bookings.services import publish_slots

DEMO_WEEKS = 3


def build_demo_schedule() -> int:
    place = Place.objects.filter(is_default=True).first() or Place.objects.create(
        name="Ruang Coaching Clinic, Kantor BKPSDM",
        address=settings.PORTAL["ADDRESS"],
        is_default=True,
    )
    today = timezone.localdate()
    sync_public_holidays([today.year, today.year + 1])
    coaches = [
        assignment.user
        for assignment in RoleAssignment.objects.filter(role=Role.TIM_COACHING).select_related(
            "user"
        )
    ]
    first_day = week_start(today)
    last_day = first_day + datetime.timedelta(weeks=DEMO_WEEKS, days=-1)
    created = 0
    for coach in coaches:
        created += publish_slots(
            coach=coach,
            first_day=first_day,
            last_day=last_day,
            weekdays=[1, 2, 3, 4],
            start_time=datetime.time(8, 30),
            end_time=datetime.time(15, 0),
            session_minutes=60,
            break_start=datetime.time(12, 0),
            break_end=datetime.time(13, 0),
            place=place,
        ).created
    return created
