"""Reads of survey results: every figure is a fixed number of aggregate queries."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from surveys.models import AgeBand, Education, Gender, Occupation, Response

PROFILE_FIELDS = [
    ("gender", Gender),
    ("age_band", AgeBand),
    ("education", Education),
    ("occupation", Occupation),
]


@dataclass(frozen=True)
class ResultFilter:
    session_id: int | None = None
    kind: str = ""
    skpd_id: int | None = None
    year: int | None = None
    month: int | None = None


def responses(filters: ResultFilter) -> QuerySet[Response]:
    queryset = Response.objects.all()
    if filters.session_id:
        queryset = queryset.filter(survey__session_id=filters.session_id)
    if filters.kind:
        queryset = queryset.filter(survey__session__kind=filters.kind)
    if filters.skpd_id:
        queryset = queryset.filter(
            Q(survey__session__skpd_request__skpd_id=filters.skpd_id)
            | Q(survey__session__booking__pegawai__skpd_id=filters.skpd_id)
        )
    if filters.year:
        queryset = queryset.filter(survey__session__start__year=filters.year)
    if filters.month:
        queryset = queryset.filter(survey__session__start__month=filters.month)
    return queryset


def profile_counts(queryset: QuerySet[Response]) -> list[tuple[str, list[tuple[str, int]]]]:
    """Respondents per gender, age band, education and occupation (four queries)."""
    result = []
    for field, choices in PROFILE_FIELDS:
        counts = dict(queryset.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))
        label = str(Response._meta.get_field(field).verbose_name)
        result.append(
            (label, [(str(choice.label), counts.get(choice.value, 0)) for choice in choices])
        )
    return result


def suggestions(queryset: QuerySet[Response]) -> QuerySet[Response]:
    return (
        queryset.exclude(suggestion="")
        .only("suggestion", "submitted_on")
        .order_by("-submitted_on", "id")
    )
