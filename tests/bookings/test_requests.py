"""The SKPD request workflow: every role against every state and transition, the roster
import, the coach overlap rule, permissions and the disposition sheet."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar

from accounts.models import Notification, Role
from bookings import selectors
from bookings.models import (
    AgendaBlock,
    Booking,
    BookingStatus,
    CalendarFeed,
    Closure,
    CoachCommitment,
    CoachingSession,
    Decision,
    RequestStatus,
    SkpdRequest,
)
from bookings.selectors import held_sessions
from bookings.visits import pdf
from bookings.visits import services as visits
from tests.accounts.factories import (
    PegawaiFactory,
    PegawaiWithAccountFactory,
    SkpdFactory,
    UserFactory,
    user_with_role,
)
from tests.bookings.factories import BookingFactory, SlotFactory
from tests.pdf import PdfText
from tests.shared import statement_text

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test letter\n"


def letter() -> SimpleUploadedFile:
    return SimpleUploadedFile("surat.pdf", PDF, "application/pdf")


def soon(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def new_request(skpd, kasubag) -> SkpdRequest:
    return visits.submit_request(
        actor=kasubag,
        skpd=skpd,
        letter_file=letter(),
        letter_number="800/123/DINKES/2026",
        letter_date=timezone.localdate(),
        subject="Permohonan Coaching Clinic penyusunan SKP Tahunan",
        proposed_date_1=timezone.localdate() + datetime.timedelta(days=14),
        expected_jpt=1,
        expected_administrator=3,
        expected_pengawas=6,
        expected_pelaksana=20,
        expected_fungsional=5,
        contact_name="Fitriani",
        contact_phone="081234567890",
    )


def in_state(world, state) -> SkpdRequest:
    request = new_request(world["skpd"], world["kasubag"])
    kepala = world["kepala"]
    if state == RequestStatus.RETURNED:
        visits.return_request(
            actor=kepala, request_id=request.pk, instruction="Lampirkan surat bertanda tangan."
        )
    elif state == RequestStatus.DECLINED:
        visits.decline_request(
            actor=kepala, request_id=request.pk, reason="Sudah dilayani bulan lalu."
        )
    elif state == RequestStatus.WITHDRAWN:
        visits.withdraw_request(actor=world["kasubag"], request_id=request.pk)
    elif state in (
        RequestStatus.SCHEDULED,
        RequestStatus.CANCELLED,
        RequestStatus.HELD,
        RequestStatus.REPORTED,
    ):
        ahead = state in (RequestStatus.SCHEDULED, RequestStatus.CANCELLED)
        visits.accept_request(
            actor=kepala,
            request_id=request.pk,
            coaches=[world["coach"]],
            start=soon(10, 8) if ahead else soon(-1, 8),
            end=soon(10, 12) if ahead else soon(-1, 12),
            venue="Aula Dinas Kesehatan",
            instruction="",
        )
        if state == RequestStatus.CANCELLED:
            visits.cancel_visit(actor=kepala, request_id=request.pk, reason="Anggaran habis.")
        elif not ahead:
            visits.mark_held(actor=world["coach"], request_id=request.pk)
        if state == RequestStatus.REPORTED:
            visits.mark_reported(actor=world["kabid"], request_id=request.pk)
    request.refresh_from_db()
    assert request.status == state
    return request


def apply(name, actor, request, world):
    if name == "resubmit":
        return visits.resubmit_request(actor=actor, request_id=request.pk, subject="Diperbaiki")
    if name == "return":
        return visits.return_request(actor=actor, request_id=request.pk, instruction="Perbaiki")
    if name == "decline":
        return visits.decline_request(actor=actor, request_id=request.pk, reason="Tidak")
    if name == "accept":
        return visits.accept_request(
            actor=actor,
            request_id=request.pk,
            coaches=[world["other_coach"]],
            start=soon(20, 8),
            end=soon(20, 12),
            venue="Aula",
            instruction="",
        )
    if name == "mark_reported":
        return visits.mark_reported(actor=actor, request_id=request.pk)
    if name == "move":
        return visits.move_visit(
            actor=actor,
            request_id=request.pk,
            start=soon(12, 13),
            end=soon(12, 15),
            venue="Aula",
            reason="Bertepatan dengan rapat kerja.",
        )
    if name == "cancel":
        return visits.cancel_visit(actor=actor, request_id=request.pk, reason="Anggaran habis.")
    if name == "withdraw":
        return visits.withdraw_request(actor=actor, request_id=request.pk)
    return visits.mark_held(actor=actor, request_id=request.pk)


ROLES = ["kasubag", "other_kasubag", "kepala", "kabid", "coach", "other_coach", "asn", "admin"]
ALLOWED = {
    # (transition, state): the roles that may
    ("resubmit", RequestStatus.RETURNED): {"kasubag"},
    ("return", RequestStatus.SUBMITTED): {"kepala"},
    ("decline", RequestStatus.SUBMITTED): {"kepala"},
    ("accept", RequestStatus.SUBMITTED): {"kepala"},
    ("mark_held", RequestStatus.SCHEDULED): {"coach", "kabid"},
    # The visit's report approved (reports.services.approve_report).
    ("mark_reported", RequestStatus.HELD): {"kabid"},
    ("move", RequestStatus.SCHEDULED): {"kepala"},
    ("cancel", RequestStatus.SCHEDULED): {"kepala"},
    ("withdraw", RequestStatus.SUBMITTED): {"kasubag"},
    ("withdraw", RequestStatus.RETURNED): {"kasubag"},
}


def footprint(request):
    """Everything a step of the workflow may change."""
    request.refresh_from_db()
    return (
        request.status,
        request.dispositions.count(),
        CoachingSession.objects.count(),
        request.history.count(),
        Notification.objects.count(),
        CoachCommitment.objects.count(),
        AgendaBlock.objects.count(),
    )


@pytest.mark.parametrize("state", RequestStatus.values)
def test_who_may_take_which_step_in_each_state(world, state):
    request = in_state(world, state)
    wrong = [
        (role, name)
        for role in ROLES
        for name in visits.TRANSITIONS
        if visits.may(world[role], request, name) is not (role in ALLOWED.get((name, state), set()))
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("name", "state", "role"),
    [(name, state, min(roles)) for (name, state), roles in ALLOWED.items()],
)
def test_an_allowed_step_is_taken(world, name, state, role):
    request = in_state(world, state)
    if name == "mark_held":
        # Allowed, but only once the session has started; this state's is next week.
        before = footprint(request)
        with pytest.raises(visits.RequestError, match="belum dimulai"):
            apply(name, world[role], request, world)
        assert footprint(request) == before
        return
    apply(name, world[role], request, world)
    request.refresh_from_db()
    assert request.status == visits.TRANSITIONS[name].target
    assert request.history.latest().history_user == world[role]


def refusals():
    """For each step: a role that may not take it, in the state it starts from; and a role
    that may, in a state it does not start from."""
    for (name, state), roles in ALLOWED.items():
        yield name, state, next(role for role in ROLES if role not in roles)
        other = next(s for s in RequestStatus.values if (name, s) not in ALLOWED)
        yield name, other, min(roles)


@pytest.mark.parametrize(("name", "state", "role"), list(refusals()))
def test_a_refused_step_changes_nothing(world, name, state, role):
    request = in_state(world, state)
    before = footprint(request)
    with pytest.raises(visits.RequestError):
        apply(name, world[role], request, world)
    assert footprint(request) == before


def test_acceptance_creates_the_session_with_the_guidelines_agenda_and_tells_the_kasubag(world):
    request = new_request(world["skpd"], world["kasubag"])
    mail.outbox.clear()
    session = visits.accept_request(
        actor=world["kepala"],
        request_id=request.pk,
        coaches=[world["coach"], world["other_coach"]],
        start=soon(10, 8),
        end=soon(10, 12),
        venue="Aula Dinas Kesehatan",
        instruction="Siapkan contoh RHK.",
    )
    assert session.kind == "skpd"
    assert list(AgendaBlock.objects.filter(session=session).values_list("kind", flat=True)) == [
        "opening",
        "presentation",
        "practice_jpt",
        "practice_administrator",
        "practice_pengawas",
        "practice_pelaksana",
        "discussion",
    ]
    assert request.dispositions.get().decision == Decision.ACCEPT
    note = Notification.objects.get(user=world["kasubag"])
    assert "diterima" in note.text


def accept(world, request, coaches=None, start=None, end=None):
    return visits.accept_request(
        actor=world["kepala"],
        request_id=request.pk,
        coaches=coaches or [world["coach"]],
        start=start or soon(10, 8),
        end=end or soon(10, 12),
        venue="Aula",
        instruction="",
    )


def refused_unchanged(world, request, match, **kwargs):
    with pytest.raises(visits.RequestError, match=match):
        accept(world, request, **kwargs)
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    assert not CoachingSession.objects.filter(skpd_request=request).exists()
    assert not request.dispositions.exists()


class TestConflicts:
    def test_an_open_slot_in_the_visits_hours_is_withdrawn(self, world):
        inside = SlotFactory(coach=world["coach"], start=soon(10, 9), end=soon(10, 10))
        half = SlotFactory(coach=world["coach"], start=soon(10, 11), end=soon(10, 13))
        after = SlotFactory(coach=world["coach"], start=soon(10, 13), end=soon(10, 14))
        accept(world, new_request(world["skpd"], world["kasubag"]))
        for slot in (inside, half, after):
            slot.refresh_from_db()
        assert (inside.is_cancelled, half.is_cancelled, after.is_cancelled) == (True, True, False)
        assert "Ditarik untuk Coaching Clinic Dinas Kesehatan" in (
            inside.history.first().history_change_reason
        )

    def test_a_booked_slot_is_a_clash_naming_the_coach_the_time_and_the_asn(self, world):
        booking = BookingFactory(
            slot=SlotFactory(coach=world["coach"], start=soon(10, 11), end=soon(10, 13)),
            pegawai__name="Rahmawati",
        )
        refused_unchanged(
            world,
            new_request(world["skpd"], world["kasubag"]),
            rf"{world['coach'].display_name} punya sesi coaching individual dengan Rahmawati "
            r"pukul 11\.00–13\.00 WITA",
        )
        booking.slot.refresh_from_db()
        assert not booking.slot.is_cancelled

    def test_another_visit_is_a_clash_naming_the_skpd(self, world):
        awayan = SkpdFactory(name="Kecamatan Awayan")
        other = new_request(awayan, user_with_role(Role.KASUBAG_UMUM, skpd=awayan))
        accept(world, other, start=soon(10, 11), end=soon(10, 15))
        refused_unchanged(
            world,
            new_request(world["skpd"], world["kasubag"]),
            "sudah ditugaskan ke Coaching Clinic Kecamatan Awayan pukul 11.00–15.00",
        )

    @pytest.mark.parametrize("holiday", [True, False], ids=["holiday", "closure"])
    def test_a_closed_day_is_refused_with_its_name(self, world, holiday):
        day = soon(10, 8).date()
        Closure.objects.create(date=day, name="Cuti bersama", is_public_holiday=holiday)
        refused_unchanged(
            world, new_request(world["skpd"], world["kasubag"]), "hari tutup: Cuti bersama"
        )

    def test_the_calendar_shows_each_proposed_date_and_who_is_free(self, world, client):
        request = new_request(world["skpd"], world["kasubag"])
        SkpdRequest.objects.filter(pk=request.pk).update(
            proposed_date_1=soon(10, 8).date(), proposed_date_2=soon(11, 8).date()
        )
        BookingFactory(
            slot=SlotFactory(coach=world["coach"], start=soon(10, 9), end=soon(10, 10)),
            pegawai__name="Rahmawati",
        )
        SlotFactory(coach=world["other_coach"], start=soon(11, 9), end=soon(11, 10))
        client.force_login(world["kepala"])
        page = client.get(reverse("bookings:request_detail", args=[request.pk]))
        days = page.context["calendar"]
        assert [day.date for day in days] == [soon(10, 8).date(), soon(11, 8).date()]
        first = {d.coach.pk: d for d in days[0].coaches}
        assert not first[world["coach"].pk].free
        assert first[world["other_coach"].pk].free
        second = {d.coach.pk: d for d in days[1].coaches}
        assert len(second[world["other_coach"].pk].withdrawn) == 1
        html = page.content.decode()
        assert "sesi individual dengan Rahmawati" in html
        assert "1 slot kosong akan ditarik" in html

    def test_a_refused_decision_keeps_everything_typed(self, world, client):
        BookingFactory(slot=SlotFactory(coach=world["coach"], start=soon(10, 9), end=soon(10, 10)))
        request = new_request(world["skpd"], world["kasubag"])
        client.force_login(world["kepala"])
        data = {
            "coaches": [world["coach"].pk, world["other_coach"].pk],
            "date": soon(10, 8).date().isoformat(),
            "start_time": "08:30",
            "end_time": "12:00",
            "venue": "Aula Puskesmas Paringin",
            "instruction": "Bawa contoh matriks peran hasil.",
        }
        response = client.post(
            reverse("bookings:request_decide", args=[request.pk, "accept"]), data
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "Jadwal bentrok" in html and world["coach"].display_name in html
        assert "Aula Puskesmas Paringin" in html and "Bawa contoh matriks peran hasil." in html
        form = response.context["accept_form"]
        assert {c.pk for c in form.cleaned_data["coaches"]} == {
            world["coach"].pk,
            world["other_coach"].pk,
        }
        request.refresh_from_db()
        assert request.status == RequestStatus.SUBMITTED


class TestMovingAndCancelling:
    def test_moving_frees_the_old_hours_tells_everyone_and_keeps_the_history(self, world):
        request = in_state(world, RequestStatus.SCHEDULED)
        participant = PegawaiWithAccountFactory(skpd=world["skpd"])
        visits.set_participants(
            actor=world["kasubag"], request_id=request.pk, pegawai_ids=[participant.pk]
        )
        SlotFactory(coach=world["coach"], start=soon(12, 9), end=soon(12, 10))  # withdrawn
        Notification.objects.all().delete()
        session = visits.move_visit(
            actor=world["kepala"],
            request_id=request.pk,
            start=soon(12, 8),
            end=soon(12, 11),
            venue="Aula Baru",
            reason="Bertepatan dengan rapat kerja.",
        )
        assert (session.start, session.end, session.place) == (
            soon(12, 8),
            soon(12, 11),
            "Aula Baru",
        )
        assert list(
            CoachCommitment.objects.filter(session=session).values_list("start", "end")
        ) == [(soon(12, 8), soon(12, 11))]
        # The old hours are free again: a slot there can be published.
        SlotFactory(coach=world["coach"], start=soon(10, 9), end=soon(10, 10))
        told = set(Notification.objects.values_list("user_id", flat=True))
        assert told == {world["coach"].pk, world["kasubag"].pk, participant.user_id}
        text = Notification.objects.filter(user=participant.user).get().text
        assert "dipindahkan" in text and "Bertepatan dengan rapat kerja." in text
        request.refresh_from_db()
        assert request.history.first().history_change_reason == (
            "Jadwal dipindahkan: Bertepatan dengan rapat kerja."
        )
        # The disposition sheet prints the new time and place.
        moved = request.dispositions.get(decision=Decision.MOVE)
        assert (moved.start, moved.venue) == (soon(12, 8), "Aula Baru")
        assert list(moved.coaches.all()) == [world["coach"]]
        sheet = PdfText(pdf.disposition_sheet(request))
        assert "Aula Baru" in sheet
        # Signed with place and date.
        assert f"Paringin, {date_format(timezone.localdate(), 'j F Y')}" in sheet

    def test_moving_onto_a_booked_slot_is_refused_and_changes_nothing(self, world):
        request = in_state(world, RequestStatus.SCHEDULED)
        BookingFactory(slot=SlotFactory(coach=world["coach"], start=soon(12, 9), end=soon(12, 10)))
        with pytest.raises(visits.RequestError, match="punya sesi coaching individual"):
            visits.move_visit(
                actor=world["kepala"],
                request_id=request.pk,
                start=soon(12, 8),
                end=soon(12, 11),
                venue="Aula",
                reason="Rapat.",
            )
        assert request.session.start == soon(10, 8)
        assert CoachCommitment.objects.get(session=request.session).start == soon(10, 8)

    def test_a_move_or_cancel_needs_a_reason(self, world):
        request = in_state(world, RequestStatus.SCHEDULED)
        with pytest.raises(visits.RequestError, match="alasan"):
            visits.cancel_visit(actor=world["kepala"], request_id=request.pk, reason=" ")
        with pytest.raises(visits.RequestError, match="alasan"):
            visits.move_visit(
                actor=world["kepala"],
                request_id=request.pk,
                start=soon(12, 8),
                end=soon(12, 11),
                venue="Aula",
                reason="",
            )
        assert request.session.start == soon(10, 8)
        request.refresh_from_db()
        assert request.status == RequestStatus.SCHEDULED

    def test_cancelling_frees_the_coaches_and_tells_everyone(self, world):
        request = in_state(world, RequestStatus.SCHEDULED)
        Notification.objects.all().delete()
        visits.cancel_visit(actor=world["kepala"], request_id=request.pk, reason="Anggaran habis.")
        request.refresh_from_db()
        assert request.status == RequestStatus.CANCELLED
        assert not CoachCommitment.objects.filter(session__skpd_request=request).exists()
        SlotFactory(coach=world["coach"], start=soon(10, 9), end=soon(10, 10))  # free again
        assert set(Notification.objects.values_list("user_id", flat=True)) == {
            world["coach"].pk,
            world["kasubag"].pk,
        }
        assert not held_sessions().filter(skpd_request=request).exists()

    def test_the_kasubag_withdraws_a_waiting_letter_and_the_kepala_is_told(self, world):
        request = new_request(world["skpd"], world["kasubag"])
        Notification.objects.all().delete()
        visits.withdraw_request(actor=world["kasubag"], request_id=request.pk)
        request.refresh_from_db()
        assert request.status == RequestStatus.WITHDRAWN
        assert "ditarik kembali" in Notification.objects.get(user=world["kepala"]).text


def csv_upload(*nips: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("peserta.csv", ("NIP\n" + "\n".join(nips) + "\n").encode())


def test_the_participant_import_refuses_bad_rows_line_by_line_and_changes_nothing(world, client):
    request = in_state(world, RequestStatus.SCHEDULED)
    mine = PegawaiFactory(skpd=world["skpd"], nip="198609262015051001")
    PegawaiFactory(nip="199001012015031009")  # another SKPD's
    chosen, errors = visits.read_participant_file(
        csv_upload("19860926 201505 1 001", "12345", "199001012015031009", "199505202020121007"),
        request,
    )
    assert chosen == [mine.pk]
    assert any("Baris 3" in e and "18 digit" in e for e in errors)
    assert any("Baris 4" in e and "bukan pegawai aktif SKPD ini" in e for e in errors)
    # An unknown NIP gets the same words as another SKPD's: the list tells nobody who works where.
    assert any("Baris 5" in e and "bukan pegawai aktif SKPD ini" in e for e in errors)
    client.force_login(world["kasubag"])
    response = client.post(
        reverse("bookings:participants", args=[request.pk]),
        {"file": csv_upload("198609262015051001", "12345")},
        follow=True,
    )
    assert "tidak ada yang berubah" in response.content.decode()
    assert not request.session.attendance.exists()
    client.post(
        reverse("bookings:participants", args=[request.pk]),
        {"file": csv_upload("198609262015051001")},
    )
    assert list(request.session.attendance.values_list("pegawai_id", flat=True)) == [mine.pk]


def test_coaches_record_attendance_and_block_notes(world):
    request = in_state(world, RequestStatus.SCHEDULED)
    present, absent = PegawaiFactory(skpd=world["skpd"]), PegawaiFactory(skpd=world["skpd"])
    visits.set_participants(
        actor=world["kasubag"], request_id=request.pk, pegawai_ids=[present.pk, absent.pk]
    )
    session = request.session
    session.start, session.end = soon(-1, 8), soon(-1, 12)
    session.save()
    block = session.blocks.get(kind="practice_jpt")
    visits.record_session(
        actor=world["coach"],
        session_id=session.pk,
        present_ids={present.pk},
        shown_ids={present.pk, absent.pk},
        block_notes={block.pk: "RHK dari PK."},
    )
    assert dict(session.attendance.values_list("pegawai_id", "present")) == {
        present.pk: True,
        absent.pk: False,
    }
    block.refresh_from_db()
    assert block.notes == "RHK dari PK."
    with pytest.raises(visits.RequestError):
        visits.record_session(
            actor=world["other_coach"],
            session_id=session.pk,
            present_ids=set(),
            shown_ids=set(),
            block_notes={},
        )


@pytest.mark.parametrize(
    "name", ["request_detail", "request_edit", "request_letter", "disposition_sheet"]
)
def test_a_kasubag_of_another_skpd_gets_404(world, client, name):
    request = new_request(world["skpd"], world["kasubag"])
    client.force_login(world["other_kasubag"])
    assert client.get(reverse(f"bookings:{name}", args=[request.pk])).status_code == 404


def test_an_asn_may_not_open_the_request_pages(world, client):
    request = new_request(world["skpd"], world["kasubag"])
    client.force_login(world["asn"])
    assert client.get(reverse("bookings:request_list")).status_code == 403
    assert client.get(reverse("bookings:request_detail", args=[request.pk])).status_code == 404


def test_the_disposition_sheet_carries_the_letter_and_the_decision(world, client):
    request = new_request(world["skpd"], world["kasubag"])
    visits.accept_request(
        actor=world["kepala"],
        request_id=request.pk,
        coaches=[world["coach"]],
        start=soon(10, 8),
        end=soon(10, 12),
        venue="Aula Dinas Kesehatan",
        instruction="Siapkan contoh RHK.",
    )
    kepala = world["kepala"].pegawai
    kepala.jabatan = "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
    kepala.save()
    client.force_login(world["kepala"])
    response = client.get(reverse("bookings:disposition_sheet", args=[request.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfText(response.content)
    for expected in [
        "LEMBAR DISPOSISI",
        "PEMERINTAH KABUPATEN BALANGAN",
        "Dinas Kesehatan",
        "800/123/DINKES/2026",
        "Siapkan contoh RHK.",
        "Aula Dinas Kesehatan",
        world["coach"].display_name,
        world["kepala"].display_name,
        # The Kepala signs with its name, jabatan and NIP, under the place and date.
        kepala.jabatan,
        f"NIP {kepala.nip_display}",
        f"Paringin, {date_format(timezone.localdate(), 'j F Y')}",
    ]:
        assert expected in text, expected


def test_a_second_request_for_the_same_month_is_flagged(world, client):
    first = new_request(world["skpd"], world["kasubag"])
    second = new_request(world["skpd"], world["kasubag"])
    later = new_request(world["skpd"], world["kasubag"])
    SkpdRequest.objects.filter(pk=later.pk).update(
        proposed_date_1=first.proposed_date_1 + datetime.timedelta(days=62)
    )
    client.force_login(world["kepala"])
    response = client.get(reverse("bookings:request_list"))  # the inbox by default
    flags = {row.pk: row.duplicate for row in response.context["page"].object_list}
    assert flags == {first.pk: True, second.pk: True, later.pk: False}
    assert [row.pk for row in response.context["page"].object_list] == [
        first.pk,
        second.pk,
        later.pk,
    ]
    detail = client.get(reverse("bookings:request_detail", args=[first.pk]))
    assert "permohonan lain untuk bulan yang sama" in detail.content.decode()


def test_a_letter_that_is_not_a_pdf_is_refused(world, client):
    client.force_login(world["kasubag"])
    response = client.post(
        reverse("bookings:request_new"),
        {
            "letter_number": "1",
            "letter_date": timezone.localdate().isoformat(),
            "subject": "x",
            "letter_file": SimpleUploadedFile("surat.pdf", b"<html>"),
            "proposed_date_1": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(),
            "expected_pelaksana": 5,
            "expected_jpt": 0,
            "expected_administrator": 0,
            "expected_pengawas": 0,
            "expected_fungsional": 0,
            "contact_name": "A",
            "contact_phone": "081234567890",
        },
    )
    assert "format PDF" in response.content.decode()
    assert not SkpdRequest.objects.exists()


def test_a_resubmission_with_a_new_letter_replaces_it(world, client):
    request = in_state(world, RequestStatus.RETURNED)
    client.force_login(world["kasubag"])
    data = {
        "letter_number": request.letter_number,
        "letter_date": request.letter_date.isoformat(),
        "subject": request.subject,
        "letter_file": SimpleUploadedFile("surat-baru.pdf", b"%PDF-1.4\n%the revised letter\n"),
        "proposed_date_1": request.proposed_date_1.isoformat(),
        "expected_jpt": 2,
        "expected_administrator": 3,
        "expected_pengawas": 6,
        "expected_pelaksana": 20,
        "expected_fungsional": 5,
        "contact_name": "Fitriani",
        "contact_phone": "081234567890",
    }
    response = client.post(reverse("bookings:request_edit", args=[request.pk]), data, follow=True)
    assert "diajukan kembali" in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    assert request.expected_jpt == 2
    assert b"revised letter" in request.letter_file.read()


def test_publishing_skips_the_time_of_an_skpd_session(world):
    from bookings import services
    from bookings.models import Slot

    request = new_request(world["skpd"], world["kasubag"])
    session = visits.accept_request(
        actor=world["kepala"],
        request_id=request.pk,
        coaches=[world["coach"]],
        start=soon(10, 8),
        end=soon(10, 12),
        venue="Aula",
        instruction="",
    )
    day = timezone.localdate(session.start)
    result = services.publish_slots(
        coach=world["coach"],
        first_day=day,
        last_day=day,
        weekdays=[day.isoweekday()],
        start_time=datetime.time(8),
        end_time=datetime.time(14),
        session_minutes=60,
        place=SlotFactory().place,
    )
    # 08–12 is the SKPD visit: only 12.00 and 13.00 remain of 08.00–14.00.
    assert (result.created, result.skipped_taken) == (2, 4)
    hours = sorted(
        timezone.localtime(s).hour
        for s in Slot.objects.filter(coach=world["coach"]).values_list("start", flat=True)
    )
    assert hours == [12, 13]


def test_the_roster_is_fixed_once_the_session_has_started(world):
    request = in_state(world, RequestStatus.SCHEDULED)
    person = PegawaiFactory(skpd=world["skpd"])
    visits.set_participants(actor=world["kasubag"], request_id=request.pk, pegawai_ids=[person.pk])
    CoachingSession.objects.filter(pk=request.session.pk).update(
        start=soon(-1, 8), end=soon(-1, 12)
    )
    with pytest.raises(visits.RequestError, match="sebelum pelaksanaan"):
        visits.set_participants(actor=world["kasubag"], request_id=request.pk, pegawai_ids=[])
    assert request.session.attendance.count() == 1


def test_someone_added_after_the_coach_opened_the_page_stays_unrecorded(world):
    request = in_state(world, RequestStatus.SCHEDULED)
    seen, added = PegawaiFactory(skpd=world["skpd"]), PegawaiFactory(skpd=world["skpd"])
    visits.set_participants(
        actor=world["kasubag"], request_id=request.pk, pegawai_ids=[seen.pk, added.pk]
    )
    CoachingSession.objects.filter(pk=request.session.pk).update(
        start=soon(-1, 8), end=soon(-1, 12)
    )
    visits.record_session(
        actor=world["coach"],
        session_id=request.session.pk,
        present_ids={seen.pk},
        shown_ids={seen.pk},
        block_notes={},
    )
    assert dict(request.session.attendance.values_list("pegawai_id", "present")) == {
        seen.pk: True,
        added.pk: None,
    }


@pytest.mark.parametrize("name", ["participants", "request_decide"])
def test_posts_on_another_skpds_request_answer_404(world, client, name):
    request = in_state(world, RequestStatus.SCHEDULED)
    client.force_login(world["other_kasubag"])
    args = [request.pk] if name == "participants" else [request.pk, "held"]
    assert client.post(reverse(f"bookings:{name}", args=args), {"pegawai": []}).status_code == 404
    assert (
        client.get(reverse("bookings:session_detail", args=[request.session.pk])).status_code == 404
    )


def test_the_request_page_runs_a_fixed_number_of_queries(world, client, django_assert_num_queries):
    request = in_state(world, RequestStatus.SCHEDULED)
    people = PegawaiFactory.create_batch(30, skpd=world["skpd"])
    visits.set_participants(
        actor=world["kasubag"], request_id=request.pk, pegawai_ids=[p.pk for p in people[:20]]
    )
    client.force_login(world["kasubag"])
    client.get(reverse("bookings:request_detail", args=[request.pk]))  # warm the caches
    with django_assert_num_queries(14):
        client.get(reverse("bookings:request_detail", args=[request.pk]))


@pytest.mark.parametrize("coaches", [3, 30])
def test_the_disposition_page_with_the_calendar_runs_a_fixed_number_of_queries(
    world, client, django_assert_num_queries, coaches
):
    request = new_request(world["skpd"], world["kasubag"])
    SkpdRequest.objects.filter(pk=request.pk).update(
        proposed_date_1=soon(10, 8).date(),
        proposed_date_2=soon(11, 8).date(),
        proposed_date_3=soon(12, 8).date(),
    )
    team = [user_with_role(Role.TIM_COACHING) for _ in range(coaches - 2)]
    for n, coach in enumerate(team):
        slot = SlotFactory(coach=coach, start=soon(10 + n % 3, 9), end=soon(10 + n % 3, 10))
        if n % 2:
            BookingFactory(slot=slot)
    client.force_login(world["kepala"])
    url = reverse("bookings:request_detail", args=[request.pk])
    client.get(url)  # warm the caches
    with django_assert_num_queries(14):
        response = client.get(url)
    assert len(response.context["calendar"][0].coaches) == coaches + 1  # and the Kepala Bidang


def test_the_agenda_shows_a_scheduled_visit_to_its_coach_and_the_team_to_the_heads(world, client):
    request = in_state(world, RequestStatus.SCHEDULED)
    day = f"?tanggal={soon(10, 8).date():%Y-%m-%d}"
    url = reverse("bookings:agenda") + day
    client.force_login(world["coach"])
    html = client.get(url).content.decode()
    assert "Coaching Clinic Dinas Kesehatan" in html and "08.00–12.00 WITA" in html
    client.force_login(world["other_coach"])
    assert "Coaching Clinic Dinas Kesehatan" not in client.get(url).content.decode()
    assert "Coaching Clinic Dinas Kesehatan" in client.get(url + "&semua=1").content.decode()
    # The Kepala BKPSDM reads the team's agenda; the Kepala Bidang, a coach too, on asking.
    for head, query in (("kepala", ""), ("kabid", "&semua=1")):
        client.force_login(world[head])
        assert "Coaching Clinic Dinas Kesehatan" in client.get(url + query).content.decode()
    visits.cancel_visit(actor=world["kepala"], request_id=request.pk, reason="Anggaran habis.")
    assert "Coaching Clinic Dinas Kesehatan" not in client.get(url).content.decode()
    client.force_login(world["kasubag"])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("coaches", [3, 30])
def test_the_team_agenda_runs_a_fixed_number_of_queries(
    world, client, django_assert_num_queries, coaches
):
    team = [world["coach"], *(user_with_role(Role.TIM_COACHING) for _ in range(coaches - 1))]
    for n, coach in enumerate(team):
        slot = SlotFactory(coach=coach, start=soon(10, 13 + n % 3), end=soon(10, 14 + n % 3))
        if n % 2:
            BookingFactory(slot=slot)
    for n in range(coaches // 3):
        skpd = SkpdFactory()
        accept(
            world,
            new_request(skpd, user_with_role(Role.KASUBAG_UMUM, skpd=skpd)),
            coaches=[team[n]],
            start=soon(10, 8),
            end=soon(10, 12),
        )
    client.force_login(world["coach"])
    url = reverse("bookings:agenda") + f"?tanggal={soon(10, 8).date():%Y-%m-%d}&semua=1"
    client.get(url)  # warm the caches
    with django_assert_num_queries(9):
        response = client.get(url)
    (entries,) = [entries for _day, entries in response.context["days"]]
    kinds = [kind for kind, _item in entries]
    assert (kinds.count("visit"), kinds.count("slot")) == (coaches // 3, coaches)
    assert [item.start for _kind, item in entries] == sorted(item.start for _k, item in entries)


def test_the_home_shows_the_coming_week_to_coaches_the_kasubag_and_participants(world, client):
    request = new_request(world["skpd"], world["kasubag"])
    accept(world, request, start=soon(3, 8), end=soon(3, 12))
    participant = PegawaiWithAccountFactory(skpd=world["skpd"])
    visits.set_participants(
        actor=world["kasubag"], request_id=request.pk, pegawai_ids=[participant.pk]
    )
    BookingFactory(
        slot=SlotFactory(
            coach=world["coach"],
            start=soon(0, 23),
            end=soon(0, 23) + datetime.timedelta(minutes=30),
        ),
        pegawai__name="Rahmawati",
    )
    SlotFactory(coach=world["coach"], start=soon(2, 9), end=soon(2, 10))  # open: not shown
    home = reverse("portal:home")
    client.force_login(world["coach"])
    html = client.get(home).content.decode()
    assert "Coaching Clinic Dinas Kesehatan" in html
    assert "Coaching individual: Rahmawati" in html and "Hari ini" in html
    assert html.count("Coaching individual") == 1
    when = date_format(soon(3, 8).date(), "l, j F Y") + ", 08.00–12.00 WITA"
    for someone in (world["kasubag"], participant.user):
        client.force_login(someone)
        html = client.get(home).content.decode()
        week = html[html.index("Hari ini dan minggu ini") :]
        assert "Coaching Clinic Dinas Kesehatan" in week and when in week
    client.force_login(world["other_coach"])
    assert "Coaching Clinic Dinas Kesehatan" not in client.get(home).content.decode()


class TestCalendarFeed:
    def feed(self, client, coach):
        """The address the agenda shows once the coach asked for one."""
        if not CalendarFeed.objects.filter(coach=coach).exists():
            client.post(reverse("bookings:calendar_feed_reset"))
        html = client.get(reverse("bookings:agenda")).content.decode()
        token = CalendarFeed.objects.get(coach=coach).token
        url = reverse("bookings:calendar_feed", args=[token])
        assert f"http://testserver{url}" in html
        return url

    def test_the_feed_holds_the_coachs_visits_and_sessions_and_follows_a_move(self, world, client):
        request = in_state(world, RequestStatus.SCHEDULED)
        BookingFactory(
            slot=SlotFactory(coach=world["coach"], start=soon(4, 9), end=soon(4, 10)),
            pegawai__name="Rahmawati",
        )
        client.force_login(world["coach"])
        url = self.feed(client, world["coach"])
        client.logout()  # the phone has no session: the address is the key
        response = client.get(url)
        assert response["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.content)
        events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
        visit = events["Coaching Clinic Dinas Kesehatan"]
        assert visit.decoded("dtstart") == soon(10, 8)
        assert str(visit["status"]) == "CONFIRMED"
        assert "Coaching individual: Rahmawati" in " ".join(events)
        visits.move_visit(
            actor=world["kepala"],
            request_id=request.pk,
            start=soon(12, 13),
            end=soon(12, 16),
            venue="Aula",
            reason="Rapat kerja.",
        )
        moved = next(
            e
            for e in Calendar.from_ical(client.get(url).content).walk("VEVENT")
            if str(e["uid"]) == str(visit["uid"])
        )
        assert moved.decoded("dtstart") == soon(12, 13)
        assert int(moved["sequence"]) > int(visit["sequence"])
        visits.cancel_visit(actor=world["kepala"], request_id=request.pk, reason="Anggaran.")
        cancelled = next(
            e
            for e in Calendar.from_ical(client.get(url).content).walk("VEVENT")
            if str(e["uid"]) == str(visit["uid"])
        )
        assert str(cancelled["status"]) == "CANCELLED"

    def test_a_wrong_or_reset_token_is_404_and_another_coach_sees_its_own(self, world, client):
        in_state(world, RequestStatus.SCHEDULED)
        client.force_login(world["coach"])
        old = self.feed(client, world["coach"])
        assert client.get(old).status_code == 200
        assert client.get(old.replace(".ics", "x.ics")).status_code == 404
        client.post(reverse("bookings:calendar_feed_reset"), follow=True)
        new = self.feed(client, world["coach"])
        assert new != old
        assert client.get(old).status_code == 404
        assert client.get(new).status_code == 200
        client.force_login(world["other_coach"])
        other = self.feed(client, world["other_coach"])
        assert b"Dinas Kesehatan" not in client.get(other).content
        # A coach who leaves the team: its address stops working.
        world["coach"].roleassignment_set.all().delete()
        assert client.get(new).status_code == 404

    def test_an_asns_own_cancellation_mails_a_cancelling_event(
        self, world, client, django_capture_on_commit_callbacks
    ):
        booking = BookingFactory(
            slot=SlotFactory(coach=world["coach"], start=soon(4, 9), end=soon(4, 10)),
            pegawai__user__email="asn@contoh.go.id",
        )
        client.force_login(booking.pegawai.user)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("bookings:booking_cancel", args=[booking.pk]))
        (message,) = [m for m in mail.outbox if "asn@contoh.go.id" in m.to]
        _name, content, _kind = message.attachments[0]
        calendar = Calendar.from_ical(content)
        assert str(calendar["method"]) == "CANCEL"
        (event,) = calendar.walk("VEVENT")
        assert str(event["status"]) == "CANCELLED"
        assert str(event["uid"]) == f"booking-{booking.pk}@coaching-skp"


class TestCoachTakesBackASlot:
    def test_an_open_slot_is_withdrawn_and_a_booked_one_needs_a_reason(
        self, world, client, django_capture_on_commit_callbacks
    ):
        coach = world["coach"]
        empty = SlotFactory(coach=coach, start=soon(4, 9), end=soon(4, 10))
        booking = BookingFactory(
            slot=SlotFactory(coach=coach, start=soon(4, 10), end=soon(4, 11)),
            pegawai__user__email="asn@contoh.go.id",
        )
        client.force_login(coach)
        day = f"?tampilan=hari&tanggal={soon(4, 9).date():%Y-%m-%d}"
        html = client.get(reverse("bookings:agenda") + day).content.decode()
        assert "Tarik slot kosong" in html and "Batalkan sesi ini" in html
        client.post(reverse("bookings:slot_cancel", args=[empty.pk]))
        empty.refresh_from_db()
        assert empty.is_cancelled
        response = client.post(reverse("bookings:slot_cancel", args=[booking.slot_id]), follow=True)
        assert "tuliskan alasan" in response.content.decode()
        booking.refresh_from_db()
        assert booking.status == BookingStatus.BOOKED
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("bookings:slot_cancel", args=[booking.slot_id]),
                {"reason": "Coach sakit."},
            )
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CANCELLED
        (message,) = mail.outbox
        assert "Coach sakit." in message.body
        note = booking.pegawai.user.notifications.get()
        assert "dibatalkan oleh BKPSDM: Coach sakit." in note.text
        assert note.link == reverse("bookings:open_slots")

    def test_another_coachs_slot_is_refused(self, world, client):
        slot = SlotFactory(coach=world["coach"], start=soon(4, 9), end=soon(4, 10))
        client.force_login(world["other_coach"])
        assert client.post(reverse("bookings:slot_cancel", args=[slot.pk])).status_code == 404
        slot.refresh_from_db()
        assert not slot.is_cancelled


def letter_form(**changes) -> dict:
    return {
        "letter_number": "800/45/DINKES/2026",
        "letter_date": timezone.localdate().isoformat(),
        "subject": "Permohonan Coaching Clinic penyusunan SKP Tahunan",
        "letter_file": letter(),
        "proposed_date_1": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        "expected_jpt": 0,
        "expected_administrator": 1,
        "expected_pengawas": 2,
        "expected_pelaksana": 5,
        "expected_fungsional": 0,
        "contact_name": "Fitriani",
        "contact_phone": "081234567890",
        **changes,
    }


class TestTheKasubagsSide:
    def test_a_second_letter_for_the_same_month_asks_first(self, world, client):
        new_request(world["skpd"], world["kasubag"])
        client.force_login(world["kasubag"])
        response = client.post(reverse("bookings:request_new"), letter_form())
        html = response.content.decode()
        assert "Dinas Kesehatan sudah punya permohonan untuk" in html
        assert "800/123/DINKES/2026" in html
        assert SkpdRequest.objects.count() == 1
        # The chosen PDF cannot survive the page: it says so.
        assert "Pilih lagi berkasnya" in html
        response = client.post(
            reverse("bookings:request_new"), letter_form(confirm_same_month="on"), follow=True
        )
        assert "Surat permohonan terkirim" in response.content.decode()
        assert SkpdRequest.objects.count() == 2

    def test_a_withdrawn_letter_no_longer_counts_for_its_month(self, world, client):
        first = new_request(world["skpd"], world["kasubag"])
        client.force_login(world["kasubag"])
        client.post(reverse("bookings:request_decide", args=[first.pk, "withdraw"]))
        first.refresh_from_db()
        assert first.status == RequestStatus.WITHDRAWN
        response = client.post(reverse("bookings:request_new"), letter_form(), follow=True)
        assert "Surat permohonan terkirim" in response.content.decode()

    def test_a_returned_letter_can_be_closed_by_the_kasubag_only(self, world, client):
        request = in_state(world, RequestStatus.RETURNED)
        client.force_login(world["kepala"])
        url = reverse("bookings:request_decide", args=[request.pk, "withdraw"])
        assert client.post(url).status_code == 403
        client.force_login(world["kasubag"])
        page = client.get(reverse("bookings:request_detail", args=[request.pk]))
        assert "Tutup permohonan" in page.content.decode()
        client.post(url)
        request.refresh_from_db()
        assert request.status == RequestStatus.WITHDRAWN


class TestMovingABookingAside:
    def test_a_booked_clash_is_moved_to_the_next_open_slot_and_the_visit_accepted(
        self, world, client
    ):
        booking = BookingFactory(
            slot=SlotFactory(coach=world["coach"], start=soon(10, 9), end=soon(10, 10)),
            pegawai__name="Rahmawati",
        )
        later = SlotFactory(coach=world["other_coach"], start=soon(11, 9), end=soon(11, 10))
        request = new_request(world["skpd"], world["kasubag"])
        client.force_login(world["kepala"])
        page = client.get(
            reverse("bookings:request_detail", args=[request.pk])
            + f"?tanggal={soon(10, 8).date():%Y-%m-%d}"
        )
        assert "pindahkan sesi ini" in page.content.decode()
        response = client.post(
            reverse("bookings:move_booking_aside", args=[request.pk, booking.slot_id]),
            {"tanggal": f"{soon(10, 8).date():%Y-%m-%d}"},
            follow=True,
        )
        assert "Sesi Rahmawati dipindahkan" in response.content.decode()
        booking.refresh_from_db()
        assert booking.status == BookingStatus.RESCHEDULED
        new = Booking.objects.get(rescheduled_from=booking)
        assert (new.slot, new.status, new.topic) == (later, BookingStatus.BOOKED, booking.topic)
        note = booking.pegawai.user.notifications.get()
        assert "dipindahkan" in note.text and "Coaching Clinic Dinas Kesehatan" in note.text
        accept(world, request)  # the coach is free now
        request.refresh_from_db()
        assert request.status == RequestStatus.SCHEDULED

    def test_without_an_open_slot_nothing_moves(self, world, client):
        booking = BookingFactory(
            slot=SlotFactory(coach=world["coach"], start=soon(10, 9), end=soon(10, 10))
        )
        request = new_request(world["skpd"], world["kasubag"])
        client.force_login(world["kepala"])
        response = client.post(
            reverse("bookings:move_booking_aside", args=[request.pk, booking.slot_id]),
            follow=True,
        )
        assert "Tidak ada slot kosong" in response.content.decode()
        booking.refresh_from_db()
        assert booking.status == BookingStatus.BOOKED
        client.force_login(world["coach"])
        url = reverse("bookings:move_booking_aside", args=[request.pk, booking.slot_id])
        assert client.post(url).status_code == 403


def test_the_daftar_hadir_is_printable_before_the_visit(world, client):
    request = in_state(world, RequestStatus.SCHEDULED)
    people = [
        PegawaiFactory(skpd=world["skpd"], name="Ahmad Syahrani", jabatan="Perawat Terampil"),
        PegawaiFactory(skpd=world["skpd"], name="Noor Hasanah", jabatan="Bidan Mahir"),
    ]
    visits.set_participants(
        actor=world["kasubag"], request_id=request.pk, pegawai_ids=[p.pk for p in people]
    )
    url = reverse("bookings:attendance_sheet", args=[request.pk])
    client.force_login(world["kasubag"])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = PdfText(response.content)
    for expected in (
        "DAFTAR HADIR",
        "Ahmad Syahrani",
        "Perawat Terampil",
        "Dinas Kesehatan",
        "Tanda tangan",
        "Baris kosong untuk peserta yang hadir tanpa terdaftar",
        "7.",  # the blank rows for walk-ins follow the two listed
    ):
        assert expected in text
    assert people[0].nip[:8] in text
    client.force_login(world["other_kasubag"])
    assert client.get(url).status_code == 404
    client.force_login(world["kasubag"])
    waiting = new_request(world["skpd"], world["kasubag"])
    assert client.get(reverse("bookings:attendance_sheet", args=[waiting.pk])).status_code == 404


def test_deciding_reads_the_deciders_notifications_about_the_letter(world, client):
    request = new_request(world["skpd"], world["kasubag"])
    kepala = world["kepala"]
    assert kepala.notifications.filter(read_at__isnull=True).count() == 1  # "menunggu disposisi"
    client.force_login(kepala)
    client.post(
        reverse("bookings:request_decide", args=[request.pk, "return"]),
        {"note": "Lampirkan surat bertanda tangan."},
    )
    kepala.refresh_from_db()
    assert not kepala.notifications.filter(read_at__isnull=True).exists()
    assert kepala.unread_notifications == 0


def test_each_person_is_told_what_to_bring_to_a_visit(world):
    request = new_request(world["skpd"], world["kasubag"])
    accept(world, request, start=soon(2, 8), end=soon(2, 12))
    participant = PegawaiWithAccountFactory(skpd=world["skpd"])
    visits.set_participants(
        actor=world["kasubag"], request_id=request.pk, pegawai_ids=[participant.pk]
    )
    (coach,) = selectors.coming_week(world["coach"])
    (kasubag,) = selectors.coming_week(world["kasubag"])
    (listed,) = selectors.coming_week(participant.user)
    assert "paparan" in coach.bring and "daftar peserta" in kasubag.bring
    assert listed.bring == "Laptop dan draf SKP."
    assert coach.url and kasubag.url and not listed.url  # the request's page is the staff's


def test_an_account_without_a_pegawai_or_a_role_has_a_home_with_nothing_coming(
    world, client, django_assert_num_queries
):
    accept(world, new_request(world["skpd"], world["kasubag"]), start=soon(2, 8), end=soon(2, 12))
    account = UserFactory()
    assert not account.roles and not hasattr(account, "pegawai")
    with django_assert_num_queries(0):
        assert selectors.coming_week(account) == []
    client.force_login(account)
    assert client.get(reverse("portal:home")).status_code == 200


def test_a_participants_coming_week_is_the_visits_it_is_listed_for_in_one_query(
    world, django_assert_num_queries
):
    listed_at = new_request(world["skpd"], world["kasubag"])
    accept(world, listed_at, start=soon(2, 8), end=soon(2, 12))
    elsewhere = new_request(world["skpd"], world["kasubag"])
    accept(world, elsewhere, start=soon(3, 8), end=soon(3, 12))
    participant = PegawaiWithAccountFactory(skpd=world["skpd"])
    visits.set_participants(
        actor=world["kasubag"], request_id=listed_at.pk, pegawai_ids=[participant.pk]
    )
    user = participant.user
    assert user.roles == {Role.ASN}  # loaded with the user on a request
    with django_assert_num_queries(1) as queries:
        (visit,) = selectors.coming_week(user)
    # Nobody's coach: its attendance alone, without the coaches' table and a DISTINCT.
    (sql,) = (statement_text(query["sql"]) for query in queries.captured_queries)
    assert "bookings_attendance" in sql
    assert "coachingsession_coaches" not in sql and "DISTINCT" not in sql
    assert visit.start == soon(2, 8)
    assert visit.title == f"Coaching Clinic {world['skpd'].name}"


def test_the_kasubag_sees_its_skpds_visits_beyond_this_week_on_its_home(world, client):
    accept(world, new_request(world["skpd"], world["kasubag"]), start=soon(20, 8), end=soon(20, 12))
    client.force_login(world["kasubag"])
    html = client.get(reverse("portal:home")).content.decode()
    assert "Kunjungan terjadwal di SKPD Anda" in html
    assert date_format(soon(20, 8).date(), "l, j F Y") + ", 08.00–12.00 WITA" in html
    client.force_login(world["other_kasubag"])
    assert (
        "Kunjungan terjadwal di SKPD Anda"
        not in client.get(reverse("portal:home")).content.decode()
    )
