"""xlsx read with python-calamine: the same rows, row numbers and cell texts openpyxl gave, on
holdout-style workbooks (a table off A1, merged cells, numbers stored as text, dates, booleans),
and the two new types' spreadsheet layouts (数值 with 误差, 连线 pairs in the option cells)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from quiz.grading import is_correct
from quiz.importers import import_bank
from quiz.importers.cells import cell_text
from quiz.model import QuestionType

from quiz_helpers import HEADER, XlsxMaker


def _holdout_workbook(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "一、题库"
    ws["C2"] = "知识竞赛题库（2024）"
    ws.merge_cells("C2:H2")
    for col, name in zip("CDEFGHIJ", ["题目类型", "试题内容（必填）", "A", "B", "C", "正确答案", "答案解析", "分值"]):
        ws[f"{col}3"] = name
    ws.append([None, None, "单选", "党的一大在哪一年召开？", 1921, 1919, 1949, "A", "1921 年", "2"])
    ws.append([None, None, "判断", "七一是建党纪念日。", None, None, None, True, dt.date(2021, 7, 1), 1])
    ws.append([None, None, "填空", "党员的年龄至少满____岁。", None, None, None, "018", None, 1.0])
    ws.append([None, None, "单选", "合并的解析", "甲", "乙", None, "B", "合并格", None])
    ws.merge_cells("I7:J7")
    wb.save(path)


def _openpyxl_rows(path: Path) -> list[list[str]]:
    wb = load_workbook(path, read_only=True, data_only=True)
    rows = [[cell_text(v) for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
    wb.close()
    return rows


def _calamine_rows(path: Path) -> list[list[str]]:
    wb = CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    return [[cell_text(v) for v in row] for row in wb.get_sheet_by_name(wb.sheet_names[0]).to_python(skip_empty_area=False)]


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    out = [list(r) for r in rows]
    for r in out:
        while r and r[-1] == "":
            r.pop()
    return out


def test_calamine_gives_the_cell_texts_openpyxl_gave(tmp_path: Path) -> None:
    path = tmp_path / "holdout.xlsx"
    _holdout_workbook(path)
    assert _trimmed(_calamine_rows(path)) == _trimmed(_openpyxl_rows(path))


def test_holdout_workbook_imports_with_excel_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "holdout.xlsx"
    _holdout_workbook(path)
    result = import_bank(path)
    assert result.ok, result.problems
    first, truefalse, fill, merged = result.questions
    assert first.options == ("1921", "1919", "1949") and first.points == 2
    assert truefalse.answer == ("true",) and truefalse.explanation == "2021-07-01"
    assert fill.answer == ("018",) and merged.explanation == "合并格"


def test_problems_keep_excel_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "holdout.xlsx"
    _holdout_workbook(path)
    wb = load_workbook(path)
    wb.active["H7"] = "Z"
    wb.save(path)
    result = import_bank(path)
    assert [(p.row, p.sheet) for p in result.problems] == [(7, "一、题库")]


def test_numerical_rows_with_and_without_tolerance(make_xlsx: XlsxMaker) -> None:
    header = [*HEADER, "误差"]
    rows = [header,
            ["数值", "党的一大于哪一年召开？", None, None, None, None, 1921, None, None, None, None, None, None],
            ["数值题", "圆周率约是多少？", None, None, None, None, "3.14", None, None, None, None, None, 0.01],
            ["数值", "1 到 5 之间的数", None, None, None, None, "1..5", None, None, None, None, None, None]]
    result = import_bank(make_xlsx(rows))
    assert result.ok, result.problems
    year, pi, span = result.questions
    assert year.type is QuestionType.NUMERICAL and year.answer == ("1921",)
    assert pi.answer == ("3.14±0.01",) and is_correct(pi, ["3.15"]) and not is_correct(pi, ["3.16"])
    assert span.answer == ("3±2",)


def test_numerical_problems(make_xlsx: XlsxMaker) -> None:
    header = [*HEADER, "误差"]
    rows = [header,
            ["数值", "坏答案", None, None, None, None, "一九二一", None, None, None, None, None, None],
            ["数值", "有选项", "甲", None, None, None, "1", None, None, None, None, None, None],
            ["单选", "误差给错题型", "甲", "乙", None, None, "A", None, None, None, None, None, 1],
            ["数值", "误差不是数", None, None, None, None, "3", None, None, None, None, None, "大约"]]
    result = import_bank(make_xlsx(rows))
    assert [(p.row, p.message) for p in result.problems] == [
        (2, '数值答案 "一九二一" 无法识别（应写成 1921、3.14±0.01、3.14:0.01 或 1..5）'),
        (3, "数值题不应有选项（这里有 1 个）；请把选项列留空"),
        (4, "只有数值题可以填写“误差”（这是单选题）"),
        (5, '误差 "大约" 不是非负的数'),
    ]


def test_matching_rows_pairs_in_option_cells_and_distractors_in_answer(make_xlsx: XlsxMaker) -> None:
    rows = [HEADER,
            ["连线", "把会议和年份连起来", "中共一大 → 1921年", "遵义会议->1935年", "古田会议 -> 1929年", None,
             "1949年|1978年"]]
    result = import_bank(make_xlsx(rows))
    assert result.ok, result.problems
    q = result.questions[0]
    assert q.type is QuestionType.MATCHING
    assert q.options == ("中共一大", "遵义会议", "古田会议") and q.answer == ("1921年", "1935年", "1929年")
    assert q.distractors == ("1949年", "1978年")


def test_matching_problems(make_xlsx: XlsxMaker) -> None:
    rows = [HEADER,
            ["连线", "没有箭头", "中共一大 1921年", "遵义会议 → 1935年", None, None, None],
            ["连线", "只有一对", "中共一大 → 1921年", None, None, None, None],
            ["配对题", "缺右项", "中共一大 → ", "遵义会议 → 1935年", None, None, None]]
    result = import_bank(make_xlsx(rows))
    assert [(p.row, p.message) for p in result.problems] == [
        (2, '连线题的选项A要写成“左项 → 右项”（如：党的一大 → 1921年），这里是 "中共一大 1921年"'),
        (3, "连线题至少要有两对（这里有 1 对）"),
        (4, "连线题第 1 对缺少右项"),
    ]
