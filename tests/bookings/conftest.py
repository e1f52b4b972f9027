"""The world of the SKPD visits' tests: an SKPD with its Kasubag, the Kepala, the Kepala
Bidang, two coaches, an ASN of the SKPD, another SKPD's Kasubag and an admin."""

import pytest

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
