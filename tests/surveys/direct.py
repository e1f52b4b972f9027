"""The SKM privacy rule counted directly over the raw answers, in Python: the reference the
stored summaries and blocks (surveys/summaries.py) must equal. It is the rule as
surveys/selectors.py ran it before the summaries: every survey's cell and answers read,
the blocks made in memory, a filter's figures summed over the blocks wholly inside it."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, TruncDate
from django.utils import timezone

from surveys.elements import Element
from surveys.models import FIGURES, AgeBand, Education, Gender, Occupation, Response, Survey
from surveys.selectors import ResultFilter


@dataclass(frozen=True)
class Cell:
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
class Direct:
    figures: dict[str, int]
    held_back: int
    open_surveys: int
    survey_ids: frozenset[int]


class DirectCount:
    """Every survey's cell and answers, read once; ``of(filters)`` then answers any filter."""

    def __init__(self, now: datetime.datetime | None = None):
        now = now or timezone.now()
        answers = {
            row.pop("survey_id"): row
            for row in Response.objects.values("survey_id")
            .order_by()
            .annotate(
                respondents=Count("pk"),
                **{
                    name: aggregate
                    for name, aggregate in _figure_aggregates().items()
                    if name != "respondents"
                },
            )
        }
        self.figures = answers
        self.cells = [
            Cell(*row[:-1], answers.get(row[0], {}).get("respondents", 0))
            for row in Survey.objects.annotate(
                kind=F("session__kind"),
                skpd=Coalesce(
                    "session__skpd_request__skpd_id", "session__booking__pegawai__skpd_id"
                ),
                year=ExtractYear("session__start"),
                month=ExtractMonth("session__start"),
                day=TruncDate("session__start"),
                closed=Q(closes_at__lte=now),
            ).values_list(
                "pk", "session_id", "kind", "skpd", "year", "month", "day", "closed", "pk"
            )
        ]
        self.blocks = _blocks(self.cells, settings.SKM_MIN_RESPONDENTS)

    def of(self, filters: ResultFilter) -> Direct:
        shown = [
            cell
            for block in self.blocks
            if all(cell.matches(filters) for cell in block)
            for cell in block
        ]
        in_filter = [cell for cell in self.cells if cell.matches(filters)]
        figures = dict.fromkeys(FIGURES, 0)
        for cell in shown:
            for name in FIGURES:
                figures[name] += self.figures[cell.survey_id][name]
        return Direct(
            figures=figures,
            held_back=sum(c.respondents for c in in_filter if c.closed) - figures["respondents"],
            open_surveys=sum(1 for cell in in_filter if not cell.closed),
            survey_ids=frozenset(cell.survey_id for cell in shown),
        )


def _figure_aggregates() -> dict:
    """Per survey: the answers, each element's sum, each profile answer's count, the
    suggestions."""
    return {
        "respondents": Count("pk"),
        **{code: Sum(code) for code in Element.values},
        **{
            f"{field}_{value}": Count("pk", filter=Q(**{field: value}))
            for field, values in [
                ("gender", Gender.values),
                ("age_band", AgeBand.values),
                ("education", Education.values),
                ("occupation", Occupation.values),
            ]
            for value in values
        },
        "suggestions": Count("pk", filter=~Q(suggestion="")),
    }


def _blocks(cells: list[Cell], floor: int) -> list[list[Cell]]:
    found, by_skpd, remainder = [], defaultdict(list), defaultdict(list)
    for cell in cells:
        if not cell.closed or not cell.respondents:
            continue
        if cell.respondents >= floor:
            found.append([cell])
        else:
            by_skpd[cell.kind, cell.skpd_id, cell.year, cell.month].append(cell)
    for (kind, _skpd, year, month), pool in by_skpd.items():
        if sum(c.respondents for c in pool) >= floor:
            found.append(pool)
        else:
            remainder[kind, year, month].extend(pool)
    found.extend(pool for pool in remainder.values() if sum(c.respondents for c in pool) >= floor)
    return found
