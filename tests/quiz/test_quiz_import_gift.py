"""GIFT: every supported feature, from the hand-written sample and from small inline files."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.importers import import_bank, import_bank_bytes
from quiz.model import QuestionType
from quiz.problems import ImportResult

from quiz_helpers import DATA


def gift(text: str, name: str = "题库.gift") -> ImportResult:
    return import_bank_bytes(text.encode("utf-8"), name)


def test_sample_file() -> None:
    result = import_bank(DATA / "sample.gift")
    assert result.ok, result.problems
    assert result.format == "gift" and result.warnings == ()
    q = {x.stem: x for x in result.questions}
    assert len(q) == 8

    first = q["中国共产党第一次全国代表大会在哪一年召开？"]
    assert first.type is QuestionType.SINGLE and first.options == ("1921年", "1919年", "1949年")
    assert first.answer == ("A",) and first.category == "党史"
    assert first.explanation == "1921 年 7 月 23 日，中共一大在上海开幕。"  # general feedback ####

    weighted = q["下列属于“四个意识”的是"]
    assert weighted.type is QuestionType.MULTIPLE and weighted.answer == ("A", "B", "C")

    zunyi = q["遵义会议是党的历史上一个生死攸关的转折点。"]
    assert zunyi.type is QuestionType.TRUEFALSE and zunyi.answer == ("true",)
    assert zunyi.explanation == "对，遵义会议挽救了党和红军。"  # TF: feedback for the right answer
    assert q["南昌起义发生在 1937 年。"].answer == ("false",)

    line = q["党的思想路线的核心是____。"]  # missing-word format
    assert line.type is QuestionType.FILL and line.answer == ("实事求是", "实事求是的思想路线")
    assert line.category == "理论"

    assert q["2021 年是中国共产党成立____周年。"].answer == ("100",)
    assert q["公式 a=b 中{花括号}和冒号: 都要转义，~ 也是："].answer == ("x~y",)
    assert q["延安精神的灵魂是？"].options == ("坚定正确的政治方向", "艰苦奋斗")


def test_per_answer_feedback_becomes_explanation_without_general_feedback() -> None:
    result = gift("红船在哪里？{=嘉兴南湖#对，南湖红船。 ~上海#不对}")
    assert result.ok and result.questions[0].explanation == "对，南湖红船。"


@pytest.mark.parametrize("block, answer", [("{T}", "true"), ("{TRUE}", "true"), ("{F}", "false"),
                                           ("{FALSE}", "false"), ("{t}", "true"), ("{ false }", "false")])
def test_truefalse_spellings(block: str, answer: str) -> None:
    result = gift(f"判断一下。{block}")
    assert result.ok and result.questions[0].answer == (answer,)


@pytest.mark.parametrize("block, expected", [
    ("{#1921}", ("1921",)),
    ("{#1921:0}", ("1921",)),
    ("{#3.14:0.01}", ("3.14±0.01",)),
    ("{#1..5}", ("3±2",)),
    ("{#2.5..3.5}", ("3±0.5",)),
    ("{#=1921 =%50%1920}", ("1921",)),
    ("{#=1921 =2021}", ("1921", "2021")),
    ("{#1921#好}", ("1921",)),
])
def test_numerical(block: str, expected: tuple[str, ...]) -> None:
    result = gift(f"数字题：{block}")
    assert result.ok, result.problems
    assert result.questions[0].type is QuestionType.NUMERICAL and result.questions[0].answer == expected


def test_partial_credit_short_answer_is_dropped_with_warning() -> None:
    result = gift("简称是？{=中共 =%50%共产党}")
    assert result.ok and result.questions[0].answer == ("中共",)
    assert len(result.warnings) == 1 and "部分分" in result.warnings[0].message


def test_title_and_escapes_in_title_and_options() -> None:
    result = gift("::题目\\:一::选一个 \\# 号{=A\\=B ~C\\~D ~E\\#F ~G\\{H\\}}")
    assert result.ok, result.problems
    q = result.questions[0]
    assert q.stem == "选一个 # 号" and q.options == ("A=B", "C~D", "E#F", "G{H}")


def test_comments_blank_lines_and_categories() -> None:
    text = "// 开头注释\n$CATEGORY: $course$/top/一级/二级\n\n// 题前注释\n一？{T}\n\n$CATEGORY: 其他\n二？{F}\n"
    result = gift(text)
    assert result.ok, result.problems
    assert [q.category for q in result.questions] == ["一级/二级", "其他"]


def test_multiline_question_and_weights_multiple() -> None:
    text = "哪些是\n正确的？\n{\n~%50%甲\n~%50%乙\n~%-50%丙\n~%-50%丁\n}\n"
    result = gift(text)
    assert result.ok, result.problems
    q = result.questions[0]
    assert q.stem == "哪些是\n正确的？" and q.type is QuestionType.MULTIPLE and q.answer == ("A", "B")


def test_line_numbers_of_problems() -> None:
    text = "// c\n\n好题？{=a ~b}\n\n\n坏题：{=a ~a}\n\n数字{#x}\n"
    result = gift(text)
    assert not result.ok and result.bank is None
    assert [(p.line, p.message) for p in result.problems] == [
        (6, '选项A和选项B重复（"a"）'),
        (8, "数值答案“x”无法识别（应写成 1921、3.14:0.01 或 1..5）"),
    ]


def test_missing_braces_and_validation_errors_together() -> None:
    text = "缺左括号=a}\n\n选择题{=甲 ~甲}\n\n{=a ~b}\n"
    result = gift(text)
    assert not result.ok
    assert [(p.line, p.message) for p in result.problems] == [
        (1, "答案部分缺少左花括号 {"),
        (3, '选项A和选项B重复（"甲"）'),
        (5, "题干为空"),
    ]


def test_gift_detected_by_content_whatever_the_name(tmp_path: Path) -> None:
    path = tmp_path / "题库.txt"
    path.write_text("问题？{=对 ~错}", encoding="utf-8")
    assert import_bank(path).format == "gift"


@pytest.mark.parametrize("text, message", [
    ("缺右括号{=a ~b", "答案部分缺少右花括号 }"),
    ("两空{=a}和{=b}", "一道题里有多个 {…}：不支持多空题"),
    ("开头{甲 =a ~b}", "答案部分开头的“甲”前面缺少 = 或 ~"),
    ("数字{#abc}", "数值答案“abc”无法识别（应写成 1921、3.14:0.01 或 1..5）"),
    ("范围{#5..1}", "数值答案“5..1”无法识别（应写成 1921、3.14:0.01 或 1..5）"),
    ("误差{#3:-1}", "数值答案“3:-1”无法识别（应写成 1921、3.14:0.01 或 1..5）"),
    ("全是错的{~a ~b}", "没有正确答案"),
    ("竖线{=a|b}", '填空答案 "a|b" 中不能有 | 或 ；（它们用来分隔多个可接受的答案）'),
    ("全是部分分{=%50%a}", "没有正确答案（“答案”为空）"),
])
def test_gift_problems(text: str, message: str) -> None:
    result = gift(f"// 注释\n{text}\n")
    assert not result.ok and result.bank is None
    assert [(p.line, p.message) for p in result.problems] == [(2, message)]
