"""The SKPD request workflow: every role against every state and transition, the roster
import, the coach overlap rule, permissions and the disposition sheet."""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Notification, Role
from bookings import requests
from bookings.models import (
    AgendaBlock,
    CoachingSession,
    Decision,
    RequestStatus,
    SkpdRequest,
)
from tests.accounts.factories import PegawaiFactory, SkpdFactory, user_with_role
from tests.bookings.factories import SlotFactory

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
    return requests.submit_request(
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
    }


def in_state(world, state) -> SkpdRequest:
    request = new_request(world["skpd"], world["kasubag"])
    kepala = world["kepala"]
    if state == RequestStatus.RETURNED:
        requests.return_request(
            actor=kepala, request_id=request.pk, instruction="Lampirkan surat bertanda tangan."
        )
    elif state == RequestStatus.DECLINED:
        requests.decline_request(
            actor=kepala, request_id=request.pk, reason="Sudah dilayani bulan lalu."
        )
    elif state in (RequestStatus.SCHEDULED, RequestStatus.HELD):
        requests.accept_request(
            actor=kepala,
            request_id=request.pk,
            coaches=[world["coach"]],
            start=soon(-1, 8) if state == RequestStatus.HELD else soon(10, 8),
            end=soon(-1, 12) if state == RequestStatus.HELD else soon(10, 12),
            venue="Aula Dinas Kesehatan",
            instruction="",
        )
        if state == RequestStatus.HELD:
            requests.mark_held(actor=world["coach"], request_id=request.pk)
    request.refresh_from_db()
    assert request.status == state
    return request


def apply(name, actor, request, world):
    if name == "resubmit":
        return requests.resubmit_request(actor=actor, request_id=request.pk, subject="Diperbaiki")
    if name == "return":
        return requests.return_request(actor=actor, request_id=request.pk, instruction="Perbaiki")
    if name == "decline":
        return requests.decline_request(actor=actor, request_id=request.pk, reason="Tidak")
    if name == "accept":
        return requests.accept_request(
            actor=actor,
            request_id=request.pk,
            coaches=[world["other_coach"]],
            start=soon(20, 8),
            end=soon(20, 12),
            venue="Aula",
            instruction="",
        )
    return requests.mark_held(actor=actor, request_id=request.pk)


ROLES = ["kasubag", "other_kasubag", "kepala", "kabid", "coach", "asn"]
ALLOWED = {
    # (transition, state): the roles that may
    ("resubmit", RequestStatus.RETURNED): {"kasubag"},
    ("return", RequestStatus.SUBMITTED): {"kepala"},
    ("decline", RequestStatus.SUBMITTED): {"kepala"},
    ("accept", RequestStatus.SUBMITTED): {"kepala"},
    ("mark_held", RequestStatus.SCHEDULED): {"coach", "kabid"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", RequestStatus.values)
@pytest.mark.parametrize("name", list(requests.TRANSITIONS))
def test_every_role_state_and_transition(world, role, state, name, settings):
    request = in_state(world, state)
    actor = world[role]
    permitted = role in ALLOWED.get((name, state), set())
    assert requests.may(actor, request, name) is permitted
    # mark_held also needs the session to have started; this state's session is next week.
    allowed = permitted and name != "mark_held"
    before = (
        request.status,
        request.dispositions.count(),
        CoachingSession.objects.count(),
        request.history.count(),
    )
    if allowed:
        apply(name, actor, request, world)
        request.refresh_from_db()
        assert request.status == requests.TRANSITIONS[name].target
    else:
        with pytest.raises(requests.RequestError):
            apply(name, actor, request, world)
        request.refresh_from_db()
        after = (
            request.status,
            request.dispositions.count(),
            CoachingSession.objects.count(),
            request.history.count(),
        )
        assert after == before


def test_acceptance_creates_the_session_with_the_guidelines_agenda_and_tells_the_kasubag(world):
    request = new_request(world["skpd"], world["kasubag"])
    mail.outbox.clear()
    session = requests.accept_request(
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


def test_a_coach_cannot_be_in_an_skpd_session_and_an_individual_slot_at_once(world):
    SlotFactory(coach=world["coach"], start=soon(10, 9), end=soon(10, 10))
    request = new_request(world["skpd"], world["kasubag"])
    with pytest.raises(requests.RequestError, match="sudah punya jadwal"):
        requests.accept_request(
            actor=world["kepala"],
            request_id=request.pk,
            coaches=[world["coach"]],
            start=soon(10, 8),
            end=soon(10, 12),
            venue="Aula",
            instruction="",
        )
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    assert not CoachingSession.objects.exists()
    assert not request.dispositions.exists()


def csv_upload(*nips: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("peserta.csv", ("NIP\n" + "\n".join(nips) + "\n").encode())


def test_the_participant_import_refuses_bad_rows_line_by_line_and_changes_nothing(world, client):
    request = in_state(world, RequestStatus.SCHEDULED)
    mine = PegawaiFactory(skpd=world["skpd"], nip="198609262015051001")
    PegawaiFactory(nip="199001012015031009")  # another SKPD's
    chosen, errors = requests.read_participant_file(
        csv_upload("19860926 201505 1 001", "12345", "199001012015031009", "199505202020121007"),
        request,
    )
    assert chosen == [mine.pk]
    assert any("Baris 3" in e and "18 digit" in e for e in errors)
    assert any("Baris 4" in e and "bukan pegawai aktif SKPD ini" in e for e in errors)
    assert any("Baris 5" in e and "tidak ada di data pegawai" in e for e in errors)
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
    requests.set_participants(
        actor=world["kasubag"], request_id=request.pk, pegawai_ids=[present.pk, absent.pk]
    )
    session = request.session
    session.start, session.end = soon(-1, 8), soon(-1, 12)
    session.save()
    block = session.blocks.get(kind="practice_jpt")
    requests.record_session(
        actor=world["coach"],
        session_id=session.pk,
        present_ids={present.pk},
        block_notes={block.pk: "RHK dari PK."},
    )
    assert dict(session.attendance.values_list("pegawai_id", "present")) == {
        present.pk: True,
        absent.pk: False,
    }
    block.refresh_from_db()
    assert block.notes == "RHK dari PK."
    with pytest.raises(requests.RequestError):
        requests.record_session(
            actor=world["other_coach"], session_id=session.pk, present_ids=set(), block_notes={}
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
    requests.accept_request(
        actor=world["kepala"],
        request_id=request.pk,
        coaches=[world["coach"]],
        start=soon(10, 8),
        end=soon(10, 12),
        venue="Aula Dinas Kesehatan",
        instruction="Siapkan contoh RHK.",
    )
    client.force_login(world["kepala"])
    response = client.get(reverse("bookings:disposition_sheet", args=[request.pk]))
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    for expected in [
        "LEMBAR DISPOSISI",
        "PEMERINTAH KABUPATEN BALANGAN",
        "Dinas Kesehatan",
        "800/123/DINKES/2026",
        "Siapkan contoh RHK.",
        "Aula Dinas Kesehatan",
        world["coach"].display_name,
        world["kepala"].display_name,
    ]:
        assert expected in text, expected


def test_a_second_request_for_the_same_month_is_flagged(world, client):
    new_request(world["skpd"], world["kasubag"])
    new_request(world["skpd"], world["kasubag"])
    client.force_login(world["kepala"])
    response = client.get(reverse("bookings:request_list"), {"status": "submitted"})
    assert all(row.duplicate for row in response.context["page"].object_list)


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
