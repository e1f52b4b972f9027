import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Skpd
from accounts.rules import rule_required
from bookings.models import CoachingSession
from bookings.selectors import held_sessions
from core import dates, whatsapp
from core.downloads import issued_pdf_response, xlsx_response
from core.filters import ListFilterForm
from core.paging import page_of
from surveys import selectors, services
from surveys.forms import ExtendSurveyForm, ResponseForm
from surveys.models import Survey
from surveys.pdf import filter_args
from surveys.results import filters_of, index_context, page_context, result_context


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
        **index_context(selectors.ResultFilter(session_id=survey.session_id)),
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


@rule_required("surveys.view_results")
def results(request):
    return render(request, "surveys/results.html", page_context(request))


@rule_required("surveys.view_results")
def results_pdf(request):
    _form, filters = filters_of(request.GET)
    return issued_pdf_response(request, "IKM", filter_args(filters), "rekap-ikm.pdf", inline=True)


@rule_required("surveys.view_results")
def results_xlsx(request):
    from openpyxl import Workbook

    _form, filters = filters_of(request.GET)
    context = result_context(filters)
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
