"""A small regency where every role of the portal has a person and every kind of object an
owner, for the security sweep: the objects belong to ``asn`` (an ASN of SKPD A) and its
SKPD; everyone else tries them."""

import datetime
import io
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts import roster
from accounts.models import Jenjang, Notification, Role, User
from bookings import services
from bookings.models import Attendance, BookingStatus
from bookings.visits import services as visits
from core.dates import day_bounds
from reports import services as report_services
from skp_drafts import services as skp_services
from surveys import services as survey_services
from tests.accounts.factories import (
    PegawaiFactory,
    PegawaiWithAccountFactory,
    RegistrationFactory,
    SkpdFactory,
    user_with_role,
)
from tests.bookings.factories import BookingFactory, SlotFactory, WaitlistEntryFactory
from tests.skp_drafts.factories import IndicatorFactory, RhkFactory

PDF = b"%PDF-1.4\n%sweep\n"

ANONYMOUS = "anonymous"
ASN = "asn"  # owns the objects
COLLEAGUE = "colleague"  # another ASN of the same SKPD
OUTSIDER = "outsider"  # an ASN of another SKPD
SUPERIOR = "superior"  # the owner's atasan langsung
KASUBAG = "kasubag"  # Kasubag Umum of the owner's SKPD
OTHER_KASUBAG = "other_kasubag"  # Kasubag Umum of another SKPD
COACH = "coach"  # the coach of the owner's slots, assigned to the SKPD visit
OTHER_COACH = "other_coach"
KEPALA_BIDANG = "kepala_bidang"
KEPALA_BKPSDM = "kepala_bkpsdm"
ADMIN = "admin"

ROLES = [
    ANONYMOUS,
    ASN,
    COLLEAGUE,
    OUTSIDER,
    SUPERIOR,
    KASUBAG,
    OTHER_KASUBAG,
    COACH,
    OTHER_COACH,
    KEPALA_BIDANG,
    KEPALA_BKPSDM,
    ADMIN,
]
TEAM = frozenset({COACH, OTHER_COACH, KEPALA_BIDANG})
STAFF = TEAM | {KEPALA_BKPSDM, ADMIN}
# Everybody with a pegawai profile is an ASN too (the admin's login has none).
EVERY_ASN = frozenset(set(ROLES) - {ANONYMOUS, ADMIN})
EVERYONE = frozenset(ROLES)


def letter(name="surat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


def at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


@dataclass
class World:
    users: dict[str, User | None] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError as error:
            raise AttributeError(name) from error


def request_letter(skpd, kasubag, number: str):
    return visits.submit_request(
        actor=kasubag,
        skpd=skpd,
        letter_file=letter(),
        letter_number=number,
        letter_date=timezone.localdate(),
        subject="Permohonan Coaching Clinic penyusunan SKP Tahunan",
        proposed_date_1=timezone.localdate() + datetime.timedelta(days=20),
        expected_pelaksana=20,
        contact_name="Kasubag",
        contact_phone="081234567890",
    )


def build_world() -> World:
    world = World()
    skpd, other_skpd = SkpdFactory(), SkpdFactory()
    superior = PegawaiWithAccountFactory(skpd=skpd, jenjang=Jenjang.PENGAWAS)
    asn = PegawaiWithAccountFactory(skpd=skpd, atasan=superior, user__email="asn@contoh.go.id")
    colleague = PegawaiWithAccountFactory(skpd=skpd, atasan=superior)
    outsider = PegawaiWithAccountFactory(skpd=other_skpd)
    users = world.users
    users.update(
        {
            ANONYMOUS: None,
            ASN: asn.user,
            COLLEAGUE: colleague.user,
            OUTSIDER: outsider.user,
            SUPERIOR: superior.user,
            KASUBAG: user_with_role(Role.KASUBAG_UMUM, skpd=skpd),
            OTHER_KASUBAG: user_with_role(Role.KASUBAG_UMUM, skpd=other_skpd),
            COACH: user_with_role(Role.TIM_COACHING),
            OTHER_COACH: user_with_role(Role.TIM_COACHING),
            KEPALA_BIDANG: user_with_role(Role.KEPALA_BIDANG),
            KEPALA_BKPSDM: user_with_role(Role.KEPALA_BKPSDM),
            ADMIN: user_with_role(Role.ADMIN),
        }
    )
    coach = users[COACH]
    objects = world.objects
    objects.update(skpd=skpd, other_skpd=other_skpd, pegawai=asn)
    objects["registration"] = RegistrationFactory(pegawai=PegawaiFactory(skpd=skpd))
    # A newcomer outside the roster, whose approval settles its jabatan and superior.
    objects["newcomer"] = RegistrationFactory(
        pegawai=None,
        skpd=skpd,
        name="Pendatang Baru",
        jabatan="Pengadministrasi",
        jenjang="pelaksana",
    )
    objects["notification"] = Notification.objects.create(
        user=asn.user, text="Pemesanan Anda dikonfirmasi.", link="/pemesanan/"
    )
    objects["roster_import"] = roster.preview_import(actor=coach, file_name="data.csv", rows=[])
    _ekinerja(world, coach, asn, colleague)

    # Individual coaching: two sessions held (one with its survey), one that started and
    # waits for its attendance, the owner's coming booking with its draft, and a full slot
    # whose waiting list the owner joined.
    held = []
    for pegawai, hours in [(colleague, -6), (outsider, -4)]:
        slot = SlotFactory(coach=coach, start=at(0, 0) + datetime.timedelta(hours=hours))
        booking = BookingFactory(slot=slot, pegawai=pegawai)
        services.record_attendance(
            actor=coach, booking_id=booking.pk, attended=True, notes="", now=timezone.now()
        )
        booking.refresh_from_db()
        held.append(booking.session)
    objects["surveyed_session"], objects["held_session"] = held
    objects["survey"] = survey_services.open_survey(actor=coach, session_id=held[0].pk)
    objects["invitation"] = objects["survey"].invitations.get()
    started = SlotFactory(coach=coach, start=timezone.now() - datetime.timedelta(minutes=30))
    objects["started_booking"] = BookingFactory(slot=started, pegawai=superior)

    objects["slot"] = SlotFactory(coach=coach, start=at(3, 9), end=at(3, 10))
    objects["booking"] = services.book_slot(
        pegawai=asn,
        slot_id=objects["slot"].pk,
        jenjang=Jenjang.PELAKSANA,
        topic="RHK",
        draft=letter("draf.pdf"),
    )
    objects["full_slot"] = SlotFactory(coach=coach, start=at(4, 9), end=at(4, 10))
    BookingFactory(slot=objects["full_slot"], pegawai=colleague, status=BookingStatus.BOOKED)
    objects["waitlist_entry"] = WaitlistEntryFactory(slot=objects["full_slot"], pegawai=asn)
    objects["open_slot"] = SlotFactory(coach=coach, start=at(5, 9), end=at(5, 10))

    # SKPD coaching: one letter waiting for the Kepala, one returned for revision, one
    # accepted with its session.
    kasubag, kepala = users[KASUBAG], users[KEPALA_BKPSDM]
    objects["submitted_request"] = request_letter(skpd, kasubag, "800/1/A/2026")
    returned = request_letter(skpd, kasubag, "800/2/A/2026")
    visits.return_request(actor=kepala, request_id=returned.pk, instruction="Perbaiki.")
    objects["returned_request"] = returned
    accepted = request_letter(skpd, kasubag, "800/3/A/2026")
    objects["skpd_session"] = visits.accept_request(
        actor=kepala,
        request_id=accepted.pk,
        coaches=[coach],
        start=at(10, 8),
        end=at(10, 11),
        venue="Aula",
        instruction="Laksanakan.",
    )
    objects["accepted_request"] = accepted
    running = request_letter(skpd, kasubag, "800/4/A/2026")
    # Begun and ended within the last hours, on one day (WITA) as every visit is: when
    # those hours cross midnight, the same visit moved back to end a minute before it.
    now = timezone.now()
    start = now - datetime.timedelta(minutes=150)
    end = now - datetime.timedelta(minutes=40)
    if timezone.localdate(start) != timezone.localdate(end):
        midnight, _next = day_bounds(timezone.localdate(end), timezone.localdate(end))
        shift = end - midnight + datetime.timedelta(minutes=1)
        start, end = start - shift, end - shift
    objects["running_skpd_session"] = visits.accept_request(
        actor=kepala,
        request_id=running.pk,
        coaches=[coach],
        start=start,
        end=end,
        venue="Aula",
        instruction="Laksanakan.",
    )
    Attendance.objects.create(session=objects["running_skpd_session"], pegawai=asn)

    # Draft SKP: the owner's SKP of this year, brought to its booking with the coach, with
    # one remark of the coach; a published example and a material of the guide, and a spare
    # of each for the pages that delete them.
    draft = skp_services.create_skp(actor=asn.user, pegawai=asn, year=timezone.localdate().year)
    IndicatorFactory(rhk=RhkFactory(skp=draft, text="Tersusunnya laporan"), target="12 laporan")
    skp_services.bring_to_booking(actor=asn.user, skp_id=draft.pk, booking_id=objects["booking"].pk)
    objects["draft"] = draft
    objects["draft_comment"] = skp_services.add_comment(
        actor=coach, skp_id=draft.pk, text="Cek target"
    )
    for name in ("example", "spare_example"):
        objects[name] = skp_services.create_example(
            actor=coach, jenjang=Jenjang.PELAKSANA, title=name
        )
        skp_services.publish_example(actor=coach, skp_id=objects[name].pk, published=True)
    for name in ("material", "spare_material"):
        objects[name] = skp_services.upload_material(
            actor=coach, title=name, description="", uploaded=letter("paparan.pdf")
        )
    _reports(world, skpd, asn, coach, kepala, users[KEPALA_BIDANG])
    return world


def photo(name="foto.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 110, 60)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), "image/jpeg")


def _held_visit(world, skpd, asn, coach, kepala, number: str, days: int):
    visit = request_letter(skpd, world.users[KASUBAG], number)
    session = visits.accept_request(
        actor=kepala,
        request_id=visit.pk,
        coaches=[coach],
        start=at(days, 8),
        end=at(days, 11),
        venue="Aula",
        instruction="Laksanakan.",
    )
    Attendance.objects.create(session=session, pegawai=asn)
    visits.record_session(
        actor=coach, session_id=session.pk, present_ids={asn.pk}, shown_ids={asn.pk}, block_notes={}
    )
    visits.mark_held(actor=coach, request_id=visit.pk)
    return session


def _reports(world, skpd, asn, coach, kepala, kabid) -> None:
    """Reports: three SKPD visits of the coach held in the past days, one with its report
    in draft and a photo, one with its report submitted, one without a report; the coach's
    monthly recap of this month in draft and of last month submitted; a signed-off
    evaluation meeting whose follow-up the draft meeting after it carries, and one
    follow-up decided in the draft."""
    objects = world.objects
    session = _held_visit(world, skpd, asn, coach, kepala, "800/5/A/2026", -3)
    objects["reported_session"] = session
    report = report_services.start_report(actor=coach, session_id=session.pk)
    objects["report"] = report
    objects["report_photo"] = report_services.add_photo(
        actor=coach, report_id=report.pk, uploaded=photo(), caption="Praktik"
    )
    reported = _held_visit(world, skpd, asn, coach, kepala, "800/6/A/2026", -4)
    submitted = report_services.start_report(actor=coach, session_id=reported.pk)
    submitted.findings = "Temuan"
    submitted.save()
    objects["submitted_report"] = report_services.submit_report(actor=coach, report_id=submitted.pk)
    objects["unreported_visit"] = _held_visit(world, skpd, asn, coach, kepala, "800/7/A/2026", -5)
    today = timezone.localdate()
    objects["recap"], _made = report_services.start_recap(
        actor=coach, coach=coach, year=today.year, month=today.month
    )
    last = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    earlier, _made = report_services.start_recap(
        actor=coach, coach=coach, year=last.year, month=last.month
    )
    report_services.update_recap(
        actor=coach, recap_id=earlier.pk, notes="Catatan bulan lalu", follow_up=""
    )
    objects["submitted_recap"] = report_services.submit_recap(actor=coach, recap_id=earlier.pk)
    first = report_services.create_meeting(
        actor=coach,
        start=at(-2, 9),
        place="Ruang Rapat",
        chair=kabid,
        attendees=[coach],
        other_attendees="",
        period_start=timezone.localdate().replace(day=1) - datetime.timedelta(days=31),
        period_end=timezone.localdate(),
    )
    objects["carried_action"] = report_services.add_action(
        actor=coach,
        meeting_id=first.pk,
        text="Surat edaran",
        owner=coach,
        due_date=timezone.localdate() + datetime.timedelta(days=10),
    )
    first.findings = "Temuan"
    first.save()
    objects["final_meeting"] = report_services.finalize_meeting(actor=kabid, meeting_id=first.pk)
    draft = report_services.create_meeting(
        actor=coach,
        start=at(-1, 9),
        place="Ruang Rapat",
        chair=kabid,
        attendees=[coach],
        other_attendees="",
        period_start=timezone.localdate().replace(day=1),
        period_end=timezone.localdate(),
    )
    draft.findings = "Temuan"
    draft.save()
    objects["draft_meeting"] = draft
    objects["new_action"] = report_services.add_action(
        actor=coach,
        meeting_id=draft.pk,
        text="Materi baru",
        owner=coach,
        due_date=timezone.localdate() + datetime.timedelta(days=10),
    )


def _ekinerja(world, coach, asn, colleague) -> None:
    """An applied Laporan SKP of this year (the SKPD's list of ASN not yet approved has a
    source) and another one waiting in preview."""
    from ekinerja import services as ekinerja_services
    from ekinerja.models import ReportKind

    year = timezone.localdate().year
    content = f"nip,skp_status\n{asn.nip},persetujuan\n{colleague.nip},draft\n".encode()

    def preview(content):
        made, _created = ekinerja_services.preview_import(
            actor=coach,
            kind=ReportKind.LAPORAN_SKP,
            year=year,
            file_name="laporan-skp.csv",
            content=content,
        )
        return made

    ekinerja_services.apply_import(actor=coach, import_id=preview(content).pk)
    world.objects["ekinerja_import"] = preview(content + b"199001012015031009,draft\n")
