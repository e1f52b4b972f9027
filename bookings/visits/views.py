"""Pages of the SKPD request letters, the disposition and the on-site session."""

import datetime

import rules
import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Jenjang, Role, Skpd, User
from accounts.notifications import mark_read
from accounts.rules import is_bkpsdm_staff, rule_required
from bookings import selectors
from bookings import services as booking_services
from bookings.models import (
    Booking,
    BookingStatus,
    CoachingSession,
    RequestStatus,
    SessionKind,
    SkpdRequest,
)
from bookings.rules import visible_requests
from bookings.visits import checkin
from bookings.visits import services as visits
from bookings.visits.availability import team_days
from bookings.visits.forms import (
    AcceptForm,
    MoveForm,
    NoteForm,
    ParticipantImportForm,
    RequestForm,
)
from core import dates, whatsapp
from core.downloads import issued_pdf_response, uploaded_file_response
from core.filters import ListFilterForm
from core.mail import absolute_url
from core.paging import page_of
from core.uploads import MEDIA_TYPES


def _request_or_404(request, pk: int) -> SkpdRequest:
    return get_object_or_404(
        visible_requests(request.user).select_related("skpd", "submitted_by__pegawai"), pk=pk
    )


def _team() -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True, roleassignment__role__in=[Role.TIM_COACHING, Role.KEPALA_BIDANG]
        )
        .select_related("pegawai")
        .distinct()
        .order_by("pegawai__name")
    )


@rule_required("bookings.list_requests")
def request_list(request):
    status = request.GET.get("status")
    if status is None and rules.has_perm("bookings.dispose_request", request.user):
        status = RequestStatus.SUBMITTED  # the Kepala's inbox: what waits for a decision
    status = status or ""
    queryset = visible_requests(request.user).select_related("skpd", "session")
    if status in RequestStatus.values:
        queryset = queryset.filter(status=status)
    if is_bkpsdm_staff(request.user):
        skpds = Skpd.objects.order_by("name")
    elif len(request.user.kasubag_skpd_ids) > 1:
        skpds = Skpd.objects.filter(pk__in=request.user.kasubag_skpd_ids).order_by("name")
    else:  # a Kasubag of one SKPD: there is nothing to choose
        skpds = None
    filters = ListFilterForm(
        request.GET or None, skpds=skpds, search_help=_("SKPD, nomor atau perihal surat")
    )
    queryset = filters.apply(
        queryset,
        text=["skpd__name", "letter_number", "subject"],
        skpd="skpd",
        day="proposed_date_1",
    )
    # A second active request of the same SKPD for the same month is flagged to the Kepala.
    same_period = SkpdRequest.objects.filter(
        skpd_id=OuterRef("skpd_id"),
        status__in=selectors.ACTIVE_REQUESTS,
        proposed_date_1__year=OuterRef("proposed_date_1__year"),
        proposed_date_1__month=OuterRef("proposed_date_1__month"),
    ).exclude(pk=OuterRef("pk"))
    queryset = queryset.annotate(duplicate=Exists(same_period))
    order = "submitted_at" if status == RequestStatus.SUBMITTED else "-submitted_at"
    context = {
        "page": page_of(request, queryset.order_by(order, "pk")),
        "status": status,
        "statuses": RequestStatus.choices,
        "filters": filters,
        "now": timezone.now(),
        "can_submit": bool(request.user.kasubag_skpd_ids),
    }
    return render(request, "bookings/request_list.html", context)


@login_required
def request_new(request):
    skpd_ids = request.user.kasubag_skpd_ids
    if not skpd_ids:
        raise PermissionDenied
    skpd = Skpd.objects.filter(pk__in=skpd_ids).order_by("name").first()
    form = RequestForm(request.POST or None, request.FILES or None, skpd=skpd)
    if request.method == "POST" and form.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in ("letter_file", "confirm_same_month")
        }
        try:
            created = visits.submit_request(
                actor=request.user, skpd=skpd, letter_file=form.cleaned_data["letter_file"], **data
            )
        except visits.RequestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Surat permohonan terkirim ke Kepala BKPSDM."))
            return redirect("bookings:request_detail", pk=created.pk)
    return render(request, "bookings/request_form.html", _form_context(request, form, skpd))


def _form_context(request, form, skpd, **extra) -> dict:
    """The letter form; after a refused submission, a chosen PDF has to be chosen again
    (a browser cannot keep a file across pages), and the page says so."""
    letter_lost = request.method == "POST" and "letter_file" in request.FILES
    return {"form": form, "skpd": skpd, "letter_lost": letter_lost, **extra}


@login_required
def request_edit(request, pk: int):
    skpd_request = _request_or_404(request, pk)
    if not visits.may(request.user, skpd_request, "resubmit"):
        raise PermissionDenied
    form = RequestForm(
        request.POST or None,
        request.FILES or None,
        instance=skpd_request,
        skpd=skpd_request.skpd,
    )
    if request.method == "POST" and form.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in ("letter_file", "confirm_same_month")
        }
        try:
            visits.resubmit_request(
                actor=request.user,
                request_id=skpd_request.pk,
                # Only a file sent with this form replaces the letter.
                letter_file=form.cleaned_data["letter_file"]
                if "letter_file" in request.FILES
                else None,
                **data,
            )
        except visits.RequestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Permohonan diajukan kembali."))
            return redirect("bookings:request_detail", pk=skpd_request.pk)
    return render(
        request,
        "bookings/request_form.html",
        _form_context(request, form, skpd_request.skpd, editing=skpd_request),
    )


@login_required
def request_detail(request, pk: int):
    return _detail_page(request, _request_or_404(request, pk))


def _detail_page(request, skpd_request: SkpdRequest, forms=None, status=200):
    """The request's page; ``forms`` are the bound forms of a refused decision, shown again
    with all that was typed."""
    forms = forms or {}
    session = CoachingSession.objects.filter(skpd_request=skpd_request).first()
    can = {name: visits.may(request.user, skpd_request, name) for name in visits.TRANSITIONS}
    participants = (
        list(session.attendance.select_related("pegawai").order_by("pegawai__name"))
        if session
        else []
    )
    same_period = selectors.same_month_requests(
        skpd_request.skpd_id, skpd_request.proposed_date_1, exclude_pk=skpd_request.pk
    ).exists()
    chosen = dates.date_param(request, "tanggal")  # a date taken from the team calendar
    accept_form = forms.get("accept") or AcceptForm(
        team=_team(),
        initial={
            "date": chosen or skpd_request.proposed_date_1,
            "venue": _("Aula %(skpd)s") % {"skpd": skpd_request.skpd.name},
        },
    )
    move_form = forms.get("move") or MoveForm(
        initial={
            "date": chosen or (session and timezone.localdate(session.start)),
            "start_time": session and timezone.localtime(session.start).time(),
            "end_time": session and timezone.localtime(session.end).time(),
            "venue": session and session.place,
        }
    )
    context = {
        "req": skpd_request,
        "session": session,
        "can": can,
        "dispositions": skpd_request.dispositions.select_related(
            "decided_by__pegawai"
        ).prefetch_related("coaches__pegawai"),
        "timeline": skpd_request.history.select_related("history_user__pegawai").order_by(
            "history_date"
        ),
        "accept_form": accept_form,
        "move_form": move_form,
        "note_form": forms.get("note") or NoteForm(),
        "import_form": ParticipantImportForm(),
        "participants": participants,
        "chosen_ids": {a.pegawai_id for a in participants},
        "same_period": same_period,
        "can_edit_participants": visits.participants_editable(skpd_request, session)
        and rules.has_perm("bookings.edit_request", request.user, skpd_request),
        "skpd_pegawai": skpd_request.skpd.pegawai.filter(is_active=True).order_by("name"),
        "jenjang_choices": Jenjang.choices,
        "whatsapp": _visit_notice(skpd_request, session)
        if session and skpd_request.status == RequestStatus.SCHEDULED
        else "",
    }
    if can["accept"]:
        context["calendar"] = _calendar(skpd_request, accept_form)
    elif can["move"]:
        context["calendar"] = _calendar(skpd_request, move_form, session)
    return render(request, "bookings/request_detail.html", context, status=status)


def _visit_notice(skpd_request: SkpdRequest, session: CoachingSession) -> str:
    """The visit's notice for the SKPD's WhatsApp group, as the Kasubag would forward it."""
    return whatsapp.share_url(
        _(
            "Coaching Clinic penyusunan SKP oleh BKPSDM di %(skpd)s: %(when)s, %(venue)s. "
            "Peserta yang terdaftar mohon hadir tepat waktu dan membawa draf SKP atau "
            "Perjanjian Kinerja atasan; kehadiran dicatat dengan memindai kode QR di lokasi."
        )
        % {
            "skpd": skpd_request.skpd.name,
            "when": dates.day_and_hours(session.start, session.end),
            "venue": session.place,
        }
    )


def _calendar(skpd_request, form, session=None) -> list:
    """The team's commitments on each proposed date and the date being chosen, at the hours
    in the form (as typed, or its initial values)."""

    def value(name):
        if form.is_bound:
            return form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        return form.initial.get(name) or form.fields[name].initial

    days = list(skpd_request.proposed_dates)
    if value("date"):
        days.append(value("date"))
    start, end = value("start_time"), value("end_time")
    if not (start and end and end > start):
        start, end = datetime.time(8, 30), datetime.time(12, 0)
    coaches = list(session.coaches.select_related("pegawai") if session else _team())
    return team_days(coaches, days, start, end, session_id=session and session.pk)


# The buttons of the detail page and the transition each one asks for.
DECISIONS = {
    "accept": "accept",
    "return": "return",
    "decline": "decline",
    "held": "mark_held",
    "move": "move",
    "cancel": "cancel",
    "withdraw": "withdraw",
}


@login_required
@require_POST
def request_decide(request, pk: int, decision: str):
    skpd_request = _request_or_404(request, pk)
    if decision not in DECISIONS:
        raise Http404
    # A role that may never take this step is refused outright; one that may, but not in
    # the request's present state, is told why by the transition itself.
    permission = visits.TRANSITIONS[DECISIONS[decision]].permission
    if not rules.has_perm(permission, request.user, skpd_request):
        raise PermissionDenied
    form = None
    try:
        if decision in ("accept", "move"):
            form = (
                AcceptForm(request.POST, team=_team())
                if decision == "accept"
                else MoveForm(request.POST)
            )
            if not form.is_valid():
                raise visits.RequestError(
                    _("Belum tersimpan: %(errors)s")
                    % {"errors": " ".join(e for errors in form.errors.values() for e in errors)}
                )
            start, end = form.span()
            if decision == "accept":
                visits.accept_request(
                    actor=request.user,
                    request_id=pk,
                    coaches=list(form.cleaned_data["coaches"]),
                    start=start,
                    end=end,
                    venue=form.cleaned_data["venue"],
                    instruction=form.cleaned_data["instruction"],
                )
                messages.success(
                    request,
                    _("Permohonan diterima dan dijadwalkan; Kasubag dan coach diberi tahu."),
                )
            else:
                visits.move_visit(
                    actor=request.user,
                    request_id=pk,
                    start=start,
                    end=end,
                    venue=form.cleaned_data["venue"],
                    reason=form.cleaned_data["reason"],
                )
                messages.success(
                    request,
                    _("Jadwal dipindahkan; coach, Kasubag dan peserta diberi tahu."),
                )
        elif decision in ("return", "decline", "cancel"):
            form = NoteForm(request.POST)
            if not form.is_valid():
                raise visits.RequestError(" ".join(form.errors["note"]))
            note = form.cleaned_data["note"]
            if decision == "return":
                visits.return_request(actor=request.user, request_id=pk, instruction=note)
                messages.success(request, _("Permohonan dikembalikan untuk perbaikan."))
            elif decision == "decline":
                visits.decline_request(actor=request.user, request_id=pk, reason=note)
                messages.success(request, _("Permohonan ditolak; Kasubag diberi tahu."))
            else:
                visits.cancel_visit(actor=request.user, request_id=pk, reason=note)
                messages.success(
                    request,
                    _("Coaching Clinic dibatalkan; coach, Kasubag dan peserta diberi tahu."),
                )
        elif decision == "withdraw":
            visits.withdraw_request(actor=request.user, request_id=pk)
            messages.success(request, _("Permohonan ditarik kembali."))
        elif decision == "held":
            visits.mark_held(actor=request.user, request_id=pk)
            messages.success(request, _("Coaching Clinic tercatat sudah dilaksanakan."))
    except visits.RequestError as error:
        messages.error(request, str(error))
        if form is not None:
            # Everything typed stays on the page, beside the message naming what clashed.
            key = decision if decision in ("accept", "move") else "note"
            return _detail_page(request, skpd_request, {key: form}, status=400)
    else:
        # Dealt with: the decider's notifications about this letter are read.
        mark_read(request.user, link=reverse("bookings:request_detail", args=[pk]))
    return redirect("bookings:request_detail", pk=skpd_request.pk)


@login_required
def request_letter(request, pk: int):
    skpd_request = _request_or_404(request, pk)
    return uploaded_file_response(
        skpd_request.letter_file, f"surat-permohonan-{skpd_request.pk}.pdf", MEDIA_TYPES["pdf"]
    )


@login_required
def disposition_sheet(request, pk: int):
    skpd_request = _request_or_404(request, pk)
    return issued_pdf_response(
        request,
        "DISPOSISI",
        {"pk": skpd_request.pk},
        f"lembar-disposisi-{skpd_request.pk}.pdf",
        inline=True,
    )


@login_required
@require_POST
def participants(request, pk: int):
    skpd_request = _request_or_404(request, pk)
    if not rules.has_perm("bookings.edit_request", request.user, skpd_request):
        raise PermissionDenied
    if "file" in request.FILES:
        form = ParticipantImportForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Pilih berkas daftar NIP."))
            return redirect("bookings:request_detail", pk=pk)
        chosen, errors = visits.read_participant_file(form.cleaned_data["file"], skpd_request)
        if errors:
            messages.error(
                request, _("Daftar tidak diimpor; tidak ada yang berubah. ") + " ".join(errors[:50])
            )
            return redirect("bookings:request_detail", pk=pk)
        # Added to those already listed who still work in this SKPD.
        current = set(
            skpd_request.session.attendance.filter(
                pegawai__skpd_id=skpd_request.skpd_id, pegawai__is_active=True
            ).values_list("pegawai_id", flat=True)
        )
        chosen = sorted(current | set(chosen))
    else:
        try:
            chosen = sorted({int(value) for value in request.POST.getlist("pegawai")})
        except ValueError:
            messages.error(request, _("Pilihan peserta tidak valid."))
            return redirect("bookings:request_detail", pk=pk)
    try:
        count = visits.set_participants(actor=request.user, request_id=pk, pegawai_ids=chosen)
    except visits.RequestError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Daftar peserta disimpan: %(count)d orang.") % {"count": count})
    return redirect("bookings:request_detail", pk=pk)


@login_required
def session_detail(request, pk: int):
    session = get_object_or_404(
        CoachingSession.objects.filter(kind=SessionKind.SKPD).select_related("skpd_request__skpd"),
        pk=pk,
    )
    _request_or_404(request, session.skpd_request_id)  # who may see the request sees its session
    can_record = rules.has_perm("bookings.hold_session", request.user, session.skpd_request)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied

        def ids(name):
            return {int(v) for v in request.POST.getlist(name) if v.isdigit()}

        present, shown, seen = ids("present"), ids("shown"), ids("seen_checkin")
        # Typed text only: a NUL character (which no keyboard types) cannot be stored by
        # PostgreSQL and would end the request in an error.
        notes = {
            block.pk: request.POST.get(f"block-{block.pk}", block.notes).replace("\x00", "")[:4000]
            for block in session.blocks.all()
        }
        try:
            visits.record_session(
                actor=request.user,
                session_id=session.pk,
                present_ids=present,
                shown_ids=shown,
                block_notes=notes,
                seen_checkin_ids=seen,
            )
        except visits.RequestError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Kehadiran dan catatan sesi disimpan."))
        return redirect("bookings:session_detail", pk=session.pk)
    scheduled = session.skpd_request.status == RequestStatus.SCHEDULED
    context = {
        "session": session,
        "req": session.skpd_request,
        "blocks": session.blocks.all(),
        "attendance": session.attendance.select_related("pegawai__skpd").order_by(
            "walk_in", "pegawai__name"
        ),
        "coaches": session.coaches.select_related("pegawai"),
        "can_record": can_record and scheduled and timezone.now() >= session.start,
        "started": timezone.now() >= session.start,
        "can_hold": visits.may(request.user, session.skpd_request, "mark_held")
        and timezone.now() >= session.start,
        # The coaches show the QR while the visit is scheduled (and may print it before).
        "checkin": _checkin_context(session) if can_record and scheduled else None,
    }
    return render(request, "bookings/session_detail.html", context)


def _checkin_context(session: CoachingSession) -> dict:
    url = absolute_url(reverse("bookings:check_in", args=[checkin.ensure_code(session)]))
    opens, closes = checkin.window(session)
    return {
        "url": url,
        "qr": segno.make(url, error="m").svg_data_uri(scale=6, border=2),
        "opens": opens,
        "closes": closes,
        "is_open": checkin.is_open(session),
    }


def _session_for_coach(request, pk: int) -> CoachingSession:
    """An SKPD session that ``request.user`` coaches (or may record): 404 for a session it
    may not see, 403 for one it may see but not hold."""
    session = get_object_or_404(
        CoachingSession.objects.filter(kind=SessionKind.SKPD).select_related("skpd_request__skpd"),
        pk=pk,
    )
    _request_or_404(request, session.skpd_request_id)
    if not rules.has_perm("bookings.hold_session", request.user, session.skpd_request):
        raise PermissionDenied
    return session


@login_required
def check_in_poster(request, pk: int):
    """The session's QR on a page of its own, to show on a screen or print for the venue."""
    session = _session_for_coach(request, pk)
    if session.skpd_request.status != RequestStatus.SCHEDULED:
        raise Http404
    return render(
        request,
        "bookings/check_in_poster.html",
        {"session": session, "req": session.skpd_request, "checkin": _checkin_context(session)},
    )


@login_required
@require_POST
def check_in_other_skpd(request, pk: int):
    session = _session_for_coach(request, pk)
    allow = request.POST.get("allow") == "1"
    try:
        checkin.allow_other_skpd(actor=request.user, session=session, allow=allow)
    except checkin.CheckInError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Pegawai SKPD lain kini dapat check-in sebagai peserta tambahan.")
            if allow
            else _("Check-in kembali hanya untuk pegawai %(skpd)s.")
            % {"skpd": session.skpd_request.skpd.name},
        )
    return redirect(reverse("bookings:session_detail", args=[session.pk]) + "#check-in")


@login_required
def check_in(request, code: str):
    """The page a participant's phone opens from the session's QR: one small page, a button
    to check in, and what happened."""
    session = get_object_or_404(
        CoachingSession.objects.filter(kind=SessionKind.SKPD).select_related("skpd_request__skpd"),
        checkin_code=code,
    )
    if request.method == "POST":
        try:
            result = checkin.check_in(user=request.user, code=code)
        except checkin.CheckInError as error:
            messages.error(request, str(error))
        else:
            at = f"{timezone.localtime(result.attendance.checked_in_at):%H.%M}"
            if result.already:
                messages.info(
                    request, _("Anda sudah tercatat hadir pukul %(time)s WITA.") % {"time": at}
                )
            elif result.attendance.walk_in:
                messages.success(
                    request,
                    _(
                        "Anda tercatat hadir pukul %(time)s WITA sebagai peserta tambahan; "
                        "coach akan mengonfirmasi."
                    )
                    % {"time": at},
                )
            else:
                messages.success(
                    request,
                    _("Terima kasih, Anda tercatat hadir pukul %(time)s WITA.") % {"time": at},
                )
        return redirect("bookings:check_in", code=code)
    pegawai = getattr(request.user, "pegawai", None)
    mine = session.attendance.filter(pegawai=pegawai).first() if pegawai else None
    now = timezone.now()
    context = {
        "session": session,
        "skpd": session.skpd_request.skpd,
        "pegawai": pegawai,
        "attendance": mine,
        "is_open": checkin.is_open(session, now),
        "closed_reason": ""
        if checkin.is_open(session, now)
        else checkin.closed_reason(session, now),
    }
    return render(request, "bookings/check_in.html", context)


@rule_required("bookings.dispose_request")
@require_POST
def move_booking_aside(request, pk: int, slot_pk: int):
    """From the disposition page: the ASN booked with a coach the visit needs is moved to
    the earliest open slot after it (and told), so the coach can be assigned."""
    skpd_request = _request_or_404(request, pk)
    bookings = Booking.objects.filter(slot_id=slot_pk, status=BookingStatus.BOOKED)
    back = reverse("bookings:request_detail", args=[pk])
    day = request.POST.get("tanggal", "")
    moved = []
    try:
        for booking in bookings:
            moved.append(
                booking_services.move_booking_aside(
                    actor=request.user,
                    booking_id=booking.pk,
                    reason=_("coach bertugas ke Coaching Clinic %(skpd)s")
                    % {"skpd": skpd_request.skpd.name},
                )
            )
    except booking_services.BookingError as error:
        messages.error(request, str(error))
    for new in moved:
        messages.success(
            request,
            _("Sesi %(asn)s dipindahkan ke %(when)s; ASN diberi tahu.")
            % {"asn": new.pegawai.name, "when": dates.day_and_time(new.slot.start)},
        )
    return redirect(f"{back}?tanggal={day}#disposisi" if day else f"{back}#disposisi")


@login_required
def attendance_sheet(request, pk: int):
    """The printable daftar hadir of a scheduled or held visit, for whoever may open the
    request (the staff and the SKPD's Kasubag)."""
    skpd_request = _request_or_404(request, pk)
    session = skpd_request.scheduled_session
    if session is None:
        raise Http404
    return issued_pdf_response(
        request, "HADIR", {"pk": session.pk}, f"daftar-hadir-{skpd_request.pk}.pdf", inline=True
    )
