import io
import re

import segno
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.paging import page_of
from accounts.rules import rule_required
from bookings.models import CoachingSession
from bookings.pdf import render_pdf
from surveys import ikm, selectors, services
from surveys.forms import ResponseForm, ResultFilterForm
from surveys.models import Response, Survey


@rule_required("surveys.manage_surveys")
def session_list(request):
    """Sessions held, with their survey (open it, or see its links and figures)."""
    sessions = (
        CoachingSession.objects.filter(start__lte=timezone.now())
        .select_related("survey", "skpd_request__skpd", "booking__pegawai__skpd")
        .order_by("-start")
    )
    return render(request, "surveys/session_list.html", {"page": page_of(request, sessions)})


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
    links = [
        {
            "invitation": invitation,
            "link": services.link_of(invitation),
            "qr": segno.make(services.link_of(invitation), error="m").svg_data_uri(scale=3),
        }
        for invitation in invitations
    ]
    # The index of a survey still open is not shown: watching it move as each person
    # answers would tell who gave which scores.
    closed = timezone.now() >= survey.closes_at
    context = {
        "survey": survey,
        "links": links,
        "closed": closed,
        "result": ikm.compute(survey.responses.all()) if closed else None,
        "answered": survey.responses.count(),
    }
    return render(request, "surveys/survey_detail.html", context)


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


def _shown_responses(filters: selectors.ResultFilter | None):
    """The responses a results page may show, their index, and whether some were withheld:
    none for invalid filters, for a survey still open (its figures would move as each person
    answers), or for too few respondents."""
    if filters is None:
        empty = Response.objects.none()
        return empty, ikm.compute(empty), False
    queryset = selectors.responses(filters)
    still_open = (
        bool(filters.session_id)
        and Survey.objects.filter(
            session_id=filters.session_id, closes_at__gt=timezone.now()
        ).exists()
    )
    result = ikm.compute(queryset)
    if still_open or result.withheld:
        queryset = queryset.none()
        return queryset, ikm.compute(queryset), True
    return queryset, result, False


@rule_required("surveys.view_results")
def results(request):
    form, filters = _filters(request)
    queryset, result, withheld = _shown_responses(filters)
    context = {
        "form": form,
        "withheld": withheld,
        "result": result,
        "profiles": selectors.profile_counts(queryset),
        "suggestions": page_of(request, selectors.suggestions(queryset)),
        "query": request.GET.urlencode(),
    }
    return render(request, "surveys/results.html", context)


@rule_required("surveys.view_results")
def results_pdf(request):
    _form, filters = _filters(request)
    queryset, result, _withheld = _shown_responses(filters)
    document = render_pdf(
        "surveys/results_pdf.html",
        {
            "result": result,
            "profiles": selectors.profile_counts(queryset),
            "suggestions": list(selectors.suggestions(queryset)[:200]),
            "filters": filters,
            "today": timezone.localdate(),
        },
    )
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="rekap-ikm.pdf"'
    return response


@rule_required("surveys.view_results")
def results_xlsx(request):
    from openpyxl import Workbook

    _form, filters = _filters(request)
    queryset, result, _withheld = _shown_responses(filters)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "IKM"
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
    for label, counts in selectors.profile_counts(queryset):
        profile.append([label])
        for name, count in counts:
            profile.append(["", name, count])
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="rekap-ikm.xlsx"'
    return response
