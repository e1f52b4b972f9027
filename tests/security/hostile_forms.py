"""The hostile-input sweep's table: every form of the portal, where it is posted, by whom,
and a valid submission to start from. The sweep replaces its fields with hostile values
(test_hostile_input.py). A form class of an app's forms.py that no case names fails
``test_every_form_of_the_portal_is_swept``; add a case:

    FormCase(
        "draft_edit",                             # a name for the test's id
        forms=["DraftForm"],                      # the form classes it exercises
        role=ASN,                                 # who posts it (world.py)
        url=lambda w: reverse("skp_drafts:edit", args=[w.draft.pk]),
        data=lambda w: {"title": "SKP 2026"},     # a valid submission
        files={"attachment": "pdf"},              # file fields and their valid kind
    ),
"""

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from accounts.tokens import activation_token
from accounts.twofactor.pending import PENDING_KEY
from tests.accounts.factories import PASSWORD
from tests.accounts.second_factor import confirmed_device, verify_session
from tests.security.world import (
    ADMIN,
    ANONYMOUS,
    ASN,
    COACH,
    KASUBAG,
    KEPALA_BIDANG,
    KEPALA_BKPSDM,
    OUTSIDER,
)


@dataclass(frozen=True)
class FormCase:
    name: str
    forms: list[str]
    role: str
    url: Callable
    data: Callable
    method: str = "POST"
    files: dict[str, str] = field(default_factory=dict)
    # Run before the posts, e.g. to open a link that keeps its token in the session.
    before: Callable | None = None


def editor_data(w) -> dict:
    """What the SKP editor posts for the owner's draft, unchanged."""
    from tests.skp_drafts.helpers import editor_post

    rhk = w.draft.rhks.get()
    indicator = rhk.indicators.get()
    rows = [
        {
            "id": rhk.pk,
            "text": rhk.text,
            "indicators": [
                {"id": indicator.pk, "text": indicator.text, "target": indicator.target}
            ],
        }
    ]
    return editor_post(w.draft, rows)


def day(offset: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def activation_url(w) -> str:
    # A copy: the world's own user object keeps the password its sessions were made with.
    user = User.objects.get(pk=w.users[ASN].pk)
    user.set_unusable_password()
    user.save()

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:activate", args=[uid, activation_token.make_token(user)])


def _reset_link(w, token: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(w.users[OUTSIDER].pk))
    return reverse("accounts:password_reset_confirm", args=[uid, token])


def open_reset_link(client, w) -> None:
    """Django keeps the token in the session and sends the browser on to …/set-password/."""
    client.get(_reset_link(w, default_token_generator.make_token(w.users[OUTSIDER])))


def pending_second_factor(client, w) -> None:
    """The password step done: the Kepala Bidang's login waits for the code of its app."""
    user = w.users[KEPALA_BIDANG]
    confirmed_device(user)
    session = client.session
    session[PENDING_KEY] = {
        "user": user.pk,
        "backend": "accounts.backends.NipBackend",
        "hash": user.get_session_auth_hash(),
        "since": int(time.time()),
    }
    session.save()


def enrolled_asn(client, w) -> None:
    """The ASN has turned its second factor on, and its session passed it."""
    confirmed_device(w.users[ASN])
    verify_session(client, w.users[ASN])


REQUEST_LETTER = lambda w: {  # noqa: E731
    "letter_number": "800/9/A/2026",
    "letter_date": day(0),
    "subject": "Permohonan Coaching Clinic",
    "proposed_date_1": day(20),
    "proposed_date_2": day(21),
    "proposed_date_3": "",
    "expected_jpt": "1",
    "expected_administrator": "2",
    "expected_pengawas": "3",
    "expected_pelaksana": "10",
    "expected_fungsional": "4",
    "contact_name": "Kasubag",
    "contact_phone": "081234567890",
}
ANSWERS = lambda w: {  # noqa: E731
    **{f"e{n}": "4" for n in range(1, 10)},
    "gender": "p",
    "age_band": "30_39",
    "education": "s1",
    "occupation": "pns",
    "suggestion": "Terima kasih",
}

CASES = [
    # Accounts ---------------------------------------------------------------------------
    FormCase(
        "login",
        ["LoginForm"],
        ANONYMOUS,
        lambda w: reverse("accounts:login"),
        lambda w: {"username": w.pegawai.nip, "password": "salah-sekali-123"},
    ),
    FormCase(
        "admin_login",
        [],
        ANONYMOUS,
        lambda w: reverse("admin:login"),
        lambda w: {"username": "admin-tamu", "password": "salah-sekali-123"},
    ),
    FormCase(
        "audit_filter",
        ["AuditFilterForm"],
        ADMIN,
        lambda w: reverse("accounts:audit_log"),
        lambda w: {"q": w.pegawai.nip, "kind": "login", "since": day(-7), "until": day(0)},
        method="GET",
    ),
    FormCase(
        "register",
        ["RegistrationForm"],
        ANONYMOUS,
        lambda w: reverse("accounts:register"),
        lambda w: {
            "kind": "pns",
            "nip": "199001012015031009",
            "email": "baru@contoh.go.id",
            "phone": "081234567890",
            "name": "Siti Aisyah, S.E.",
            "jabatan": "Pengadministrasi Perkantoran",
            "jenjang": "pelaksana",
            "skpd": w.skpd.pk,
            "profile_shown": "1",
        },
    ),
    FormCase(
        "password_reset",
        ["PortalPasswordResetForm"],
        ANONYMOUS,
        lambda w: reverse("accounts:password_reset"),
        lambda w: {"email": "asn@contoh.go.id"},
    ),
    FormCase(
        "activate",
        [],
        ANONYMOUS,
        activation_url,
        lambda w: {"new_password1": "kata-sandi-baru-123", "new_password2": "kata-sandi-baru-123"},
    ),
    FormCase(
        "password_reset_confirm",
        [],
        ANONYMOUS,
        lambda w: _reset_link(w, "set-password"),
        lambda w: {"new_password1": "kata-sandi-baru-123", "new_password2": "kata-sandi-baru-123"},
        before=open_reset_link,
    ),
    FormCase(
        "password_change",
        [],
        ASN,
        lambda w: reverse("accounts:password_change"),
        lambda w: {
            "old_password": "rahasia-coaching-123",
            "new_password1": "kata-sandi-baru-123",
            "new_password2": "kata-sandi-baru-123",
        },
    ),
    FormCase(
        "login_verify",
        ["SignInCodeForm"],
        ANONYMOUS,
        lambda w: reverse("accounts:login_verify"),
        lambda w: {"code": "123456", "next": "/beranda/"},
        before=pending_second_factor,
    ),
    FormCase(
        "second_factor_enrol",
        ["EnrolmentForm"],
        ASN,
        lambda w: reverse("accounts:second_factor_enrol"),
        lambda w: {"code": "123456", "next": "/beranda/"},
    ),
    FormCase(
        "second_factor_turn_off",
        ["TurnOffForm"],
        ASN,
        lambda w: reverse("accounts:second_factor_turn_off"),
        lambda w: {"proof": PASSWORD},
        before=enrolled_asn,
    ),
    FormCase(
        "profile",
        ["ContactForm"],
        ASN,
        lambda w: reverse("accounts:profile"),
        lambda w: {"email": "asn.baru@contoh.go.id", "phone": "081234567891"},
    ),
    FormCase(
        "pegawai_list",
        ["PegawaiFilterForm"],
        KASUBAG,
        lambda w: reverse("accounts:pegawai_list"),
        lambda w: {"q": "Siti", "skpd": w.skpd.pk, "jenjang": "pelaksana", "page": "1"},
        method="GET",
    ),
    FormCase(
        "registration_list",
        [],
        KASUBAG,
        lambda w: reverse("accounts:registration_list"),
        lambda w: {"status": "submitted", "page": "1"},
        method="GET",
    ),
    FormCase(
        "registration_reject",
        ["DecisionForm"],
        KASUBAG,
        lambda w: reverse("accounts:registration_reject", args=[w.registration.pk]),
        lambda w: {"reason": "Bukan pegawai SKPD ini."},
    ),
    FormCase(
        "pegawai_update",
        ["PegawaiUpdateForm"],
        KASUBAG,
        lambda w: reverse("accounts:pegawai_update", args=[w.pegawai.pk]),
        lambda w: {
            "jabatan": "Penata Layanan Operasional",
            "jenjang": "pelaksana",
            "atasan": w.pegawai.atasan_id,
            "phone": "081234567890",
            "reason": "SK 800/1/2026",
        },
    ),
    FormCase(
        "pegawai_transfer",
        ["TransferForm"],
        KASUBAG,
        lambda w: reverse("accounts:pegawai_transfer", args=[w.pegawai.pk]),
        lambda w: {"skpd": w.other_skpd.pk, "jabatan": "Pengolah Data", "reason": "SK mutasi"},
    ),
    FormCase(
        "pegawai_deactivate",
        ["DeactivateForm"],
        KASUBAG,
        lambda w: reverse("accounts:pegawai_deactivate", args=[w.pegawai.pk]),
        lambda w: {"reason": "Pensiun"},
    ),
    FormCase(
        "registration_approve_newcomer",
        ["ApprovalForm"],
        KASUBAG,
        lambda w: reverse("accounts:registration_approve", args=[w.newcomer.pk]),
        lambda w: {"jabatan": "Pengadministrasi Umum", "atasan": ""},
    ),
    FormCase(
        "roster_import",
        ["RosterUploadForm"],
        COACH,
        lambda w: reverse("accounts:roster_import"),
        lambda w: {},
        files={"file": "csv"},
    ),
    FormCase(
        "ekinerja_import",
        ["ExportUploadForm"],
        COACH,
        lambda w: reverse("ekinerja:import_upload"),
        lambda w: {"kind": "skp", "year": str(timezone.localdate().year)},
        files={"file": "csv"},
    ),
    FormCase(
        "ekinerja_year",
        ["YearForm"],
        KEPALA_BIDANG,
        lambda w: reverse("ekinerja:disagreement_list"),
        lambda w: {"year": str(timezone.localdate().year)},
        method="GET",
    ),
    # Individual coaching -----------------------------------------------------------------
    FormCase(
        "book",
        ["BookingForm", "TopicForm"],
        OUTSIDER,
        lambda w: reverse("bookings:book", args=[w.open_slot.pk]),
        lambda w: {"jenjang": "pelaksana", "topic": "Menyusun indikator"},
        files={"draft": "pdf"},
    ),
    FormCase(
        "waitlist_join",
        ["TopicForm"],
        OUTSIDER,
        lambda w: reverse("bookings:waitlist_join", args=[w.full_slot.pk]),
        lambda w: {"jenjang": "pelaksana", "topic": "Menyusun indikator"},
    ),
    FormCase(
        "draft_attach",
        ["DraftForm"],
        ASN,
        lambda w: reverse("bookings:booking_draft_attach", args=[w.booking.pk]),
        lambda w: {},
        files={"draft": "pdf"},
    ),
    FormCase(
        "booking_reschedule",
        [],
        ASN,
        lambda w: reverse("bookings:booking_reschedule", args=[w.booking.pk]),
        lambda w: {"slot": w.open_slot.pk},
    ),
    FormCase(
        "open_slots",
        [],
        ASN,
        lambda w: reverse("bookings:open_slots"),
        lambda w: {"minggu": day(7), "hari": day(8), "coach": w.open_slot.coach_id},
        method="GET",
    ),
    FormCase(
        "agenda",
        [],
        COACH,
        lambda w: reverse("bookings:agenda"),
        lambda w: {"tampilan": "hari", "tanggal": day(3), "semua": "1"},
        method="GET",
    ),
    FormCase(
        "publish",
        ["PublishForm"],
        COACH,
        lambda w: reverse("bookings:publish"),
        lambda w: {
            "first_day": day(30),
            "last_day": day(34),
            "weekdays": ["1", "2"],
            "start_time": "08:30",
            "end_time": "12:00",
            "session_minutes": "60",
            "break_start": "",
            "break_end": "",
            "place": w.open_slot.place_id,
            "capacity": "1",
        },
    ),
    FormCase(
        "record_attendance",
        ["AttendanceForm"],
        COACH,
        lambda w: reverse("bookings:record_attendance", args=[w.started_booking.pk]),
        lambda w: {"attended": "True", "notes": "Indikator diperbaiki."},
    ),
    # SKPD coaching -------------------------------------------------------------------------
    FormCase(
        "request_new",
        ["RequestForm"],
        KASUBAG,
        lambda w: reverse("bookings:request_new"),
        REQUEST_LETTER,
        files={"letter_file": "pdf"},
    ),
    FormCase(
        "request_edit",
        ["RequestForm"],
        KASUBAG,
        lambda w: reverse("bookings:request_edit", args=[w.returned_request.pk]),
        REQUEST_LETTER,
        files={"letter_file": "pdf"},
    ),
    FormCase(
        "request_list",
        [],
        KEPALA_BKPSDM,
        lambda w: reverse("bookings:request_list"),
        lambda w: {"status": "submitted", "page": "1", "q": "800", "skpd": "", "bulan": ""},
        method="GET",
    ),
    # The long lists' filters (core/filters.py): search text, SKPD, month.
    FormCase(
        "survey_list_filters",
        [],
        COACH,
        lambda w: reverse("surveys:session_list"),
        lambda w: {"q": "Dinas", "skpd": w.skpd.pk, "bulan": "", "page": "1"},
        method="GET",
    ),
    FormCase(
        "report_list_filters",
        [],
        COACH,
        lambda w: reverse("reports:report_list"),
        lambda w: {"status": "", "q": "Dinas", "skpd": w.skpd.pk, "bulan": ""},
        method="GET",
    ),
    FormCase(
        "request_accept",
        ["AcceptForm"],
        KEPALA_BKPSDM,
        lambda w: reverse("bookings:request_decide", args=[w.submitted_request.pk, "accept"]),
        lambda w: {
            "coaches": [w.users[COACH].pk],
            "date": day(25),
            "start_time": "08:30",
            "end_time": "12:00",
            "venue": "Aula Dinas",
            "instruction": "Laksanakan.",
        },
    ),
    FormCase(
        "request_move",
        ["MoveForm", "VisitTimeForm"],  # the second is the base of AcceptForm and MoveForm
        KEPALA_BKPSDM,
        lambda w: reverse("bookings:request_decide", args=[w.accepted_request.pk, "move"]),
        lambda w: {
            "date": day(26),
            "start_time": "08:30",
            "end_time": "12:00",
            "venue": "Aula Dinas",
            "reason": "Bertepatan dengan rapat kerja.",
        },
    ),
    FormCase(
        "request_return",
        ["NoteForm"],
        KEPALA_BKPSDM,
        lambda w: reverse("bookings:request_decide", args=[w.submitted_request.pk, "return"]),
        lambda w: {"note": "Lampirkan daftar peserta."},
    ),
    FormCase(
        "participants_import",
        ["ParticipantImportForm"],
        KASUBAG,
        lambda w: reverse("bookings:participants", args=[w.accepted_request.pk]),
        lambda w: {},
        files={"file": "nip_csv"},
    ),
    FormCase(
        "participants_chosen",
        [],
        KASUBAG,
        lambda w: reverse("bookings:participants", args=[w.accepted_request.pk]),
        lambda w: {"pegawai": [str(w.pegawai.pk)]},
    ),
    FormCase(
        "session_record",
        [],
        COACH,
        lambda w: reverse("bookings:session_detail", args=[w.running_skpd_session.pk]),
        lambda w: {
            "present": [str(w.pegawai.pk)],
            "shown": [str(w.pegawai.pk)],
            **{f"block-{b.pk}": "Catatan" for b in w.running_skpd_session.blocks.all()},
        },
    ),
    # SKM surveys ---------------------------------------------------------------------------
    FormCase(
        "survey_answer",
        ["ResponseForm"],
        ANONYMOUS,
        lambda w: reverse("surveys:answer", args=[w.invitation.token]),
        ANSWERS,
    ),
    FormCase(
        "survey_extend",
        ["ExtendSurveyForm"],
        COACH,
        lambda w: reverse("surveys:extend", args=[w.survey.pk]),
        lambda w: {"closes_on": (timezone.localdate() + datetime.timedelta(days=20)).isoformat()},
    ),
    *[
        FormCase(
            f"survey_{name}",
            ["ResultFilterForm"],
            COACH,
            lambda w, name=name: reverse(f"surveys:{name}"),
            lambda w: {
                "kind": "individual",
                "skpd": w.skpd.pk,
                "year": "2026",
                "month": "1",
                "sesi": str(w.surveyed_session.pk),
                "page": "1",
            },
            method="GET",
        )
        for name in ("results", "results_pdf", "results_xlsx")
    ],
    # Draft SKP ---------------------------------------------------------------------------
    FormCase(
        "skp_new",
        ["NewSkpForm"],
        ASN,
        lambda w: reverse("skp_drafts:new"),
        lambda w: {
            "year": str(timezone.localdate().year + 1),
            "start": "contoh",
            "example": w.example.pk,
        },
    ),
    FormCase(
        "skp_edit",
        ["HeaderForm", "RowForm", "RhkForm", "IndicatorForm"],
        ASN,
        lambda w: reverse("skp_drafts:edit", args=[w.draft.pk]),
        editor_data,
    ),
    FormCase(
        "skp_import",
        ["ImportForm"],
        ASN,
        lambda w: reverse("skp_drafts:import", args=[w.draft.pk]),
        lambda w: {},
        files={"file": "xlsx"},
    ),
    FormCase(
        "skp_comment",
        ["CommentForm"],
        COACH,
        lambda w: reverse("skp_drafts:comment_add", args=[w.draft.pk]),
        lambda w: {"target": f"rhk-{w.draft.rhks.get().pk}", "text": "Perjelas target."},
    ),
    FormCase(
        "skp_reply",
        ["ReplyForm"],
        ASN,
        lambda w: reverse("skp_drafts:comment_reply", args=[w.draft_comment.pk]),
        lambda w: {"text": "Sudah diperbaiki."},
    ),
    FormCase(
        "skp_request_revision",
        ["RevisionForm"],
        COACH,
        lambda w: reverse("skp_drafts:transition", args=[w.draft.pk, "request_revision"]),
        lambda w: {"note": "Tambahkan indikator waktu."},
    ),
    FormCase(
        "skp_bring",
        ["BringToBookingForm"],
        ASN,
        lambda w: reverse("skp_drafts:bring", args=[w.draft.pk]),
        lambda w: {"booking": w.booking.pk},
    ),
    FormCase(
        "skp_session_drafts",
        ["SessionDraftsForm"],
        COACH,
        lambda w: reverse("skp_drafts:session_drafts", args=[w.running_skpd_session.pk]),
        lambda w: {"skps": [str(w.draft.pk)]},
    ),
    FormCase(
        "guide_example",
        ["ExampleForm"],
        COACH,
        lambda w: reverse("skp_drafts:guide_manage"),
        lambda w: {"example": "1", "title": "Contoh SKP Pengawas", "jenjang": "pengawas"},
    ),
    FormCase(
        "guide_material",
        ["MaterialForm"],
        COACH,
        lambda w: reverse("skp_drafts:guide_manage"),
        lambda w: {"material": "1", "title": "Paparan", "description": "", "order": "1"},
        files={"file": "pdf"},
    ),
    *[
        FormCase(
            f"skp_list_{name}",
            [],
            role,
            lambda w, name=name, kwargs=kwargs: reverse(f"skp_drafts:{name}", kwargs=kwargs(w)),
            lambda w: {"tahun": "2026", "status": "submitted", "dari": "1", "ke": "2", "page": "1"},
            method="GET",
        )
        for name, role, kwargs in [
            ("review_queue", COACH, lambda w: {}),
            ("cascade_index", COACH, lambda w: {}),
            ("subordinates", ASN, lambda w: {}),
            ("versions", ASN, lambda w: {"pk": w.draft.pk}),
            ("cascade", COACH, lambda w: {"skpd_pk": w.skpd.pk}),
            ("progress", KASUBAG, lambda w: {"skpd_pk": w.skpd.pk}),
        ]
    ],
    # Reports -------------------------------------------------------------------------------
    FormCase(
        "report_edit",
        ["ReportForm"],
        COACH,
        lambda w: reverse("reports:report_edit", args=[w.report.pk]),
        lambda w: {"basis": "Dasar", "findings": "Temuan", "problems": "", "follow_up": ""},
    ),
    FormCase(
        "report_photo",
        ["PhotoForm"],
        COACH,
        lambda w: reverse("reports:photo_add", args=[w.report.pk]),
        lambda w: {"caption": "Praktik penyusunan SKP"},
        files={"image": "jpeg"},
    ),
    FormCase(
        "report_return",
        ["ReturnForm"],
        KEPALA_BIDANG,
        lambda w: reverse("reports:report_decide", args=[w.submitted_report.pk, "return"]),
        lambda w: {"reason": "Lengkapi foto."},
    ),
    FormCase(
        "recap_new",
        ["RecapStartForm"],
        COACH,
        lambda w: reverse("reports:recap_new"),
        lambda w: {"month": day(0)[:7]},
    ),
    FormCase(
        "recap_new_for_a_coach",
        ["RecapStartForm"],
        KEPALA_BIDANG,
        lambda w: reverse("reports:recap_new"),
        lambda w: {"month": day(0)[:7], "coach": w.users[COACH].pk},
    ),
    FormCase(
        "recap_edit",
        ["RecapForm"],
        COACH,
        lambda w: reverse("reports:recap_edit", args=[w.recap.pk]),
        lambda w: {"notes": "Catatan", "follow_up": "Tindak lanjut"},
    ),
    FormCase(
        "recap_return",
        ["ReturnForm"],
        KEPALA_BIDANG,
        lambda w: reverse("reports:recap_decide", args=[w.submitted_recap.pk, "return"]),
        lambda w: {"reason": "Lengkapi catatan."},
    ),
    FormCase(
        "meeting_new",
        ["MeetingForm"],
        COACH,
        lambda w: reverse("reports:meeting_new"),
        lambda w: {
            "date": day(0),
            "time": "14:00",
            "place": "Ruang Rapat",
            "chair": w.users[KEPALA_BIDANG].pk,
            "notulis": w.users[COACH].pk,
            "attendees": [w.users[COACH].pk],
            "other_attendees": "Tamu",
            "period_from": day(0)[:7],
            "period_to": day(0)[:7],
        },
    ),
    FormCase(
        "meeting_edit",
        ["MinutesForm"],
        COACH,
        lambda w: reverse("reports:meeting_edit", args=[w.draft_meeting.pk]),
        lambda w: {
            "date": day(-1),
            "time": "09:00",
            "place": "Ruang Rapat",
            "chair": w.users[KEPALA_BIDANG].pk,
            "notulis": w.users[COACH].pk,
            "attendees": [w.users[COACH].pk],
            "other_attendees": "",
            "period_from": day(0)[:7],
            "period_to": day(0)[:7],
            "findings": "Temuan",
            "decisions": "Keputusan",
        },
    ),
    FormCase(
        "meeting_action",
        ["ActionForm"],
        COACH,
        lambda w: reverse("reports:action_add", args=[w.draft_meeting.pk]),
        lambda w: {"text": "Surat edaran", "owner": w.users[COACH].pk, "due_date": day(10)},
    ),
    FormCase(
        "meeting_review",
        ["ReviewForm"],
        COACH,
        lambda w: reverse("reports:action_review", args=[w.draft_meeting.pk, w.carried_action.pk]),
        lambda w: {"status": "in_progress", "note": "Disiapkan"},
    ),
    *[
        FormCase(
            f"dashboard_{name}",
            ["DashboardFilterForm"],
            role,
            lambda w, name=name: reverse(f"reports:{name}"),
            lambda w: {"year": "2026", "kind": "dinas", "sort": "lowest", "page": "1"},
            method="GET",
        )
        for name, role in [("dashboard", KEPALA_BKPSDM), ("dashboard_xlsx", KASUBAG)]
    ],
]
