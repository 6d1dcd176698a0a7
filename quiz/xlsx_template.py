"""The Excel template staff fill in, and exporting a bank back into it.

``write_template`` gives staff a workbook with a title row, the header, one example row of
each type and a 填写说明 sheet. ``export_bank`` writes any bank in the same layout, so that
importing the export yields the identical questions (same ids, same fields): a bank can be
exported, corrected in Excel and re-imported without creating duplicates.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from quiz.answers import TRUEFALSE_HELP
from quiz.model import LETTERS, PAIR_ARROW, TRUE, Bank, Question, QuestionType
from quiz.typenames import TYPE_HELP

TEMPLATE_OPTION_COUNT = 6  # 选项A … 选项F
TRAILING_COLUMNS = ("答案", "解析", "出处", "难度", "分类", "分值", "图片", "标签", "误差", "答案反馈")
SHEET_NAME = "题库"
_TITLE = "党员教育馆 · 知识题库（第 2 行是表头，请勿修改；示例行可以删除）"


def header(option_count: int = TEMPLATE_OPTION_COUNT) -> list[str]:
    """The header row: 题型, 题干, 选项A…, 答案, 解析, 出处, 难度, 分类, 分值, 图片, 标签, 误差."""
    return ["题型", "题干", *(f"选项{LETTERS[i]}" for i in range(option_count)), *TRAILING_COLUMNS]


def answer_cell(question: Question) -> str:
    """The 答案 cell as staff would write it (and as the importer reads it back)."""
    if question.type is QuestionType.TRUEFALSE:
        return "正确" if question.answer == (TRUE,) else "错误"
    if question.type is QuestionType.FILL:
        return "|".join(question.answer)
    if question.type is QuestionType.NUMERICAL:
        return "|".join(question.answer) if len(question.answer) != 1 else question.answer[0].partition("±")[0]
    if question.type is QuestionType.MATCHING:
        return "|".join(question.distractors)
    return "".join(question.answer)


def tolerance_cell(question: Question) -> str:
    """The 误差 cell: a 数值 question with one answer writes its tolerance here."""
    if question.type is QuestionType.NUMERICAL and len(question.answer) == 1:
        return question.answer[0].partition("±")[2]
    return ""


def feedback_cell(question: Question) -> str:
    """The 答案反馈 cell: per-answer feedback, one ``key：text`` line each (see the 填写说明)."""
    lines = []
    for key, text in question.feedback:
        if question.type is QuestionType.TRUEFALSE:
            key = "正确" if key == TRUE else "错误"
        elif key == "*":
            key = "其他"
        lines.append(f"{key}：{text}")
    return "\n".join(lines)


def option_cells(question: Question) -> list[str]:
    """选项A…: the options, or a 连线 question's pairs written ``左项 → 右项``."""
    if question.type is QuestionType.MATCHING:
        return [f"{left} {PAIR_ARROW} {right}" for left, right in zip(question.options, question.answer)]
    return list(question.options)


def question_row(question: Question, option_count: int) -> list[str | int]:
    options = option_cells(question) + [""] * (option_count - len(question.options))
    return [
        question.type.label,
        question.stem,
        *options,
        answer_cell(question),
        question.explanation,
        question.source,
        question.difficulty,
        question.category,
        question.points,
        question.image,
        "，".join(question.tags),
        tolerance_cell(question),
        feedback_cell(question),
    ]


EXAMPLES: tuple[Question, ...] = (
    Question.create(
        QuestionType.SINGLE, "中国共产党第一次全国代表大会在哪一年召开？", ("1919年", "1921年", "1927年", "1949年"), ("B",),
        explanation="1921 年 7 月 23 日，中共一大在上海开幕，后转移到嘉兴南湖的游船上闭幕。",
        source="《中国共产党简史》", difficulty="易", category="党史", points=1, tags=("建党",)),
    Question.create(
        QuestionType.MULTIPLE, "“四个自信”包括哪些？", ("道路自信", "理论自信", "制度自信", "文化自信", "历史自信"),
        ("A", "B", "C", "D"), explanation="中国特色社会主义道路自信、理论自信、制度自信、文化自信。",
        source="党的十九大报告", difficulty="中", category="理论", points=2),
    Question.create(
        QuestionType.TRUEFALSE, "遵义会议是党的历史上一个生死攸关的转折点。", (), ("true",),
        explanation="遵义会议在最危急关头挽救了党、挽救了红军、挽救了中国革命。",
        source="《中国共产党简史》", difficulty="易", category="党史"),
    Question.create(
        QuestionType.FILL, "党的思想路线的核心是____。", (), ("实事求是", "实事求是的思想路线"),
        explanation="实事求是是党的思想路线的核心，也是马克思主义中国化理论成果的精髓。",
        source="《中国共产党章程》", difficulty="中", category="理论"),
    Question.create(
        QuestionType.NUMERICAL, "中国共产党第一次全国代表大会于哪一年召开？（请输入年份）", (), ("1921",),
        explanation="1921 年 7 月，中国共产党第一次全国代表大会召开。",
        source="《中国共产党简史》", difficulty="易", category="党史"),
    Question.create(
        QuestionType.MATCHING, "请把会议和召开的年份连起来。", ("中共一大", "遵义会议", "古田会议"),
        ("1921年", "1935年", "1929年"), distractors=("1949年",),
        explanation="中共一大 1921 年，古田会议 1929 年，遵义会议 1935 年。",
        source="《中国共产党简史》", difficulty="中", category="党史"),
)

NOTES: tuple[tuple[str, str], ...] = (
    ("列", "怎么填"),
    ("题型", f"{TYPE_HELP}（也可写“单选题”等）。整个工作表名为“单选题”等时可不填。"),
    ("题干", "题目文字，必填。每格最多 2000 字。"),
    ("选项A…选项F", "选择题的选项，从 A 起连续填写，至少两个；判断题和填空题不填选项。"),
    ("答案", "单选：一个字母，如 B。多选：几个字母，如 ABD、A,B,D、A、B、D 都可以（全角、小写也可以）。"),
    ("答案（判断）", f"{TRUEFALSE_HELP}。"),
    ("答案（填空）", "可接受的答案；有几种写法时用 | 或 ；分隔，如：实事求是|实事求是的思想路线。"
                    "数字答案可写范围，如 3.14±0.01。"),
    ("答案（数值）", "一个数，如 1921；参观者用屏幕上的数字键盘输入。允许误差时填在“误差”列（如 0.5），"
                    "或直接写 3.14±0.01、1..5（范围）。几个都算对时用 | 分隔。"),
    ("选项（连线）", "每个选项格写一对“左项 → 右项”，如：中共一大 → 1921年（箭头也可写成 ->），至少两对，最多 5 对（右侧连干扰项最多 6 项，触摸屏才放得下）。"
                    "参观者先点左项，再点右边与它相配的一项。"),
    ("答案（连线）", "可不填；填写的是右侧额外的干扰项，用 | 分隔，如：1949年|1978年。"),
    ("误差", "只用于数值题：答案上下允许的误差，如 0.5；不填表示必须完全相等。"),
    ("答案反馈", "可不填。选了某个答案时显示的话，每行一条：选择题写“B：对，……”，判断题写“错误：……”，"
                "填空和数值题写“1921：……”，其他答案写“其他：……”。"),
    ("解析、出处", "答题后显示给参观者。"),
    ("难度、分类", "难度如 易/中/难；“分类”用于练习模式按类别出题。"),
    ("分值", "正整数，默认 1。"),
    ("图片、标签", "图片文件路径（相对于题库文件夹）；标签用逗号分隔。"),
    ("导入规则", "只要有一道题有错，整个文件都不会导入，并列出每个错误所在的行。"),
)


def _styled(ws: WriteOnlyWorksheet, values: Sequence[str | int], *, bold: bool = False,
            fill: PatternFill | None = None) -> list[Cell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=None if value == "" else value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, even if a stem starts with "="
        if bold:
            cell.font = Font(bold=True)
        if fill is not None:
            cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(cell)
    return cells


def _write(questions: Sequence[Question], path: str | os.PathLike[str], title: str, notes: bool) -> None:
    option_count = max([TEMPLATE_OPTION_COUNT, *(len(q.options) for q in questions)])
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(SHEET_NAME)
    widths = [8, 48, *([16] * option_count), 10, 40, 20, 8, 12, 8, 16, 16, 8, 30]
    for index, width in enumerate(widths):
        letter = _column_letter(index)
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "C3"
    ws.append(_styled(ws, [title], bold=True))
    ws.append(_styled(ws, header(option_count), bold=True,
                      fill=PatternFill("solid", fgColor="FFE699")))
    for question in questions:
        ws.append(_styled(ws, question_row(question, option_count)))
    if notes:
        help_ws = workbook.create_sheet("填写说明")
        help_ws.column_dimensions["A"].width = 16
        help_ws.column_dimensions["B"].width = 90
        for number, (name, text) in enumerate(NOTES):
            help_ws.append(_styled(help_ws, [name, text], bold=number == 0))
    workbook.save(os.fspath(path))


def _column_letter(index: int) -> str:
    return str(get_column_letter(index + 1))


def write_template(path: str | os.PathLike[str]) -> None:
    """Write the blank template with one example row of every type and a 填写说明 sheet."""
    _write(EXAMPLES, path, _TITLE, notes=True)


def export_bank(bank: Bank, path: str | os.PathLike[str]) -> None:
    """Write ``bank`` in the template layout; re-importing it gives identical questions."""
    _write(bank.questions, path, f"题库：{bank.id}（第 2 行是表头，请勿修改）", notes=False)
