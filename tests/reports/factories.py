"""Held coaching sessions of both kinds, reports and meetings for the reports tests."""

import datetime

import factory
from django.utils import timezone

from accounts.models import Jenjang, Role
from bookings.models import (
    AgendaBlock,
    Attendance,
    BookingStatus,
    CoachingSession,
    Decision,
    Disposition,
    RequestStatus,
    SessionKind,
    SkpdRequest,
)
from bookings.visits.services import AGENDA
from reports.models import EvaluationMeeting, MonthlyRecap, SessionReport
from tests.accounts.factories import PegawaiFactory, SkpdFactory, user_with_role
from tests.bookings.factories import BookingFactory, SlotFactory


def days_ago(days: int, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def held_individual_session(
    *, coach=None, pegawai=None, start=None, **booking_fields
) -> CoachingSession:
    """An ASN's booking that it attended, become a session, as record_attendance does;
    ``booking_fields`` (topic, skp, draft, coach_notes) go to the booking."""
    coach = coach or user_with_role(Role.TIM_COACHING)
    start = start or days_ago(2)
    slot = SlotFactory(coach=coach, start=start, end=start + datetime.timedelta(hours=1))
    booking = BookingFactory(
        slot=slot,
        status=BookingStatus.ATTENDED,
        **({"pegawai": pegawai} if pegawai else {}),
        **booking_fields,
    )
    session = CoachingSession.objects.create(
        kind=SessionKind.INDIVIDUAL,
        start=slot.start,
        end=slot.end,
        place=str(slot.place),
        booking=booking,
        notes="Menyelaraskan RHK dengan RHK atasan.",
    )
    session.coaches.add(coach)
    Attendance.objects.create(session=session, pegawai=booking.pegawai, present=True)
    return session


def held_skpd_session(
    *,
    skpd=None,
    coaches=None,
    present=3,
    absent=0,
    start=None,
    status=RequestStatus.HELD,
    kepala=None,
) -> CoachingSession:
    """A request letter accepted and held at the SKPD, with its participants recorded."""
    skpd = skpd or SkpdFactory()
    coaches = coaches or [user_with_role(Role.TIM_COACHING)]
    kepala = kepala or user_with_role(Role.KEPALA_BKPSDM)
    start = start or days_ago(5)
    end = start + datetime.timedelta(hours=3)
    request = SkpdRequest.objects.create(
        skpd=skpd,
        letter_number=f"800/{skpd.pk}/UMPEG/2026",
        letter_date=start.date() - datetime.timedelta(days=20),
        subject="Permohonan Coaching Clinic penyusunan SKP Tahunan",
        letter_file="letters/uji.pdf",
        proposed_date_1=start.date(),
        expected_pelaksana=present + absent,
        contact_name="Narahubung",
        contact_phone="081234567890",
        status=status,
        submitted_by=kepala,
        submitted_at=start - datetime.timedelta(days=20),
    )
    disposition = Disposition.objects.create(
        request=request,
        decision=Decision.ACCEPT,
        note="Laksanakan.",
        start=start,
        end=end,
        venue=f"Aula {skpd.name}",
        decided_by=kepala,
        decided_at=start - datetime.timedelta(days=14),
    )
    disposition.coaches.set(coaches)
    session = CoachingSession.objects.create(
        kind=SessionKind.SKPD, start=start, end=end, place=f"Aula {skpd.name}", skpd_request=request
    )
    session.coaches.set(coaches)
    AgendaBlock.objects.bulk_create(
        [AgendaBlock(session=session, order=n, kind=kind) for n, kind in enumerate(AGENDA, 1)]
    )
    people = PegawaiFactory.create_batch(present + absent, skpd=skpd, jenjang=Jenjang.PELAKSANA)
    Attendance.objects.bulk_create(
        [
            Attendance(session=session, pegawai=person, present=n < present)
            for n, person in enumerate(people)
        ]
    )
    return session


class SessionReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionReport

    session = factory.LazyFunction(held_individual_session)
    created_by = factory.LazyAttribute(lambda report: report.session.coaches.first())
    basis = "Peraturan Menteri PANRB Nomor 6 Tahun 2022"
    findings = "RHK peserta sudah diselaraskan dengan RHK atasan."


class EvaluationMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationMeeting
        skip_postgeneration_save = True

    start = factory.LazyFunction(lambda: days_ago(1, hour=9))
    place = "Ruang Rapat BKPSDM"
    chair = factory.LazyFunction(lambda: user_with_role(Role.KEPALA_BIDANG))
    notulis = factory.LazyFunction(lambda: user_with_role(Role.TIM_COACHING))
    created_by = factory.SelfAttribute("notulis")
    period_start = factory.LazyAttribute(lambda m: m.start.date().replace(day=1))
    period_end = factory.LazyAttribute(lambda m: m.start.date())


class MonthlyRecapFactory(factory.django.DjangoModelFactory):
    """A coach's recap of last month, in draft."""

    class Meta:
        model = MonthlyRecap

    coach = factory.LazyFunction(lambda: user_with_role(Role.TIM_COACHING))
    year = factory.LazyFunction(lambda: last_month().year)
    month = factory.LazyFunction(lambda: last_month().month)
    created_by = factory.LazyAttribute(
        lambda recap: recap.coach or user_with_role(Role.KEPALA_BIDANG)
    )


def last_month() -> datetime.date:
    """The first day of the month before this one (WITA)."""
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
