"""The words the quiz screens show and read aloud, made from the engine's views (no display)."""

from __future__ import annotations

from kiosk.ui import quiz_text
from quiz.model import Bank, Question, QuestionType
from quiz.session.daily import daily_questions
from quiz.touch import daily_touch_questions, touchable_questions
from quiz.session.views import QuestionView, RevealView

SINGLE = Question.create(QuestionType.SINGLE, "党章规定，预备党员的预备期为（  ）。", ["三个月", "半年", "一年", "两年"], ["C"],
                         explanation="党章第一章第七条。", source="《中国共产党章程》第七条")
MULTIPLE = Question.create(QuestionType.MULTIPLE, "下列属于（  ）的有", ["甲", "乙", "丙"], ["A", "C"])
TRUEFALSE = Question.create(QuestionType.TRUEFALSE, "党的最高理想是实现共产主义。", [], ["true"])
FILL = Question.create(QuestionType.FILL, "坚持____的思想路线。", [], ["实事求是"])


def test_fill_in_questions_stay_off_the_touchscreen() -> None:
    assert touchable_questions([SINGLE, FILL, TRUEFALSE]) == (SINGLE, TRUEFALSE)


def test_the_daily_touch_set_is_the_days_order_without_fill_in() -> None:
    import datetime as dt

    bank = Bank("b", tuple(Question.create(QuestionType.FILL if n % 3 == 0 else QuestionType.SINGLE, f"第{n}题", ["甲", "乙"],
                                           ["A"]) for n in range(12)))
    day = dt.date(2026, 12, 1)
    chosen = daily_touch_questions(bank, day, 5)
    assert len(chosen) == 5 and all(q.type is QuestionType.SINGLE for q in chosen)
    assert daily_touch_questions(bank, day, 5) == chosen  # the next visitor, the next kiosk
    order = [q.id for q in daily_questions(bank, day, 12) if q.type is not QuestionType.FILL]
    assert [q.id for q in chosen] == order[:5]


def test_option_rows_keep_blanks_whole_and_truefalse_reads_as_words() -> None:
    rows = quiz_text.option_rows(QuestionView.of(SINGLE))
    assert [(r["key"], r["text"]) for r in rows] == [("A", "三个月"), ("B", "半年"), ("C", "一年"), ("D", "两年")]
    assert [(r["key"], r["text"]) for r in quiz_text.option_rows(QuestionView.of(TRUEFALSE))] == [
        ("true", "正确"), ("false", "错误")]


def test_reveal_marks_the_key_and_the_wrong_choice() -> None:
    reveal = RevealView.of(MULTIPLE, ("A", "B"), False, False, 0)
    assert quiz_text.marks(QuestionView.of(MULTIPLE), reveal) == {"A": "right", "B": "wrong", "C": "right"}
    assert quiz_text.answer_line(MULTIPLE, MULTIPLE.answer) == "A．甲\nC．丙"
    assert quiz_text.reveal_title(reveal) == "回答错误"
    assert quiz_text.reveal_title(RevealView.of(SINGLE, (), False, True, 0)) == "时间到，本题未作答"


def test_read_aloud_says_the_type_the_stem_with_its_blank_and_every_option() -> None:
    text = quiz_text.speech_text(QuestionView.of(SINGLE), 3)
    assert text.startswith("第3题，单选题。党章规定，预备党员的预备期为，什么，。")
    assert text.endswith("选项A，三个月。选项B，半年。选项C，一年。选项D，两年。")
    assert quiz_text.speech_text(QuestionView.of(TRUEFALSE)).endswith("这句话正确还是错误？")
    spoken = quiz_text.reveal_speech(RevealView.of(SINGLE, ("C",), True, False, 1), "C．一年")
    assert spoken == "回答正确！正确答案是：C．一年。解析：党章第一章第七条。"


def test_the_answer_blank_is_one_unit_for_line_breaking() -> None:
    assert quiz_text.display_text("党章规定，预备党员的预备期为（  ）。") == "党章规定，预备党员的预备期为（\u3000）。"
    assert quiz_text.display_text("在(\u00a0)召开") == "在（\u3000）召开"
