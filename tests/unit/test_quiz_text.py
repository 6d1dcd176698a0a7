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


# ----- 数值 and 连线 (issue 14) -----------------------------------------------------------------

def _new_types() -> tuple[object, object]:
    from quiz.model import Question, QuestionType

    year = Question.create(QuestionType.NUMERICAL, "党的一大于哪一年召开？", (), ("1921",))
    pairs = Question.create(QuestionType.MATCHING, "连线", ("中共一大", "遵义会议"), ("1921年", "1935年"),
                            distractors=("1949年",))
    return year, pairs


def test_new_types_answer_state_and_lines() -> None:
    from kiosk.ui import quiz_text
    from quiz.session.views import QuestionView, RevealView

    year, pairs = _new_types()
    year_view, pairs_view = QuestionView.of(year), QuestionView.of(pairs)  # type: ignore[arg-type]
    assert quiz_text.answer_kind(year_view) == "number" and quiz_text.answer_kind(pairs_view) == "matching"
    assert not quiz_text.answered(year_view, (), "-") and quiz_text.answered(year_view, (), "1921")
    assert not quiz_text.answered(pairs_view, ("A→1921年",), "")
    assert quiz_text.answered(pairs_view, ("A→1921年", "B→1949年"), "")
    reveal = RevealView.of(pairs, ("A→1921年", "B→1949年"), False, False, 1)  # type: ignore[arg-type]
    assert [l["mark"] for l in quiz_text.links(pairs_view, (), reveal)] == ["right", "wrong"]
    assert quiz_text.answer_line(pairs_view, pairs.answer).replace("\u00a0", " ") == "中共一大 → 1921年\n遵义会议 → 1935年"
    assert quiz_text.fits_board(pairs) and quiz_text.answer_area_height(year_view) >= 4 * 100


def test_statistics_distribution_of_new_types() -> None:
    from kiosk.ui.quiz_stats_vm import RIGHT_COLOUR, distribution

    year, pairs = _new_types()
    text = distribution(pairs, {"A→1921年": 3, "B→1949年": 2, "B→1935年": 1}, 1)  # type: ignore[arg-type]
    assert text.startswith(f"[color={RIGHT_COLOUR}][b]A→1921年 3[/b][/color] · B→1949年 2")
    assert text.endswith("未答 1")
    assert distribution(year, {"1921": 4, "1920": 1}, 0).startswith(f"[color={RIGHT_COLOUR}]")  # type: ignore[arg-type]
