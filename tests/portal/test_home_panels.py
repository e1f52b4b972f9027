"""What an ASN's home says of its own booking, SKP and team (read by compiled queries:
core/compiled.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Role
from accounts.selectors import team_shown
from bookings.models import BookingStatus
from skp_drafts.models import ReviewComment
from tests.accounts.factories import PegawaiFactory, user_with_role
from tests.bookings.factories import BookingFactory, PlaceFactory, SlotFactory
from tests.skp_drafts.factories import RhkFactory, SkpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asn():
    return user_with_role(Role.ASN, atasan=PegawaiFactory(name="Kepala Bidang Satu"))


def _home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("portal:home")).content.decode()


def test_the_home_says_when_where_and_with_whom_the_active_booking_is(client, asn):
    coach = user_with_role(Role.TIM_COACHING, name="Rizki Maulana")
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    start += datetime.timedelta(days=3)
    slot = SlotFactory(coach=coach, start=start, place=PlaceFactory(name="Aula Dinas"))
    booking = BookingFactory(slot=slot, pegawai=asn.pegawai)
    BookingFactory(pegawai=asn.pegawai, status=BookingStatus.CANCELLED)
    html = _home(client, asn)
    assert "bersama Rizki Maulana, di Aula Dinas" in html
    assert f"{date_format(start, 'l, j F Y')}, 09.00 WITA" in html
    assert reverse("bookings:booking_detail", args=[booking.pk]) in html

    booking.status = BookingStatus.CANCELLED
    booking.save()
    html = _home(client, asn)
    assert "Belum ada jadwal" in html and "Aula Dinas" not in html


def test_the_home_counts_this_years_rhk_and_open_comments(client, asn):
    year = timezone.localdate().year
    skp = SkpFactory(pegawai=asn.pegawai, year=year)
    RhkFactory.create_batch(2, skp=skp)
    ReviewComment.objects.create(skp=skp, author=asn, text="Perbaiki indikator")
    resolved = ReviewComment.objects.create(skp=skp, author=asn, text="Sudah")
    resolved.resolved_at = timezone.now()
    resolved.save()
    RhkFactory.create_batch(4, skp=SkpFactory(pegawai=asn.pegawai, year=year - 1))
    html = _home(client, asn)
    assert "2 rencana hasil kerja · 1 komentar terbuka" in html
    assert reverse("skp_drafts:detail", args=[skp.pk]) in html


def test_the_home_lists_the_first_ten_colleagues_by_name_without_the_asn_itself(client):
    superior = PegawaiFactory(name="Kepala Bidang Satu")
    # Named to sort among the first ten: were it listed, it would push "Rekan 09" out.
    asn = user_with_role(Role.ASN, atasan=superior, name="Rekan 00 Sendiri")
    for number in range(12):
        PegawaiFactory(atasan=superior, name=f"Rekan {number:02d}")
    PegawaiFactory(atasan=superior, name="Rekan Pensiun", is_active=False)
    PegawaiFactory(atasan=asn.pegawai, name="Bawahan Satu")
    html = _home(client, asn)
    shown = [f"Rekan {number:02d}" for number in range(10)]
    assert all(name in html for name in shown)
    assert "Rekan 10" not in html and "Rekan Pensiun" not in html
    assert "Menampilkan 10 rekan pertama" in html
    assert "Bawahan Satu" in html
    subordinates, colleagues = team_shown(asn.pegawai)
    assert [person["name"] for person in colleagues] == shown
    assert [person["name"] for person in subordinates] == ["Bawahan Satu"]
    # Without a superior of its own: the first ten active subordinates, and no colleagues.
    assert superior.atasan_id is None
    subordinates, colleagues = team_shown(superior)
    assert len(subordinates) == 10 and colleagues == []
    assert "Rekan Pensiun" not in {person["name"] for person in subordinates}
