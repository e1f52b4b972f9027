"""What the SKM results show for a filter, in one shape for the results page, its PDF
recap and its Excel export: the filters read from the query, the index that may be shown,
the notes on what it leaves out, the respondents' profile and the filters in words."""

import datetime
import re

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Skpd
from bookings.models import CoachingSession, SessionKind
from core import dates, kept_bodies, versions
from core.paging import page_of
from surveys import selectors
from surveys.forms import ResultFilterForm
from surveys.models import SummaryBlock

SESSION_ID = re.compile(r"[0-9]{1,12}")
# The version of the tables the results page is drawn from (surveys migration 0004).
RESULTS_VERSION = "skm_results"
BODY_SECONDS = 60 * 60
# The parameters of a query whose drawn body is kept (body_key), and the years: this one
# and the four before it.
KEPT_PARAMETERS = {"kind", "skpd", "year", "month"}
KEPT_YEARS = 5


def filters_of(params: QueryDict) -> tuple[ResultFilterForm, selectors.ResultFilter | None]:
    """The filters asked for in a query; None when one of them is invalid (the form says
    which)."""
    form = ResultFilterForm(params or None)
    if form.is_bound and not form.is_valid():
        return form, None
    data = form.cleaned_data if form.is_bound else {}
    session_id = params.get("sesi", "")
    return form, selectors.ResultFilter(
        session_id=int(session_id) if SESSION_ID.fullmatch(session_id) else None,
        kind=data.get("kind") or "",
        skpd_id=data["skpd"].pk if data.get("skpd") else None,
        year=data.get("year"),
        month=data.get("month"),
    )


def body_key(params: QueryDict, form: ResultFilterForm, open_surveys: int) -> str | None:
    """What the results page's drawn body is kept under (surveys/results.html): the version
    of the tables it is drawn from (surveys migration 0004), the filter, the open surveys'
    number (which time changes, not a write) and all else it shows. None, drawn as asked but
    not kept: a session's result and a later page of suggestions (rare; each would be one
    more entry for an hour), and a query the filter refuses or would write otherwise (so
    that the entries are one per filter), or of a year long past or still to come."""
    if not kept_bodies.accepted_query(params, KEPT_PARAMETERS, form):
        return None
    if form.is_bound and params.urlencode() != _canonical_query(form):
        return None
    year = form.cleaned_data.get("year") if form.is_bound else None
    if year is not None and not 0 <= timezone.localdate().year - year < KEPT_YEARS:
        return None
    version = versions.current(RESULTS_VERSION)
    if version is None:
        return None
    return kept_bodies.body_key(
        version, settings.SKM_MIN_RESPONDENTS, open_surveys, params.urlencode()
    )


def page_context(request) -> dict:
    """The results page's context: the filter form, and what its body shows, worked out
    only when the body is drawn, not when the cache holds it (``body_key``)."""
    form, filters = filters_of(request.GET)
    # Surveys closed since the last result are summarised before the body's key is made.
    open_surveys = selectors.summarise_closed_and_count_open(filters) if filters is not None else 0

    def shown() -> dict:
        context = result_context(filters, open_surveys)
        context["suggestions"] = page_of(request, selectors.suggestions(context["released"]))
        return context

    return {
        "form": form,
        "query": request.GET.urlencode(),
        "shown": SimpleLazyObject(shown),
        "body_key": body_key(request.GET, form, open_surveys),
        "cache_seconds": BODY_SECONDS,
    }


def _canonical_query(form: ResultFilterForm) -> str:
    """A valid filter's query as its cleaned values write it (``skpd=5``, never ``05``)."""
    query = QueryDict(mutable=True)
    for name in form.data:
        value = form.cleaned_data[name]
        query[name] = "" if value in (None, "") else str(getattr(value, "pk", value))
    return query.urlencode()


def _released(
    filters: selectors.ResultFilter | None, open_surveys: int | None = None
) -> selectors.Released:
    """What a results page may show (surveys/selectors.py); nothing for invalid filters."""
    if filters is None:
        return selectors.Released(selectors.NOTHING, 0, 0, SummaryBlock.objects.none())
    return selectors.released_responses(filters, open_surveys)


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


def index_context(filters: selectors.ResultFilter | None, open_surveys: int | None = None) -> dict:
    """The index a filter may show, and the notes on what it leaves out (``open_surveys``:
    counted already by selectors.summarise_closed_and_count_open)."""
    released = _released(filters, open_surveys)
    return {
        "released": released,
        "withheld_note": _withheld_note(released),
        "notes": _notes(released),
        "floor": settings.SKM_MIN_RESPONDENTS,
        "result": released.result,
    }


def result_context(filters: selectors.ResultFilter | None, open_surveys: int | None = None) -> dict:
    """A results page's or recap's context: the index, the profile, the filters in words."""
    context = index_context(filters, open_surveys)
    context.update(
        profiles=selectors.profile_counts(context["released"].figures),
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
