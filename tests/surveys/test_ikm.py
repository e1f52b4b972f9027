"""The IKM arithmetic against hand-worked examples (PermenPANRB 14/2017)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from surveys.ikm import grade_of, half_up


def ikm_of(answers: list[list[int]]) -> tuple[Decimal, Decimal]:
    """IKM and converted value for respondents' nine scores, the way the regulation works."""
    n = len(answers)
    nrr = [Fraction(sum(a[i] for a in answers), n) for i in range(9)]
    ikm = sum(nrr, Fraction(0)) / 9
    return half_up(ikm, 2), half_up(ikm * 25, 2)


def test_all_answers_four_give_exactly_100_and_grade_a():
    assert ikm_of([[4] * 9] * 7) == (Decimal("4.00"), Decimal("100.00"))
    assert grade_of(Decimal("100.00")) == ("A", "Sangat Baik")


def test_all_answers_one_give_25_and_grade_d():
    assert ikm_of([[1] * 9] * 3) == (Decimal("1.00"), Decimal("25.00"))
    assert grade_of(Decimal("25.00"))[0] == "D"


def test_a_hand_worked_example():
    # Two respondents. Element sums: 7,6,8,8,6,7,8,5,7 → NRR 3.5,3,4,4,3,3.5,4,2.5,3.5
    # Σ NRR = 31; IKM = 31/9 = 3.4444… → 3.44; converted = 86.111… → 86.11 → B.
    answers = [[4, 3, 4, 4, 3, 3, 4, 2, 3], [3, 3, 4, 4, 3, 4, 4, 3, 4]]
    assert ikm_of(answers) == (Decimal("3.44"), Decimal("86.11"))
    assert grade_of(Decimal("86.11")) == ("B", "Baik")


@pytest.mark.parametrize(
    ("converted", "grade"),
    [
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
    ],
)
def test_grade_boundaries(converted, grade):
    assert grade_of(Decimal(converted))[0] == grade


def test_rounding_is_half_up_for_display():
    assert half_up(Fraction(36215, 10000), 3) == Decimal("3.622")  # 3.6215 → 3.622
    assert half_up(Fraction(8831, 100), 2) == Decimal("88.31")
    assert half_up(Fraction(2, 3), 3) == Decimal("0.667")
