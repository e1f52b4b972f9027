import datetime

import factory
from django.utils import timezone

from accounts.models import Role
from bookings.models import Booking, Closure, CoachCommitment, Place, Slot, WaitlistEntry
from tests.accounts.factories import PegawaiWithAccountFactory, user_with_role

WITA = datetime.timezone(datetime.timedelta(hours=8))


def wita(year, month, day, hour=8, minute=30) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=WITA)


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ["name"]

    name = "Ruang Coaching Clinic, Kantor BKPSDM"
    address = "Paringin"
    is_default = True


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot
        skip_postgeneration_save = True

    coach = factory.LazyFunction(lambda: user_with_role(Role.TIM_COACHING))
    start = factory.Sequence(
        lambda n: (
            timezone.now().replace(minute=0, second=0, microsecond=0)
            + datetime.timedelta(days=2, hours=n)
        )
    )
    end = factory.LazyAttribute(lambda slot: slot.start + datetime.timedelta(hours=1))
    place = factory.SubFactory(PlaceFactory)
    capacity = 1

    @factory.post_generation
    def commitment(slot, create, extracted, **kwargs):
        # As publish_slots does: the coach's time is taken.
        if create:
            CoachCommitment.objects.create(
                coach=slot.coach, start=slot.start, end=slot.end, slot=slot
            )


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    slot = factory.SubFactory(SlotFactory)
    pegawai = factory.SubFactory(PegawaiWithAccountFactory)
    jenjang = "pelaksana"
    topic = "Menyusun indikator kinerja"


class WaitlistEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WaitlistEntry

    slot = factory.SubFactory(SlotFactory)
    pegawai = factory.SubFactory(PegawaiWithAccountFactory)
    jenjang = "pelaksana"
    topic = "Menyusun indikator kinerja"


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    date = factory.LazyFunction(timezone.localdate)
    name = "Cuti bersama"
