"""Aiken: the sample file, option styles, multiple letters, and located problems."""

from __future__ import annotations

from quiz.importers import import_bank, import_bank_bytes
from quiz.model import QuestionType
from quiz.problems import ImportResult

from quiz_helpers import DATA


def aiken(text: str) -> ImportResult:
    return import_bank_bytes(text.encode("utf-8"), "题库.txt")


def test_sample_file() -> None:
    result = import_bank(DATA / "sample_aiken.txt")
    assert result.ok, result.problems
    assert result.format == "aiken"
    first, second, third = result.questions
    assert first.type is QuestionType.SINGLE and first.answer == ("B",) and len(first.options) == 4
    assert second.options == ("全心全意为人民服务", "实现共产主义", "发展经济") and second.answer == ("A",)
    assert third.type is QuestionType.MULTIPLE and third.answer == ("A", "B", "D")


def test_without_blank_lines_and_chinese_answer_label() -> None:
    text = "一？\nA. 甲\nB. 乙\nANSWER: A\n二？\nA．丙\nB．丁\n答案：B\n"
    result = aiken(text)
    assert result.ok, result.problems
    assert [q.answer for q in result.questions] == [("A",), ("B",)]


def test_answer_out_of_range_reports_answer_line() -> None:
    text = "一？\nA. 甲\nB. 乙\nANSWER: A\n\n二？\nA. 甲\nB. 乙\nC. 丙\nD. 丁\nANSWER: E\n"
    result = aiken(text)
    assert not result.ok and result.bank is None
    (problem,) = result.problems
    assert problem.line == 11
    assert problem.text == '第 11 行：答案 "E" 超出了选项范围（只有 A–D）'


def test_missing_answer_and_letter_out_of_sequence() -> None:
    text = "一？\nA. 甲\nB. 乙\n\n二？\nA. 甲\nC. 乙\nANSWER: A\n"
    result = aiken(text)
    assert not result.ok
    assert [(p.line, p.message) for p in result.problems] == [
        (1, "这道题缺少 ANSWER: 行（答案）"),
        (7, "选项字母应为 B，这里是 C"),
    ]
