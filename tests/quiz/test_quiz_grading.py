"""Grading: exact sets for choices, lenient text and numeric matching for fill-in."""

from __future__ import annotations

import pytest

from quiz.grading import fill_matches, is_correct, normalise_fill
from quiz.model import Question, QuestionType

SINGLE = Question.create(QuestionType.SINGLE, "s", ("a", "b", "c"), ("B",))
MULTI = Question.create(QuestionType.MULTIPLE, "m", ("a", "b", "c", "d"), ("A", "C"))
TF = Question.create(QuestionType.TRUEFALSE, "t", (), ("false",))
FILL = Question.create(QuestionType.FILL, "f", (), ("实事求是", "Seek Truth"))
NUMERIC = Question.create(QuestionType.FILL, "n", (), ("3.14±0.01", "100"))


def test_choice_needs_exact_set() -> None:
    assert is_correct(SINGLE, ["B"]) and not is_correct(SINGLE, ["A"]) and not is_correct(SINGLE, [])
    assert is_correct(MULTI, ["C", "A"])
    assert not is_correct(MULTI, ["A"])  # no partial credit
    assert not is_correct(MULTI, ["A", "C", "D"])


def test_truefalse() -> None:
    assert is_correct(TF, ["false"]) and not is_correct(TF, ["true"]) and not is_correct(TF, [])


@pytest.mark.parametrize("typed", ["实事求是", " 实事 求是 ", "“实事求是”", "实事求是。", "ｓｅｅｋ truth", "seek truth!"])
def test_fill_lenient(typed: str) -> None:
    assert is_correct(FILL, [typed])


@pytest.mark.parametrize("typed", ["实事", "", "求是实事"])
def test_fill_wrong(typed: str) -> None:
    assert not is_correct(FILL, [typed])


@pytest.mark.parametrize("typed, ok", [("3.14", True), ("3.135", True), ("3.15", True), ("3.16", False),
                                       ("100", True), ("100.0", True), ("１００", True), ("99", False), ("abc", False)])
def test_fill_numeric(typed: str, ok: bool) -> None:
    assert is_correct(NUMERIC, [typed]) is ok


def test_normalise_fill_keeps_inner_punctuation() -> None:
    assert normalise_fill("《共产党宣言》") == "共产党宣言"
    assert normalise_fill("3.14") == "3.14"
    assert not fill_matches("", "")
