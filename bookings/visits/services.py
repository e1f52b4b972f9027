"""The SKPD request letter's workflow: one function per transition, all here.

    submit ──► SUBMITTED ──accept──► SCHEDULED ──mark_held──► HELD ──mark_reported──► REPORTED
                  │  ▲
           return │  │ resubmit
                  ▼  │
               RETURNED            SUBMITTED ──decline──► DECLINED

Each transition checks the role (bookings/rules.py) and the current state, records who, when
and why (history, dispositions), tells the Kasubag (notification and e-mail), and refuses
anything else with a message, changing nothing.
"""

import datetime

import rules
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Pegawai, Role, Skpd, User
from accounts.notifications import notify
from accounts.rules import kasubag_users, role_holders
from bookings.models import (
    AgendaBlock,
    Attendance,
    BlockKind,
    CoachCommitment,
    CoachingSession,
    Decision,
    Disposition,
    RequestStatus,
    SessionKind,
    SkpdRequest,
    Slot,
)
from bookings.services import cancel_slot
from bookings.visits.availability import team_days
from core import dates
from core.errors import PortalError
from core.history import stamp
from core.spreadsheets import SpreadsheetError, read_table
from core.workflow import Transition, Workflow


class RequestError(PortalError):
    """A transition refused, with the reason in Indonesian."""


WORKFLOW = Workflow(
    [
        Transition(
            "resubmit",
            frozenset({RequestStatus.RETURNED}),
            RequestStatus.SUBMITTED,
            "bookings.edit_request",
        ),
        Transition(
            "return",
            frozenset({RequestStatus.SUBMITTED}),
            RequestStatus.RETURNED,
            "bookings.dispose_request",
        ),
        Transition(
            "decline",
            frozenset({RequestStatus.SUBMITTED}),
            RequestStatus.DECLINED,
            "bookings.dispose_request",
        ),
        Transition(
            "accept",
            frozenset({RequestStatus.SUBMITTED}),
            RequestStatus.SCHEDULED,
            "bookings.dispose_request",
        ),
        Transition(
            "mark_held",
            frozenset({RequestStatus.SCHEDULED}),
            RequestStatus.HELD,
            "bookings.hold_session",
        ),
        Transition(
            "mark_reported",
            frozenset({RequestStatus.HELD}),
            RequestStatus.REPORTED,
            "bookings.close_reported",
        ),
        Transition(
            "move",
            frozenset({RequestStatus.SCHEDULED}),
            RequestStatus.SCHEDULED,
            "bookings.dispose_request",
        ),
        Transition(
            "cancel",
            frozenset({RequestStatus.SCHEDULED}),
            RequestStatus.CANCELLED,
            "bookings.dispose_request",
        ),
        Transition(
            "withdraw",
            frozenset({RequestStatus.SUBMITTED, RequestStatus.RETURNED}),
            RequestStatus.WITHDRAWN,
            "bookings.edit_request",
        ),
    ],
    error=RequestError,
    forbidden=gettext_lazy("Anda tidak berwenang melakukan ini pada permohonan ini."),
    wrong_state=gettext_lazy(
        "Permohonan berstatus “%(status)s”: langkah ini tidak dapat dilakukan."
    ),
)
TRANSITIONS = WORKFLOW.transitions
may = WORKFLOW.may

# The agenda of the guideline: practice descends the cascade, JPT Pratama first.
AGENDA = [
    BlockKind.OPENING,
    BlockKind.PRESENTATION,
    BlockKind.PRACTICE_JPT,
    BlockKind.PRACTICE_ADMINISTRATOR,
    BlockKind.PRACTICE_PENGAWAS,
    BlockKind.PRACTICE_PELAKSANA,
    BlockKind.DISCUSSION,
]


def _begin(actor: User, request_id: int, name: str) -> SkpdRequest:
    return WORKFLOW.begin(actor, SkpdRequest.objects.select_related("skpd"), request_id, name)


def _tell_kasubag(request: SkpdRequest, text: str) -> None:
    notify(
        kasubag_users(request.skpd),
        text=text,
        link=reverse("bookings:request_detail", args=[request.pk]),
    )


@transaction.atomic
def submit_request(*, actor: User, skpd: Skpd, letter_file, **fields) -> SkpdRequest:
    """The Kasubag Umum sends its SKPD's request letter."""
    if not rules.has_perm("bookings.submit_request", actor, skpd):
        raise RequestError(_("Hanya Kasubag Umum SKPD ini yang dapat mengajukan permohonan."))
    request = SkpdRequest(skpd=skpd, submitted_by=actor, submitted_at=timezone.now(), **fields)
    request.letter_file.save(letter_file.name, letter_file, save=False)
    stamp(request, actor, _("Diajukan"))
    request.save()
    notify(
        role_holders(Role.KEPALA_BKPSDM),
        text=_("Surat permohonan Coaching Clinic dari %(skpd)s menunggu disposisi.")
        % {"skpd": skpd.name},
        link=reverse("bookings:request_detail", args=[request.pk]),
    )
    return request


@transaction.atomic
def resubmit_request(*, actor: User, request_id: int, letter_file=None, **fields) -> SkpdRequest:
    """The Kasubag sends back a request it revised as instructed."""
    request = _begin(actor, request_id, "resubmit")
    for name, value in fields.items():
        setattr(request, name, value)
    if letter_file is not None:
        request.letter_file.save(letter_file.name, letter_file, save=False)
    request.submitted_at = timezone.now()
    WORKFLOW.finish(request, actor, "resubmit", _("Diajukan kembali setelah perbaikan"))
    notify(
        role_holders(Role.KEPALA_BKPSDM),
        text=_("Surat permohonan %(skpd)s diajukan kembali setelah perbaikan.")
        % {"skpd": request.skpd.name},
        link=reverse("bookings:request_detail", args=[request.pk]),
    )
    return request


@transaction.atomic
def return_request(*, actor: User, request_id: int, instruction: str) -> SkpdRequest:
    request = _begin(actor, request_id, "return")
    _require_text(instruction, _("Tuliskan apa yang perlu diperbaiki."))
    _dispose(request, actor, Decision.RETURN, instruction)
    WORKFLOW.finish(request, actor, "return", instruction)
    _tell_kasubag(
        request,
        _("Permohonan %(number)s dikembalikan untuk perbaikan: %(note)s")
        % {"number": request.letter_number, "note": instruction},
    )
    return request


@transaction.atomic
def decline_request(*, actor: User, request_id: int, reason: str) -> SkpdRequest:
    request = _begin(actor, request_id, "decline")
    _require_text(reason, _("Tuliskan alasan penolakan."))
    _dispose(request, actor, Decision.DECLINE, reason)
    WORKFLOW.finish(request, actor, "decline", reason)
    _tell_kasubag(
        request,
        _("Permohonan %(number)s ditolak: %(note)s")
        % {"number": request.letter_number, "note": reason},
    )
    return request


@transaction.atomic
def accept_request(
    *,
    actor: User,
    request_id: int,
    coaches: list[User],
    start: datetime.datetime,
    end: datetime.datetime,
    venue: str,
    instruction: str,
) -> CoachingSession:
    """Accept, assign coaches, set date, time and venue: the request becomes an SKPD
    coaching session with the guideline's agenda. A coach already busy then is refused by
    the database."""
    request = _begin(actor, request_id, "accept")
    if not coaches:
        raise RequestError(_("Tugaskan paling sedikit satu coach."))
    if end <= start:
        raise RequestError(_("Jam selesai harus sesudah jam mulai."))
    _clear_the_way(actor, request, coaches, start, end)
    disposition = _dispose(
        request, actor, Decision.ACCEPT, instruction or _("Laksanakan."), start, end, venue
    )
    disposition.coaches.set(coaches)
    session = CoachingSession(
        kind=SessionKind.SKPD, start=start, end=end, place=venue, skpd_request=request
    )
    stamp(session, actor, _("Dijadwalkan dari disposisi"))
    session.save()
    session.coaches.set(coaches)
    AgendaBlock.objects.bulk_create(
        [AgendaBlock(session=session, order=n, kind=kind) for n, kind in enumerate(AGENDA, 1)]
    )
    _commit_coaches(session, coaches)
    WORKFLOW.finish(request, actor, "accept", instruction or _("Diterima"))
    _tell_kasubag(
        request,
        _("Permohonan %(number)s diterima: Coaching Clinic pada %(when)s di %(venue)s.")
        % {
            "number": request.letter_number,
            "venue": venue,
            "when": dates.day_and_hours(start, end),
        },
    )
    notify(
        coaches,
        text=_("Anda ditugaskan ke Coaching Clinic %(skpd)s pada %(when)s di %(venue)s.")
        % {"skpd": request.skpd.name, "when": dates.day_and_hours(start, end), "venue": venue},
        link=reverse("bookings:session_detail", args=[session.pk]),
    )
    return session


def _clear_the_way(actor, request, coaches, start, end, session_id=None) -> None:
    """Refuse, naming each clash, when a coach is taken at those hours (a booked slot,
    another visit) or the day is closed; otherwise withdraw the coaches' open slots there.
    The slots are locked first, so no booking slips in between the check and the change."""
    list(
        Slot.objects.select_for_update(of=("self",), no_key=True)
        .filter(coach__in=coaches, start__lt=end, end__gt=start, is_cancelled=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if timezone.localdate(start) != timezone.localdate(end):
        raise RequestError(_("Coaching Clinic SKPD dilaksanakan dalam satu hari."))
    (day,) = team_days(
        coaches,
        [timezone.localdate(start)],
        timezone.localtime(start).time(),
        timezone.localtime(end).time(),
        session_id=session_id,
    )
    problems = day.problems(coaches)
    if problems:
        raise RequestError(" ".join([_("Jadwal bentrok:"), *problems]))
    reason = _("Ditarik untuk Coaching Clinic %(skpd)s") % {"skpd": request.skpd.name}
    for slot_id in day.withdrawn_slots(coaches):
        cancel_slot(actor=actor, slot_id=slot_id, reason=reason)


def _commit_coaches(session: CoachingSession, coaches: list[User]) -> None:
    try:
        with transaction.atomic():
            CoachCommitment.objects.bulk_create(
                [
                    CoachCommitment(coach=c, start=session.start, end=session.end, session=session)
                    for c in coaches
                ]
            )
    except IntegrityError as error:  # a commitment made since the check, by another request
        raise RequestError(
            _(
                "Seorang coach yang ditugaskan sudah punya jadwal pada waktu itu. Pilih coach "
                "atau waktu lain."
            )
        ) from error


def _everyone_concerned(request: SkpdRequest, session: CoachingSession) -> list[User]:
    """The visit's coaches, the SKPD's Kasubag and every listed participant with a login."""
    people = {user.pk: user for user in kasubag_users(request.skpd)}
    for coach in session.coaches.all():
        people[coach.pk] = coach
    participants = User.objects.filter(
        is_active=True, pegawai__attendance__session=session
    ).distinct()
    for user in participants:
        people[user.pk] = user
    return list(people.values())


@transaction.atomic
def move_visit(
    *,
    actor: User,
    request_id: int,
    start: datetime.datetime,
    end: datetime.datetime,
    venue: str,
    reason: str,
) -> CoachingSession:
    """The Kepala moves a scheduled visit to another day, hours or venue, with the same
    coaches: the same clash checks as accepting; everyone concerned is told."""
    request = _begin(actor, request_id, "move")
    _require_text(reason, _("Tuliskan alasan pemindahan jadwal."))
    if end <= start:
        raise RequestError(_("Jam selesai harus sesudah jam mulai."))
    if timezone.localdate(start) <= timezone.localdate():
        raise RequestError(_("Tanggal pelaksanaan harus sesudah hari ini."))
    session = CoachingSession.objects.select_for_update(no_key=True).get(skpd_request=request)
    coaches = list(session.coaches.select_related("pegawai"))
    before = dates.day_and_hours(session.start, session.end)
    _clear_the_way(actor, request, coaches, start, end, session_id=session.pk)
    CoachCommitment.objects.filter(session=session).delete()
    moved = _dispose(request, actor, Decision.MOVE, reason, start, end, venue or session.place)
    moved.coaches.set(coaches)  # the disposition sheet prints the new time, to whom
    session.start, session.end, session.place = start, end, venue or session.place
    stamp(session, actor, reason)
    session.save()
    _commit_coaches(session, coaches)
    WORKFLOW.finish(
        request, actor, "move", _("Jadwal dipindahkan: %(reason)s") % {"reason": reason}
    )
    notify(
        _everyone_concerned(request, session),
        text=_(
            "Coaching Clinic %(skpd)s dipindahkan dari %(before)s ke %(when)s di %(venue)s. "
            "Alasan: %(reason)s"
        )
        % {
            "skpd": request.skpd.name,
            "before": before,
            "when": dates.day_and_hours(start, end),
            "venue": session.place,
            "reason": reason,
        },
        link=reverse("bookings:request_detail", args=[request.pk]),
    )
    return session


@transaction.atomic
def cancel_visit(*, actor: User, request_id: int, reason: str) -> SkpdRequest:
    """The Kepala cancels a scheduled visit: the coaches' time is freed, everyone concerned
    is told, the history keeps who and why."""
    request = _begin(actor, request_id, "cancel")
    _require_text(reason, _("Tuliskan alasan pembatalan."))
    session = CoachingSession.objects.select_for_update(no_key=True).get(skpd_request=request)
    CoachCommitment.objects.filter(session=session).delete()
    _dispose(request, actor, Decision.CANCEL, reason)
    WORKFLOW.finish(request, actor, "cancel", reason)
    notify(
        _everyone_concerned(request, session),
        text=_("Coaching Clinic %(skpd)s pada %(when)s dibatalkan. Alasan: %(reason)s")
        % {
            "skpd": request.skpd.name,
            "when": dates.day_and_hours(session.start, session.end),
            "reason": reason,
        },
        link=reverse("bookings:request_detail", args=[request.pk]),
    )
    return request


@transaction.atomic
def withdraw_request(*, actor: User, request_id: int, reason: str = "") -> SkpdRequest:
    """The Kasubag withdraws its letter before the Kepala decides, or abandons a returned
    one; the Kepala is told when it was waiting for a decision."""
    request = _begin(actor, request_id, "withdraw")
    waiting = request.status == RequestStatus.SUBMITTED
    WORKFLOW.finish(request, actor, "withdraw", reason or _("Ditarik oleh SKPD"))
    if waiting:
        notify(
            role_holders(Role.KEPALA_BKPSDM),
            text=_("Permohonan %(number)s dari %(skpd)s ditarik kembali oleh SKPD.")
            % {"number": request.letter_number, "skpd": request.skpd.name},
            link=reverse("bookings:request_detail", args=[request.pk]),
        )
    return request


@transaction.atomic
def mark_held(*, actor: User, request_id: int) -> SkpdRequest:
    request = _begin(actor, request_id, "mark_held")
    session = request.session
    if timezone.now() < session.start:
        raise RequestError(_("Sesi belum dimulai."))
    WORKFLOW.finish(request, actor, "mark_held", _("Sudah dilaksanakan"))
    _tell_kasubag(
        request,
        _("Coaching Clinic di %(skpd)s tercatat sudah dilaksanakan.") % {"skpd": request.skpd.name},
    )
    return request


@transaction.atomic
def mark_reported(*, actor: User, request_id: int) -> SkpdRequest:
    """The visit's report is approved: the request is done with (called by the report's
    approval, in its transaction)."""
    request = _begin(actor, request_id, "mark_reported")
    WORKFLOW.finish(request, actor, "mark_reported", _("Laporan kegiatan disetujui"))
    _tell_kasubag(
        request,
        _("Laporan hasil Coaching Clinic di %(skpd)s sudah disetujui Kepala Bidang.")
        % {"skpd": request.skpd.name},
    )
    return request


def _dispose(request, actor, decision, note, start=None, end=None, venue="") -> Disposition:
    return Disposition.objects.create(
        request=request,
        decision=decision,
        note=note,
        start=start,
        end=end,
        venue=venue,
        decided_by=actor,
        decided_at=timezone.now(),
    )


def _require_text(value: str, message: str) -> None:
    if not (value or "").strip():
        raise RequestError(message)


# Participants and the session's record ------------------------------------------------------


def participants_editable(request: SkpdRequest, session: CoachingSession | None) -> bool:
    """Whether the visit's participants may be set now: once the request is accepted and
    scheduled, until the visit starts."""
    return (
        session is not None
        and request.status == RequestStatus.SCHEDULED
        and timezone.now() < session.start
    )


@transaction.atomic
def set_participants(*, actor: User, request_id: int, pegawai_ids: list[int]) -> int:
    """The Kasubag's roster of participants: its SKPD's active pegawai only."""
    request = (
        SkpdRequest.objects.select_for_update(of=("self",), no_key=True)
        .select_related("skpd")
        .get(pk=request_id)
    )
    if not rules.has_perm("bookings.edit_request", actor, request):
        raise RequestError(_("Hanya Kasubag Umum SKPD ini yang mengatur peserta."))
    session = request.session
    if not participants_editable(request, session):
        raise RequestError(_("Peserta diatur setelah permohonan diterima dan sebelum pelaksanaan."))
    allowed = set(
        Pegawai.objects.filter(
            skpd_id=request.skpd_id, is_active=True, pk__in=pegawai_ids
        ).values_list("pk", flat=True)
    )
    if allowed != set(pegawai_ids):
        raise RequestError(_("Peserta harus pegawai aktif SKPD ini."))
    current = set(session.attendance.values_list("pegawai_id", flat=True))
    session.attendance.filter(pegawai_id__in=current - allowed).delete()
    Attendance.objects.bulk_create(
        [Attendance(session=session, pegawai_id=pk, present=None) for pk in allowed - current]
    )
    # Each newly listed participant with a login learns when and where.
    notify(
        User.objects.filter(is_active=True, pegawai__in=allowed - current),
        text=_(
            "Anda terdaftar sebagai peserta Coaching Clinic SKP di %(skpd)s pada %(when)s, "
            "%(venue)s."
        )
        % {
            "skpd": request.skpd.name,
            "when": dates.day_and_hours(session.start, session.end),
            "venue": session.place,
        },
    )
    return len(allowed)


@transaction.atomic
def record_session(
    *,
    actor: User,
    session_id: int,
    present_ids: set[int],
    shown_ids: set[int],
    block_notes: dict[int, str],
    seen_checkin_ids: frozenset[int] | set[int] = frozenset(),
) -> CoachingSession:
    """The coaches record who attended (of the participants they were shown: someone added
    or checked in since stays as it is) and notes per agenda block. Saving confirms the
    self check-ins shown (``seen_checkin_ids``: a check-in made after the coach opened the
    page stays unconfirmed, not overwritten); a walk-in left unticked is taken off the list."""
    session = (
        CoachingSession.objects.select_for_update(of=("self",), no_key=True)
        .select_related("skpd_request")
        .get(pk=session_id)
    )
    if not rules.has_perm("bookings.hold_session", actor, session.skpd_request):
        raise RequestError(_("Hanya coach yang ditugaskan yang mencatat sesi ini."))
    if timezone.now() < session.start:
        raise RequestError(_("Kehadiran dicatat setelah sesi dimulai."))
    if session.skpd_request.status != RequestStatus.SCHEDULED:
        raise RequestError(_("Sesi ini sudah ditandai selesai; catatannya tidak diubah lagi."))
    # FOR UPDATE, not NO KEY: an unconfirmed walk-in's row is deleted.
    for attendance in session.attendance.select_for_update().filter(pegawai_id__in=shown_ids):
        if (
            attendance.checked_in_at
            and not attendance.confirmed
            and attendance.pegawai_id not in seen_checkin_ids
        ):
            continue
        present = attendance.pegawai_id in present_ids
        stamp(attendance, actor)
        if attendance.walk_in and not present:
            # A walk-in the coach does not confirm was never on the list.
            attendance.delete()
        elif attendance.present != present or not attendance.confirmed:
            attendance.present, attendance.confirmed = present, True
            attendance.save(update_fields=["present", "confirmed"])
    for block in session.blocks.select_for_update(no_key=True):
        notes = block_notes.get(block.pk, block.notes)
        if notes != block.notes:
            block.notes = notes
            stamp(block, actor)
            block.save(update_fields=["notes"])
    return session


def read_participant_file(uploaded, request: SkpdRequest) -> tuple[list[int], list[str]]:
    """The pegawai named by NIP in an uploaded list, and a message per refused line. The
    caller applies the list only when there is no refused line.

    Each NIP is checked by the kind stored with the SKPD's pegawai of that NIP, or by the PNS
    rules when the SKPD has none (never read as PPPK because the PNS rules failed)."""
    from django.core.exceptions import ValidationError

    from accounts.nip import NIP_LENGTH, NipKind, is_digits, normalize_nip, parse_nip

    content = uploaded.read(MAX_PARTICIPANT_FILE + 1)
    if len(content) > MAX_PARTICIPANT_FILE:
        return [], [_("Berkas lebih dari 2 MB.")]
    try:
        table = read_table(content, max_rows=MAX_PARTICIPANT_ROWS, max_columns=20)
    except SpreadsheetError as error:
        return [], [str(error)]
    column, typed = 0, []
    for line, values in table:
        cells = [str(v or "").strip() for v in values]
        if not any(cells):
            continue
        if not typed and "NIP" in [c.upper() for c in cells]:
            column = [c.upper() for c in cells].index("NIP")
            continue
        typed.append((line, normalize_nip(cells[column] if column < len(cells) else "")))
    if not typed:
        return [], [_("Berkas tidak berisi NIP.")]
    # Only this SKPD's pegawai: another SKPD's NIP answers as if nobody had it, so that the
    # list tells a Kasubag nothing about who works where.
    mine = {
        nip: (pk, kind, is_active)
        for nip, pk, kind, is_active in Pegawai.objects.filter(
            skpd_id=request.skpd_id,
            nip__in={nip for _line, nip in typed if len(nip) == NIP_LENGTH and is_digits(nip)},
        ).values_list("nip", "pk", "kind", "is_active")
    }
    chosen, errors = set(), []
    for line, nip in typed:
        pk, kind, is_active = mine.get(nip, (None, NipKind.PNS, False))
        try:
            parse_nip(nip, kind)
        except ValidationError as error:
            errors.append(
                _("Baris %(line)d: %(error)s") % {"line": line, "error": error.messages[0]}
            )
            continue
        if not is_active:
            errors.append(
                _("Baris %(line)d: NIP %(nip)s bukan pegawai aktif SKPD ini.")
                % {"line": line, "nip": nip}
            )
        else:
            chosen.add(pk)
    return sorted(chosen), errors


MAX_PARTICIPANT_FILE = 2 * 1024 * 1024
# The largest SKPD's pegawai with room for a title row and blank lines.
MAX_PARTICIPANT_ROWS = 3000
