import datetime

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.rules import own_pegawai, rule_required
from bookings import open_week, selectors, services
from bookings.calendar import booking_ics, coach_feed
from bookings.forms import AttendanceForm, BookingForm, DraftForm, PublishForm, TopicForm
from bookings.models import Booking, CalendarFeed, Place, Slot
from bookings.rules import owns_booking, visible_bookings
from core import dates, whatsapp
from core.downloads import uploaded_file_response
from core.paging import page_of
from core.uploads import MEDIA_TYPES


def _own_pegawai(request):
    pegawai = own_pegawai(request.user)
    if pegawai is None:
        raise PermissionDenied
    return pegawai


def _week_from(request) -> datetime.date:
    """The Monday of the week asked for with ?minggu=YYYY-MM-DD, this week by default."""
    return selectors.week_start(dates.date_param(request, "minggu") or timezone.localdate())


# The ASN ---------------------------------------------------------------------------------


def _coach_param(request) -> int | None:
    value = request.GET.get("coach", "")
    return int(value) if value.isdecimal() else None


def _asked_week(request) -> dict:
    """The week of open slots asked for with ?minggu=, ?hari= (a day of a long week) and
    ?coach=."""
    return {
        "asked_week": dates.date_param(request, "minggu"),
        "asked_day": dates.date_param(request, "hari"),
        "coach_id": _coach_param(request),
    }


@rule_required("bookings.book")
def open_slots(request):
    """The week to book from, kept drawn for the ASNs who look at it in the same minute
    (bookings.open_week.kept_key); worked out only when it is drawn."""
    pegawai = _own_pegawai(request)
    asked = _asked_week(request)
    waited = selectors.waited_slots(pegawai, now=timezone.now())
    context = {
        "calendar": SimpleLazyObject(
            lambda: open_week.week_calendar(waited=waited, mode=open_week.BOOK, **asked)
        ),
        "body_key": open_week.kept_key(waited=waited, **asked),
        "cache_seconds": open_week.KEPT_SECONDS,
        "active": selectors.active_booking_start(pegawai),
    }
    return render(request, "bookings/open_slots.html", context)


def _bookable_slot(pk: int) -> Slot:
    return get_object_or_404(
        Slot.objects.select_related("place", "coach__pegawai"), pk=pk, is_cancelled=False
    )


@rule_required("bookings.book")
def book(request, slot_pk: int):
    pegawai = _own_pegawai(request)
    form = BookingForm(
        request.POST or None,
        request.FILES or None,
        skps=selectors.own_skps(pegawai),
        initial={"jenjang": pegawai.jenjang},
    )
    if request.method == "POST" and form.is_valid():
        # The service reads the slot under its lock; the page below reads it only to be shown
        # again (a cancelled or unknown slot answers 404 there, as before the form).
        try:
            booking = services.book_slot(
                pegawai=pegawai,
                slot_id=slot_pk,
                jenjang=form.cleaned_data["jenjang"],
                topic=form.cleaned_data["topic"],
                draft=form.cleaned_data["draft"] or None,
                skp_id=form.cleaned_data.get("skp"),
            )
        except Slot.DoesNotExist:
            raise Http404 from None
        except services.BookingError as error:
            if error.code == "full":
                messages.warning(request, str(error))
                return redirect("bookings:waitlist_join", slot_pk=slot_pk)
            form.add_error("draft" if error.code == "draft" else None, str(error))
        else:
            messages.success(request, _("Jadwal coaching Anda tercatat."))
            return redirect("bookings:booking_detail", pk=booking.pk)
    context = {
        "slot": _bookable_slot(slot_pk),
        "form": form,
        "active": selectors.active_booking(pegawai),
    }
    return render(request, "bookings/book.html", context)


@rule_required("bookings.book")
def waitlist_join(request, slot_pk: int):
    pegawai = _own_pegawai(request)
    slot = _bookable_slot(slot_pk)
    active = selectors.active_booking(pegawai)
    if active is not None:
        # Said before the form, not after it was filled in: one active booking per ASN.
        return render(request, "bookings/waitlist_join.html", {"slot": slot, "active": active})
    form = TopicForm(request.POST or None, initial={"jenjang": pegawai.jenjang})
    if request.method == "POST" and form.is_valid():
        try:
            services.join_waitlist(pegawai=pegawai, slot_id=slot.pk, **form.cleaned_data)
        except services.BookingError as error:
            if error.code == "open":
                messages.info(request, str(error))
                return redirect("bookings:book", slot_pk=slot.pk)
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Anda masuk daftar tunggu. Bila ada tempat kosong, jadwalnya otomatis "
                    "menjadi milik Anda dan Anda menerima e-mail."
                ),
            )
            return redirect("bookings:my_bookings")
    return render(request, "bookings/waitlist_join.html", {"slot": slot, "form": form})


@rule_required("bookings.book")
@require_POST
def waitlist_leave(request, pk: int):
    pegawai = _own_pegawai(request)
    get_object_or_404(pegawai.waitlist, pk=pk)
    services.leave_waitlist(pegawai=pegawai, entry_id=pk)
    messages.success(request, _("Anda keluar dari daftar tunggu."))
    return redirect("bookings:my_bookings")


@rule_required("bookings.book")
def my_bookings(request):
    pegawai = _own_pegawai(request)
    context = {
        "bookings": selectors.bookings_of(pegawai)[:50],
        "waiting": selectors.waitlist_of(pegawai),
    }
    return render(request, "bookings/my_bookings.html", context)


def _visible_booking_or_404(request, pk: int) -> Booking:
    return get_object_or_404(
        visible_bookings(request.user).select_related(
            "slot__place", "slot__coach__pegawai", "pegawai__skpd", "pegawai__user"
        ),
        pk=pk,
    )


@login_required
def booking_detail(request, pk: int):
    booking = _visible_booking_or_404(request, pk)
    now = timezone.now()
    owner = owns_booking(request.user, booking)
    context = {
        "booking": booking,
        "owner": owner,
        "can_change": owner and booking.is_active and now < services.changes_close_at(booking.slot),
        "change_closes": services.changes_close_at(booking.slot),
        "can_record": booking.is_active
        and now >= booking.slot.start
        and rules.has_perm("bookings.record_attendance", request.user, booking),
        "attendance_form": AttendanceForm(),
        # The draft may follow ("boleh menyusul") until changes close before the session.
        "draft_form": DraftForm()
        if owner and booking.is_active and now < services.changes_close_at(booking.slot)
        else None,
        "timeline": selectors.booking_timeline(booking),
        # The ASN forwards its confirmation (to itself, its superior, a colleague).
        "whatsapp": whatsapp.share_url(
            _("Jadwal coaching SKP saya di BKPSDM: %(when)s, %(place)s, dengan %(coach)s.")
            % {
                "when": dates.day_and_hours(booking.slot.start, booking.slot.end),
                "place": booking.slot.place,
                "coach": booking.slot.coach.display_name,
            }
        )
        if owner and booking.is_active
        else "",
    }
    return render(request, "bookings/booking_detail.html", context)


@login_required
def booking_cancel(request, pk: int):
    booking = _visible_booking_or_404(request, pk)
    if not owns_booking(request.user, booking):
        raise Http404
    if request.method == "POST":
        try:
            services.cancel_booking(pegawai=booking.pegawai, booking_id=booking.pk)
        except services.BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Jadwal coaching Anda dibatalkan."))
        return redirect("bookings:booking_detail", pk=booking.pk)
    return render(request, "bookings/booking_cancel.html", {"booking": booking})


@login_required
def booking_reschedule(request, pk: int):
    booking = _visible_booking_or_404(request, pk)
    if not owns_booking(request.user, booking):
        raise Http404
    if request.method == "POST":
        try:
            new_slot = int(request.POST.get("slot", ""))
            new = services.reschedule_booking(
                pegawai=booking.pegawai, booking_id=booking.pk, new_slot_id=new_slot
            )
        except (ValueError, Slot.DoesNotExist):
            messages.error(request, _("Pilih salah satu slot yang tersedia."))
        except services.BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Jadwal coaching Anda dipindahkan."))
            return redirect("bookings:booking_detail", pk=new.pk)
    if not booking.is_active:
        messages.info(
            request, _("Jadwal ini tidak aktif lagi; pilih jadwal baru dari jadwal coaching.")
        )
        return redirect("bookings:booking_detail", pk=booking.pk)
    context = {
        "calendar": open_week.week_calendar(
            waited=frozenset(),  # a full slot is only "Penuh" to move to
            mode=open_week.RESCHEDULE,
            exclude_slot_id=booking.slot_id,
            **_asked_week(request),
        ),
        "booking": booking,
    }
    return render(request, "bookings/booking_reschedule.html", context)


@rule_required("bookings.book")
@require_POST
def booking_draft_attach(request, pk: int):
    pegawai = _own_pegawai(request)
    booking = get_object_or_404(Booking, pk=pk, pegawai=pegawai)
    form = DraftForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas draf SKP (.xlsx, .docx atau .pdf)."))
    else:
        try:
            services.attach_draft(
                pegawai=pegawai, booking_id=booking.pk, draft=form.cleaned_data["draft"]
            )
        except services.BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Draf SKP dilampirkan; coach dapat membacanya."))
    return redirect("bookings:booking_detail", pk=booking.pk)


@login_required
def booking_ics_download(request, pk: int):
    booking = _visible_booking_or_404(request, pk)
    response = HttpResponse(booking_ics(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="coaching-skp-{booking.pk}.ics"'
    return response


@login_required
def booking_draft(request, pk: int):
    booking = _visible_booking_or_404(request, pk)
    if not booking.draft:
        raise Http404
    extension = booking.draft.name.rsplit(".", 1)[-1]
    return uploaded_file_response(
        booking.draft,
        f"draf-skp-{booking.pegawai.nip}.{extension}",
        MEDIA_TYPES.get(extension, "application/octet-stream"),
    )


# The coaching team --------------------------------------------------------------------------


@rule_required("bookings.view_agenda")
def agenda(request):
    view = "hari" if request.GET.get("tampilan") == "hari" else "minggu"
    day = dates.date_param(request, "tanggal") or timezone.localdate()
    first_day, last_day = (
        (day, day)
        if view == "hari"
        else (selectors.week_start(day), selectors.week_start(day) + datetime.timedelta(days=6))
    )
    coaches = rules.has_perm("bookings.manage_slots", request.user)
    # The heads read the team's agenda; a coach its own, or the team's on asking.
    everyone = request.GET.get("semua") == "1" or not coaches
    span = {
        "first_day": first_day,
        "last_day": last_day,
        "coach": None if everyone else request.user,
    }
    by_day = {}
    for visit in selectors.scheduled_visits(**span):
        by_day.setdefault(timezone.localdate(visit.start), []).append(("visit", visit))
    for slot in selectors.agenda(**span):
        by_day.setdefault(timezone.localdate(slot.start), []).append(("slot", slot))
    for entries in by_day.values():
        entries.sort(key=lambda entry: entry[1].start)  # a day in the order of its hours
    step = datetime.timedelta(days=1 if view == "hari" else 7)
    context = {
        "view": view,
        "day": day,
        "first_day": first_day,
        "last_day": last_day,
        "days": sorted(by_day.items()),
        "everyone": everyone,
        "can_publish": coaches,
        "now": timezone.now(),
        "feed": CalendarFeed.objects.filter(coach=request.user).first() if coaches else None,
        "feed_made": request.GET.get("kalender") == "1",
        "previous": day - step,
        "following": day + step,
    }
    return render(request, "bookings/agenda.html", context)


@rule_required("bookings.manage_slots")
def publish(request):
    today = timezone.localdate()
    next_monday = selectors.week_start(today) + datetime.timedelta(days=7)
    initial = {
        "first_day": next_monday,
        "last_day": next_monday + datetime.timedelta(days=4),
        "place": Place.objects.filter(is_default=True).first(),
    }
    form = PublishForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.publish_slots(coach=request.user, **form.cleaned_data)
        except services.BookingError as error:
            form.add_error(None, str(error))
            return render(request, "bookings/publish.html", {"form": form})
        messages.success(
            request,
            _(
                "%(created)d slot diterbitkan. Dilewati: %(closed)d hari tutup, %(taken)d "
                "waktu yang sudah terisi jadwal Anda."
            )
            % {
                "created": result.created,
                "closed": result.skipped_closed,
                "taken": result.skipped_taken,
            },
        )
        first_day = form.cleaned_data["first_day"]
        return redirect(f"{reverse('bookings:agenda')}?tanggal={first_day:%Y-%m-%d}")
    return render(request, "bookings/publish.html", {"form": form})


@login_required
@require_POST
def record_attendance(request, pk: int):
    booking = _visible_booking_or_404(request, pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih hadir atau tidak hadir."))
        return redirect("bookings:booking_detail", pk=booking.pk)
    try:
        services.record_attendance(
            actor=request.user,
            booking_id=booking.pk,
            attended=form.cleaned_data["attended"],
            notes=form.cleaned_data["notes"],
        )
    except services.BookingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Kehadiran dicatat."))
    return redirect("bookings:booking_detail", pk=booking.pk)


def calendar_feed(request, token: str):
    """A coach's calendar subscription, read by its phone without a login: the secret
    address is the key. A wrong or replaced address, or a coach no longer on the team: 404."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("coach"), token=token, coach__is_active=True
    )
    if not rules.has_perm("bookings.view_agenda", feed.coach):
        raise Http404
    response = HttpResponse(coach_feed(feed.coach), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="coaching-skp.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@rule_required("bookings.manage_slots")
@require_POST
def calendar_feed_reset(request):
    """Make the coach's calendar address, or a new one in place of the old."""
    had_one = CalendarFeed.objects.filter(coach=request.user).exists()
    services.calendar_feed(request.user, reset=True)
    if had_one:
        messages.success(
            request,
            _(
                "Alamat kalender yang baru sudah dibuat; alamat lama tidak berlaku lagi. "
                "Tambahkan alamat baru di kalender ponsel Anda."
            ),
        )
    else:
        messages.success(
            request, _("Alamat langganan kalender sudah dibuat: tambahkan di kalender ponsel Anda.")
        )
    return redirect(reverse("bookings:agenda") + "?kalender=1")


@rule_required("bookings.manage_slots")
@require_POST
def slot_cancel(request, pk: int):
    """A coach takes back one of its own slots from the agenda (another's: 404)."""
    slots = Slot.objects.all() if request.user.is_superuser else request.user.slots.all()
    slot = get_object_or_404(slots, pk=pk)
    back = reverse("bookings:agenda") + (
        f"?tampilan=hari&tanggal={timezone.localdate(slot.start):%Y-%m-%d}"
    )
    try:
        told = services.withdraw_slot(
            actor=request.user, slot_id=slot.pk, reason=request.POST.get("reason", "")[:500]
        )
    except services.BookingError as error:
        messages.error(request, str(error))
        return redirect(back)
    if told:
        messages.success(
            request,
            _("Sesi dibatalkan; %(count)d ASN diberi tahu lewat e-mail.") % {"count": told},
        )
    else:
        messages.success(request, _("Slot kosong ditarik dari jadwal."))
    return redirect(back)


@rule_required("bookings.view_agenda")
def no_shows(request):
    """Who did not come to a booked session, month by month (the team sees it; a coach
    follows up)."""
    month = (dates.date_param(request, "bulan") or timezone.localdate()).replace(day=1)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    context = {
        "month": month,
        "previous": previous,
        "following": following if following <= timezone.localdate() else None,
        "page": page_of(request, selectors.no_shows(month)),
    }
    return render(request, "bookings/no_shows.html", context)
