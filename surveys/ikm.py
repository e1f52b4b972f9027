"""The Indeks Kepuasan Masyarakat of PermenPANRB 14/2017, from sums made in the database.

Exact arithmetic throughout (fractions): weight 1/9, so all answers 4 give exactly 100.
Rounding is for display only, half up: NRR to 3 decimals, IKM to 2; the grade is read from
the converted value rounded to 2 decimals.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from surveys.elements import Element, ordered_elements

GRADES = [  # (lowest converted value, grade, label)
    (Decimal("88.31"), "A", _("Sangat Baik")),
    (Decimal("76.61"), "B", _("Baik")),
    (Decimal("65.00"), "C", _("Kurang Baik")),
    (Decimal("25.00"), "D", _("Tidak Baik")),
]


def half_up(value: Fraction, places: int) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def grade_of(converted: Decimal) -> tuple[str, str]:
    for lowest, grade, label in GRADES:
        if converted >= lowest:
            return grade, str(label)
    return GRADES[-1][1], str(GRADES[-1][2])


@dataclass(frozen=True)
class ElementScore:
    element: Element
    total: int
    nrr: Fraction

    @property
    def nrr_display(self) -> Decimal:
        return half_up(self.nrr, 3)

    @property
    def weighted_display(self) -> Decimal:
        return half_up(self.nrr / len(Element.values), 3)

    @property
    def percent(self) -> float:
        """The bar's length: NRR on the 1–4 scale as a share of 4."""
        return float(self.nrr / 4 * 100)


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    elements: list[ElementScore]
    ikm: Fraction | None

    @property
    def withheld(self) -> bool:
        """Too few answers to show without exposing who answered what."""
        return 0 < self.respondents < settings.SKM_MIN_RESPONDENTS

    @property
    def ikm_display(self) -> Decimal | None:
        return None if self.ikm is None else half_up(self.ikm, 2)

    @property
    def converted(self) -> Decimal | None:
        return None if self.ikm is None else half_up(self.ikm * 25, 2)

    @property
    def grade(self) -> str:
        return grade_of(self.converted)[0] if self.converted is not None else ""

    @property
    def label(self) -> str:
        return grade_of(self.converted)[1] if self.converted is not None else ""

    @property
    def weakest(self) -> list[ElementScore]:
        """The lowest-scoring elements, which the office must follow up."""
        if not self.elements:
            return []
        lowest = min(score.nrr for score in self.elements)
        return [score for score in self.elements if score.nrr == lowest]


def compute(responses: QuerySet) -> IkmResult:
    """The IKM of a set of responses counted directly: one aggregate query. (The results
    add up stored sums instead: ``from_sums``.)"""
    sums = responses.aggregate(
        respondents=Count("pk"), **{code: Sum(code) for code in Element.values}
    )
    return from_sums(sums.pop("respondents"), sums)


def from_sums(respondents: int, sums: dict[str, int]) -> IkmResult:
    """The IKM of ``respondents`` answers whose scores add up to ``sums`` per element."""
    n = respondents
    if not n:
        return IkmResult(0, [], None)
    scores = [
        ElementScore(element, sums[element.value], Fraction(sums[element.value], n))
        for element in ordered_elements()
    ]
    ikm = sum((score.nrr for score in scores), Fraction(0)) / len(Element.values)
    return IkmResult(n, scores, ikm)
