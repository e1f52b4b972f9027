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


def build_demo_request() -> int:
    """One request letter from Dinas Kesehatan waiting in the Kepala BKPSDM's inbox."""
    from django.core.files.base import ContentFile

    from accounts.models import Skpd
    from bookings.models import SkpdRequest
    from bookings.pdf import render_pdf
    from bookings.requests import submit_request

    skpd = Skpd.objects.filter(short_name="DINKES").first()
    kasubag = next(
        (a.user for a in RoleAssignment.objects.filter(role=Role.KASUBAG_UMUM, skpd=skpd)), None
    )
    if skpd is None or kasubag is None or SkpdRequest.objects.filter(skpd=skpd).exists():
        return 0
    letter = render_pdf("bookings/demo_letter.html", {"skpd": skpd})
    today = timezone.localdate()
    submit_request(
        actor=kasubag,
        skpd=skpd,
        letter_file=ContentFile(letter, name="surat-permohonan.pdf"),
        letter_number=f"800/{today:%m}/DINKES/{today:%Y}",
        letter_date=today,
        subject="Permohonan Coaching Clinic penyusunan SKP Tahunan",
        proposed_date_1=today + datetime.timedelta(days=14),
        proposed_date_2=today + datetime.timedelta(days=16),
        expected_jpt=1,
        expected_administrator=4,
        expected_pengawas=5,
        expected_pelaksana=27,
        expected_fungsional=14,
        contact_name="Fitriani Hasanah, S.Kep., Ns.",
        contact_phone="081255500001",
    )
    return 1
