"""Every model's audit history goes through the portal's HistoricalRecords: its manager's
class is made once, and the manager still reads the instance's own records."""

import pytest
from django.apps import apps

from accounts.models import Pegawai
from core.history import HistoryManager, stamp
from tests.accounts.factories import SkpdFactory, valid_nip


def test_every_history_is_the_portals():
    histories = [
        model
        for model in apps.get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    ]
    assert len(histories) > 10
    for model in histories:
        descriptor = model.__dict__[model._meta.simple_history_manager_attribute]
        assert descriptor.manager_class is HistoryManager, model


def test_the_managers_class_is_made_once():
    pegawai = Pegawai(pk=1)
    assert type(pegawai.history) is type(Pegawai(pk=2).history)
    assert type(pegawai.history) is type(apps.get_model("bookings", "Booking").history)


@pytest.mark.django_db
def test_the_manager_reads_the_instances_own_records():
    first, second = (
        Pegawai.objects.create(
            nip=valid_nip(number), name=name, jabatan="Analis", skpd=SkpdFactory()
        )
        for number, name in ((1, "Pertama"), (2, "Kedua"))
    )
    stamp(first, None, "Nomor telepon diganti")
    first.phone = "081234567890"
    first.save()
    assert first.history.count() == 2
    latest = first.history.latest()
    assert (latest.phone, latest.history_change_reason) == (
        "081234567890",
        "Nomor telepon diganti",
    )
    assert second.history.count() == 1
    assert not second.history.filter(phone="081234567890").exists()
