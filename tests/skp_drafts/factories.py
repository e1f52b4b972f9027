import factory

from skp_drafts.models import Behaviour, CoreValue, Indicator, Rhk, Skp
from tests.accounts.factories import PegawaiFactory


class SkpFactory(factory.django.DjangoModelFactory):
    """A pegawai's SKP of 2026 with the seven BerAKHLAK behaviours and no RHK yet."""

    class Meta:
        model = Skp
        skip_postgeneration_save = True

    pegawai = factory.SubFactory(PegawaiFactory)
    jenjang = factory.LazyAttribute(lambda skp: skp.pegawai.jenjang if skp.pegawai else "")
    year = 2026
    period_start = factory.LazyAttribute(lambda skp: Skp.annual_period(skp.year)[0])
    period_end = factory.LazyAttribute(lambda skp: Skp.annual_period(skp.year)[1])
    pejabat_penilai = factory.LazyAttribute(lambda skp: skp.pegawai.atasan if skp.pegawai else None)

    @factory.post_generation
    def behaviours(skp, create, extracted, **kwargs):
        if create and extracted is not False:
            Behaviour.objects.bulk_create(Behaviour(skp=skp, value=value) for value in CoreValue)


class RhkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rhk

    skp = factory.SubFactory(SkpFactory)
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Tersusunnya dokumen laporan kegiatan nomor {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    rhk = factory.SubFactory(RhkFactory)
    order = factory.Sequence(lambda n: n)
    aspect = "kuantitas"
    text = "Jumlah dokumen laporan yang tersusun"
    target = "12 dokumen"
