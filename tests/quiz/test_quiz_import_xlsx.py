"""Excel import: template columns, loose headers, title rows, sheets per type, cell types."""

from __future__ import annotations

import shutil
from pathlib import Path

from quiz.importers import import_bank
from quiz.model import QuestionType

from quiz_helpers import HEADER, XlsxMaker

ROWS = [
    HEADER,
    ["单选", "中国共产党成立于哪一年？", "1919年", "1921年", "1927年", "1949年", "B", "1921 年 7 月。", "《简史》", "易", "党史", 2],
    ["多选", "“四个自信”包括？", "道路自信", "理论自信", "制度自信", "民族自信", "ABC", "", "", "中", "理论", None],
    ["判断", "遵义会议是转折点。", None, None, None, None, "正确", "挽救了党。", "", "", "党史", None],
    ["填空", "党的思想路线的核心是____。", None, None, None, None, "实事求是|实事求是的思想路线", "", "", "难", "理论", 1],
]


def test_template_columns(make_xlsx: XlsxMaker) -> None:
    result = import_bank(make_xlsx(ROWS))
    assert result.ok, result.problems
    assert result.format == "xlsx" and result.bank is not None and result.bank.id == "题库"
    single, multiple, tf, fill = result.questions
    assert (single.type, single.options, single.answer) == (
        QuestionType.SINGLE, ("1919年", "1921年", "1927年", "1949年"), ("B",))
    assert (single.explanation, single.source, single.difficulty, single.category, single.points) == (
        "1921 年 7 月。", "《简史》", "易", "党史", 2)
    assert multiple.type is QuestionType.MULTIPLE and multiple.answer == ("A", "B", "C") and multiple.points == 1
    assert tf.type is QuestionType.TRUEFALSE and tf.answer == ("true",) and tf.options == ()
    assert fill.type is QuestionType.FILL and fill.answer == ("实事求是", "实事求是的思想路线")


def test_loose_header_names_and_title_rows(make_xlsx: XlsxMaker) -> None:
    rows = [
        ["2024 年党史知识竞赛题库"],
        ["说明：红色字段必填"],
        [],
        ["序号", "试题类型（必填）", "试题", "选项 A", "B选项", "C", "正确答案", "答案解析", "来源", "难易程度", "知识点", "分数",
         "备注"],
        [1, "单选题", "题目一", "甲", "乙", "丙", "c", "解析一", "来源一", "易", "党史", "3", "审核过"],
        [2, "判断题", "题目二", None, None, None, "×", None, None, None, None, None, None],
    ]
    result = import_bank(make_xlsx(rows))
    assert result.ok, result.problems
    one, two = result.questions
    assert one.answer == ("C",) and one.options == ("甲", "乙", "丙")
    assert (one.explanation, one.source, one.difficulty, one.category, one.points) == ("解析一", "来源一", "易", "党史", 3)
    assert two.answer == ("false",)
    # 序号 is skipped silently; the unknown 备注 column is a warning, not a problem
    assert [(w.row, w.message) for w in result.warnings] == [(4, "忽略了不认识的列：“备注”")]


def test_head_noun_decides_the_column(make_xlsx: XlsxMaker) -> None:
    rows = [["题目编号", "题目类型", "题目", "正确选项", "题目难度", "题目图片", "题目来源", "所属章节", "试题分数",
             "选项A", "选项B"],
            ["T001", "单选", "题干在这里", "B", "难", "a.png", "党章", "第一章", "5", "甲", "乙"]]
    result = import_bank(make_xlsx(rows))
    assert result.ok and result.warnings == (), (result.problems, result.warnings)
    q = result.questions[0]
    assert (q.stem, q.answer, q.difficulty, q.image, q.source, q.category, q.points) == (
        "题干在这里", ("B",), "难", "a.png", "党章", "第一章", 5)


def test_english_headers(make_xlsx: XlsxMaker) -> None:
    rows = [["Type", "Question", "A", "B", "Answer", "Explanation"], ["single", "Q?", "x", "y", "b", "because"]]
    result = import_bank(make_xlsx(rows))
    assert result.ok, result.problems
    assert result.questions[0].answer == ("B",)


def test_one_sheet_per_type_without_type_column(make_xlsx: XlsxMaker) -> None:
    result = import_bank(make_xlsx({
        "一、单选题": [["题目", "选项A", "选项B", "选项C", "答案"], ["单1", "a", "b", "c", "A"]],
        "多选题": [["题目", "选项A", "选项B", "选项C", "答案"], ["多1", "a", "b", "c", "A"]],
        "判断题": [["题目", "答案"], ["判1", "对"]],
        "填空题（每题2分）": [["题目", "答案"], ["填1", "是"]],
        "填写说明": [["列", "说明"], ["题目", "题目文字"]],
    }))
    assert result.ok, result.problems
    types = [q.type for q in result.questions]
    # the 多选 sheet keeps a single-letter answer as 多选; 填空 answer "是" stays fill text
    assert types == [QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUEFALSE, QuestionType.FILL]
    assert result.questions[3].answer == ("是",)
    assert result.warnings == ()


def test_type_column_overrides_sheet_and_inference_without_any(make_xlsx: XlsxMaker) -> None:
    result = import_bank(make_xlsx({"题目": [
        ["题干", "选项A", "选项B", "选项C", "答案"],
        ["推断单选", "a", "b", "c", "B"],
        ["推断多选", "a", "b", "c", "AB"],
        ["推断判断", None, None, None, "√"],
        ["推断填空", None, None, None, "实事求是"],
    ]}))
    assert result.ok, result.problems
    assert [q.type for q in result.questions] == [
        QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUEFALSE, QuestionType.FILL]


def test_cell_types_bool_numbers_and_blank_rows(make_xlsx: XlsxMaker) -> None:
    rows = [
        HEADER,
        ["判断", "布尔 TRUE", None, None, None, None, True, None, None, None, None, None],
        ["判断", "布尔 FALSE", None, None, None, None, False, None, None, None, None, None],
        [],
        [None, None],
        ["填空", "数字答案 ____ 年", None, None, None, None, 1921, None, None, 3, None, 2.0],
        ["单选", "数字选项", 1919, 1921.5, None, None, "B", None, None, None, None, None],
    ]
    result = import_bank(make_xlsx(rows))
    assert result.ok, result.problems
    t, f, fill, single = result.questions
    assert t.answer == ("true",) and f.answer == ("false",)
    assert fill.answer == ("1921",) and fill.difficulty == "3" and fill.points == 2
    assert single.options == ("1919", "1921.5")


def test_row_numbers_count_blank_rows(make_xlsx: XlsxMaker) -> None:
    rows = [["标题"], HEADER, ["单选", "q1", "a", "b", None, None, "A"], [], [],
            ["单选", "q2", "a", "b", None, None, "E"]]
    result = import_bank(make_xlsx(rows))
    assert not result.ok and result.problems[0].row == 6


def test_option_letter_prefixes_are_stripped(make_xlsx: XlsxMaker) -> None:
    rows = [HEADER, ["单选", "带前缀", "A．实事求是", "B、群众路线", "C) 独立自主", "D.  统一战线", "A"],
            ["单选", "别的字母不去掉", "B. 甲", "乙", None, None, "A"]]
    result = import_bank(make_xlsx(rows))
    assert result.ok, result.problems
    assert result.questions[0].options == ("实事求是", "群众路线", "独立自主", "统一战线")
    assert result.questions[1].options == ("B. 甲", "乙")


def test_tags_and_image_columns(make_xlsx: XlsxMaker) -> None:
    rows = [["题型", "题干", "答案", "图片", "标签"], ["判断", "有图", "对", "images/nanhu.png", "建党，红船、南湖 嘉兴"]]
    result = import_bank(make_xlsx(rows))
    assert result.ok, result.problems
    q = result.questions[0]
    assert q.image == "images/nanhu.png" and q.tags == ("建党", "红船", "南湖", "嘉兴")


def test_content_not_extension_decides(make_xlsx: XlsxMaker, tmp_path: Path) -> None:
    disguised = tmp_path / "题库.csv"
    shutil.copy(make_xlsx(ROWS), disguised)
    result = import_bank(disguised)
    assert result.ok and result.format == "xlsx" and len(result.questions) == 4


def test_same_file_twice_gives_same_ids(make_xlsx: XlsxMaker) -> None:
    first = import_bank(make_xlsx(ROWS, name="a.xlsx"))
    second = import_bank(make_xlsx(ROWS, name="b.xlsx"))
    assert [q.id for q in first.questions] == [q.id for q in second.questions]
    assert len({q.id for q in first.questions}) == 4


def test_id_ignores_answer_and_spacing_but_not_stem(make_xlsx: XlsxMaker) -> None:
    a = import_bank(make_xlsx([HEADER, ["单选", "题干  一", "甲", "乙", None, None, "A", "解析1"]], name="a.xlsx"))
    b = import_bank(make_xlsx([HEADER, ["单选", "题干 一", "甲", "乙", None, None, "B", "解析2"]], name="b.xlsx"))
    c = import_bank(make_xlsx([HEADER, ["单选", "题干二", "甲", "乙", None, None, "A"]], name="c.xlsx"))
    assert a.questions[0].id == b.questions[0].id != c.questions[0].id


def test_bank_id_can_be_given(make_xlsx: XlsxMaker) -> None:
    result = import_bank(make_xlsx(ROWS), bank_id="hall-2024")
    assert result.bank is not None and result.bank.id == "hall-2024"
