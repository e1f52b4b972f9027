"""The security sweep's table: every URL of the portal that takes an object id (or a token),
what object of the sweep's world it is tried with, and which roles may use it. Every other
role must get 403 or 404 (anonymous: the login page) and change nothing.

A new URL pattern with a parameter fails ``test_every_url_with_a_parameter_is_swept``
until it has an entry here (or in EXEMPT, with the reason). To add one:

    "skp_drafts:draft_detail": Entry(
        kwargs=lambda w: {"pk": w.draft.pk},   # an object of the owner (build it in world.py)
        get=frozenset({ASN, SUPERIOR, COACH}),  # who may open it; None: no GET
        post=frozenset({ASN}),                  # who may post to it; None: no POST
        data=lambda w: {"title": "x"},          # a POST that would change something
    ),

``get``/``post`` list who is allowed; the sweep tries everyone else (world.ROLES), then
checks that the first allowed role really gets the page (so that a wrong object id cannot
make every refusal pass).
"""

from collections.abc import Callable
from dataclasses import dataclass

from tests.security.world import (
    ADMIN,
    ASN,
    COACH,
    COLLEAGUE,
    EVERY_ASN,
    EVERYONE,
    KASUBAG,
    KEPALA_BIDANG,
    KEPALA_BKPSDM,
    OUTSIDER,
    STAFF,
    SUPERIOR,
    TEAM,
    photo,
)


@dataclass(frozen=True)
class Entry:
    kwargs: Callable
    get: frozenset | None = None
    post: frozenset | None = None
    data: Callable = lambda w: {}
    # The status the first allowed role gets for GET (a page, a file, a PDF).
    ok_status: int = 200


def pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


REQUEST_VIEWERS = STAFF | {KASUBAG}
PEGAWAI_VIEWERS = STAFF | {ASN, SUPERIOR, KASUBAG}
PEGAWAI_KEEPERS = TEAM | {KASUBAG, ADMIN}
BOOKING_VIEWERS = TEAM | {ASN, ADMIN}
DRAFT_READERS = frozenset({ASN, SUPERIOR, COACH, KEPALA_BIDANG})
REPORT_WRITERS = frozenset({COACH, KEPALA_BIDANG})
REPORT_READERS = REPORT_WRITERS | {KEPALA_BKPSDM}
MINUTES_READERS = TEAM | {KEPALA_BKPSDM}

SWEEP: dict[str, Entry] = {
    # Accounts ---------------------------------------------------------------------------
    "accounts:registration_detail": Entry(pk("registration"), get=frozenset({KASUBAG, ADMIN})),
    "accounts:registration_approve": Entry(pk("registration"), post=frozenset({KASUBAG, ADMIN})),
    "accounts:registration_reject": Entry(
        pk("registration"), post=frozenset({KASUBAG, ADMIN}), data=lambda w: {"reason": "Bukan"}
    ),
    "accounts:registration_resend": Entry(pk("registration"), post=frozenset({KASUBAG, ADMIN})),
    "accounts:roster_import_preview": Entry(pk("roster_import"), get=TEAM | {ADMIN}),
    "accounts:roster_import_apply": Entry(pk("roster_import"), post=TEAM | {ADMIN}),
    "ekinerja:import_detail": Entry(pk("ekinerja_import"), get=TEAM | {ADMIN}),
    "ekinerja:import_apply": Entry(pk("ekinerja_import"), post=TEAM | {ADMIN}),
    "ekinerja:gap_list": Entry(lambda w: {"skpd_pk": w.skpd.pk}, get=STAFF | {KASUBAG}),
    "ekinerja:gap_list_xlsx": Entry(lambda w: {"skpd_pk": w.skpd.pk}, get=STAFF | {KASUBAG}),
    "accounts:pegawai_detail": Entry(pk("pegawai"), get=PEGAWAI_VIEWERS),
    "accounts:pegawai_update": Entry(
        pk("pegawai"),
        get=PEGAWAI_KEEPERS,
        post=PEGAWAI_KEEPERS,
        data=lambda w: {"jabatan": "Dipindah diam-diam", "jenjang": "pelaksana", "reason": "x"},
    ),
    "accounts:pegawai_transfer": Entry(
        pk("pegawai"),
        get=PEGAWAI_KEEPERS,
        post=PEGAWAI_KEEPERS,
        data=lambda w: {"skpd": w.other_skpd.pk, "reason": "x"},
    ),
    "accounts:pegawai_deactivate": Entry(
        pk("pegawai"), get=PEGAWAI_KEEPERS, post=PEGAWAI_KEEPERS, data=lambda w: {"reason": "x"}
    ),
    # Only its addressee opens (and so reads) a notification.
    "portal:notification_open": Entry(pk("notification"), post=frozenset({ASN}), ok_status=302),
    "accounts:skpd_detail": Entry(pk("skpd"), get=STAFF | {ASN, COLLEAGUE, SUPERIOR, KASUBAG}),
    # Individual coaching -----------------------------------------------------------------
    # Any ASN may book any open slot: the slot is no one's object, only a login is needed.
    "bookings:book": Entry(lambda w: {"slot_pk": w.open_slot.pk}, get=EVERY_ASN),
    "bookings:waitlist_join": Entry(lambda w: {"slot_pk": w.full_slot.pk}, get=EVERY_ASN),
    "bookings:waitlist_leave": Entry(pk("waitlist_entry"), post=frozenset({ASN})),
    "bookings:booking_detail": Entry(pk("booking"), get=BOOKING_VIEWERS),
    "bookings:attendance_sheet": Entry(pk("accepted_request"), get=REQUEST_VIEWERS),
    # The Kepala moves a booking out of a visit's way from the disposition page.
    "bookings:move_booking_aside": Entry(
        lambda w: {"pk": w.submitted_request.pk, "slot_pk": w.full_slot.pk},
        post=frozenset({KEPALA_BKPSDM}),
    ),
    # A coach takes back its own slot (the admin any).
    "bookings:slot_cancel": Entry(pk("open_slot"), post=frozenset({COACH, ADMIN})),
    "bookings:booking_cancel": Entry(pk("booking"), get=frozenset({ASN}), post=frozenset({ASN})),
    "bookings:booking_reschedule": Entry(
        pk("booking"),
        get=frozenset({ASN}),
        post=frozenset({ASN}),
        data=lambda w: {"slot": w.open_slot.pk},
    ),
    "bookings:booking_ics": Entry(pk("booking"), get=BOOKING_VIEWERS),
    "bookings:booking_draft": Entry(pk("booking"), get=BOOKING_VIEWERS),
    "bookings:booking_draft_attach": Entry(
        pk("booking"), post=frozenset({ASN}), data=lambda w: {"draft": "bukan berkas"}
    ),
    "bookings:record_attendance": Entry(
        pk("started_booking"),
        post=frozenset({COACH, KEPALA_BIDANG, ADMIN}),
        data=lambda w: {"attended": "True", "notes": ""},
    ),
    # SKPD coaching -------------------------------------------------------------------------
    "bookings:request_detail": Entry(pk("submitted_request"), get=REQUEST_VIEWERS),
    "bookings:request_edit": Entry(
        pk("returned_request"), get=frozenset({KASUBAG}), post=frozenset({KASUBAG})
    ),
    "bookings:request_decide": Entry(
        lambda w: {"pk": w.submitted_request.pk, "decision": "return"},
        post=frozenset({KEPALA_BKPSDM}),
        data=lambda w: {"note": "Perbaiki lampiran."},
    ),
    "bookings:request_letter": Entry(pk("submitted_request"), get=REQUEST_VIEWERS),
    "bookings:disposition_sheet": Entry(pk("accepted_request"), get=REQUEST_VIEWERS),
    "bookings:participants": Entry(
        pk("accepted_request"),
        post=frozenset({KASUBAG}),
        data=lambda w: {"pegawai": [w.pegawai.pk]},
    ),
    "bookings:session_detail": Entry(
        pk("skpd_session"),
        get=REQUEST_VIEWERS,
        post=frozenset({COACH, KEPALA_BIDANG}),
        data=lambda w: {"present": [w.pegawai.pk], "shown": [w.pegawai.pk]},
    ),
    # Coaching hours on record: each pegawai's own certificates (a session, a year).
    "bookings:development_certificate": Entry(
        lambda w: {"pk": w.reported_session.attendance.get(pegawai=w.pegawai).pk},
        get=frozenset({ASN}),
    ),
    # The session's check-in QR: shown and opened to other SKPD by those who hold it.
    "bookings:check_in_poster": Entry(pk("skpd_session"), get=frozenset({COACH, KEPALA_BIDANG})),
    "bookings:check_in_other_skpd": Entry(
        pk("skpd_session"), post=frozenset({COACH, KEPALA_BIDANG}), data=lambda w: {"allow": "1"}
    ),
    # SKM surveys ---------------------------------------------------------------------------
    "surveys:open_survey": Entry(lambda w: {"session_pk": w.held_session.pk}, post=TEAM | {ADMIN}),
    "surveys:survey_detail": Entry(pk("survey"), get=TEAM | {ADMIN}),
    "surveys:remind": Entry(pk("survey"), post=TEAM | {ADMIN}),
    "surveys:close": Entry(pk("survey"), post=TEAM | {ADMIN}),
    "surveys:extend": Entry(pk("survey"), post=TEAM | {ADMIN}),
    # The link is the participant's key: whoever holds it answers, without a login. An
    # unknown or used link answers 404 or a kind page (tests/surveys/test_surveys.py).
    "surveys:answer": Entry(lambda w: {"token": w.invitation.token}, get=EVERYONE),
    # Draft SKP ---------------------------------------------------------------------------
    # The owner, its direct superior, the coach it was brought to and the Kepala Bidang read
    # it; only the owner changes it; the Kasubag sees counts of its SKPD, never the content.
    "skp_drafts:detail": Entry(pk("draft"), get=DRAFT_READERS),
    "skp_drafts:versions": Entry(pk("draft"), get=DRAFT_READERS),
    # The SKP laid out for typing into e-Kinerja (filled in once the SKP is in format).
    "skp_drafts:ekinerja": Entry(pk("draft"), get=DRAFT_READERS),
    "skp_drafts:pdf": Entry(pk("draft"), get=DRAFT_READERS),
    "skp_drafts:xlsx": Entry(pk("draft"), get=DRAFT_READERS),
    "skp_drafts:edit": Entry(pk("draft"), get=frozenset({ASN}), post=frozenset({ASN})),
    "skp_drafts:template_xlsx": Entry(pk("draft"), get=frozenset({ASN})),
    "skp_drafts:import": Entry(pk("draft"), get=frozenset({ASN}), post=frozenset({ASN})),
    "skp_drafts:transition": Entry(
        lambda w: {"pk": w.draft.pk, "name": "submit"}, post=frozenset({ASN})
    ),
    "skp_drafts:bring": Entry(
        pk("draft"), post=frozenset({ASN}), data=lambda w: {"booking": w.booking.pk}
    ),
    "skp_drafts:comment_add": Entry(
        pk("draft"), post=DRAFT_READERS, data=lambda w: {"target": "skp", "text": "Halo"}
    ),
    "skp_drafts:comment_reply": Entry(
        pk("draft_comment"), post=DRAFT_READERS, data=lambda w: {"text": "Sudah"}
    ),
    "skp_drafts:comment_resolve": Entry(
        pk("draft_comment"), post=frozenset({ASN, COACH, KEPALA_BIDANG})
    ),
    "skp_drafts:session_drafts": Entry(
        lambda w: {"session_pk": w.running_skpd_session.pk},
        post=frozenset({ASN, COACH, KEPALA_BIDANG}),
        data=lambda w: {"skps": [w.draft.pk]},
    ),
    "skp_drafts:cascade": Entry(
        lambda w: {"skpd_pk": w.skpd.pk}, get=frozenset({COACH, KEPALA_BIDANG, KASUBAG})
    ),
    "skp_drafts:progress": Entry(lambda w: {"skpd_pk": w.skpd.pk}, get=STAFF | {KASUBAG}),
    "skp_drafts:progress_xlsx": Entry(lambda w: {"skpd_pk": w.skpd.pk}, get=STAFF | {KASUBAG}),
    # The guide is public once published; the team (and the admin) keep it.
    "skp_drafts:guide_example": Entry(pk("example"), get=EVERYONE),
    "skp_drafts:example_publish": Entry(
        pk("example"), post=TEAM | {ADMIN}, data=lambda w: {"published": "0"}
    ),
    "skp_drafts:example_delete": Entry(pk("spare_example"), post=TEAM | {ADMIN}),
    "skp_drafts:material_download": Entry(pk("material"), get=EVERYONE),
    "skp_drafts:material_publish": Entry(
        pk("material"), post=TEAM | {ADMIN}, data=lambda w: {"published": "0"}
    ),
    "skp_drafts:material_delete": Entry(pk("spare_material"), post=TEAM | {ADMIN}),
    # Reports -------------------------------------------------------------------------------
    # A session's coaches and the Kepala Bidang write its report, the Kepala Bidang alone
    # decides it, the Kepala BKPSDM reads; the team writes the minutes, the Kepala Bidang
    # signs them off.
    "reports:report_for_session": Entry(
        lambda w: {"session_pk": w.reported_session.pk}, get=REPORT_READERS, ok_status=302
    ),
    "reports:report_for_booking": Entry(
        lambda w: {"booking_pk": w.held_session.booking_id}, get=REPORT_READERS, ok_status=302
    ),
    "reports:report_start": Entry(
        lambda w: {"session_pk": w.unreported_visit.pk}, post=REPORT_WRITERS
    ),
    "reports:report_detail": Entry(pk("report"), get=REPORT_READERS),
    "reports:report_edit": Entry(
        pk("report"),
        get=REPORT_WRITERS,
        post=REPORT_WRITERS,
        data=lambda w: {"basis": "x", "findings": "Diubah", "problems": "", "follow_up": ""},
    ),
    "reports:report_pdf": Entry(pk("report"), get=REPORT_READERS),
    "reports:report_decide": Entry(
        lambda w: {"pk": w.submitted_report.pk, "decision": "return"},
        post=frozenset({KEPALA_BIDANG}),
        data=lambda w: {"reason": "Perbaiki"},
    ),
    "reports:photo_add": Entry(
        pk("report"), post=REPORT_WRITERS, data=lambda w: {"image": photo(), "caption": "x"}
    ),
    "reports:photo": Entry(
        lambda w: {"photo_pk": w.report_photo.pk}, get=REPORT_READERS, ok_status=200
    ),
    "reports:photo_remove": Entry(lambda w: {"photo_pk": w.report_photo.pk}, post=REPORT_WRITERS),
    # A coach's monthly recap: the coach and the Kepala Bidang write it, she decides it, the
    # Kepala BKPSDM reads it; another coach does not see it.
    "reports:recap_detail": Entry(pk("recap"), get=REPORT_READERS),
    "reports:recap_edit": Entry(
        pk("recap"),
        get=REPORT_WRITERS,
        post=REPORT_WRITERS,
        data=lambda w: {"notes": "Diubah", "follow_up": ""},
    ),
    "reports:recap_decide": Entry(
        lambda w: {"pk": w.submitted_recap.pk, "decision": "return"},
        post=frozenset({KEPALA_BIDANG}),
        data=lambda w: {"reason": "Perbaiki"},
    ),
    "reports:recap_pdf": Entry(pk("recap"), get=REPORT_READERS),
    "reports:meeting_detail": Entry(pk("draft_meeting"), get=MINUTES_READERS),
    "reports:meeting_pdf": Entry(pk("final_meeting"), get=MINUTES_READERS),
    "reports:meeting_edit": Entry(
        pk("draft_meeting"),
        get=TEAM,
        post=TEAM,
        data=lambda w: {
            "date": w.draft_meeting.start.date().isoformat(),
            "time": "10:00",
            "place": "Diubah",
            "chair": w.users[KEPALA_BIDANG].pk,
            "notulis": w.users[COACH].pk,
            "period_from": w.draft_meeting.period_start.strftime("%Y-%m"),
            "period_to": w.draft_meeting.period_end.strftime("%Y-%m"),
            "findings": "Diubah",
        },
    ),
    "reports:action_add": Entry(
        pk("draft_meeting"),
        post=TEAM,
        data=lambda w: {
            "text": "Baru",
            "owner": w.users[COACH].pk,
            "due_date": w.draft_meeting.period_end.isoformat(),
        },
    ),
    "reports:action_remove": Entry(
        lambda w: {"pk": w.draft_meeting.pk, "action_pk": w.new_action.pk}, post=TEAM
    ),
    "reports:action_review": Entry(
        lambda w: {"pk": w.draft_meeting.pk, "action_pk": w.carried_action.pk},
        post=TEAM,
        data=lambda w: {"status": "done", "note": "Selesai"},
    ),
    "reports:meeting_finalize": Entry(pk("draft_meeting"), post=frozenset({KEPALA_BIDANG})),
    "reports:meeting_delete": Entry(pk("draft_meeting"), post=TEAM),
}

# URLs with a parameter that are not an object of someone's: why, and where it is tested.
EXEMPT: dict[str, str] = {
    "accounts:activate": "a signed single-use token, not an object id; forged and used "
    "links: tests/accounts/test_registration.py",
    "accounts:password_reset_confirm": "Django's signed password-reset token; "
    "tests/accounts/test_registration.py",
    "bookings:development_year_certificate": "a year, not an object id: whoever asks gets "
    "its own year's certificate, never another's; tests/bookings/test_development.py",
    "bookings:check_in": "a session's check-in code, not an object id: any signed-in pegawai "
    "holding it may check itself in, and only itself, during the session; refusals (hours, "
    "other SKPD, unknown code): tests/bookings/test_checkin.py",
    "portal:verify": "a public page by design (whoever holds the paper checks it); it shows "
    "only what the paper prints: tests/portal/test_documents.py",
    "bookings:calendar_feed": "a secret token read without a login (a phone's calendar); "
    "wrong, reset and former-coach tokens: tests/bookings/test_requests.py::TestCalendarFeed",
}
# Django's admin checks staff status and model permissions itself: test_admin_is_staff_only.
EXEMPT_NAMESPACES = ("admin",)


@dataclass(frozen=True)
class PdfView:
    """A page that hands out a generated PDF, and the kind of issued document it asks for
    (core.documents). Who asks, and with which object: the SWEEP entry of the same name,
    or ``role`` and ``kwargs`` for a page without a parameter."""

    kind: str
    role: str | None = None
    kwargs: Callable | None = None


# Every page that hands out a generated PDF. Each must issue it through
# core.documents.request_pdf, so that a large document or a busy machine answers "being
# prepared" rather than hold a web worker (test_pdf_views.py). A page of the SWEEP that
# hands out a generated PDF without an entry here fails the object-access sweep; a kind of
# printout without a page fails test_every_kind_of_printout_has_its_page.
PDF_VIEWS: dict[str, PdfView] = {
    "skp_drafts:pdf": PdfView("SKP"),
    "reports:report_pdf": PdfView("LHK"),
    "reports:meeting_pdf": PdfView("NOTULEN"),
    "bookings:disposition_sheet": PdfView("DISPOSISI"),
    "bookings:attendance_sheet": PdfView("HADIR"),
    "surveys:results_pdf": PdfView("IKM", role=COACH, kwargs=lambda w: {}),
    "reports:recap_pdf": PdfView("RKP"),
    "bookings:development_certificate": PdfView("SKET"),
}

__all__ = [
    "COLLEAGUE",
    "EXEMPT",
    "EXEMPT_NAMESPACES",
    "OUTSIDER",
    "PDF_VIEWS",
    "SWEEP",
    "Entry",
    "PdfView",
]
