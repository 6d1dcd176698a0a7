"""GIFT and Aiken read the way Moodle's own importer reads them (issue 14, one test per rule).

The cases follow the meaning of Moodle's importer tests (question/format/gift/tests and
question/format/aiken/tests); the texts are our own.
"""

from __future__ import annotations

import pytest

from quiz.grading import answer_feedback, grade, is_correct
from quiz.importers import import_bank_bytes
from quiz.importers.encoding import DecodeFailure, decode_bytes
from quiz.importers.html_text import html_to_text
from quiz.model import ANY_OTHER, QuestionType
from quiz.problems import ImportResult, skipped_summary


def gift(text: str, name: str = "题库.gift") -> ImportResult:
    return import_bank_bytes(text.encode("utf-8"), name)


def one(text: str) -> ImportResult:
    result = gift(text)
    assert result.ok, result.problems
    assert len(result.questions) == 1
    return result


# --- 1. valid UTF-8 is UTF-8 -------------------------------------------------------------------

@pytest.mark.parametrize("stem, option", [("¿Qué año?", "Una más"), ("Quelle année, déjà ?", "Là-bas"),
                                          ("Größe?", "Straße")])
def test_accented_utf8_is_never_reread_as_gb18030(stem: str, option: str) -> None:
    result = one(f"{stem}{{={option} ~otra}}")
    assert result.encoding == "utf-8"
    assert result.questions[0].stem == stem and result.questions[0].options[0] == option


def test_a_gbk_file_is_read_as_gbk_and_says_so() -> None:
    result = import_bank_bytes("党的一大在哪一年召开？{=1921年 ~1919年}".encode("gbk"), "题库.gift")
    assert result.ok and result.encoding == "gb18030"
    assert result.questions[0].stem == "党的一大在哪一年召开？"


def test_a_file_half_utf8_half_gbk_is_refused_with_the_line() -> None:
    data = "题型,题干,答案\n".encode("utf-8") + "判断,遵义会议是转折点。,对\n".encode("gbk")
    with pytest.raises(DecodeFailure) as caught:
        decode_bytes(data)
    assert caught.value.line == 2 and "第 1 行是 UTF-8" in caught.value.message
    result = import_bank_bytes(data, "混合.csv")
    assert not result.ok and result.problems[0].line == 2


# --- 2. format tags everywhere; [html] to plain text ---------------------------------------------

def test_format_tags_are_stripped_from_options_answers_and_feedback() -> None:
    q = one("[moodle]选一个{=[plain]甲#[html]<b>对</b> ~[markdown]乙#[plain]不对\n####[html]总的<i>解析</i>}").questions[0]
    assert q.stem == "选一个" and q.options == ("甲", "乙")
    assert q.explanation == "总的解析"
    assert dict(q.feedback) == {"A": "对", "B": "不对"}


def test_format_tags_in_short_answers() -> None:
    q = one("最好的动物？{=[markdown]青蛙 =[plain]蛙}").questions[0]
    assert q.answer == ("青蛙", "蛙")


def test_html_keeps_line_breaks_drops_comments_and_warns_about_media() -> None:
    result = gift("// 注释\n[html]<p>第一段</p><!-- 编者注：不要显示 --><p>第二段<br>第三行 <img src='a.png'></p>"
                  "{=对 ~错}")
    assert result.ok, result.problems
    assert result.questions[0].stem == "第一段\n第二段\n第三行"
    assert [(w.line, w.message) for w in result.warnings] == [(2, "图片（a.png）在触摸屏上无法显示，已去掉")]


def test_html_to_text_units() -> None:
    assert html_to_text("a&amp;b<br/>c") == ("a&b\nc", [])
    assert html_to_text("<p>x</p>\n\n<p>y</p>") == ("x\ny", [])
    assert html_to_text("<a href='u'>链接字</a><audio src='s.mp3'></audio>") == ("链接字", ["链接（u）", "音频（s.mp3）"])


# --- 3. choice keys -------------------------------------------------------------------------------

def test_equals_answer_makes_single_and_partial_weights_are_not_keys() -> None:
    result = one("哪个对？{=全对 ~%50%一半 ~错}")
    q = result.questions[0]
    assert q.type is QuestionType.SINGLE and q.answer == ("A",)
    assert "部分分" in result.warnings[0].message


def test_several_equals_answers_mean_any_one_of_them() -> None:
    q = one("说出一个季节{= 春 = 夏 = 秋 = 冬 ~ 元宵}").questions[0]
    assert q.type is QuestionType.SINGLE and q.answer == ("A", "B", "C", "D")
    assert is_correct(q, ["C"]) and not is_correct(q, ["E"]) and not is_correct(q, ["A", "B"])


def test_without_equals_positive_weights_make_multiple() -> None:
    q = one("哪些对？{~%50%甲 ~%-100%乙 ~%50%丙 ~%-100%丁}").questions[0]
    assert q.type is QuestionType.MULTIPLE and q.answer == ("A", "C")
    tricky = one("只一个？{~%100%甲 ~%-50%乙 ~%-50%丙}").questions[0]
    assert tricky.type is QuestionType.MULTIPLE and tricky.answer == ("A",)


# --- 4. numerical with a ~ part --------------------------------------------------------------------

@pytest.mark.parametrize("block", ["{#3:2~#完全错了}", "{#\n=%100%3:2#\n~#完全错了\n}"])
def test_numerical_with_wrong_answer_feedback(block: str) -> None:
    q = one(f"1 到 5 之间的一个数？{block}").questions[0]
    assert q.type is QuestionType.NUMERICAL and q.answer == ("3±2",)
    assert q.explanation == "" and q.feedback_for(ANY_OTHER) == "完全错了"
    assert is_correct(q, ["4.5"]) and not is_correct(q, ["6"])
    assert answer_feedback(q, ["9"]) == "完全错了" and answer_feedback(q, ["3"]) == ""


# --- 5. -> only makes matching without ~ -----------------------------------------------------------

def test_arrow_inside_a_choice_option_is_not_matching() -> None:
    q = one("哪个箭头对？{=a -> b ~c -> d}").questions[0]
    assert q.type is QuestionType.SINGLE and q.options == ("a -> b", "c -> d")


def test_matching_with_html_items_and_a_distractor() -> None:
    text = ("::活动::[html]把<b>活动</b>和说明连起来。{\n    =[html]异步讨论的地方。 -> 论坛\n"
            "    =[moodle]老师提问、大家选择。 -> 投票\n    =[plain]大家添加记录。 -> 数据库\n    = -> 聊天\n}")
    q = one(text).questions[0]
    assert q.type is QuestionType.MATCHING and q.stem == "把活动和说明连起来。"
    assert q.options == ("异步讨论的地方。", "老师提问、大家选择。", "大家添加记录。")
    assert q.answer == ("论坛", "投票", "数据库") and q.distractors == ("聊天",)
    assert grade(q, ["A→论坛", "B→聊天", "C→数据库"]).right == 2
    assert is_correct(q, ["A→论坛", "B→投票", "C→数据库"])


# --- 6. option duplicates respect case -----------------------------------------------------------

def test_options_differing_in_case_are_different() -> None:
    q = one("英国的缩写？{=GB ~Gb ~gB}").questions[0]
    assert q.options == ("GB", "Gb", "gB")


def test_full_width_twin_is_still_a_duplicate() -> None:
    result = gift("重复？{=ＡＢ ~AB}")
    assert not result.ok and "重复" in result.problems[0].message


# --- 7. feedback: 解析 is general feedback, else the right answer's feedback once ----------------

def test_wrong_answer_feedback_never_leaks_into_explanation() -> None:
    q = one("橙和绿之间是？{=黄#对，好！ ~红#错，是黄 ~蓝#错，是黄}").questions[0]
    assert q.explanation == "对，好！"
    assert answer_feedback(q, ["B"]) == "错，是黄" and answer_feedback(q, ["A"]) == "对，好！"


def test_right_feedback_is_given_once() -> None:
    q = one("哪些颜色？{~%50%黄#对，好！ ~%-100%红#错 ~%50%米#对，好！}").questions[0]
    assert q.explanation == "对，好！"


def test_truefalse_feedback_wrong_first_then_right() -> None:
    q = one("42 是终极答案。{FALSE#42 是终极答案。#你答对了。}").questions[0]
    assert q.answer == ("false",) and q.explanation == "你答对了。"
    assert answer_feedback(q, ["true"]) == "42 是终极答案。"
    only_wrong = one("地球是平的。{F#其实是圆的}").questions[0]
    assert only_wrong.explanation == ""


def test_short_answer_partial_and_catch_all_feedback() -> None:
    result = one("最好的动物？{\n=青蛙#好！\n=%50%猫#又是猫？\n=%0%*#完全错了\n####[html]这是总的解析！\n}")
    q = result.questions[0]
    assert q.answer == ("青蛙",) and q.explanation == "这是总的解析！"
    assert answer_feedback(q, ["狗"]) == "完全错了" and answer_feedback(q, ["青蛙"]) == "好！"
    assert [w.message for w in result.warnings] == ["答案“猫”只得部分分（50%），已忽略"]


# --- 8. essay and description are skipped, not fatal; duplicates as Moodle takes them -------------

def test_essay_and_description_are_skipped_and_reported() -> None:
    text = "好题？{=a ~b}\n\n// 论述\n::Q8:: 你好吗？{}\n\n只是一段说明文字。\n\n又一题？{T}\n"
    result = gift(text)
    assert result.ok and len(result.questions) == 2
    assert [(p.line, p.message) for p in result.skipped] == [
        (4, "简答/论述题，触摸屏不支持"), (6, "说明文字（没有答案部分 {…}），不是题目")]
    assert skipped_summary(result) == ("导入 2 题；跳过 2 题：第 4 行 简答/论述题，触摸屏不支持；"
                                       "第 6 行 说明文字（没有答案部分 {…}），不是题目")


def test_a_file_of_only_essays_imports_nothing() -> None:
    result = gift("谈谈体会。{}\n")
    assert not result.ok and "没有触摸屏能用的题目" in result.problems[0].message


def test_malformed_input_is_still_refused_whole() -> None:
    result = gift("好题？{=a ~b}\n\n坏题{=a ~b\n")
    assert not result.ok and result.bank is None and result.problems[0].line == 3


def test_same_stem_different_answers_are_two_questions() -> None:
    result = one_or_more("简称？{=中共}\n\n简称？{=共产党}\n")
    assert [q.answer for q in result.questions] == [("中共",), ("共产党",)]
    assert len({q.id for q in result.questions}) == 2


def test_exact_duplicate_is_a_warning_and_imported_once() -> None:
    result = one_or_more("简称？{=中共 =共产党}\n\n简称？{=共产党 =中共}\n")
    assert len(result.questions) == 1
    assert [(w.line, w.message) for w in result.warnings] == [(3, "与第 1 行的题目完全相同，只导入一次")]


def one_or_more(text: str) -> ImportResult:
    result = gift(text)
    assert result.ok, result.problems
    return result


# --- 9. missing-word spaces; {One} ---------------------------------------------------------------

def test_missing_word_keeps_the_spaces_around_the_blank() -> None:
    q = one("格兰特 {~埋 =葬 ~住} 在格兰特墓里。").questions[0]
    assert q.stem == "格兰特 ____ 在格兰特墓里。"


def test_one_word_shorthand_is_a_short_answer() -> None:
    q = one("一加一？{二}").questions[0]
    assert q.type is QuestionType.FILL and q.answer == ("二",)


def test_tags_in_comments_become_tags() -> None:
    q = one("// 标签 [tag:党史] [tag:建党]\n中共一大？{=1921 ~1949}").questions[0]
    assert q.tags == ("党史", "建党")


# --- Aiken as Moodle reads it ----------------------------------------------------------------------

def test_aiken_like_moodles_sample() -> None:
    text = ("Moodle 项目是谁发起的：\nA) 甲\nB) 乙\nC) 丙\nD) 丁\nANSWER: B\n\n"
            "能处理 <html class=\"cool\"> & 图片的输入：\nA) 对\nB) 错\nANSWER: A\n")
    result = import_bank_bytes(text.encode("utf-8"), "aiken.txt")
    assert result.ok, result.problems
    assert [q.answer for q in result.questions] == [("B",), ("A",)]
    assert result.questions[1].stem == "能处理 <html class=\"cool\"> & 图片的输入："


def test_aiken_errors_are_refused_with_their_lines() -> None:
    text = ("选项太少的题\nA) 只有一个\nANSWER: A\n\nA) 没有题干\n\nANSWER: 没有题干\n\n"
            "好题\nA) 对\nB) 错\nANSWER: A\n\n没写完的题\nA) 对吗\nB) 错吗\n\n又一道好题\nA)没有空格\nB)对的\nANSWER: B")
    result = import_bank_bytes(text.encode("utf-8"), "aiken.txt")
    assert not result.ok and result.bank is None
    lines = [p.line for p in result.problems]
    assert 1 in lines and 7 in lines and 14 in lines


def test_matching_questions_differing_only_in_pairing_are_two_questions() -> None:
    result = one_or_more("配对{=甲 -> 一 =乙 -> 二}\n\n配对{=甲 -> 二 =乙 -> 一}\n")
    assert [q.answer for q in result.questions] == [("一", "二"), ("二", "一")] and result.warnings == ()


def test_a_damaged_stored_feedback_is_a_value_error() -> None:
    from quiz.model import Question

    with pytest.raises(ValueError):
        Question.from_dict({"type": "single", "stem": "x", "options": ["a", "b"], "answer": ["A"], "feedback": 3})
