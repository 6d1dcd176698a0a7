"""CSV import in UTF-8, UTF-8 with BOM and GBK/GB18030 — never mojibake."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.importers import import_bank, import_bank_bytes
from quiz.importers.encoding import Decoded, decode_bytes

from quiz_helpers import HEADER, CsvMaker

ROWS = [
    HEADER,
    ["单选", "中国共产党成立于哪一年？", "1919年", "1921年", "1927年", "1949年", "B", "中共一大。", "《简史》", "易", "党史", 1],
    ["多选", "“四个自信”包括？", "道路自信", "理论自信", "制度自信", "民族自信", "A,B,C", "", "", "", "理论", ""],
    ["判断", "遵义会议是转折点。", "", "", "", "", "√", "", "", "", "", ""],
    ["填空", "党的思想路线的核心是____。", "", "", "", "", "实事求是；实事求是的思想路线", "", "", "", "", ""],
]


@pytest.mark.parametrize("encoding, detected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030"),
    ("utf-16", "utf-16"),
])
def test_encodings(make_csv: CsvMaker, encoding: str, detected: str) -> None:
    result = import_bank(make_csv(ROWS, encoding=encoding))
    assert result.ok, result.problems
    assert result.format == "csv" and result.encoding == detected
    stems = [q.stem for q in result.questions]
    assert stems[0] == "中国共产党成立于哪一年？" and stems[1] == "“四个自信”包括？"
    assert result.questions[0].source == "《简史》"
    assert result.questions[3].answer == ("实事求是", "实事求是的思想路线")


def test_gb18030_only_characters(make_csv: CsvMaker) -> None:
    rows = [["题型", "题干", "答案"], ["判断", "生僻字𠀀和€符号可以用 GB18030 保存。", "对"]]
    result = import_bank(make_csv(rows, encoding="gb18030"))
    assert result.ok and result.questions[0].stem.startswith("生僻字𠀀和€")


def test_bytes_that_are_valid_utf8_are_read_as_utf8_even_when_gbk_would_look_chinese() -> None:
    # Issue 14: valid UTF-8 is UTF-8, full stop (a rare GBK text that is also valid UTF-8 loses).
    data = "为什么伟业".encode("gbk")
    assert decode_bytes(data) == Decoded(data.decode("utf-8"), "utf-8")


def test_short_gbk_file(tmp_path: Path) -> None:
    result = import_bank_bytes("题型,题干,答案\n判断,对吗,对\n".encode("gbk"), "短.csv")
    assert result.ok, result.problems
    assert result.questions[0].stem == "对吗" and result.encoding == "gb18030"


def test_utf8_and_gbk_give_identical_questions(make_csv: CsvMaker, tmp_path: Path) -> None:
    utf8 = import_bank(make_csv(ROWS, encoding="utf-8", name="u.csv"))
    gbk = import_bank(make_csv(ROWS, encoding="gbk", name="g.csv"))
    assert utf8.questions == gbk.questions


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_other_delimiters(make_csv: CsvMaker, delimiter: str) -> None:
    result = import_bank(make_csv(ROWS, delimiter=delimiter, name="题库.txt"))
    assert result.ok, result.problems
    assert result.questions[1].answer == ("A", "B", "C")


def test_semicolon_answers_do_not_fool_delimiter_choice(make_csv: CsvMaker) -> None:
    rows = [["题型", "题干", "选项A", "选项B", "选项C", "答案"], ["多选", "q", "a", "b", "c", "A;B;C"]]
    result = import_bank(make_csv(rows))
    assert result.ok and result.questions[0].answer == ("A", "B", "C")


def test_multiline_cells_and_row_numbers(make_csv: CsvMaker) -> None:
    rows = [["题型", "题干", "答案"], ["判断", "第一行\n第二行", "对"], ["判断", "坏答案", "也许"]]
    result = import_bank(make_csv(rows))
    assert not result.ok
    # the record number (Excel's row), not the physical line
    assert result.problems[0].row == 3


def test_header_below_title(make_csv: CsvMaker) -> None:
    rows = [["党史题库"], [], ["题目", "参考答案", "题型"], ["遵义会议是转折点。", "是", "判断题"]]
    result = import_bank(make_csv(rows))
    assert result.ok and result.questions[0].answer == ("true",)
