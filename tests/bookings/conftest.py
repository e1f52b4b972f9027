"""The world of the SKPD visits' tests: an SKPD with its Kasubag, the Kepala, the Kepala
Bidang, two coaches, an ASN of the SKPD, another SKPD's Kasubag and an admin."""

import pytest
from django.utils import timezone

from accounts.models import Role
from tests.accounts.factories import SkpdFactory, user_with_role


@pytest.fixture
def world():
    skpd = SkpdFactory(name="Dinas Kesehatan")
    kasubag = user_with_role(Role.KASUBAG_UMUM, skpd=skpd)
    kasubag.email = "kasubag@contoh.go.id"
    kasubag.save()
    return {
        "skpd": skpd,
        "kasubag": kasubag,
        "other_kasubag": user_with_role(Role.KASUBAG_UMUM),
        "kepala": user_with_role(Role.KEPALA_BKPSDM),
        "kabid": user_with_role(Role.KEPALA_BIDANG),
        "coach": user_with_role(Role.TIM_COACHING),
        "other_coach": user_with_role(Role.TIM_COACHING),
        "asn": user_with_role(Role.ASN, skpd=skpd),
        "admin": user_with_role(Role.ADMIN),
    }


@pytest.fixture
def one_minute(monkeypatch):
    """The clock stopped in the middle of the current minute: the week of open slots is kept
    for the minute it was drawn in (bookings.open_week.kept_key), and a test that reads it
    twice must not see the minute turn between the two."""
    stopped = timezone.now().replace(second=30, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: stopped)
    return stopped
