"""The scaled demo (seed_demo --scale N) gives the benchmark a past in proportion: a year
of individual coaching, two years of SKPD visits with their reports, their SKM surveys with
anonymous answers, and bookings of the coming weeks; every row as the portal itself would
keep it."""

import datetime
import importlib
import pkgutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

import operations.demo
from accounts.models import Pegawai, Role, RoleAssignment, Skpd
from bookings.models import (
    Attendance,
    Booking,
    BookingStatus,
    CoachingSession,
    RequestStatus,
    SessionKind,
    SkpdRequest,
    Slot,
)
from core.bulk import (
    copy_rows,
    foreign_keys_checked_after,
    indexes_built_after,
    reserve_ids,
)
from operations.demo.accounts import FIXED, build_demo_regency
from operations.demo.bookings import DEMO_LETTER, add_coaches
from operations.management.commands.seed_demo import SCALED_SEEDERS
from reports import services as report_services
from reports.models import ReportStatus, SessionReport
from skp_drafts.models import Skp
from surveys import ikm
from surveys.models import Invitation, Response, Survey, SurveySummary
from surveys.selectors import ResultFilter, released_responses

pytestmark = pytest.mark.django_db


def seed(scale=600):
    call_command("seed_demo", "--scale", str(scale), "--force", stdout=StringIO())


def test_every_demo_module_with_scaled_data_takes_part_bottom_to_top():
    modules = [
        importlib.import_module(f"operations.demo.{info.name}")
        for info in pkgutil.iter_modules(operations.demo.__path__)
    ]
    with_scaled_data = {
        module.__name__.rsplit(".", 1)[-1] for module in modules if hasattr(module, "seed_scaled")
    }
    labels = [label for label, _seed in SCALED_SEEDERS]
    assert set(labels) == with_scaled_data
    assert labels == ["bookings", "skp_drafts", "surveys", "reports"]


def test_the_scaled_demo_has_a_past_of_coaching_and_answers_in_proportion():
    seed()
    now = timezone.now()
    coaches = RoleAssignment.objects.filter(role=Role.TIM_COACHING).count()
    assert coaches == 3

    past_slots = Slot.objects.filter(end__lte=now)
    # A year of Monday–Thursday mornings and afternoons, five sessions a day per coach.
    assert 3 * 45 * 4 * 5 <= past_slots.count() <= 3 * 53 * 4 * 5
    booked = Booking.objects.filter(slot__end__lte=now)
    assert 0.6 < booked.count() / past_slots.count() < 0.8
    attended = booked.filter(status=BookingStatus.ATTENDED)
    individual = CoachingSession.objects.filter(kind=SessionKind.INDIVIDUAL)
    assert individual.count() == attended.count()
    assert not attended.filter(session__isnull=True).exists()
    assert Attendance.objects.filter(session__kind=SessionKind.INDIVIDUAL).count() == (
        individual.count()
    )
    # Two visits a year to each SKPD, held, with its agenda, and its whole staff invited.
    visits = SkpdRequest.objects.filter(status__in=(RequestStatus.HELD, RequestStatus.REPORTED))
    assert visits.count() >= 3 * Skpd.objects.count()
    session = CoachingSession.objects.filter(skpd_request__in=visits).first()
    assert session.blocks.count() == 7
    assert (
        session.attendance.count()
        == Pegawai.objects.filter(skpd=session.skpd_request.skpd, is_active=True).count()
    )
    assert session.commitments.count() == session.coaches.count() == 1

    # Reported as the team does: every visit of the scaled past but those of the last two
    # weeks, approved with the drafts worked on, its request letter reported (the demo's own
    # visit, with a letter of its own, has its report submitted: tests/reports/test_demo.py).
    cutoff = now - datetime.timedelta(days=14)
    scaled = visits.filter(letter_file=DEMO_LETTER)
    reports = SessionReport.objects.filter(session__skpd_request__in=scaled)
    assert reports.filter(status=ReportStatus.APPROVED).count() == reports.count()
    assert reports.count() == scaled.filter(session__end__lt=cutoff).count() > 0
    assert set(scaled.filter(session__end__lt=cutoff).values_list("status", flat=True)) == {
        RequestStatus.REPORTED
    }
    assert not reports.filter(session__end__gte=cutoff).exists()
    approved = reports.order_by("pk").first()
    assert approved.drafts_snapshot and approved.basis.startswith("Peraturan Menteri")
    # As the report's page would pre-fill it: the letter and the Kepala's disposition.
    assert approved.basis == report_services.default_basis(approved.session)
    assert approved.basis.splitlines()[-1].startswith("Disposisi Kepala BKPSDM")
    assert approved.submitted_by == approved.session.coaches.get()
    assert approved.decided_at > approved.submitted_at > approved.session.end

    # Coming weeks: some slots booked, by different ASN, the demo ASN left free to book.
    coming = Booking.objects.filter(status=BookingStatus.BOOKED)
    assert coming.exists()
    # Only the demo coach's session of today (08.00 WITA) may have begun: it waits for its
    # attendance to be recorded.
    begun = coming.filter(slot__start__lte=now)
    assert not begun.exclude(
        slot__coach__username=FIXED["coach_1"][0], slot__start__date=timezone.localdate()
    ).exists()
    assert coming.values("pegawai").distinct().count() == coming.count()
    assert not coming.filter(pegawai__nip="199505202020121007").exists()

    # SKM: one survey per past session, a link for each one present, at most one answer each.
    past_sessions = CoachingSession.objects.filter(end__lt=now, attendance__present=True)
    assert Survey.objects.count() == past_sessions.distinct().count()
    present = Attendance.objects.filter(present=True, session__end__lt=now).count()
    assert Invitation.objects.count() == present
    assert Response.objects.count() == Invitation.objects.filter(used=True).count()
    assert 0.8 < Response.objects.count() / present < 0.95
    per_survey = Survey.objects.annotate(
        answers=Count("responses", distinct=True),
        used=Count("invitations", filter=Q(invitations__used=True), distinct=True),
    )
    assert all(s.answers == s.used for s in per_survey)
    result = ikm.compute(Response.objects.all())
    assert result.grade in {"A", "B"}
    # Every closed survey has its summary, in blocks made as the portal makes them: the
    # whole regency's result adds up to the closed surveys' answers, and writes nothing.
    closed = Survey.objects.filter(closes_at__lte=now)
    assert SurveySummary.objects.count() == closed.count() > 0
    assert not closed.filter(summary_floor__isnull=True).exists()
    everything = released_responses(ResultFilter())
    assert everything.respondents + everything.held_back == (
        Response.objects.filter(survey__in=closed).count()
    )
    assert everything.result.grade == ikm.compute(everything.responses).grade
    # The history records every seeded booking with its reason (the one booking the draft
    # SKP's demo makes through the portal's own service has that service's). A booking may
    # have two such entries: on a weekday before the demo coach's session of today, the
    # coming weeks' slot in its way is cancelled through the service, with the seed's reason.
    seeded = Booking.history.filter(history_change_reason="seed_demo")
    assert seeded.values("id").distinct().count() == Booking.objects.count() - 1
    assert Booking.history.filter(history_change_reason="Dipesan").count() == 1


def test_a_second_seed_adds_nothing():
    seed(scale=300)
    counts = [m.objects.count() for m in (Slot, Booking, CoachingSession, Survey, Response)]
    seed(scale=300)
    assert [m.objects.count() for m in (Slot, Booking, CoachingSession, Survey, Response)] == (
        counts
    )


def test_a_larger_regency_gets_a_larger_team():
    build_demo_regency(pegawai_target=10_000)
    assert add_coaches(10_000) == 3
    assert RoleAssignment.objects.filter(role=Role.TIM_COACHING).count() == 6
    assert set(
        RoleAssignment.objects.filter(role=Role.TIM_COACHING).values_list(
            "user__pegawai__skpd__short_name", flat=True
        )
    ) == {"BKPSDM"}


def foreign_keys_of(model):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = %s::regclass ORDER BY conname",
            [model._meta.db_table],
        )
        return cursor.fetchall()


def test_a_bulk_load_gets_its_foreign_keys_back_and_checked_at_its_end():
    build_demo_regency(pegawai_target=300)
    skpd = Skpd.objects.order_by("pk").first()
    before = foreign_keys_of(Pegawai)
    assert before
    columns = ["id", "nip", "kind", "name", "jabatan", "jenjang", "skpd_id", "atasan_id"]
    columns += ["email", "phone", "is_active", "created_at", "updated_at"]
    now = timezone.now()

    def row(pk, nip, skpd_id):
        return (
            pk,
            nip,
            "pns",
            "Uji",
            "Pelaksana",
            "pelaksana",
            skpd_id,
            None,
            "",
            "",
            True,
            now,
            now,
        )

    with transaction.atomic():
        with foreign_keys_checked_after(Pegawai):
            assert foreign_keys_of(Pegawai) == []
            (pk,) = reserve_ids(Pegawai, 1)
            copy_rows(Pegawai, columns, [row(pk, "199001012020121001", skpd.pk)])
        assert foreign_keys_of(Pegawai) == before
    assert Pegawai.objects.filter(pk=pk, skpd=skpd).exists()

    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        foreign_keys_checked_after(Pegawai),
    ):
        (pk,) = reserve_ids(Pegawai, 1)
        copy_rows(Pegawai, columns, [row(pk, "199001012020121002", 10**9)])  # no such SKPD
    assert foreign_keys_of(Pegawai) == before
    assert not Pegawai.objects.filter(pk=pk).exists()

    # An error in the block puts them back also when the caller's transaction goes on.
    with transaction.atomic():
        with pytest.raises(ValueError), foreign_keys_checked_after(Pegawai):
            raise ValueError
        assert foreign_keys_of(Pegawai) == before


def indexes_of(model):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s ORDER BY 1",
            [model._meta.db_table],
        )
        return cursor.fetchall()


def test_a_bulk_load_gets_its_indexes_built_again_at_its_end():
    models = (Response, Skp)
    before = {model: indexes_of(model) for model in models}
    assert len(before[Response]) == 4  # the key, the survey's, the day's and the suggestions'
    unique = {
        model: [(name, definition) for name, definition in indexes if "UNIQUE" in definition]
        for model, indexes in before.items()
    }
    # An SKP per pegawai and year: a unique constraint with a condition, an index only.
    assert "skp_one_per_pegawai_and_year" in {name for name, _ in unique[Skp]}

    with transaction.atomic():
        with indexes_built_after(*models):
            assert {model: indexes_of(model) for model in models} == unique
        assert {model: indexes_of(model) for model in models} == before

    # A load that fails leaves them as they were, also when the caller's transaction goes on.
    with transaction.atomic():
        with pytest.raises(ValueError), indexes_built_after(*models):
            raise ValueError
        assert {model: indexes_of(model) for model in models} == before


def test_ids_are_reserved_from_the_tables_own_sequence():
    first = reserve_ids(Skpd, 3)
    assert len(set(first)) == 3 and first == sorted(first)
    assert reserve_ids(Skpd, 1)[0] > first[-1]
    assert Skpd.objects.create(name="Dinas Uji", short_name="UJI", kind="dinas").pk > first[-1]
