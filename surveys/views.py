import datetime
import hashlib
import io
import re

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.models import Skpd
from accounts.rules import rule_required
from bookings.models import CoachingSession, SessionKind
from bookings.selectors import held_sessions
from core import dates, whatsapp
from core.documents import issue_pdf
from core.downloads import pdf_response, xlsx_response
from core.filters import ListFilterForm
from core.paging import page_of
from surveys import ikm, selectors, services
from surveys.forms import ExtendSurveyForm, ResponseForm, ResultFilterForm
from surveys.models import Response, Survey


@rule_required("surveys.manage_surveys")
def session_list(request):
    """Sessions held, with their survey (open it, or see its links and figures)."""
    sessions = (
        held_sessions()
        .select_related("survey", "skpd_request__skpd", "booking__pegawai__skpd")
        .order_by("-start")
    )
    filters = ListFilterForm(
        request.GET or None,
        skpds=Skpd.objects.order_by("name"),
        search_help=_("SKPD atau nama peserta"),
    )
    sessions = filters.apply(
        sessions,
        text=["skpd_request__skpd__name", "booking__pegawai__name"],
        skpd=["skpd_request__skpd", "booking__pegawai__skpd"],
        day="start",
    )
    return render(
        request,
        "surveys/session_list.html",
        {"page": page_of(request, sessions), "filters": filters},
    )


@rule_required("surveys.manage_surveys")
@require_POST
def open_survey(request, session_pk: int):
    session = get_object_or_404(CoachingSession, pk=session_pk)
    try:
        survey = services.open_survey(actor=request.user, session_id=session.pk)
    except services.SurveyError as error:
        messages.error(request, str(error))
        return redirect("surveys:session_list")
    messages.success(request, _("Survei dibuka; tautan dikirim ke peserta yang hadir."))
    return redirect("surveys:survey_detail", pk=survey.pk)


@rule_required("surveys.manage_surveys")
def survey_detail(request, pk: int):
    survey = get_object_or_404(Survey.objects.select_related("session"), pk=pk)
    invitations = survey.invitations.select_related("pegawai").order_by("pegawai__name")
    until = dates.day_and_time(survey.closes_at)
    links = []
    for invitation in invitations:
        link = services.link_of(invitation)
        message = _(
            "Yth. %(name)s, terima kasih telah mengikuti Coaching Clinic SKP. Mohon isi survei "
            "kepuasan (tanpa nama, sekali isi) sebelum %(until)s: %(link)s"
        ) % {"name": invitation.pegawai.name, "link": link, "until": until}
        links.append(
            {
                "invitation": invitation,
                "link": link,
                "qr": segno.make(link, error="m").svg_data_uri(scale=3),
                "whatsapp": whatsapp.share_url(message, invitation.pegawai.phone),
            }
        )
    context = {
        **_index_context(selectors.ResultFilter(session_id=survey.session_id)),
        "survey": survey,
        "links": links,
        # Every link with its name, a line each, to paste into the SKPD's WhatsApp group.
        "all_links": "\n".join(
            f"{item['invitation'].pegawai.name}: {item['link']}" for item in links
        ),
        "closed": timezone.now() >= survey.closes_at,
        "answered": survey.responses.count(),
        "extend_form": ExtendSurveyForm(survey=survey),
    }
    return render(request, "surveys/survey_detail.html", context)


@rule_required("surveys.manage_surveys")
@require_POST
def close_survey(request, pk: int):
    """Close a survey before its date (the button asks first): the links still unused then
    say that the survey is over, and its answers join the results."""
    survey = get_object_or_404(Survey, pk=pk)
    try:
        services.close_survey(actor=request.user, survey_id=survey.pk)
    except services.SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Survei ditutup; jawabannya kini ikut dihitung."))
    return redirect("surveys:survey_detail", pk=survey.pk)


@rule_required("surveys.manage_surveys")
@require_POST
def extend_survey(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    form = ExtendSurveyForm(request.POST, survey=survey)
    if not form.is_valid():
        for error in form.errors.get("closes_on", []):
            messages.error(request, error)
        return redirect("surveys:survey_detail", pk=survey.pk)
    try:
        survey = services.extend_survey(
            actor=request.user, survey_id=survey.pk, closes_on=form.cleaned_data["closes_on"]
        )
    except services.SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Masa pengisian diperpanjang sampai %(day)s.")
            % {"day": dates.day_and_time(survey.closes_at)},
        )
    return redirect("surveys:survey_detail", pk=survey.pk)


@rule_required("surveys.manage_surveys")
@require_POST
def remind(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    try:
        sent = services.send_reminders(actor=request.user, survey_id=survey.pk)
    except services.SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Pengingat dikirim ke %(count)d peserta (paling sering sekali sehari).")
            % {"count": sent},
        )
    return redirect("surveys:survey_detail", pk=survey.pk)


@login_not_required
def answer(request, token: str):
    """The public questionnaire: no login, one answer per link."""
    try:
        services.invitation_for(token)
    except services.SurveyError as error:
        status = 404 if error.code == "unknown" else 200
        return render(
            request,
            "surveys/closed.html",
            {"message": str(error), "code": error.code},
            status=status,
        )
    form = ResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_response(token=token, answers=form.cleaned_data)
        except services.SurveyError as error:
            return render(
                request, "surveys/closed.html", {"message": str(error), "code": error.code}
            )
        return render(request, "surveys/thanks.html")
    return render(request, "surveys/answer.html", {"form": form})


SESSION_ID = re.compile(r"[0-9]{1,12}")


def _filters(request) -> tuple[ResultFilterForm, selectors.ResultFilter | None]:
    """The filters asked for; None when one of them is invalid (the form says which)."""
    form = ResultFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    data = form.cleaned_data if form.is_bound else {}
    session_id = request.GET.get("sesi", "")
    return form, selectors.ResultFilter(
        session_id=int(session_id) if SESSION_ID.fullmatch(session_id) else None,
        kind=data.get("kind") or "",
        skpd_id=data["skpd"].pk if data.get("skpd") else None,
        year=data.get("year"),
        month=data.get("month"),
    )


def _released(filters: selectors.ResultFilter | None) -> selectors.Released:
    """What a results page may show (surveys/selectors.py); nothing for invalid filters."""
    if filters is None:
        return selectors.Released(Response.objects.none(), 0, 0, 0)
    return selectors.released_responses(filters)


def _withheld_note(released: selectors.Released) -> str:
    if not released.withheld:
        return ""
    return _(
        "Ditahan: kurang dari %(count)d responden yang dapat dihitung pada pilihan ini tanpa "
        "jawabannya dapat dikenali pemiliknya."
    ) % {"count": settings.SKM_MIN_RESPONDENTS}


def _notes(released: selectors.Released) -> list[str]:
    """Why a result counts fewer answers than were given, in the words of the page, the PDF
    and the Excel alike (besides a withheld result's own note)."""
    notes = []
    if released.held_back and not released.withheld:
        notes.append(
            ngettext(
                "%(count)d jawaban dari sesi dengan sedikit responden belum dihitung pada "
                "pilihan ini: jawaban itu digabung dengan sesi lain agar tidak dapat dikenali, "
                "dan tampil pada pilihan yang memuat seluruh gabungannya (misalnya sebulan "
                "untuk seluruh SKPD).",
                "%(count)d jawaban dari sesi dengan sedikit responden belum dihitung pada "
                "pilihan ini: jawaban itu digabung dengan sesi lain agar tidak dapat dikenali, "
                "dan tampil pada pilihan yang memuat seluruh gabungannya (misalnya sebulan "
                "untuk seluruh SKPD).",
                released.held_back,
            )
            % {"count": released.held_back}
        )
    if released.open_surveys:
        notes.append(
            ngettext(
                "%(count)d survei masih dibuka dan jawabannya belum dihitung.",
                "%(count)d survei masih dibuka dan jawabannya belum dihitung.",
                released.open_surveys,
            )
            % {"count": released.open_surveys}
        )
    return notes


def _index_context(filters: selectors.ResultFilter | None) -> dict:
    """The index a filter may show, and the notes on what it leaves out."""
    released = _released(filters)
    return {
        "released": released,
        "withheld_note": _withheld_note(released),
        "notes": _notes(released),
        "floor": settings.SKM_MIN_RESPONDENTS,
        "result": ikm.compute(released.responses),
    }


def _result_context(filters: selectors.ResultFilter | None) -> dict:
    """A results page's or recap's context: the index, the profile, the filters in words."""
    context = _index_context(filters)
    context.update(
        profiles=selectors.profile_counts(context["released"].responses),
        filters=filters,
        filter_labels=_filter_labels(filters),
    )
    return context


def _filter_labels(filters: selectors.ResultFilter | None) -> list[tuple[str, str]]:
    """What a result was filtered to, in words, for the printed recap."""
    if filters is None:
        return []
    labels = []
    if filters.session_id:
        session = (
            CoachingSession.objects.select_related("skpd_request__skpd", "booking__pegawai__skpd")
            .filter(pk=filters.session_id)
            .first()
        )
        if session is not None:
            labels.append((_("Sesi"), _session_label(session)))
    if filters.kind:
        labels.append((_("Jenis layanan"), str(SessionKind(filters.kind).label)))
    if filters.skpd_id:
        skpd = Skpd.objects.filter(pk=filters.skpd_id).values_list("name", flat=True).first()
        labels.append((_("SKPD"), skpd or ""))
    if filters.year:
        period = str(filters.year)
        if filters.month:
            period = date_format(datetime.date(filters.year, filters.month, 1), "F Y")
        labels.append((_("Periode"), period))
    return labels


def _session_label(session: CoachingSession) -> str:
    """A session as a recap names it: its kind, SKPD and day, never a participant's name."""
    if session.skpd_request_id:
        skpd = session.skpd_request.skpd.name
    else:
        skpd = session.booking.pegawai.skpd.name if session.booking_id else ""
    parts = [str(SessionKind(session.kind).label), skpd, dates.day(session.start)]
    return " · ".join(part for part in parts if part)


@rule_required("surveys.view_results")
def results(request):
    form, filters = _filters(request)
    context = _result_context(filters)
    context.update(
        form=form,
        suggestions=page_of(request, selectors.suggestions(context["released"].responses)),
        query=request.GET.urlencode(),
    )
    return render(request, "surveys/results.html", context)


@rule_required("surveys.view_results")
def results_pdf(request):
    _form, filters = _filters(request)
    context = _result_context(filters)
    context.update(
        suggestions=list(selectors.suggestions(context["released"].responses)[:200]),
        today=timezone.localdate(),
    )
    labels = context.get("filter_labels") or []
    scope = "; ".join(f"{label}: {value}" for label, value in labels) or _("semua sesi")
    document = issue_pdf(
        "surveys/results_pdf.html",
        context,
        kind="IKM",
        subject="ikm:" + hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32],
        title=_("Rekapitulasi Indeks Kepuasan Masyarakat (%(scope)s)") % {"scope": scope},
    )
    return pdf_response(document, "rekap-ikm.pdf", inline=True)


@rule_required("surveys.view_results")
def results_xlsx(request):
    from openpyxl import Workbook

    _form, filters = _filters(request)
    context = _result_context(filters)
    result, released = context["result"], context["released"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "IKM"
    for label, value in context["filter_labels"]:
        sheet.append([label, value])
    notes = context["notes"]
    if released.withheld:
        notes = [context["withheld_note"], *notes]
    elif not result.respondents:
        notes = [_("Belum ada jawaban dari survei yang sudah ditutup."), *notes]
    for note in notes:
        sheet.append([note])
    sheet.append([])
    sheet.append(
        [_("Unsur pelayanan"), _("Jumlah nilai"), _("Responden"), _("NRR"), _("NRR tertimbang")]
    )
    for score in result.elements:
        sheet.append(
            [
                str(score.element.label),
                score.total,
                result.respondents,
                float(score.nrr_display),
                float(score.weighted_display),
            ]
        )
    sheet.append([])
    sheet.append([_("IKM"), float(result.ikm_display) if result.ikm is not None else None])
    sheet.append(
        [_("Nilai konversi"), float(result.converted) if result.converted is not None else None]
    )
    sheet.append([_("Mutu pelayanan"), f"{result.grade} ({result.label})" if result.grade else ""])
    profile = workbook.create_sheet(_("Responden"))
    if released.withheld:
        profile.append([context["withheld_note"]])
    else:
        for label, counts in context["profiles"]:
            profile.append([label])
            for name, count in counts:
                profile.append(["", name, count])
    out = io.BytesIO()
    workbook.save(out)
    return xlsx_response(out.getvalue(), "rekap-ikm.xlsx")
