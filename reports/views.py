"""Pages of the session reports, the monthly recaps, the evaluation minutes and the
monitoring dashboard. Views parse the request, ask rules.py, call one service or selector,
and render."""

import datetime

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role, Skpd, User
from accounts.rules import rule_required
from bookings.models import CoachingSession, SessionKind
from core import kept_bodies
from core.downloads import issued_pdf_response, xlsx_response
from core.filters import ListFilterForm
from core.paging import page_of
from reports import charts, dashboard, excel, pdf, selectors, services
from reports.forms import (
    ActionForm,
    DashboardFilterForm,
    MeetingForm,
    MinutesForm,
    MonthField,
    PhotoForm,
    RecapForm,
    RecapStartForm,
    ReportForm,
    ReturnForm,
    ReviewForm,
)
from reports.models import EvaluationMeeting, MonthlyRecap, ReportPhoto, ReportStatus
from reports.rules import (
    dashboard_skpd_ids,
    reportable_sessions,
    visible_meetings,
    visible_recaps,
    visible_reports,
)

# Session reports ---------------------------------------------------------------------------


def _report_or_404(request, pk: int):
    report = selectors.report_of(visible_reports(request.user), pk)
    if report is None:
        raise Http404
    return report


def _require(request, permission: str, target=None) -> None:
    """A reader who may never take this step (whatever the object's state) gets 403; a step
    refused because of the state gets a message from the service instead."""
    if not rules.has_perm(permission, request.user, target):
        raise PermissionDenied


@rule_required("reports.list_reports")
def report_list(request):
    state = request.GET.get("status")
    if state is None and rules.has_perm("reports.decide_report", request.user):
        state = ReportStatus.SUBMITTED  # the Kepala Bidang's inbox: what waits for her
    state = state or ""
    filters = ListFilterForm(
        request.GET or None,
        skpds=Skpd.objects.order_by("name"),
        search_help=_("SKPD atau nama peserta"),
    )
    sessions = filters.apply(
        selectors.sessions_for_reports(reportable_sessions(request.user), state=state),
        text=["skpd_request__skpd__name", "booking__pegawai__name"],
        skpd=["skpd_request__skpd", "booking__pegawai__skpd"],
        day="start",
    )
    context = {
        "page": page_of(request, sessions),
        "filters": filters,
        "state": state,
        "states": [("none", _("Belum ada laporan")), *ReportStatus.choices],
    }
    return render(request, "reports/report_list.html", context)


@login_required
def report_for_session(request, session_pk: int):
    """The report of a session: open it if it exists, else offer to start it."""
    session = (
        reportable_sessions(request.user)
        .select_related(*selectors.SESSION_JOINS, "report")
        .filter(pk=session_pk)
        .first()
    )
    if session is None:
        raise Http404
    report = getattr(session, "report", None)
    if report is not None:
        return redirect("reports:report_detail", pk=report.pk)
    if session.kind == SessionKind.INDIVIDUAL:
        return _recap_of_session(request, session)
    if not rules.has_perm("reports.write_report", request.user, session):
        raise Http404
    context = {
        "session": session,
        "title": selectors.session_title(session),
        "coaches": selectors.coaches_of(session),
        "summary": selectors.attendance_summary(session),
        "basis": services.default_basis(session).splitlines(),
    }
    return render(request, "reports/report_start.html", context)


@login_required
def report_for_booking(request, booking_pk: int):
    """The report of the session an attended booking became (the booking page links here)."""
    session = reportable_sessions(request.user).filter(booking_id=booking_pk).first()
    if session is None:
        raise Http404
    return redirect("reports:report_for_session", session_pk=session.pk)


@login_required
@require_POST
def report_start(request, session_pk: int):
    session = reportable_sessions(request.user).filter(pk=session_pk).first()
    if session is None:
        raise Http404
    _require(request, "reports.write_report", session)
    try:
        report = services.start_report(actor=request.user, session_id=session_pk)
    except services.ReportError as error:
        messages.error(request, str(error))
        return redirect(
            "reports:recap_list" if error.code == "individual" else "reports:report_list"
        )
    messages.success(request, _("Laporan dibuat dari catatan sesi. Lengkapi isinya."))
    return redirect("reports:report_edit", pk=report.pk)


@login_required
def report_detail(request, pk: int):
    report = _report_or_404(request, pk)
    context = pdf.report_context(report)
    context.update(
        {
            "can": {
                name: services.may(request.user, report, name) for name in services.TRANSITIONS
            },
            "can_edit": report.is_editable
            and rules.has_perm("reports.write_report", request.user, report),
            "return_form": ReturnForm(),
            "timeline": selectors.report_timeline(report),
        }
    )
    return render(request, "reports/report_detail.html", context)


@login_required
def report_edit(request, pk: int):
    report = _report_or_404(request, pk)
    if not rules.has_perm("reports.write_report", request.user, report):
        raise PermissionDenied
    if not report.is_editable:
        messages.info(request, _("Laporan ini sudah diajukan dan tidak dapat diubah lagi."))
        return redirect("reports:report_detail", pk=report.pk)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_report(actor=request.user, report_id=report.pk, **form.cleaned_data)
        except services.ReportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Isi laporan disimpan."))
            if "submit" in request.POST:
                return _decide(request, report.pk, "submit")
            return redirect("reports:report_detail", pk=report.pk)
    context = {
        "report": report,
        "title": selectors.session_title(report.session),
        "form": form,
        "photo_form": PhotoForm(),
        "photos": list(report.photos.all()),
        "max_photos": services.MAX_PHOTOS,
    }
    return render(request, "reports/report_edit.html", context)


@login_required
@require_POST
def photo_add(request, pk: int):
    report = _report_or_404(request, pk)
    _require(request, "reports.write_report", report)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas foto."))
        return redirect("reports:report_edit", pk=report.pk)
    try:
        services.add_photo(
            actor=request.user,
            report_id=report.pk,
            uploaded=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
        )
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Foto ditambahkan."))
    return redirect("reports:report_edit", pk=report.pk)


def _photo_or_404(request, photo_pk: int) -> ReportPhoto:
    return get_object_or_404(
        ReportPhoto.objects.filter(report__in=visible_reports(request.user)), pk=photo_pk
    )


@login_required
@require_POST
def photo_remove(request, photo_pk: int):
    photo = _photo_or_404(request, photo_pk)
    _require(request, "reports.write_report", photo.report)
    try:
        services.remove_photo(actor=request.user, photo_id=photo.pk)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Foto dihapus."))
    return redirect("reports:report_edit", pk=photo.report_id)


@login_required
def photo(request, photo_pk: int):
    """A documentation photo, only to those who may open its report."""
    photo = _photo_or_404(request, photo_pk)
    try:
        image = photo.image.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(image, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _decide(request, pk: int, decision: str):
    try:
        if decision == "submit":
            services.submit_report(actor=request.user, report_id=pk)
            messages.success(request, _("Laporan diajukan ke Kepala Bidang."))
        elif decision == "approve":
            services.approve_report(actor=request.user, report_id=pk)
            messages.success(request, _("Laporan disetujui; coach diberi tahu."))
        elif decision == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Tuliskan apa yang perlu diperbaiki."))
                return redirect("reports:report_detail", pk=pk)
            services.return_report(
                actor=request.user, report_id=pk, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Laporan dikembalikan untuk perbaikan; coach diberi tahu."))
        else:
            raise Http404
    except services.ReportError as error:
        messages.error(request, str(error))
    return redirect("reports:report_detail", pk=pk)


@login_required
@require_POST
def report_decide(request, pk: int, decision: str):
    report = _report_or_404(request, pk)
    if decision not in services.TRANSITIONS:
        raise Http404
    _require(request, services.TRANSITIONS[decision].permission, report)
    return _decide(request, report.pk, decision)


@login_required
def report_pdf(request, pk: int):
    report = _report_or_404(request, pk)
    return issued_pdf_response(
        request, "LHK", {"pk": report.pk}, f"laporan-kegiatan-{report.pk}.pdf"
    )


# Monthly recaps of individual coaching --------------------------------------------------------


def _recap_of_session(request, session: CoachingSession):
    """An individual session is reported in its coach's monthly recap: open that recap, or
    offer to start it (to those who may), with a word on why there is no report."""
    messages.info(request, str(services.INDIVIDUAL_IN_RECAP))
    local = timezone.localtime(session.start)
    coach = session.coaches.first()
    recap = (
        visible_recaps(request.user)
        .filter(coach=coach, year=local.year, month=local.month)
        .values_list("pk", flat=True)
        .first()
    )
    if recap is not None:
        return redirect("reports:recap_detail", pk=recap)
    if coach is not None and (
        coach == request.user or rules.has_perm("reports.decide_recap", request.user)
    ):
        query = f"?bulan={local:%Y-%m}"
        if coach != request.user:
            query += f"&coach={coach.pk}"
        return redirect(reverse("reports:recap_new") + query)
    return redirect("reports:recap_list")


def _recap_or_404(request, pk: int) -> MonthlyRecap:
    recap = selectors.recap_of(visible_recaps(request.user), pk)
    if recap is None:
        raise Http404
    return recap


@rule_required("reports.list_recaps")
def recap_list(request):
    state = request.GET.get("status")
    if state is None and rules.has_perm("reports.decide_recap", request.user):
        state = ReportStatus.SUBMITTED  # the Kepala Bidang's inbox
    state = state or ""
    recaps = selectors.recap_list(visible_recaps(request.user), state=state)
    can_start = rules.has_perm("reports.start_recap", request.user)
    context = {
        "page": page_of(request, recaps),
        "state": state,
        "states": ReportStatus.choices,
        "can_start": can_start,
        "due": selectors.recaps_due(request.user) if can_start else [],
    }
    return render(request, "reports/recap_list.html", context)


def _recap_coaches(request) -> QuerySet[User] | None:
    """Whose recap the user may start: the Kepala Bidang any coach's or the team's (None
    for a coach: its own)."""
    if rules.has_perm("reports.decide_recap", request.user):
        return _team()
    return None


def _initial_recap(request, coaches) -> dict:
    try:
        month = MonthField().clean(request.GET.get("bulan"))
    except ValidationError:
        month = None
    last_month = selectors.add_months(timezone.localdate().replace(day=1), -1)
    initial = {"month": month or last_month}
    if coaches is not None:
        wanted = request.GET.get("coach", "")
        initial["coach"] = coaches.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    return initial


@rule_required("reports.start_recap")
def recap_new(request):
    coaches = _recap_coaches(request)
    form = RecapStartForm(
        request.POST or None,
        initial=_initial_recap(request, coaches) if request.method != "POST" else None,
        coaches=coaches,
    )
    if request.method == "POST" and form.is_valid():
        first = form.cleaned_data["month"]
        coach = form.cleaned_data["coach"] if coaches is not None else request.user
        try:
            recap, made = services.start_recap(
                actor=request.user, coach=coach, year=first.year, month=first.month
            )
        except services.ReportError as error:
            form.add_error(None, str(error))
        else:
            if made:
                messages.success(
                    request, _("Rekap dibuat; angkanya dibaca dari catatan sesi. Lengkapi isinya.")
                )
                return redirect("reports:recap_edit", pk=recap.pk)
            messages.info(request, _("Rekap bulan ini sudah ada."))
            return redirect("reports:recap_detail", pk=recap.pk)
    return render(request, "reports/recap_new.html", {"form": form})


@login_required
def recap_detail(request, pk: int):
    recap = _recap_or_404(request, pk)
    context = pdf.recap_context(recap)
    context.update(
        {
            "can": {
                name: services.may_recap(request.user, recap, name)
                for name in services.RECAP_TRANSITIONS
            },
            "can_edit": recap.is_editable
            and rules.has_perm("reports.write_recap", request.user, recap),
            "return_form": ReturnForm(),
            "timeline": selectors.recap_timeline(recap),
        }
    )
    return render(request, "reports/recap_detail.html", context)


@login_required
def recap_edit(request, pk: int):
    recap = _recap_or_404(request, pk)
    _require(request, "reports.write_recap", recap)
    if not recap.is_editable:
        messages.info(request, _("Rekap ini sudah diajukan dan tidak dapat diubah lagi."))
        return redirect("reports:recap_detail", pk=recap.pk)
    form = RecapForm(request.POST or None, instance=recap)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_recap(actor=request.user, recap_id=recap.pk, **form.cleaned_data)
        except services.ReportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Isi rekap disimpan."))
            if "submit" in request.POST:
                return _decide_recap(request, recap.pk, "submit")
            return redirect("reports:recap_detail", pk=recap.pk)
    context = {"recap": recap, "title": selectors.recap_title(recap), "form": form}
    return render(request, "reports/recap_edit.html", context)


def _decide_recap(request, pk: int, decision: str):
    try:
        if decision == "submit":
            services.submit_recap(actor=request.user, recap_id=pk)
            messages.success(request, _("Rekap diajukan ke Kepala Bidang."))
        elif decision == "approve":
            services.approve_recap(actor=request.user, recap_id=pk)
            messages.success(request, _("Rekap disetujui; coach diberi tahu."))
        else:
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Tuliskan apa yang perlu diperbaiki."))
                return redirect("reports:recap_detail", pk=pk)
            services.return_recap(
                actor=request.user, recap_id=pk, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Rekap dikembalikan untuk perbaikan; coach diberi tahu."))
    except services.ReportError as error:
        messages.error(request, str(error))
    return redirect("reports:recap_detail", pk=pk)


@login_required
@require_POST
def recap_decide(request, pk: int, decision: str):
    recap = _recap_or_404(request, pk)
    if decision not in services.RECAP_TRANSITIONS:
        raise Http404
    _require(request, services.RECAP_TRANSITIONS[decision].permission, recap)
    return _decide_recap(request, recap.pk, decision)


@login_required
def recap_pdf(request, pk: int):
    recap = _recap_or_404(request, pk)
    return issued_pdf_response(
        request,
        "RKP",
        {"pk": recap.pk},
        f"rekap-coaching-individual-{recap.year}-{recap.month:02d}.pdf",
    )


# Evaluation meetings -----------------------------------------------------------------------


def _users_with(roles: list[str]) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, roleassignment__role__in=roles)
        .select_related("pegawai")
        .distinct()
        .order_by("pegawai__name", "username")
    )


def _chairs() -> QuerySet[User]:
    return _users_with([Role.KEPALA_BIDANG])


def _team() -> QuerySet[User]:
    return _users_with([Role.TIM_COACHING, Role.KEPALA_BIDANG])


def _owners() -> QuerySet[User]:
    return _users_with([Role.TIM_COACHING, Role.KEPALA_BIDANG, Role.KEPALA_BKPSDM])


def _meeting_or_404(request, pk: int) -> EvaluationMeeting:
    meeting = selectors.meeting_of(visible_meetings(request.user), pk)
    if meeting is None:
        raise Http404
    return meeting


@rule_required("reports.list_meetings")
def meeting_list(request):
    meetings = selectors.meeting_list(visible_meetings(request.user))
    context = {
        "page": page_of(request, meetings),
        "can_write": rules.has_perm("reports.write_minutes", request.user),
        "my_actions": list(selectors.open_actions_of(request.user)[:20]),
        "today": timezone.localdate(),
    }
    return render(request, "reports/meeting_list.html", context)


def _initial_meeting(request) -> dict:
    today = timezone.localdate()
    previous = EvaluationMeeting.objects.order_by("-start", "-pk").first()
    first = (
        (previous.period_end + datetime.timedelta(days=1)).replace(day=1)
        if previous
        else today.replace(month=1, day=1)
    )
    if first > today:
        first = today.replace(day=1)
    chair = _chairs().first()
    return {
        "date": today,
        "place": _("Ruang Rapat BKPSDM Kabupaten Balangan"),
        "chair": chair,
        # The one writing, unless it chairs: then the notulis is to be chosen.
        "notulis": request.user if request.user != chair else None,
        "attendees": list(_team()),
        "period_from": first,
        "period_to": today.replace(day=1),
    }


@rule_required("reports.write_minutes")
def meeting_new(request):
    form = MeetingForm(
        request.POST or None,
        initial=_initial_meeting(request) if request.method != "POST" else None,
        chairs=_chairs(),
        team=_team(),
    )
    if request.method == "POST" and form.is_valid():
        period_start, period_end = form.period()
        try:
            meeting = services.create_meeting(
                actor=request.user,
                start=form.start(),
                place=form.cleaned_data["place"],
                chair=form.cleaned_data["chair"],
                notulis=form.cleaned_data["notulis"],
                attendees=list(form.cleaned_data["attendees"]),
                other_attendees=form.cleaned_data["other_attendees"],
                period_start=period_start,
                period_end=period_end,
            )
        except services.ReportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Rapat dibuat. Tindak lanjut rapat sebelumnya yang belum selesai ikut dibahas."),
            )
            return redirect("reports:meeting_detail", pk=meeting.pk)
    return render(request, "reports/meeting_form.html", {"form": form})


@login_required
def meeting_detail(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    context = pdf.minutes_context(meeting)
    can_write = meeting.is_editable and rules.has_perm("reports.write_minutes", request.user)
    context.update(
        {
            "can_write": can_write,
            "can_finalize": meeting.is_editable
            and rules.has_perm("reports.finalize_minutes", request.user),
            "action_form": ActionForm(
                owners=_owners(),
                initial={"due_date": timezone.localdate() + datetime.timedelta(days=30)},
            )
            if can_write
            else None,
            "statuses": services.ActionStatus.choices,
            "min_respondents": selectors.min_respondents(),
        }
    )
    return render(request, "reports/meeting_detail.html", context)


@login_required
def meeting_edit(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    _require(request, "reports.write_minutes")
    if not meeting.is_editable:
        messages.info(request, _("Notulen ini sudah disahkan dan tidak dapat diubah lagi."))
        return redirect("reports:meeting_detail", pk=meeting.pk)
    local = timezone.localtime(meeting.start)
    initial = {
        "date": local.date(),
        "time": local.time().replace(second=0, microsecond=0),
        "place": meeting.place,
        "chair": meeting.chair,
        "notulis": meeting.notulis,
        "attendees": list(meeting.attendees.all()),
        "other_attendees": meeting.other_attendees,
        "period_from": meeting.period_start,
        "period_to": meeting.period_end.replace(day=1),
        "findings": meeting.findings,
        "decisions": meeting.decisions,
    }
    form = MinutesForm(
        request.POST or None,
        initial=None if request.method == "POST" else initial,
        chairs=_chairs(),
        team=_team(),
    )
    if request.method == "POST" and form.is_valid():
        period_start, period_end = form.period()
        try:
            services.update_meeting(
                actor=request.user,
                meeting_id=meeting.pk,
                start=form.start(),
                place=form.cleaned_data["place"],
                chair=form.cleaned_data["chair"],
                notulis=form.cleaned_data["notulis"],
                attendees=list(form.cleaned_data["attendees"]),
                other_attendees=form.cleaned_data["other_attendees"],
                period_start=period_start,
                period_end=period_end,
                findings=form.cleaned_data["findings"],
                decisions=form.cleaned_data["decisions"],
            )
        except services.ReportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Notulen disimpan."))
            return redirect("reports:meeting_detail", pk=meeting.pk)
    return render(request, "reports/meeting_form.html", {"form": form, "meeting": meeting})


@login_required
@require_POST
def action_add(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    _require(request, "reports.write_minutes")
    form = ActionForm(request.POST, owners=_owners())
    if not form.is_valid():
        errors = " ".join(e for field_errors in form.errors.values() for e in field_errors)
        messages.error(request, _("Tindak lanjut belum tersimpan: %(errors)s") % {"errors": errors})
        return redirect("reports:meeting_detail", pk=meeting.pk)
    try:
        services.add_action(actor=request.user, meeting_id=meeting.pk, **form.cleaned_data)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Tindak lanjut dicatat."))
    return redirect("reports:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def action_remove(request, pk: int, action_pk: int):
    meeting = _meeting_or_404(request, pk)
    _require(request, "reports.write_minutes")
    if not meeting.actions.filter(pk=action_pk).exists():
        raise Http404
    try:
        services.remove_action(actor=request.user, action_id=action_pk)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Tindak lanjut dihapus dari notulen."))
    return redirect("reports:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def action_review(request, pk: int, action_pk: int):
    meeting = _meeting_or_404(request, pk)
    _require(request, "reports.write_minutes")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih status tindak lanjut; catatan paling panjang 500 huruf."))
        return redirect("reports:meeting_detail", pk=meeting.pk)
    try:
        services.review_action(
            actor=request.user, meeting_id=meeting.pk, action_id=action_pk, **form.cleaned_data
        )
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Perkembangan tindak lanjut dicatat."))
    return redirect("reports:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_finalize(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    _require(request, "reports.finalize_minutes")
    try:
        services.finalize_meeting(actor=request.user, meeting_id=meeting.pk)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Notulen disahkan; penanggung jawab tindak lanjut diberi tahu.")
        )
    return redirect("reports:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_delete(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    _require(request, "reports.write_minutes")
    try:
        services.delete_meeting(actor=request.user, meeting_id=meeting.pk)
    except services.ReportError as error:
        messages.error(request, str(error))
        return redirect("reports:meeting_detail", pk=meeting.pk)
    messages.success(request, _("Draf notulen dihapus."))
    return redirect("reports:meeting_list")


@login_required
def meeting_pdf(request, pk: int):
    meeting = _meeting_or_404(request, pk)
    return issued_pdf_response(
        request, "NOTULEN", {"pk": meeting.pk}, f"notulen-rapat-evaluasi-{meeting.pk}.pdf"
    )


# The monitoring dashboard ------------------------------------------------------------------

ROWS_PER_PAGE = 50


def _dashboard_filters(request) -> tuple[DashboardFilterForm, dashboard.DashboardFilter, str]:
    today = timezone.localdate()
    years = dashboard.year_choices(today)
    query = request.GET.copy()
    if query and not query.get("year"):
        query["year"] = str(today.year)  # a link with only a kind or a sort keeps them
    form = DashboardFilterForm(query or None, years=years, initial={"year": today.year})
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = dashboard.DashboardFilter(
        year=data.get("year") or today.year,
        kind=data.get("kind") or "",
        skpd_ids=dashboard_skpd_ids(request.user),
    )
    return form, filters, data.get("sort") or "name"


def _charts(board: dashboard.Dashboard) -> dict:
    # The months' short names and the bars' titles translated once for the 36 bars.
    month_name = {
        m.number: date_format(datetime.date(2000, m.number, 1), "M") for m in board.months
    }
    reviewed = _("%(month)s: %(count)s SKP sesuai format")
    at_skpd = _("%(month)s: %(count)s sesi di SKPD")
    individual = _("%(month)s: %(count)s sesi individual")

    share = charts.stacked_bars(
        [
            (
                month_name[m.number],
                [
                    (
                        board.month_percent(m) or 0,
                        "chart-bar-primary",
                        reviewed % {"month": month_name[m.number], "count": m.reviewed_by_then},
                    )
                ],
            )
            for m in board.months
        ],
        maximum=100,
        target=board.target_percent,
        target_label=_("Target %(target)s%%") % {"target": board.target_percent},
        unit="%",
    )
    sessions = charts.stacked_bars(
        [
            (
                month_name[m.number],
                [
                    (
                        m.skpd_sessions,
                        "chart-bar-primary",
                        at_skpd % {"month": month_name[m.number], "count": m.skpd_sessions},
                    ),
                    (
                        m.individual_sessions,
                        "chart-bar-secondary",
                        individual
                        % {"month": month_name[m.number], "count": m.individual_sessions},
                    ),
                ],
            )
            for m in board.months
        ]
    )
    return {"share": share, "sessions": sessions}


@rule_required("reports.view_dashboard")
def dashboard_view(request):
    form, filters, sort = _dashboard_filters(request)
    kept = dashboard.KeptDashboard(filters)
    can_import = rules.has_perm("ekinerja.import_export", request.user)
    can_see_predikat = rules.has_perm("ekinerja.view_figures", request.user)
    context = {
        "form": form,
        # Worked out when the body is drawn, not when the cache keeps it drawn.
        "board": SimpleLazyObject(lambda: kept.board),
        "page": SimpleLazyObject(
            lambda: page_of(
                request, dashboard.sorted_rows(kept.board, sort), per_page=ROWS_PER_PAGE
            )
        ),
        "charts": SimpleLazyObject(lambda: _charts(kept.board)),
        "whole_regency": filters.skpd_ids is None,
        "query": request.GET.urlencode(),
        "can_import": can_import,
        "can_see_predikat": can_see_predikat,
        "body_key": _body_key(request, form, kept, can_import, can_see_predikat),
        "cache_seconds": dashboard.CACHE_SECONDS,
    }
    return render(request, "reports/dashboard.html", context)


DASHBOARD_PARAMETERS = {"year", "kind", "sort", "page"}


def _body_key(
    request, form: DashboardFilterForm, kept: dashboard.KeptDashboard, *links: bool
) -> str | None:
    """What the page's drawn body is kept under (reports/dashboard.html): everything it
    shows besides the figures' version, which the board's key names. None, drawn as asked
    but not kept: a board counted without a version, and a query the filter refuses, with
    parameters of its own or repeated, or a page past the end (each would be one more
    entry for an hour; the accepted ones are a few hundred at most)."""
    query = request.GET
    if kept.cache_key is None or not kept_bodies.accepted_query(query, DASHBOARD_PARAMETERS, form):
        return None
    pages = Paginator(range(kept.row_count), ROWS_PER_PAGE).page_range  # as page_of() counts them
    if query.get("page", "1") not in {str(number) for number in pages}:
        return None
    return kept_bodies.body_key(
        kept.cache_key,
        timezone.localdate().year,  # the year filter's choices
        query.urlencode(),
        *(int(link) for link in links),
    )


@rule_required("reports.view_dashboard")
def dashboard_xlsx(request):
    _form, filters, sort = _dashboard_filters(request)
    board = dashboard.dashboard(filters)
    content = excel.dashboard_workbook(board, dashboard.sorted_rows(board, sort))
    return xlsx_response(content, f"monitoring-skp-{filters.year}.xlsx")
