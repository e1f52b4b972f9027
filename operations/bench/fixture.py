"""Logins and objects for the benchmark's requests, found in the seeded regency."""

import datetime
import itertools
import random
from collections import Counter

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db.models import Count, Q
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Jenjang, Role, RoleAssignment, Skpd, User
from accounts.twofactor.policy import is_required
from bookings import selectors
from bookings.models import Booking, BookingStatus, Decision, SkpdRequest, Slot
from operations.demo.accounts import DEMO_PASSWORD, demo_email
from skp_drafts.models import Indicator, Rhk, Skp
from skp_drafts.services import EDITABLE

ROLE_ASSIGNED = {
    "coach": Role.TIM_COACHING,
    "kepala_bidang": Role.KEPALA_BIDANG,
    "kepala_bkpsdm": Role.KEPALA_BKPSDM,
    "kasubag": Role.KASUBAG_UMUM,
}
# Of the booking POSTs, one in this many goes for the slot the previous one took: two ASN
# clicking the same place, settled by the slot's row lock.
CONTENDED_EVERY = 10
# What the benchmark's bookings say they are about: how the next run on the same database
# finds them to take them back (undo_previous_run).
BENCH_TOPIC = "Menyusun indikator (uji beban)"


def _busiest(slots, period) -> datetime.date | None:
    """The period (``period`` of a day: its week's Monday, or the day itself) with the most
    slots listed, of the periods with a free place among them; the earliest of equals."""
    listed, free = Counter(), set()
    for start, capacity, taken in slots:
        key = period(timezone.localdate(start))
        listed[key] += 1
        if taken < capacity:
            free.add(key)
    return min(free, key=lambda key: (-listed[key], key), default=None)


def busiest_open_week(slots) -> datetime.date | None:
    """The Monday of the week with the most slots listed, of the weeks with a free place
    among them; the earliest of equals. ``slots``: (start, capacity, taken) of the slots the
    open-slots page lists."""
    return _busiest(slots, selectors.week_start)


def busiest_open_day(slots, monday: datetime.date) -> datetime.date | None:
    """The day of the week of ``monday`` with the most slots listed, of its days with a free
    place; the earliest of equals. A long week's page shows one day (bookings.open_week)."""
    in_week = [
        slot for slot in slots if selectors.week_start(timezone.localdate(slot[0])) == monday
    ]
    return _busiest(in_week, lambda day: day)


def undo_previous_run() -> dict[str, int]:
    """Takes back what an earlier run on this database booked (``--reuse-db``), so that its
    slots are free and its ASN without a booking again."""
    bookings = Booking.objects.filter(topic=BENCH_TOPIC, session__isnull=True)
    count = bookings.count()
    bookings.delete()
    return {"bookings": count}


class Fixture:
    # The seeded accounts' password, for the sign-in POST.
    password = DEMO_PASSWORD

    def __init__(self, seed: int = 8):
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self._free_slots = None
        self._slot_of = {}
        self._busy_week = None
        self._busy_day = None
        self._offered_skps = None

    # Logins ---------------------------------------------------------------------------------

    def users(self, role: str, count: int) -> list[User]:
        """``count`` different users holding ``role`` (fewer when the regency has fewer)."""
        users = User.objects.filter(is_active=True).select_related("pegawai")
        if role in ROLE_ASSIGNED:
            users = users.filter(roleassignment__role=ROLE_ASSIGNED[role]).distinct()
        elif role in ("asn", "asn_without_booking", "asn_with_skp"):
            users = users.filter(pegawai__is_active=True).exclude(
                pk__in=RoleAssignment.objects.values("user_id")
            )
            if role == "asn_without_booking":
                users = users.exclude(pegawai__bookings__status=BookingStatus.BOOKED)
            if role == "asn_with_skp":
                # An SKP of this year it may still change, with RHK that intervene.
                users = users.filter(
                    pegawai__skps__year=self.now.year,
                    pegawai__skps__status__in=EDITABLE,
                    pegawai__skps__rhks__parent__isnull=False,
                    pegawai__jenjang=Jenjang.PELAKSANA,
                ).distinct()
        elif role == "admin":
            users = users.filter(is_superuser=True)
        else:
            raise ValueError(f"unknown role {role!r}")
        chosen = list(users.order_by("pk").values_list("pk", flat=True))
        self.rng.shuffle(chosen)
        by_pk = users.in_bulk(chosen[:count])
        return [by_pk[pk] for pk in chosen[:count]]

    def sessions(self, users: list[User]) -> dict[int, str]:
        """A signed-in session for each user, written straight to the session table (every
        session engine of the portal reads it there). Admin and the Kepala get an
        authenticator app when they have none, and their session counts as having passed it,
        as after the login's code step."""
        expire = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        keys = {}
        rows = []
        for user in users:
            key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
            data = {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "accounts.backends.NipBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
            if is_required(user):
                device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
                if device is None:
                    device = TOTPDevice.objects.create(user=user, name="Benchmark")
                data[DEVICE_ID_SESSION_KEY] = device.persistent_id
            rows.append(
                Session(
                    session_key=key, session_data=SessionStore().encode(data), expire_date=expire
                )
            )
            keys[user.pk] = key
        Session.objects.bulk_create(rows, batch_size=2000)
        return keys

    @staticmethod
    def csrf_secret() -> str:
        return get_random_string(CSRF_SECRET_LENGTH)

    # Objects --------------------------------------------------------------------------------

    def free_slots(self) -> list[int]:
        """Slots an ASN may book now: open, not full, within the horizon, on an open day."""
        if self._free_slots is None:
            rules = settings.BOOKING_RULES
            slots = (
                Slot.objects.filter(
                    is_cancelled=False,
                    start__gt=self.now
                    + datetime.timedelta(hours=rules["BOOKING_CLOSES_HOURS"] + 1),
                    start__lt=self.now + datetime.timedelta(days=rules["HORIZON_DAYS"] - 1),
                )
                .exclude(selectors.on_closed_day())
                .annotate(taken=Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED)))
                .filter(taken=0)
                .order_by("start", "coach_id")
                .values_list("pk", flat=True)
            )
            self._free_slots = list(slots)
            self._slots = itertools.cycle(self._free_slots) if self._free_slots else None
            self._handed = 0
        return self._free_slots

    def busy_week(self) -> datetime.date | None:
        """The week the open-slots page is measured on (busiest_open_week), pinned for the
        run: this week's view is empty from Friday afternoon."""
        if self._busy_week is None:
            today = timezone.localdate(self.now)
            horizon = today + datetime.timedelta(days=settings.BOOKING_RULES["HORIZON_DAYS"])
            slots = list(
                selectors.open_slots(first_day=today, last_day=horizon, now=self.now).values_list(
                    "start", "capacity", "taken"
                )
            )
            week = busiest_open_week(slots)
            self._busy_week = week or False
            self._busy_day = busiest_open_day(slots, week) if week else None
        return self._busy_week or None

    def busy_day(self) -> datetime.date | None:
        """The day of the pinned week the page is measured on when it shows a long week a
        day at a time (busiest_open_day): its busiest, not whichever has a free place first."""
        self.busy_week()
        return self._busy_day

    def busy_week_path(self) -> str:
        path = reverse("bookings:open_slots")
        week = self.busy_week()
        if week is None:
            return path
        return f"{path}?minggu={week.isoformat()}&hari={self.busy_day().isoformat()}"

    def contact_of(self, user: User, turn: int) -> dict[str, str]:
        """What the profile page posts for this user at its ``turn`` (0–99): its e-mail
        address as it is (every demo login has one; a login without one, seeded before they
        did, would get its demo address with its first save) and a phone number of its own
        for each turn, so that a save at another turn than the last changes it."""
        return {
            "email": user.email or demo_email(user.username),
            "phone": f"0813{user.pk % 10**6:06d}{turn:02d}",
        }

    def booking_form(self, user: User) -> dict[str, str]:
        """What the booking form posts for this user, as a browser sends it: the jenjang, a
        topic and, when the ASN has an SKP in the portal, the one the form offers first
        (this year's, or none: bookings.forms.BookingForm); an ASN without one gets a form
        without the field."""
        data = {"jenjang": user.pegawai.jenjang, "topic": BENCH_TOPIC}
        offered = self.offered_skps()
        if user.pegawai.pk in offered:
            skp = offered[user.pegawai.pk]
            data["skp"] = "" if skp is None else str(skp)
        return data

    def offered_skps(self) -> dict[int, int | None]:
        """Each pegawai with an SKP in the portal: its SKP of this year, None without one."""
        if self._offered_skps is None:
            this_year = timezone.localdate(self.now).year
            offered = {}
            for pegawai_id, pk, year in Skp.objects.filter(pegawai__isnull=False).values_list(
                "pegawai_id", "pk", "year"
            ):
                if year == this_year:
                    offered[pegawai_id] = pk
                else:
                    offered.setdefault(pegawai_id, None)
            self._offered_skps = offered
        return self._offered_skps

    def slot_to_book(self, user: User) -> int:
        """The slot this user's booking goes for: each a free one of its own, except one in
        CONTENDED_EVERY, which goes for the previous user's."""
        if user.pk in self._slot_of:
            return self._slot_of[user.pk]
        if not self.free_slots():
            raise LookupError("no free slot to book: seed the coming weeks first")
        if self._handed % CONTENDED_EVERY == CONTENDED_EVERY - 1 and self._slot_of:
            slot = self._last_slot
        else:
            slot = next(self._slots)
        self._handed += 1
        self._last_slot = slot
        self._slot_of[user.pk] = slot
        return slot

    def own_skp(self, user: User) -> int:
        """The user's SKP of this year."""
        return Skp.objects.get(pegawai__user=user, year=self.now.year).pk

    def largest_skpd(self) -> int:
        """The SKPD with the most pegawai: the cascade view's worst case."""
        return (
            Skpd.objects.annotate(size=Count("pegawai"))
            .order_by("-size", "pk")
            .values_list("pk", flat=True)
            .first()
        )

    def skp_with_rhk(self, user: User, count: int) -> int:
        """The user's SKP of this year grown to ``count`` RHK of three indicators each (once),
        each intervening one of its superior's RHK."""
        skp = Skp.objects.get(pegawai__user=user, year=self.now.year)
        have = skp.rhks.count()
        if have < count:
            parents = list(
                Rhk.objects.filter(
                    skp__pegawai_id=user.pegawai.atasan_id, skp__year=skp.year
                ).values_list("pk", flat=True)
            ) or [None]
            rhks = Rhk.objects.bulk_create(
                Rhk(
                    skp=skp,
                    order=number,
                    text=f"Tersusunnya laporan kegiatan pendukung nomor {number}",
                    parent_id=parents[number % len(parents)],
                )
                for number in range(have, count)
            )
            Indicator.objects.bulk_create(
                Indicator(rhk=rhk, order=position, aspect=aspect, text=text, target=target)
                for rhk in rhks
                for position, (aspect, text, target) in enumerate(
                    [
                        ("kuantitas", "Jumlah laporan yang tersusun", "12 laporan"),
                        ("kualitas", "Laporan diterima tanpa revisi", "100 %"),
                        ("waktu", "Ketepatan waktu penyampaian", "12 bulan"),
                    ]
                )
            )
        return skp.pk

    def held_request(self) -> int:
        """A request letter taken to the end of its workflow, with its disposition."""
        pk = (
            SkpdRequest.objects.filter(dispositions__decision=Decision.ACCEPT)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if pk is None:
            raise LookupError("no disposed request letter: seed the regency first")
        return pk

    def report_with_attendees(self, count: int) -> int:
        """A session report whose daftar hadir has ``count`` people or the fewest above
        (the scaled past's visit reports include SKPD far larger); made once
        (operations.demo.reports) when the seeded regency has none that large."""
        from operations.demo.reports import build_report_with_attendees
        from reports.models import SessionReport

        pk = (
            SessionReport.objects.annotate(people=Count("session__attendance"))
            .filter(people__gte=count)
            .order_by("people", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        return pk if pk is not None else build_report_with_attendees(count).pk

    def team_recap(self, user: User) -> int:
        """The whole team's recap of last month, started by ``user`` (the Kepala Bidang)
        when there is none: while it is a draft its page reads the figures of every coach's
        sessions of the month."""
        from reports import services
        from reports.selectors import add_months

        first = add_months(timezone.localdate().replace(day=1), -1)
        recap, _made = services.start_recap(
            actor=user, coach=None, year=first.year, month=first.month
        )
        return recap.pk

    def coach_recap(self) -> int:
        """A demo coach's submitted or approved recap of a month (operations.demo.reports)."""
        from reports.models import MonthlyRecap

        pk = (
            MonthlyRecap.objects.filter(coach__isnull=False, submitted_at__isnull=False)
            .order_by("-year", "-month", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if pk is None:
            raise LookupError("no submitted monthly recap: seed the regency first")
        return pk
