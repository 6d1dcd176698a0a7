"""Item statistics against values computed by hand.

Five attempts at three questions (1 = right):

        q1 q2 q3 | total
    A1   1  1  1 |  3
    A2   1  1  0 |  2
    A3   1  0  0 |  1
    A4   0  1  0 |  1
    A5   0  0  0 |  0

q1: facility 3/5 = 60 %. Rest scores (total − q1) = 2, 1, 0, 1, 0 (mean 0.8).
    Σ(x−0.6)(y−0.8) = 0.4·1.2 + 0.4·0.2 + 0.4·(−0.8) + (−0.6)·0.2 + (−0.6)·(−0.8) = 0.6
    Σ(x−0.6)² = 3·0.16 + 2·0.36 = 1.2 ; Σ(y−0.8)² = 1.44 + 0.04 + 0.64 + 0.04 + 0.64 = 2.8
    discrimination = 100 · 0.6 / √(1.2 · 2.8) = 100 · 0.6 / √3.36 = 32.7327 %
q3: facility 20 %. Rest = 2, 2, 1, 1, 0 (mean 1.2); x mean 0.2.
    Σ(x−0.2)(y−1.2) = 0.8·0.8 + (−0.2)(0.8) + (−0.2)(−0.2) + (−0.2)(−0.2) + (−0.2)(−1.2) = 0.8
    Σ(x−0.2)² = 0.64 + 4·0.04 = 0.8 ; Σ(y−1.2)² = 0.64 + 0.64 + 0.04 + 0.04 + 1.44 = 2.8
    discrimination = 100 · 0.8 / √(0.8 · 2.8) = 100 · 0.8 / √2.24 = 53.4522 %
Totals 3, 2, 1, 1, 0: mean 1.4, sample variance 5.2 / 4 = 1.3, SD √1.3 = 1.140175.
Item sample variances 0.3, 0.3, 0.2 (sum 0.8); alpha = 3/2 · (1 − 0.8/1.3) = 15/26 = 0.576923.
"""

from __future__ import annotations

import math

import pytest

from quiz.session import AnswerRecord
from quiz.stats import ItemFlag, item_statistics

MATRIX = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 0]]
CHOSEN = {True: ("B",), False: ("A",)}


def attempts_from(matrix: list[list[int]], ids: tuple[str, ...] = ("q1", "q2", "q3")) -> list[list[AnswerRecord]]:
    return [[AnswerRecord(q, CHOSEN[bool(x)], bool(x), 5.0) for q, x in zip(ids, row)] for row in matrix]


def test_hand_computed_values() -> None:
    stats = item_statistics(attempts_from(MATRIX))
    assert stats.attempts == 5
    assert stats.mean == pytest.approx(1.4)
    assert stats.sd == pytest.approx(math.sqrt(1.3))
    assert stats.alpha == pytest.approx(15 / 26)
    q1, q2, q3 = stats.items
    assert (q1.question_id, q1.attempts, q1.correct, q1.facility) == ("q1", 5, 3, pytest.approx(60.0))
    assert q1.discrimination == pytest.approx(100 * 0.6 / math.sqrt(3.36))
    assert q1.discrimination == pytest.approx(32.7327, abs=1e-4)
    assert q2.discrimination == pytest.approx(q1.discrimination)  # same pattern, by symmetry
    assert q3.facility == pytest.approx(20.0)
    assert q3.discrimination == pytest.approx(100 * 0.8 / math.sqrt(2.24))
    assert q1.choices == {"A": 2, "B": 3} and q1.blank == 0
    assert all(i.flags == () for i in stats.items)


def test_flags() -> None:
    # q1 is always right, q2 always wrong, q3 answered right only by the weakest visitors.
    matrix = [[1, 0, 0, 1, 1], [1, 0, 0, 1, 1], [1, 0, 1, 0, 0], [1, 0, 1, 0, 0]]
    stats = item_statistics(attempts_from(matrix, ("q1", "q2", "q3", "q4", "q5")))
    q1, q2, q3, *_ = stats.items
    assert q1.facility == 100 and q1.flags == (ItemFlag.TOO_EASY,) and q1.discrimination is None
    assert q2.facility == 0 and q2.flags == (ItemFlag.TOO_HARD,)
    assert q3.discrimination is not None and q3.discrimination < 0
    assert ItemFlag.NEGATIVE_DISCRIMINATION in q3.flags
    assert "答案可能有误" in ItemFlag.NEGATIVE_DISCRIMINATION.label


def test_choice_distribution_multiple_and_blank() -> None:
    attempts = [
        [AnswerRecord("m", ("A", "C"), True, 1.0)],
        [AnswerRecord("m", ("A",), False, 1.0)],
        [AnswerRecord("m", (), False, 30.0, timed_out=True)],
        [AnswerRecord("m", ("B", "C", "D"), False, 1.0)],
    ]
    item = item_statistics(attempts).item("m")
    assert item.choices == {"A": 2, "B": 1, "C": 2, "D": 1} and item.blank == 1 and item.attempts == 4


def test_attempts_with_different_question_sets() -> None:
    attempts = [
        [AnswerRecord("a", ("B",), True, 1), AnswerRecord("b", ("B",), True, 1)],
        [AnswerRecord("a", ("A",), False, 1), AnswerRecord("c", ("B",), True, 1)],
        [AnswerRecord("b", ("A",), False, 1)],
    ]
    stats = item_statistics(attempts)
    assert [i.question_id for i in stats.items] == ["a", "b", "c"]
    assert [i.attempts for i in stats.items] == [2, 2, 1]
    assert stats.alpha is None  # no two questions shared by every attempt
    assert stats.mean == pytest.approx(1.0)


def test_empty_and_single_attempt() -> None:
    empty = item_statistics([])
    assert (empty.attempts, empty.mean, empty.sd, empty.alpha, empty.items) == (0, None, None, None, ())
    one = item_statistics(attempts_from([[1, 0, 1]]))
    assert one.sd is None and one.alpha is None and one.items[0].discrimination is None


def test_alpha_is_computed_per_question_set() -> None:
    # Two days of daily sets: no question is in every attempt, yet each day's set has its α.
    day1 = attempts_from(MATRIX)
    day2 = attempts_from(MATRIX, ("q4", "q5", "q6"))
    stats = item_statistics(day1 + day2 + [[AnswerRecord("q1", ("B",), True, 1.0)]])
    assert stats.alpha is None  # what the bank-wide α gave before
    assert [(s.questions, s.attempts) for s in stats.sets] == [
        (("q1", "q2", "q3"), (0, 1, 2, 3, 4)), (("q4", "q5", "q6"), (5, 6, 7, 8, 9))]
    assert [s.alpha for s in stats.sets] == [pytest.approx(15 / 26), pytest.approx(15 / 26)]
    assert stats.unmatched == 1  # the lone attempt at a set nobody else had


def test_an_attempt_that_ends_at_the_first_wrong_answer_gets_no_discrimination_or_alpha() -> None:
    # Challenge: the last answer is always wrong, so item-rest correlations say nothing.
    stats = item_statistics(attempts_from([[1, 0, 1, 0, 0], [1, 0, 1, 0, 0], [1, 1, 1, 1, 0], [0, 1, 0, 1, 1]],
                                          ("q1", "q2", "q3", "q4", "q5")), ends_at_first_wrong=True)
    assert stats.ends_at_first_wrong and stats.sets == () and stats.alpha is None
    assert all(i.discrimination is None for i in stats.items)
    assert all(ItemFlag.NEGATIVE_DISCRIMINATION not in i.flags for i in stats.items)
    assert stats.item("q1").facility == pytest.approx(75.0) and stats.mean == pytest.approx(2.75)
