"""Coaching hours on record: attended sessions count in JP for their participant, who sees
its year and downloads certificates; the team's recap per SKPD and its Excel."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Role
from bookings import development
from bookings.models import (
    Attendance,
    BookingStatus,
    CoachingSession,
    RequestStatus,
    SessionKind,
)
from bookings.visits import services as visits
from tests.accounts.factories import SkpdFactory, user_with_role
from tests.bookings.factories import BookingFactory, SlotFactory
from tests.bookings.test_requests import in_state
from tests.pdf import PdfText

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "minutes, jp_minutes, jp",
    [(60, 45, 1), (90, 45, 2), (150, 45, 3), (30, 45, 1), (150, 60, 2), (240, 45, 5)],
)
def test_one_jp_for_every_45_minutes_at_least_one(settings, minutes, jp_minutes, jp):
    settings.BOOKING_RULES = {**settings.BOOKING_RULES, "JP_MINUTES": jp_minutes}
    start = timezone.now()
    assert development.jp_of(start, start + datetime.timedelta(minutes=minutes)) == jp


def wita(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def individual_session(pegawai, coach, *, day: datetime.date, minutes=60, present=True):
    slot = SlotFactory(
        coach=coach, start=wita(day), end=wita(day) + datetime.timedelta(minutes=minutes)
    )
    session = CoachingSession.objects.create(
        kind=SessionKind.INDIVIDUAL,
        start=slot.start,
        end=slot.end,
        place="Ruang Coaching BKPSDM",
        booking=BookingFactory(
            slot=slot,
            pegawai=pegawai,
            status=BookingStatus.ATTENDED if present else BookingStatus.NO_SHOW,
        ),
    )
    session.coaches.add(coach)
    Attendance.objects.create(session=session, pegawai=pegawai, present=present)
    return session


@pytest.fixture
def year_of_coaching(world):
    """Last year, in June (whatever today's date): the ASN attended two individual sessions
    (60 and 90 minutes) and an SKPD visit of four hours, and missed a third session; it is
    listed for a visit not yet held."""
    asn = world["asn"].pegawai
    year = timezone.localdate().year - 1
    individual_session(asn, world["coach"], day=datetime.date(year, 6, 10), minutes=60)
    individual_session(asn, world["coach"], day=datetime.date(year, 6, 8), minutes=90)
    individual_session(asn, world["coach"], day=datetime.date(year, 6, 5), present=False)
    held = in_state(world, RequestStatus.HELD)
    session = held.session
    session.start = wita(datetime.date(year, 6, 12))
    session.end = session.start + datetime.timedelta(hours=4)
    session.save()
    Attendance.objects.create(session=session, pegawai=asn, present=True)
    ahead = in_state(world, RequestStatus.SCHEDULED)
    visits.set_participants(actor=world["kasubag"], request_id=ahead.pk, pegawai_ids=[asn.pk])
    return {**world, "year": year}


def test_the_asn_sees_its_year_with_the_total(year_of_coaching, client):
    world = year_of_coaching
    records = development.records_of(world["asn"].pegawai, world["year"])
    assert [record.jp for record in records] == [2, 1, 5]  # oldest first: 90, 60 min, 4 h
    client.force_login(world["asn"])
    page = client.get(reverse("bookings:development"), {"tahun": world["year"]})
    assert page.context["total_jp"] == 8
    assert "Coaching Clinic penyusunan SKP di Dinas Kesehatan" in page.text
    assert page.text.count("Surat keterangan") >= 4  # one per session and the year's


def test_a_session_certificate_names_the_pegawai_the_session_and_the_signer(
    year_of_coaching, client
):
    world = year_of_coaching
    kabid = world["kabid"].pegawai
    kabid.jabatan = "Kepala Bidang Penilaian Kinerja dan Penghargaan"
    kabid.save()
    asn = world["asn"].pegawai
    record = development.records_of(asn, world["year"])[0]  # 90 minutes
    client.force_login(world["asn"])
    url = reverse("bookings:development_certificate", args=[record.attendance.pk])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = PdfText(response.content)
    for expected in (
        "SURAT KETERANGAN",
        asn.name,
        f"{asn.nip[:8]} {asn.nip[8:14]} {asn.nip[14]} {asn.nip[15:]}",
        asn.jabatan,
        "Dinas Kesehatan",
        "Coaching individual penyusunan SKP",
        "sebanyak 2 JP",
        kabid.jabatan,
        "Kode verifikasi",
    ):
        assert expected in text, expected
    # Someone else's certificate is not found.
    client.force_login(user_with_role(Role.ASN, skpd=world["skpd"]))
    assert client.get(url).status_code == 404


def test_the_year_certificate_lists_the_sessions_and_the_total(year_of_coaching, client):
    world = year_of_coaching
    year = world["year"]
    client.force_login(world["asn"])
    text = PdfText(
        client.get(reverse("bookings:development_year_certificate", args=[year])).content
    )
    assert f"pada tahun {year} sebanyak 8 JP" in text
    assert "Coaching Clinic penyusunan SKP di Dinas Kesehatan" in text
    assert (
        client.get(reverse("bookings:development_year_certificate", args=[year - 3])).status_code
        == 404
    )


def test_the_team_recap_per_skpd_counts_as_the_records_do(year_of_coaching, client):
    world = year_of_coaching
    other = user_with_role(Role.ASN, skpd=SkpdFactory(name="Dinas Pendidikan")).pegawai
    year = world["year"]
    individual_session(other, world["coach"], day=datetime.date(year, 6, 1), minutes=120)
    rows = {row["pegawai__skpd__name"]: row for row in development.skpd_totals(year)}
    for name, row in rows.items():
        records = [
            r for r in development.records_of_year(year) if r.attendance.pegawai.skpd.name == name
        ]
        assert row["jp"] == sum(r.jp for r in records)
        assert row["sessions"] == len(records)
    assert rows["Dinas Kesehatan"]["jp"] == 8 and rows["Dinas Pendidikan"]["jp"] == 2
    client.force_login(world["coach"])
    page = client.get(reverse("bookings:development_recap"), {"tahun": year})
    assert page.context["totals"] == {"people": 2, "sessions": 4, "jp": 10}
    client.force_login(world["asn"])
    assert client.get(reverse("bookings:development_recap")).status_code == 403


def test_the_excel_has_a_row_per_session_and_texts_never_become_formulas(year_of_coaching, client):
    world = year_of_coaching
    asn = world["asn"].pegawai
    asn.jabatan = '=HYPERLINK("http://contoh.test","klik")'
    asn.save()
    client.force_login(world["coach"])
    response = client.get(
        reverse("bookings:development_export"),
        {"tahun": world["year"], "skpd": world["skpd"].pk},
    )
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Sesi"].iter_rows(min_row=4, values_only=True))
    assert len(rows) == 3 and {row[7] for row in rows} == {5, 2, 1}
    cell = book["Sesi"]["C4"]
    assert cell.value == asn.jabatan and cell.data_type == "s"
    assert list(book["Jumlah per pegawai"].iter_rows(min_row=2, values_only=True)) == [
        (asn.nip, asn.name, "Dinas Kesehatan", 3, 8)
    ]


def test_the_recap_runs_a_fixed_number_of_queries(
    year_of_coaching, client, django_assert_num_queries
):
    client.force_login(year_of_coaching["coach"])
    with django_assert_num_queries(4):  # session, user, its roles, the grouped figures
        client.get(reverse("bookings:development_recap"), {"tahun": year_of_coaching["year"]})
