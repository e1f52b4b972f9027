"""Self check-in at an SKPD visit through the session's QR: who may check in when, walk-ins,
the coach's confirmation, and the final daftar hadir with the times."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from bookings.models import Attendance, RequestStatus
from bookings.visits import checkin
from bookings.visits import services as visits
from reports import services as reports
from tests.accounts.factories import PegawaiFactory, SkpdFactory, user_with_role
from tests.bookings.test_requests import in_state
from tests.pdf import PdfText

pytestmark = pytest.mark.django_db


def visit_now(world, *, started_minutes_ago=10, hours=3):
    """A scheduled visit of ``world``'s SKPD under way now, with two listed participants."""
    request = in_state(world, RequestStatus.SCHEDULED)
    listed = [
        user_with_role(Role.ASN, skpd=world["skpd"], name="Ahmad Syahrani"),
        user_with_role(Role.ASN, skpd=world["skpd"], name="Noor Hasanah"),
    ]
    visits.set_participants(
        actor=world["kasubag"],
        request_id=request.pk,
        pegawai_ids=[user.pegawai.pk for user in listed],
    )
    session = request.session
    session.start = timezone.now() - datetime.timedelta(minutes=started_minutes_ago)
    session.end = session.start + datetime.timedelta(hours=hours)
    session.save()
    checkin.ensure_code(session)
    return session, listed


def row(session, user) -> Attendance | None:
    return session.attendance.filter(pegawai=user.pegawai).first()


def test_a_listed_participant_checks_in_once_with_the_time(world, client):
    session, (ahmad, _noor) = visit_now(world)
    url = reverse("bookings:check_in", args=[session.checkin_code])
    client.force_login(ahmad)
    page = client.get(url)
    assert "Saya hadir" in page.text and "Ahmad Syahrani" in page.text
    response = client.post(url, follow=True)
    attendance = row(session, ahmad)
    assert attendance.present is True and not attendance.walk_in and not attendance.confirmed
    assert abs(attendance.checked_in_at - timezone.now()) < datetime.timedelta(minutes=1)
    assert "tercatat hadir pukul" in response.text
    first = attendance.checked_in_at
    again = client.post(url, follow=True)
    assert "sudah tercatat hadir" in again.text
    assert row(session, ahmad).checked_in_at == first
    assert session.attendance.count() == 2


@pytest.mark.parametrize(
    "started_minutes_ago, hours, expected",
    [(-16, 3, "Check-in dibuka"), (200, 3, "sudah ditutup")],
    ids=["before-the-window", "after-the-end"],
)
def test_the_code_is_refused_outside_the_sessions_hours(
    world, client, started_minutes_ago, hours, expected
):
    session, (ahmad, _noor) = visit_now(world, started_minutes_ago=started_minutes_ago, hours=hours)
    client.force_login(ahmad)
    url = reverse("bookings:check_in", args=[session.checkin_code])
    assert "Saya hadir" not in client.get(url).text
    response = client.post(url, follow=True)
    assert expected in response.text
    assert row(session, ahmad).present is None and row(session, ahmad).checked_in_at is None


def test_the_window_opens_a_quarter_hour_before_the_start(world):
    session, (ahmad, _noor) = visit_now(world, started_minutes_ago=-14)
    checkin.check_in(user=ahmad, code=session.checkin_code)
    assert row(session, ahmad).present is True


def test_a_pegawai_of_the_skpd_not_listed_is_added_as_a_walk_in(world, client):
    session, _listed = visit_now(world)
    walk_in = user_with_role(Role.ASN, skpd=world["skpd"], name="Rahmadi")
    client.force_login(walk_in)
    response = client.post(reverse("bookings:check_in", args=[session.checkin_code]), follow=True)
    assert "peserta tambahan" in response.text
    attendance = row(session, walk_in)
    assert attendance.walk_in and attendance.present and attendance.checked_in_at


def test_another_skpds_pegawai_is_refused_until_the_coach_allows_it(world, client):
    session, _listed = visit_now(world)
    stranger = user_with_role(Role.ASN, skpd=SkpdFactory(name="Dinas Pendidikan"))
    code = session.checkin_code
    with pytest.raises(checkin.CheckInError, match="SKPD lain"):
        checkin.check_in(user=stranger, code=code)
    assert row(session, stranger) is None

    client.force_login(world["coach"])
    client.post(reverse("bookings:check_in_other_skpd", args=[session.pk]), {"allow": "1"})
    session.refresh_from_db()
    assert session.checkin_other_skpd
    checkin.check_in(user=stranger, code=code)
    assert row(session, stranger).walk_in


def test_only_the_sessions_coaches_open_it_to_other_skpd(world, client):
    session, _listed = visit_now(world)
    url = reverse("bookings:check_in_other_skpd", args=[session.pk])
    client.force_login(world["other_coach"])
    assert client.post(url, {"allow": "1"}).status_code == 403
    client.force_login(world["other_kasubag"])
    assert client.post(url, {"allow": "1"}).status_code == 404
    session.refresh_from_db()
    assert not session.checkin_other_skpd


@pytest.mark.parametrize("state", [RequestStatus.HELD, RequestStatus.CANCELLED])
def test_a_visit_no_longer_scheduled_takes_no_check_in(world, state):
    session, (ahmad, _noor) = visit_now(world)
    session.skpd_request.status = state
    session.skpd_request.save()
    with pytest.raises(checkin.CheckInError, match="sudah ditutup"):
        checkin.check_in(user=ahmad, code=session.checkin_code)
    assert row(session, ahmad).checked_in_at is None


def test_a_login_without_a_pegawai_profile_is_told_to_ask_the_coach(world):
    session, _listed = visit_now(world)
    with pytest.raises(checkin.CheckInError, match="ASN yang terdaftar"):
        checkin.check_in(user=world["admin"], code=session.checkin_code)


def test_an_unknown_code_is_404_and_a_visitor_is_asked_to_sign_in(world, client):
    session, (ahmad, _noor) = visit_now(world)
    url = reverse("bookings:check_in", args=[session.checkin_code])
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(ahmad)
    tampered = reverse("bookings:check_in", args=[session.checkin_code[:-1] + "x"])
    assert client.get(tampered).status_code == 404
    assert client.post(tampered).status_code == 404
    assert row(session, ahmad).checked_in_at is None


def test_the_coach_confirms_and_corrects_the_check_ins(world, client):
    session, (ahmad, noor) = visit_now(world)
    walk_in = user_with_role(Role.ASN, skpd=world["skpd"], name="Rahmadi")
    for user in (ahmad, walk_in):
        checkin.check_in(user=user, code=session.checkin_code)
    client.force_login(world["coach"])
    page = client.get(reverse("bookings:session_detail", args=[session.pk]))
    assert page.context["checkin"]["url"].endswith(session.checkin_code + "/")
    assert "menunggu konfirmasi" in page.text and "peserta tambahan" in page.text
    # Noor checks in after the coach opened the page: not shown as checked in there.
    checkin.check_in(user=noor, code=session.checkin_code)
    shown = [ahmad, noor, walk_in]
    client.post(
        reverse("bookings:session_detail", args=[session.pk]),
        {
            "shown": [u.pegawai.pk for u in shown],
            "seen_checkin": [ahmad.pegawai.pk, walk_in.pegawai.pk],
            "present": [ahmad.pegawai.pk],  # the walk-in was not really there
        },
    )
    assert row(session, ahmad).present and row(session, ahmad).confirmed
    assert row(session, walk_in) is None  # an unconfirmed walk-in leaves the list
    noors = row(session, noor)
    assert noors.present is True and not noors.confirmed  # kept, waiting for the coach


def test_the_qr_is_shown_to_the_coaches_only_while_the_visit_is_scheduled(world, client):
    session, _listed = visit_now(world)
    detail = reverse("bookings:session_detail", args=[session.pk])
    poster = reverse("bookings:check_in_poster", args=[session.pk])
    client.force_login(world["coach"])
    assert client.get(detail).context["checkin"] is not None
    assert session.checkin_code in client.get(poster).text
    client.force_login(world["kasubag"])
    assert client.get(detail).context["checkin"] is None
    assert client.get(poster).status_code == 403
    client.force_login(world["other_kasubag"])
    assert client.get(poster).status_code == 404
    visits.mark_held(actor=world["coach"], request_id=session.skpd_request_id)
    client.force_login(world["coach"])
    assert client.get(detail).context["checkin"] is None
    assert client.get(poster).status_code == 404


def test_a_session_made_without_a_code_gets_one_when_first_shown(world):
    session, _listed = visit_now(world)
    session.checkin_code = None
    session.save()
    code = checkin.ensure_code(session)
    session.refresh_from_db()
    assert session.checkin_code == code and len(code) >= 20
    assert checkin.ensure_code(session) == code


def test_the_final_daftar_hadir_and_the_reports_annex_show_the_times(world, client):
    session, (ahmad, noor) = visit_now(world)
    walk_in = PegawaiFactory(skpd=world["skpd"], name="Rahmadi", jabatan="Pengadministrasi")
    walk_in_user = user_with_role(Role.ASN, skpd=world["skpd"], name="Siti Aisyah")
    checkin.check_in(user=ahmad, code=session.checkin_code)
    checkin.check_in(user=walk_in_user, code=session.checkin_code)
    Attendance.objects.create(session=session, pegawai=walk_in, present=None)
    visits.record_session(
        actor=world["coach"],
        session_id=session.pk,
        present_ids={ahmad.pegawai.pk, walk_in_user.pegawai.pk},
        shown_ids={ahmad.pegawai.pk, noor.pegawai.pk, walk_in_user.pegawai.pk},
        seen_checkin_ids={ahmad.pegawai.pk, walk_in_user.pegawai.pk},
        block_notes={},
    )
    coach = world["coach"].pegawai
    coach.jabatan = "Analis Sumber Daya Manusia Aparatur Ahli Muda"
    coach.save()
    at = f"{timezone.localtime(row(session, ahmad).checked_in_at):%H.%M}"
    client.force_login(world["coach"])
    sheet = PdfText(
        client.get(reverse("bookings:attendance_sheet", args=[session.skpd_request_id])).content
    )
    for expected in (
        f"Hadir {at}",
        "Siti Aisyah (tambahan)",
        "Tidak hadir",
        "Dinas Kesehatan",
        coach.jabatan,  # the coach signs with name, jabatan and NIP
        f"NIP {coach.nip_display}",
    ):
        assert expected in sheet
    assert "Baris kosong" not in sheet

    visits.mark_held(actor=world["coach"], request_id=session.skpd_request_id)
    report = reports.start_report(actor=world["coach"], session_id=session.pk)
    annex = PdfText(client.get(reverse("reports:report_pdf", args=[report.pk])).content)
    for expected in (f"Hadir {at}", "Siti Aisyah (tambahan)", "Tanda tangan", "Jabatan"):
        assert expected in annex
