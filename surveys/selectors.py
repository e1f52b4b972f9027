"""Reads of survey results, and the one rule of what a result may show.

Every figure of the SKM — the results page, its PDF and Excel, a survey's own page, the
evaluation minutes — comes from ``released_responses``: answers of **closed** surveys only,
grouped into fixed blocks of at least ``SKM_MIN_RESPONDENTS`` respondents, and a filter shows
only the blocks that lie wholly inside it. Any figure is then a sum over whole blocks, so no
difference or other combination of filters can isolate fewer respondents than a block holds.
The rule is written down in docs/skm-privacy.md. The blocks and their sums are stored
(surveys/summaries.py), so a result adds up blocks instead of reading the answers.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from surveys import ikm, summaries
from surveys.elements import Element
from surveys.models import (
    FIGURES,
    PROFILE_COUNTS,
    AgeBand,
    Education,
    Gender,
    Occupation,
    Response,
    SummaryBlock,
    Survey,
    SurveySummary,
)

PROFILE_FIELDS = [
    ("gender", Gender),
    ("age_band", AgeBand),
    ("education", Education),
    ("occupation", Occupation),
]


@dataclass(frozen=True)
class ResultFilter:
    """What a result is asked for: one session, or any mix of kind of service, SKPD, year
    and month; an evaluation meeting asks for the sessions of its period (``first_day`` to
    ``last_day``, days in WITA)."""

    session_id: int | None = None
    kind: str = ""
    skpd_id: int | None = None
    year: int | None = None
    month: int | None = None
    first_day: datetime.date | None = None
    last_day: datetime.date | None = None


@dataclass(frozen=True)
class Released:
    """What a filter may show: the figures summed over the blocks wholly inside it, and
    what it leaves out and why."""

    figures: dict[str, int]  # surveys.models.FIGURES, summed over ``blocks``
    held_back: int  # answers of closed surveys in the filter that lie in blocks it cuts
    open_surveys: int  # surveys in the filter still open, whose answers count only later
    blocks: QuerySet[SummaryBlock]

    @property
    def respondents(self) -> int:
        return self.figures["respondents"]

    @property
    def withheld(self) -> bool:
        """The filter holds answers, but none that may be shown."""
        return not self.respondents and self.held_back > 0

    @property
    def responses(self) -> QuerySet[Response]:
        """The answers behind the figures (for the suggestions; lazy)."""
        return Response.objects.filter(
            survey_id__in=SurveySummary.objects.filter(block__in=self.blocks).values("survey_id")
        )

    @property
    def result(self) -> ikm.IkmResult:
        """The IKM of the shown answers, from their sums."""
        return ikm.from_sums(
            self.respondents, {code: self.figures[code] for code in Element.values}
        )


NOTHING = dict.fromkeys(FIGURES, 0)
# Every figure summed, the expressions made once: Django works out each expression's
# identity (through inspect.signature) when it is made, 35 of them on every result page.
SUMMED = {name: Coalesce(Sum(name), 0) for name in FIGURES}


def _months(field: str, filters: ResultFilter) -> Q:
    if filters.year and filters.month:
        return Q(**{field: datetime.date(filters.year, filters.month, 1)})
    if filters.year:
        return Q(**{f"{field}__year": filters.year})
    if filters.month:
        return Q(**{f"{field}__month": filters.month})
    return Q()


def _inside(filters: ResultFilter) -> Q:
    """The blocks wholly inside the filter. A block's kind and month are those of all its
    surveys, its SKPD too unless it spans SKPD (then none, which no SKPD filter matches),
    its days run from ``first_day`` to ``last_day``, and only a block of one survey lies
    inside a session."""
    return _cells_in(filters, first_day="first_day", last_day="last_day")


def _summaries_in(filters: ResultFilter) -> Q:
    """The closed surveys in the filter, by their summaries' cells."""
    return _cells_in(filters, first_day="day", last_day="day")


def _cells_in(filters: ResultFilter, *, first_day: str, last_day: str) -> Q:
    """Summaries or blocks (which share their cells' fields but for the days) in the
    filter."""
    matches = _months("month", filters)
    if filters.session_id:
        matches &= Q(survey__session_id=filters.session_id)
    if filters.kind:
        matches &= Q(kind=filters.kind)
    if filters.skpd_id:
        matches &= Q(skpd_id=filters.skpd_id)
    if filters.first_day:
        matches &= Q(**{f"{first_day}__gte": filters.first_day})
    if filters.last_day:
        matches &= Q(**{f"{last_day}__lte": filters.last_day})
    return matches


def _open_in(filters: ResultFilter, now: datetime.datetime) -> Q:
    """The open surveys in the filter, by their sessions."""
    matches = Q(closes_at__gt=now)
    if filters.session_id:
        matches &= Q(session_id=filters.session_id)
    if filters.kind:
        matches &= Q(session__kind=filters.kind)
    if filters.skpd_id:
        matches &= Q(skpd=filters.skpd_id)
    if filters.year:
        matches &= Q(session__start__year=filters.year)
    if filters.month:
        matches &= Q(session__start__month=filters.month)
    if filters.first_day:
        matches &= Q(session__start__date__gte=filters.first_day)
    if filters.last_day:
        matches &= Q(session__start__date__lte=filters.last_day)
    return matches


def summarise_closed_and_count_open(filters: ResultFilter) -> int:
    """Summarises the surveys closed since the last result (surveys/summaries.py), and
    counts the filter's surveys still open: what a result depends on besides the stored
    blocks and summaries. One query, and the summaries' when a survey has closed."""
    now = timezone.now()
    unsummarised = Survey.objects.filter(summaries.pending_filter(settings.SKM_MIN_RESPONDENTS))
    if filters.skpd_id:
        unsummarised = unsummarised.alias(
            skpd=Coalesce("session__skpd_request__skpd_id", "session__booking__pegawai__skpd_id")
        )
    state = unsummarised.aggregate(
        closed=Count("pk", filter=Q(closes_at__lte=now)),
        open=Count("pk", filter=_open_in(filters, now)),
    )
    if state["closed"]:
        summaries.summarise_closed(now)
    return state["open"]


def released_responses(filters: ResultFilter, open_surveys: int | None = None) -> Released:
    """What a result for ``filters`` may show: the blocks wholly inside it.

    Three queries: the open surveys (and any closed since the last result, which are then
    summarised first), unless ``open_surveys`` was counted already (by
    ``summarise_closed_and_count_open``); the shown blocks' sums; and the closed surveys'
    answers in the filter."""
    if open_surveys is None:
        open_surveys = summarise_closed_and_count_open(filters)
    blocks = SummaryBlock.objects.filter(_inside(filters))
    figures = blocks.aggregate(**SUMMED)
    closed = SurveySummary.objects.filter(_summaries_in(filters)).aggregate(
        n=Coalesce(Sum("respondents"), 0)
    )["n"]
    return Released(
        figures=figures,
        held_back=closed - figures["respondents"],
        open_surveys=open_surveys,
        blocks=blocks,
    )


def answer_figures(responses: QuerySet[Response]) -> dict[str, int]:
    """The figures of a set of answers counted directly (one query): what a summary holds."""
    return responses.aggregate(
        respondents=Count("pk"),
        **{code: Coalesce(Sum(code), 0) for code in Element.values},
        **{
            name: Count("pk", filter=Q(**{field: value}))
            for name, (field, value) in PROFILE_COUNTS.items()
        },
        suggestions=Count("pk", filter=~Q(suggestion="")),
    )


def profile_counts(figures: dict[str, int]) -> list[tuple[str, list[tuple[str, int]]]]:
    """Respondents per gender, age band, education and occupation, from summed figures."""
    return [
        (
            str(Response._meta.get_field(field).verbose_name),
            [(str(choice.label), figures[f"{field}_{choice.value}"]) for choice in choices],
        )
        for field, choices in PROFILE_FIELDS
    ]


class Suggestions:
    """The shown answers' suggestions, newest first, whose number the summaries know: a
    paginator takes it from them instead of counting the answers again."""

    def __init__(self, released: Released):
        self.queryset = (
            released.responses.exclude(suggestion="")
            .only("suggestion", "submitted_on")
            .order_by("-submitted_on", "id")
        )
        self.total = released.figures["suggestions"]

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        return self.queryset[index]


def suggestions(released: Released) -> Suggestions:
    return Suggestions(released)
