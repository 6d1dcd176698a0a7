"""Every answer spelling staff use, for every type, through the parsers and a real import."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.answers import parse_letters, parse_truefalse, split_fill
from quiz.importers import import_bank
from quiz.model import QuestionType

from quiz_helpers import CsvMaker


@pytest.mark.parametrize("text", ["ABD", "A,B,D", "A，B，D", "A、B、D", "A;B;D", "A；B；D", "A B D", "A/B/D",
                                  "ＡＢＤ", "Ａ、Ｂ、Ｄ", "abd", "a, b, d", " ABD ", "DBA", "ABDD"])
def test_letters_spellings(text: str) -> None:
    assert parse_letters(text) == ("A", "B", "D")


@pytest.mark.parametrize("text", ["", "A1", "对", "A-B", "ＡＢ？"])
def test_letters_rejects(text: str) -> None:
    assert parse_letters(text) is None


@pytest.mark.parametrize("text", ["正确", "对", "√", "✓", "✔", "T", "t", "true", "TRUE", "True", "是", "A", "a",
                                  "Ｔ", "ｔｒｕｅ", " 正确 ", "正确。", "对的", "Y", "yes"])
def test_truefalse_true_spellings(text: str) -> None:
    assert parse_truefalse(text) == "true"


@pytest.mark.parametrize("text", ["错误", "错", "×", "✗", "✘", "F", "f", "false", "FALSE", "否", "B", "b", "Ｆ",
                                  "错误。", "N", "no"])
def test_truefalse_false_spellings(text: str) -> None:
    assert parse_truefalse(text) == "false"


@pytest.mark.parametrize("text", ["", "可能", "C", "1921", "√×"])
def test_truefalse_rejects(text: str) -> None:
    assert parse_truefalse(text) is None


@pytest.mark.parametrize("text, expected", [
    ("实事求是", ("实事求是",)),
    ("实事求是|求是", ("实事求是", "求是")),
    ("实事求是｜求是", ("实事求是", "求是")),
    ("实事求是;求是", ("实事求是", "求是")),
    ("实事求是；求是；实事求是", ("实事求是", "求是")),
    (" 实事求是 | | 求是 ", ("实事求是", "求是")),
    ("", ()),
])
def test_fill_variants(text: str, expected: tuple[str, ...]) -> None:
    assert split_fill(text) == expected


ANSWER_ROWS = [
    ("多选", "ABD"), ("多选", "A,B,D"), ("多选", "A、B、D"), ("多选", "A;B;D"), ("多选", "A B D"),
    ("多选", "ＡＢＤ"), ("多选", "abd"),
]


@pytest.mark.parametrize("qtype, answer", ANSWER_ROWS)
def test_every_multiple_spelling_imports(make_csv: CsvMaker, qtype: str, answer: str) -> None:
    path = make_csv([["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案"],
                     [qtype, "哪些？", "甲", "乙", "丙", "丁", answer]])
    result = import_bank(path)
    assert result.ok, result.problems
    assert result.questions[0].answer == ("A", "B", "D")


@pytest.mark.parametrize("answer, expected", [
    ("正确", "true"), ("错误", "false"), ("对", "true"), ("错", "false"), ("√", "true"), ("×", "false"),
    ("✓", "true"), ("✗", "false"), ("T", "true"), ("F", "false"), ("true", "true"), ("false", "false"),
    ("是", "true"), ("否", "false"), ("A", "true"), ("B", "false"),
])
def test_every_truefalse_spelling_imports(make_csv: CsvMaker, answer: str, expected: str) -> None:
    path = make_csv([["题型", "题干", "答案"], ["判断", "遵义会议是转折点。", answer]])
    result = import_bank(path)
    assert result.ok, result.problems
    q = result.questions[0]
    assert q.type is QuestionType.TRUEFALSE and q.answer == (expected,) and q.options == ()


def test_fill_separators_import(make_csv: CsvMaker, tmp_path: Path) -> None:
    path = make_csv([["题型", "题干", "答案"],
                     ["填空", "一 ____", "实事求是|求是"],
                     ["填空", "二 ____", "实事求是；求是"],
                     ["填空", "三 ____", "实事求是;求是"]])
    result = import_bank(path)
    assert result.ok, result.problems
    assert {q.answer for q in result.questions} == {("实事求是", "求是")}
