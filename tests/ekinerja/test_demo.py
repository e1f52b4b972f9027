import pytest
from django.utils import timezone

from accounts.models import Role
from ekinerja import selectors
from ekinerja.models import EkinerjaImport
from operations.demo.ekinerja import build_demo_ekinerja
from tests.accounts.factories import PegawaiFactory, SkpdFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_the_demo_imports_this_years_exports_once():
    user_with_role(Role.TIM_COACHING)
    for skpd in SkpdFactory.create_batch(3):
        PegawaiFactory.create_batch(20, skpd=skpd)
    assert build_demo_ekinerja() == 2
    assert build_demo_ekinerja() == 0
    assert EkinerjaImport.objects.count() == 2
    year = timezone.localdate().year
    source = selectors.skp_source(year)
    counts = source.summary["counts"]
    assert counts["matched"] > 40 and counts["unmatched"] == 8 and counts["refused"] == 1
    assert selectors.penilaian_source(year) is not None
