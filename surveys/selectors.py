"""Reads of survey results, and the one rule of what a result may show.

Every figure of the SKM — the results page, its PDF and Excel, a survey's own page, the
evaluation minutes — comes from ``released_responses``: answers of **closed** surveys only,
grouped into fixed blocks of at least ``SKM_MIN_RESPONDENTS`` respondents, and a filter shows
only the blocks that lie wholly inside it. Any figure is then a sum over whole blocks, so no
difference or other combination of filters can isolate fewer respondents than a block holds.
The rule is written down in docs/skm-privacy.md.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, TruncDate
from django.utils import timezone

from surveys.models import AgeBand, Education, Gender, Occupation, Response, Survey

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
class SurveyCount:
    """A survey, with the cell its session falls in and its number of answers."""

    survey_id: int
    session_id: int
    kind: str
    skpd_id: int | None
    year: int
    month: int
    day: datetime.date
    closed: bool
    respondents: int

    def matches(self, filters: ResultFilter) -> bool:
        return (
            (not filters.session_id or self.session_id == filters.session_id)
            and (not filters.kind or self.kind == filters.kind)
            and (not filters.skpd_id or self.skpd_id == filters.skpd_id)
            and (not filters.year or self.year == filters.year)
            and (not filters.month or self.month == filters.month)
            and (not filters.first_day or self.day >= filters.first_day)
            and (not filters.last_day or self.day <= filters.last_day)
        )


@dataclass(frozen=True)
class Released:
    """The answers a filter may show, and what it leaves out and why."""

    responses: QuerySet[Response]
    respondents: int  # in ``responses``
    held_back: int  # answers of closed surveys in the filter that lie in blocks it cuts
    open_surveys: int  # surveys in the filter still open, whose answers count only later

    @property
    def withheld(self) -> bool:
        """The filter holds answers, but none that may be shown."""
        return not self.respondents and self.held_back > 0


def _surveys(filters: ResultFilter) -> QuerySet[Survey]:
    """Surveys of every block that the filter can touch. Blocks are made within one kind
    and month, so whole (kind, month) groups are read; an SKPD filter still reads every
    SKPD, since the month's remainder block spans them. A session filter needs only its
    survey: no block of several surveys lies wholly inside one session."""
    surveys = Survey.objects.all()
    if filters.session_id:
        return surveys.filter(session_id=filters.session_id)
    if filters.kind:
        surveys = surveys.filter(session__kind=filters.kind)
    if filters.year:
        surveys = surveys.filter(session__start__year=filters.year)
    if filters.month:
        surveys = surveys.filter(session__start__month=filters.month)
    if filters.first_day and filters.last_day:
        # The whole months the period touches.
        after = (filters.last_day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        surveys = surveys.filter(
            session__start__date__gte=filters.first_day.replace(day=1),
            session__start__date__lt=after,
        )
    return surveys


def survey_counts(filters: ResultFilter) -> list[SurveyCount]:
    """The surveys that the filter's blocks are made of, with their cells (one query)."""
    answers = (
        Response.objects.filter(survey=OuterRef("pk"))
        .order_by()
        .values("survey")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        _surveys(filters)
        .annotate(
            # A subquery per survey, not a GROUP BY over the joins: an index-only count.
            respondents=Coalesce(Subquery(answers, output_field=IntegerField()), 0),
            kind=F("session__kind"),
            skpd=Coalesce("session__skpd_request__skpd_id", "session__booking__pegawai__skpd_id"),
            year=ExtractYear("session__start"),
            month=ExtractMonth("session__start"),
            day=TruncDate("session__start"),
            closed=Q(closes_at__lte=timezone.now()),
        )
        .values_list(
            "pk", "session_id", "kind", "skpd", "year", "month", "day", "closed", "respondents"
        )
    )
    return [SurveyCount(*row) for row in rows]


def blocks(counts: list[SurveyCount]) -> list[list[SurveyCount]]:
    """The fixed blocks of closed surveys, each of at least SKM_MIN_RESPONDENTS
    respondents: a survey that has enough on its own; else the small surveys of one kind,
    SKPD and month together; else what remains of one kind and month across SKPD. What is
    still too small is in no block and shows nowhere."""
    floor = settings.SKM_MIN_RESPONDENTS
    found, by_skpd, remainder = [], defaultdict(list), defaultdict(list)
    for count in counts:
        if not count.closed or not count.respondents:
            continue
        if count.respondents >= floor:
            found.append([count])
        else:
            by_skpd[count.kind, count.skpd_id, count.year, count.month].append(count)
    for (kind, _skpd, year, month), pool in by_skpd.items():
        if _respondents(pool) >= floor:
            found.append(pool)
        else:
            remainder[kind, year, month].extend(pool)
    found.extend(pool for pool in remainder.values() if _respondents(pool) >= floor)
    return found


def _respondents(counts: list[SurveyCount]) -> int:
    return sum(count.respondents for count in counts)


def released_responses(filters: ResultFilter) -> Released:
    """The answers a result for ``filters`` may show: those of the blocks wholly inside the
    filter. One query now, and a lazy queryset of the answers."""
    counts = survey_counts(filters)
    shown = [
        count
        for block in blocks(counts)
        if all(count.matches(filters) for count in block)
        for count in block
    ]
    in_filter = [count for count in counts if count.matches(filters)]
    respondents = _respondents(shown)
    return Released(
        responses=Response.objects.filter(
            # One array parameter, however many surveys are shown.
            survey_id__in=RawSQL(
                "SELECT unnest(%s::bigint[])", ([count.survey_id for count in shown],)
            )
        ),
        respondents=respondents,
        held_back=_respondents([c for c in in_filter if c.closed]) - respondents,
        open_surveys=sum(1 for count in in_filter if not count.closed),
    )


def profile_counts(queryset: QuerySet[Response]) -> list[tuple[str, list[tuple[str, int]]]]:
    """Respondents per gender, age band, education and occupation (one query)."""
    cells = {
        f"{field}_{n}": (field, choice)
        for field, choices in PROFILE_FIELDS
        for n, choice in enumerate(choices)
    }
    counts = queryset.aggregate(
        **{
            name: Count("pk", filter=Q(**{field: choice.value}))
            for name, (field, choice) in cells.items()
        }
    )
    return [
        (
            str(Response._meta.get_field(field).verbose_name),
            [(str(choice.label), counts[f"{field}_{n}"]) for n, choice in enumerate(choices)],
        )
        for field, choices in PROFILE_FIELDS
    ]


def suggestions(queryset: QuerySet[Response]) -> QuerySet[Response]:
    return (
        queryset.exclude(suggestion="")
        .only("suggestion", "submitted_on")
        .order_by("-submitted_on", "id")
    )
