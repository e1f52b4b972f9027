"""Evaluation meetings: their figures counted independently here, the follow-ups that carry
over until a signed-off meeting records them done, who may write and sign off, the minutes'
PDF and the pages' query counts."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, Pegawai, Role
from bookings.models import Attendance, RequestStatus
from reports import selectors, services
from reports.models import ActionItem, ActionStatus, EvaluationMeeting, MeetingStatus
from skp_drafts.models import Skp, SkpStatus
from surveys.elements import Element
from surveys.models import Response, Survey
from tests.accounts.factories import PegawaiFactory, user_with_role
from tests.pdf import PdfText
from tests.reports.factories import (
    EvaluationMeetingFactory,
    held_individual_session,
    held_skpd_session,
)
from tests.skp_drafts.factories import SkpFactory

pytestmark = pytest.mark.django_db

WITA = datetime.timezone(datetime.timedelta(hours=8))


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=WITA)


@pytest.fixture
def team():
    return {
        "kabid": user_with_role(
            Role.KEPALA_BIDANG,
            name="Hj. Norhasanah, S.Sos.",
            jabatan="Kepala Bidang Penilaian Kinerja dan Penghargaan",
        ),
        "coach": user_with_role(Role.TIM_COACHING, name="Rizki Maulana, S.Psi."),
        "other": user_with_role(Role.TIM_COACHING, name="Aulia Rahmawati, S.E."),
    }


def meeting_on(team, day: datetime.date, **fields) -> EvaluationMeeting:
    first = day.replace(day=1)
    return services.create_meeting(
        actor=team["coach"],
        start=at(day, 13),
        place="Ruang Rapat BKPSDM",
        chair=team["kabid"],
        attendees=[team["kabid"], team["coach"]],
        other_attendees="Kepala Subbidang Penilaian Kinerja",
        period_start=fields.get("period_start", first),
        period_end=fields.get("period_end", day),
    )


def sign_off(team, meeting, findings="Sesi berjalan sesuai agenda."):
    meeting.findings = findings
    meeting.save()
    return services.finalize_meeting(actor=team["kabid"], meeting_id=meeting.pk)


def action(team, meeting, text, owner=None, days=14):
    return services.add_action(
        actor=team["coach"],
        meeting_id=meeting.pk,
        text=text,
        owner=owner or team["other"],
        due_date=timezone.localtime(meeting.start).date() + datetime.timedelta(days=days),
    )


TODAY = datetime.date(2026, 11, 25)


class TestCarryOver:
    def test_a_follow_up_comes_back_until_a_signed_off_meeting_records_it_done(self, team):
        first = meeting_on(team, datetime.date(2026, 9, 30))
        letters = action(team, first, "Mengirim surat edaran jadwal Coaching Clinic")
        material = action(team, first, "Menambah contoh indikator ke materi paparan")
        sign_off(team, first)
        assert list(selectors.carried_actions(first)) == []  # its own items are new there

        second = meeting_on(team, datetime.date(2026, 10, 30))
        assert set(selectors.carried_actions(second)) == {letters, material}
        services.review_action(
            actor=team["coach"],
            meeting_id=second.pk,
            action_id=letters.pk,
            status=ActionStatus.DONE,
            note="Surat terkirim ke 40 SKPD.",
        )
        services.review_action(
            actor=team["coach"],
            meeting_id=second.pk,
            action_id=material.pk,
            status=ActionStatus.IN_PROGRESS,
            note="",
        )
        letters.refresh_from_db()
        assert letters.status == ActionStatus.OPEN  # a draft changes nothing yet
        second = sign_off(team, second)
        letters.refresh_from_db()
        material.refresh_from_db()
        assert (letters.status, letters.closed_in) == (ActionStatus.DONE, second)
        assert (material.status, material.closed_in) == (ActionStatus.IN_PROGRESS, None)

        third = meeting_on(team, datetime.date(2026, 11, 27))
        assert list(selectors.carried_actions(third)) == [material]
        carried, new = selectors.actions_for_minutes(third)
        assert [(i.pk, i.shown_status, i.review) for i in carried] == [
            (material.pk, ActionStatus.IN_PROGRESS, None)
        ]
        assert new == []
        # The signed-off minutes keep what each meeting said.
        carried, _new = selectors.actions_for_minutes(second)
        assert {(i.pk, i.shown_status, i.review.note) for i in carried} == {
            (letters.pk, ActionStatus.DONE, "Surat terkirim ke 40 SKPD."),
            (material.pk, ActionStatus.IN_PROGRESS, ""),
        }
        _carried, new = selectors.actions_for_minutes(first)
        assert {i.pk for i in new} == {letters.pk, material.pk}

    def test_an_item_not_touched_in_a_meeting_is_recorded_as_it_stood(self, team):
        first = meeting_on(team, datetime.date(2026, 9, 30))
        item = action(team, first, "Mengirim surat edaran")
        sign_off(team, first)
        second = meeting_on(team, datetime.date(2026, 10, 30))
        sign_off(team, second)
        (review,) = second.reviews.all()
        assert (review.item, review.status) == (item, ActionStatus.OPEN)
        assert list(selectors.carried_actions(meeting_on(team, datetime.date(2026, 11, 27)))) == [
            item
        ]

    def test_dropping_a_draft_leaves_the_follow_ups_as_they_were(self, team):
        first = meeting_on(team, datetime.date(2026, 9, 30))
        item = action(team, first, "Mengirim surat edaran")
        sign_off(team, first)
        draft = meeting_on(team, datetime.date(2026, 10, 30))
        services.review_action(
            actor=team["coach"],
            meeting_id=draft.pk,
            action_id=item.pk,
            status=ActionStatus.DONE,
            note="",
        )
        action(team, draft, "Tindak lanjut yang batal")
        services.delete_meeting(actor=team["coach"], meeting_id=draft.pk)
        item.refresh_from_db()
        assert (item.status, item.closed_in) == (ActionStatus.OPEN, None)
        assert list(ActionItem.objects.all()) == [item]

    def test_the_minutes_before_must_be_signed_off_first(self, team):
        meeting_on(team, datetime.date(2026, 9, 30))
        with pytest.raises(services.ReportError, match="belum disahkan"):
            meeting_on(team, datetime.date(2026, 10, 30))
        assert EvaluationMeeting.objects.count() == 1

    def test_a_new_meeting_comes_after_the_last(self, team):
        sign_off(team, meeting_on(team, datetime.date(2026, 10, 30)))
        with pytest.raises(services.ReportError, match="sesudah rapat terakhir"):
            meeting_on(team, datetime.date(2026, 9, 30))

    def test_an_item_of_this_meeting_is_not_reviewed_in_it(self, team):
        meeting = meeting_on(team, datetime.date(2026, 9, 30))
        item = action(team, meeting, "Tindak lanjut baru")
        with pytest.raises(services.ReportError, match="tidak dibahas"):
            services.review_action(
                actor=team["coach"],
                meeting_id=meeting.pk,
                action_id=item.pk,
                status=ActionStatus.DONE,
                note="",
            )

    def test_signing_off_tells_the_owners(self, team):
        meeting = meeting_on(team, datetime.date(2026, 9, 30))
        action(team, meeting, "Mengirim surat edaran")
        sign_off(team, meeting)
        (note,) = Notification.objects.filter(user=team["other"])
        assert "Mengirim surat edaran" in note.text and "14 Oktober 2026" in note.text


class TestRules:
    @pytest.mark.parametrize("role", [Role.TIM_COACHING, Role.KEPALA_BKPSDM, Role.ADMIN, Role.ASN])
    def test_only_the_kepala_bidang_signs_off(self, team, role):
        meeting = meeting_on(team, datetime.date(2026, 9, 30))
        meeting.findings = "Temuan"
        meeting.save()
        with pytest.raises(services.ReportError, match="Hanya Kepala Bidang"):
            services.finalize_meeting(actor=user_with_role(role), meeting_id=meeting.pk)
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.DRAFT

    @pytest.mark.parametrize("role", [Role.KEPALA_BKPSDM, Role.KASUBAG_UMUM, Role.ASN, Role.ADMIN])
    def test_only_the_team_writes_minutes(self, team, role):
        with pytest.raises(services.ReportError, match="Hanya Tim Coaching"):
            services.create_meeting(
                actor=user_with_role(role),
                start=at(TODAY),
                place="Ruang",
                chair=team["kabid"],
                attendees=[],
                other_attendees="",
                period_start=TODAY.replace(day=1),
                period_end=TODAY,
            )
        assert not EvaluationMeeting.objects.exists()

    def test_the_chair_is_a_kepala_bidang_and_the_attendees_are_the_team(self, team):
        fields = {
            "actor": team["coach"],
            "start": at(TODAY),
            "place": "Ruang",
            "other_attendees": "",
            "period_start": TODAY.replace(day=1),
            "period_end": TODAY,
        }
        with pytest.raises(services.ReportError, match="dipimpin Kepala Bidang"):
            services.create_meeting(chair=team["coach"], attendees=[], **fields)
        asn = user_with_role(Role.ASN)
        with pytest.raises(services.ReportError, match="Peserta rapat"):
            services.create_meeting(chair=team["kabid"], attendees=[asn], **fields)
        with pytest.raises(services.ReportError, match="sudah dimulai"):
            services.create_meeting(
                chair=team["kabid"],
                attendees=[],
                **{
                    **fields,
                    "period_start": TODAY + datetime.timedelta(days=10),
                    "period_end": TODAY + datetime.timedelta(days=20),
                },
            )
        with pytest.raises(services.ReportError, match="orang yang berbeda"):
            services.create_meeting(
                chair=team["kabid"], attendees=[], **{**fields, "actor": team["kabid"]}
            )
        assert not EvaluationMeeting.objects.exists()

    def test_a_follow_up_needs_text_a_bkpsdm_owner_and_a_due_date_after_the_meeting(self, team):
        meeting = meeting_on(team, TODAY)
        day = TODAY + datetime.timedelta(days=7)
        with pytest.raises(services.ReportError, match="Tuliskan"):
            services.add_action(
                actor=team["coach"],
                meeting_id=meeting.pk,
                text=" ",
                owner=team["other"],
                due_date=day,
            )
        with pytest.raises(services.ReportError, match="pegawai BKPSDM"):
            services.add_action(
                actor=team["coach"],
                meeting_id=meeting.pk,
                text="Surat",
                owner=user_with_role(Role.KASUBAG_UMUM),
                due_date=day,
            )
        with pytest.raises(services.ReportError, match="sebelum tanggal rapat"):
            services.add_action(
                actor=team["coach"],
                meeting_id=meeting.pk,
                text="Surat",
                owner=team["other"],
                due_date=TODAY - datetime.timedelta(days=1),
            )
        assert not ActionItem.objects.exists()

    def test_signed_off_minutes_do_not_change(self, team):
        meeting = sign_off(team, meeting_on(team, TODAY))
        with pytest.raises(services.ReportError, match="sudah disahkan"):
            action(team, meeting, "Terlambat")
        with pytest.raises(services.ReportError, match="sudah disahkan"):
            services.delete_meeting(actor=team["coach"], meeting_id=meeting.pk)
        with pytest.raises(services.ReportError, match="sudah disahkan"):
            services.finalize_meeting(actor=team["kabid"], meeting_id=meeting.pk)

    def test_empty_minutes_are_not_signed_off(self, team):
        meeting = meeting_on(team, TODAY)
        with pytest.raises(services.ReportError, match="Isi hasil evaluasi"):
            services.finalize_meeting(actor=team["kabid"], meeting_id=meeting.pk)


class TestFigures:
    def test_the_figures_of_a_period_equal_counts_made_here(self, team, settings):
        settings.SKM_MIN_RESPONDENTS = 3
        coach = team["coach"]
        november = [
            held_skpd_session(
                coaches=[coach], present=5, absent=2, start=at(datetime.date(2026, 11, 3))
            ),
            held_skpd_session(coaches=[coach], present=3, start=at(datetime.date(2026, 11, 20))),
            held_individual_session(coach=coach, start=at(datetime.date(2026, 11, 12))),
        ]
        # Outside the period, not held yet, or of another month: not counted.
        held_skpd_session(coaches=[coach], present=9, start=at(datetime.date(2026, 10, 31), 10))
        held_skpd_session(
            coaches=[coach],
            present=4,
            start=at(datetime.date(2026, 11, 24)),
            status=RequestStatus.SCHEDULED,
        )
        # One pegawai came twice.
        again = november[0].attendance.filter(present=True).first().pegawai
        Attendance.objects.create(session=november[1], pegawai=again, present=True)
        # Drafts worked on: two in the first visit (one in format), the one brought along.
        people = [a.pegawai for a in november[0].attendance.all()]
        november[0].drafts.set(
            [
                SkpFactory(pegawai=people[0], status=SkpStatus.REVIEWED),
                SkpFactory(pegawai=people[1], status=SkpStatus.REVISION),
            ]
        )
        booking = november[2].booking
        booking.skp = SkpFactory(pegawai=booking.pegawai, status=SkpStatus.REVIEWED)
        booking.save()
        report = services.start_report(actor=coach, session_id=november[0].pk)
        report.findings = "Temuan"
        report.save()
        services.submit_report(actor=coach, report_id=report.pk)
        services.approve_report(actor=team["kabid"], report_id=report.pk)
        # A closed survey with three answers, an open one that must not count.
        closed = Survey.objects.create(
            session=november[0], opened_by=coach, opened_at=timezone.now(), closes_at=timezone.now()
        )
        for scores in ([4] * 9, [3] * 9, [4, 4, 4, 4, 4, 4, 4, 3, 3]):
            Response.objects.create(
                survey=closed,
                submitted_on=datetime.date(2026, 11, 1),
                gender="l",
                age_band="30_39",
                education="s1",
                occupation="pns",
                **dict(zip(Element.values, scores, strict=True)),
            )
        still_open = Survey.objects.create(
            session=november[1],
            opened_by=coach,
            opened_at=timezone.now(),
            closes_at=timezone.now() + datetime.timedelta(days=3),
        )
        Response.objects.create(
            survey=still_open,
            submitted_on=datetime.date(2026, 11, 1),
            gender="l",
            age_band="30_39",
            education="s1",
            occupation="pns",
            **dict.fromkeys(Element.values, 1),
        )
        # The regency: every active pegawai, those with an SKP 2026 in format.
        PegawaiFactory(is_active=False)
        figures = selectors.period_figures(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))

        present = [a for s in november for a in s.attendance.all() if a.present]
        assert figures.sessions == 3
        assert (figures.skpd_sessions, figures.individual_sessions) == (2, 1)
        assert figures.participants == len(present) == 10
        assert figures.pegawai == len({a.pegawai_id for a in present}) == 9
        assert (figures.drafts, figures.drafts_reviewed) == (3, 2)
        assert figures.reports_approved == 1
        # (4·9 + 3·9 + 4·7 + 3·2) / 27 = 97/27 → IKM 3,59 → ×25 = 89,81 → A.
        assert (figures.respondents, figures.ikm, figures.converted) == (3, "3.59", "89.81")
        assert (figures.grade, figures.open_surveys, figures.ikm_withheld) == ("A", 1, False)
        active = [p for p in Pegawai.objects.all() if p.is_active]
        in_format = {
            s.pegawai_id for s in Skp.objects.filter(year=2026, status=SkpStatus.REVIEWED)
        } & {p.pk for p in active}
        assert (figures.skp_pegawai, figures.skp_reviewed) == (len(active), len(in_format))
        assert figures.skp_reviewed == 2

    def test_an_index_of_too_few_respondents_is_withheld(self, team, settings):
        settings.SKM_MIN_RESPONDENTS = 3
        session = held_individual_session(coach=team["coach"], start=at(datetime.date(2026, 11, 3)))
        survey = Survey.objects.create(
            session=session,
            opened_by=team["coach"],
            opened_at=timezone.now(),
            closes_at=timezone.now(),
        )
        Response.objects.create(
            survey=survey,
            submitted_on=datetime.date(2026, 11, 1),
            gender="p",
            age_band="lt30",
            education="s1",
            occupation="pns",
            **dict.fromkeys(Element.values, 2),
        )
        figures = selectors.period_figures(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
        assert (figures.ikm_withheld, figures.ikm, figures.respondents) == (True, "", 0)

    def test_signed_off_minutes_keep_their_figures(self, team):
        day = timezone.localdate()
        held_individual_session(coach=team["coach"], start=at(day - datetime.timedelta(days=1)))
        meeting = sign_off(
            team,
            meeting_on(team, day, period_start=day.replace(day=1) - datetime.timedelta(days=40)),
        )
        assert selectors.meeting_figures(meeting).sessions == 1
        held_individual_session(coach=team["coach"], start=at(day - datetime.timedelta(days=2)))
        meeting.refresh_from_db()
        assert selectors.meeting_figures(meeting).sessions == 1
        assert selectors.period_figures(meeting.period_start, meeting.period_end).sessions == 2

    def test_signed_off_minutes_keep_their_list_of_sessions_and_reports(self, team):
        day = timezone.localdate() - datetime.timedelta(days=1)
        session = held_skpd_session(coaches=[team["coach"]], start=at(day), present=2)
        report = services.start_report(actor=team["coach"], session_id=session.pk)
        report.findings = "RHK sudah berorientasi hasil."
        report.save()
        services.submit_report(actor=team["coach"], report_id=report.pk)
        meeting = sign_off(team, meeting_on(team, timezone.localdate(), period_start=day))
        signed = [
            (row.day, row.title, row.kind_label, row.present, row.report_label)
            for row in selectors.meeting_sessions(meeting)
        ]
        skpd = session.skpd_request.skpd.name
        assert signed == [(day, skpd, "Di SKPD", 2, "Diajukan ke Kepala Bidang")]
        # Approved afterwards, and another session recorded late: the minutes say what was.
        services.approve_report(actor=team["kabid"], report_id=report.pk)
        held_individual_session(coach=team["coach"], start=at(day, 14))
        meeting.refresh_from_db()
        again = [
            (r.day, r.title, r.kind_label, r.present, r.report_label)
            for r in selectors.meeting_sessions(meeting)
        ]
        assert again == signed
        live = selectors.session_rows(meeting.period_start, meeting.period_end)
        assert [row.report_label for row in live] == ["Disetujui", ""]
        # The individual session is reported in its month's recap, not on its own.
        assert [row.in_monthly_recap for row in live] == [False, True]


class TestPages:
    def test_the_team_and_the_kepala_read_minutes_others_do_not(self, client, team):
        meeting = meeting_on(team, TODAY)
        for role, status in [
            (Role.ASN, 403),
            (Role.KASUBAG_UMUM, 403),
            (Role.KEPALA_BKPSDM, 200),
            (Role.TIM_COACHING, 200),
        ]:
            client.force_login(user_with_role(role))
            assert client.get(reverse("reports:meeting_list")).status_code == status
            detail = client.get(reverse("reports:meeting_detail", args=[meeting.pk])).status_code
            assert detail == (404 if status == 403 else 200)
        client.force_login(user_with_role(Role.KEPALA_BKPSDM))
        assert client.get(reverse("reports:meeting_new")).status_code == 403
        assert client.get(reverse("reports:meeting_edit", args=[meeting.pk])).status_code == 403

    def test_a_new_meeting_through_the_form(self, client, team):
        client.force_login(team["coach"])
        url = reverse("reports:meeting_new")
        form = client.get(url).context["form"]
        assert form.initial["chair"] == team["kabid"]
        assert form.initial["notulis"] == team["coach"]  # the one writing, not the chair
        data = {
            "date": "2026-11-25",
            "time": "13:30",
            "place": "Ruang Rapat BKPSDM",
            "chair": team["kabid"].pk,
            "notulis": team["coach"].pk,
            "attendees": [team["kabid"].pk, team["coach"].pk],
            "period_from": "2026-10",
            "period_to": "2026-11",
        }
        for bad, field in [
            ({"period_to": "2026-09"}, "period_to"),
            ({"period_from": "2026-13"}, "period_from"),
            ({"period_from": "bulan lalu"}, "period_from"),
            ({"period_from": "2026-12"}, "period_from"),
            ({"chair": team["coach"].pk}, "chair"),
            ({"notulis": team["kabid"].pk}, "notulis"),  # the chair would sign twice
            ({"attendees": [user_with_role(Role.ASN).pk]}, "attendees"),
            ({"date": "25/13/2026"}, "date"),
        ]:
            response = client.post(url, {**data, **bad})
            assert response.status_code == 200, bad
            assert field in response.context["form"].errors, bad
        assert not EvaluationMeeting.objects.exists()
        response = client.post(url, data, follow=True)
        meeting = EvaluationMeeting.objects.get()
        assert "Rapat dibuat." in response.content.decode()
        assert (meeting.period_start, meeting.period_end) == (
            datetime.date(2026, 10, 1),
            datetime.date(2026, 11, 30),
        )
        assert timezone.localtime(meeting.start).strftime("%H.%M") == "13.30"
        assert meeting.notulis == team["coach"]
        # The Kepala Bidang writing her own minutes is not offered herself as notulis.
        client.force_login(team["kabid"])
        assert client.get(url).context["form"].initial["notulis"] is None

    def test_follow_ups_through_the_page(self, client, team):
        first = meeting_on(team, datetime.date(2026, 10, 30))
        client.force_login(team["coach"])
        url = reverse("reports:action_add", args=[first.pk])
        response = client.post(
            url, {"text": "", "owner": team["other"].pk, "due_date": "x"}, follow=True
        )
        assert "Tindak lanjut belum tersimpan" in response.content.decode()
        response = client.post(
            url,
            {"text": "Surat edaran", "owner": team["other"].pk, "due_date": "2026-11-15"},
            follow=True,
        )
        assert "Tindak lanjut dicatat." in response.content.decode()
        item = ActionItem.objects.get()
        page = client.get(reverse("reports:meeting_detail", args=[first.pk])).content.decode()
        assert "Hapus tindak lanjut ini dari notulen?" in page
        client.force_login(team["kabid"])
        client.post(
            reverse("reports:meeting_edit", args=[first.pk]),
            {
                "date": "2026-10-30",
                "time": "13:00",
                "place": "Ruang",
                "chair": team["kabid"].pk,
                "notulis": team["coach"].pk,
                "period_from": "2026-10",
                "period_to": "2026-10",
                "findings": "Temuan",
                "decisions": "",
            },
        )
        response = client.post(reverse("reports:meeting_finalize", args=[first.pk]), follow=True)
        assert "Notulen disahkan" in response.content.decode()
        second = meeting_on(team, datetime.date(2026, 11, 27))
        review = reverse("reports:action_review", args=[second.pk, item.pk])
        response = client.post(review, {"status": "selesai-banget"}, follow=True)
        assert "Pilih status tindak lanjut;" in response.content.decode()
        client.post(review, {"status": "done", "note": "Terkirim"})
        assert second.reviews.get().status == ActionStatus.DONE
        other = reverse("reports:action_review", args=[first.pk, item.pk])
        response = client.post(other, {"status": "open"}, follow=True)
        assert "sudah disahkan" in response.content.decode()
        remove = reverse("reports:action_remove", args=[second.pk, item.pk])
        assert client.post(remove).status_code == 404  # not decided in that meeting

    def test_the_minutes_pdf_holds_the_meeting_figures_and_follow_ups(self, client, team):
        held_skpd_session(coaches=[team["coach"]], present=6, start=at(datetime.date(2026, 10, 7)))
        first = meeting_on(team, datetime.date(2026, 10, 30))
        item = action(team, first, "Mengirim surat edaran jadwal")
        sign_off(team, first)
        second = meeting_on(
            team, datetime.date(2026, 11, 27), period_start=datetime.date(2026, 10, 1)
        )
        services.review_action(
            actor=team["coach"],
            meeting_id=second.pk,
            action_id=item.pk,
            status="in_progress",
            note="Draf surat siap",
        )
        action(team, second, "Menjadwalkan Kecamatan Juai", owner=team["kabid"])
        second.decisions = "Jadwal kecamatan bergilir."
        second.save()
        client.force_login(team["other"])
        response = client.get(reverse("reports:meeting_pdf", args=[second.pk]))
        assert response["Content-Type"] == "application/pdf"
        text = PdfText(response.content)
        for expected in [
            "NOTULEN RAPAT EVALUASI",
            "DRAF — notulen ini belum disahkan.",
            "Jumat, 27 November 2026",
            "13.00 WITA",
            "Hj. Norhasanah, S.Sos.",
            # The chair signs with its name, jabatan and NIP.
            "Kepala Bidang Penilaian Kinerja dan Penghargaan",
            "Kepala Subbidang Penilaian Kinerja",
            "1 Oktober 2026 – 27 November 2026",
            "Sesi Coaching Clinic dilaksanakan",
            "Mengirim surat edaran jadwal",
            "Rapat 30 Oktober 2026",
            "Sedang dikerjakan",
            "Draf surat siap",
            "Jadwal kecamatan bergilir.",
            "Menjadwalkan Kecamatan Juai",
            "SESI YANG DIEVALUASI",
            "7 Oktober 2026",
        ]:
            assert expected in text, expected
        assert text.pages_with("SESI YANG DIEVALUASI")[-1] == len(text)

    @pytest.mark.parametrize("items", [1, 12])
    def test_the_meeting_page_runs_a_fixed_number_of_queries(
        self, client, team, django_assert_num_queries, items
    ):
        first = meeting_on(team, datetime.date(2026, 10, 30))
        for n in range(items):
            action(team, first, f"Tindak lanjut {n}")
        sign_off(team, first)
        second = meeting_on(
            team, datetime.date(2026, 11, 27), period_start=datetime.date(2026, 10, 1)
        )
        for n in range(items):
            action(team, second, f"Baru {n}")
            held_individual_session(coach=team["coach"], start=at(datetime.date(2026, 11, 1 + n)))
        client.force_login(team["coach"])
        # session, user, roles, the meeting with its people, its attendees; the figures
        # (sessions, attendance, drafts, surveys open, the index, the regency's SKP); the
        # sessions of the period; carried follow-ups with their reviews (2) and the new ones;
        # the owners for the form
        # +1 since the e-Kinerja imports: the year's source for the figures
        # +1 since the SKM summaries: the index is three small reads (open surveys, the
        # blocks' sums, the period's closed answers) instead of two over every answer
        with django_assert_num_queries(18):
            response = client.get(reverse("reports:meeting_detail", args=[second.pk]))
        assert len(response.context["carried"]) == items


def test_the_database_holds_one_draft_at_a_time():
    EvaluationMeetingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationMeetingFactory()
    assert EvaluationMeeting.objects.count() == 1
