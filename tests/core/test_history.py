"""Every model's audit history goes through the portal's HistoricalRecords: its manager's
class is made once, the manager still reads the instance's own records, and its table is
indexed by what reads it."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from accounts.models import Pegawai
from core.history import HistoricalRecords, HistoryManager, stamp
from skp_drafts.models import Rhk
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


def test_a_history_copies_its_records_fields_without_their_indexes_but_those_named():
    fields = HistoricalRecords(indexed=["skp"]).copy_fields(Rhk)
    assert fields["skp"].db_index and not fields["parent"].db_index
    assert fields["id"].db_index  # the record's own history is read by it
    assert not any(field.db_index for name, field in fields.items() if name not in {"id", "skp"})


def test_a_history_refuses_an_index_on_a_field_its_record_does_not_have():
    with pytest.raises(ImproperlyConfigured, match="Rhk has no field skpd"):
        HistoricalRecords(indexed=["skpd"]).copy_fields(Rhk)
    with pytest.raises(ImproperlyConfigured, match="indexed="):
        HistoricalRecords(no_db_index=["parent"])
