"""Words and display values for the quiz screens, made from the engine's views.

Pure functions (no Kivy): the quiz view models call them, so every sentence a visitor sees or hears
about a question is written once, here, and the screens only lay the values out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from quiz.grading import chosen_pairs, typed_number
from quiz.model import FALSE, TRUE, Question, QuestionType
from quiz.touch import touchable_questions
from quiz.session.views import QuestionView, RevealView

TRUEFALSE_KEYS = (TRUE, FALSE)
TRUEFALSE_TEXT = {TRUE: "正确", FALSE: "错误"}

TYPE_LABELS = {
    QuestionType.SINGLE: "单选题",
    QuestionType.MULTIPLE: "多选题",
    QuestionType.TRUEFALSE: "判断题",
    QuestionType.FILL: "填空题",
    QuestionType.NUMERICAL: "数值题",
    QuestionType.MATCHING: "连线题",
}
HINTS = {
    QuestionType.SINGLE: "请点选一个答案，可以改选，选好后点“确认答案”。",
    QuestionType.MULTIPLE: "本题有两个或更多正确答案：点选全部正确的选项，再点一次可取消。",
    QuestionType.TRUEFALSE: "请判断这句话是否正确，可以改选，选好后点“确认答案”。",
    QuestionType.FILL: "",
    QuestionType.NUMERICAL: "请用下面的数字键输入答案，输错了按删除键，输好后点确认答案。",
    QuestionType.MATCHING: "先点左边的一项，再点右边和它相配的一项，两项之间会连上一条彩色的线。"
                           "点左边的项再选一次可以改。全部连好后点“确认答案”。",
}
NBSP = "\u00a0"


def _wrappable(text: str) -> str:
    """Spaces that do not break a line: Kivy wraps a spaceless Chinese run at any character,
    so a blank like "（  ）" stays whole (see ``kiosk.ui.markup.cjk_wrappable``)."""
    return text.replace(" ", NBSP)


_BLANK = re.compile(r"[（(]\s*[）)]|_{2,}")
_BRACKET_BLANK = re.compile(r"[（(][\s\u00a0]*[）)]")


def display_text(text: str) -> str:
    """Question text for a ``ChineseLabel``: the answer blank "（  ）" written as one unit "（　）",
    so a line never ends with "（" and starts with "）"."""
    return _BRACKET_BLANK.sub("（\u3000）", text)


def board_questions(questions: Sequence[Question]) -> tuple[Question, ...]:
    """The contest board's questions: touch-answerable and fitting the board (see ``fits_board``)."""
    return tuple(q for q in touchable_questions(questions) if fits_board(q))


LINK_COLOURS = ("#C62828", "#1565C0", "#2E7D32", "#EF6C00", "#6A1B9A", "#00838F")
"""One colour per left item of a matching question (at most 5 pairs, see quiz.importers.validate)."""


def answer_kind(view: QuestionView) -> str:
    """How the question is answered on screen: ``choice`` buttons, the ``number`` pad or ``matching``."""
    if view.type is QuestionType.NUMERICAL:
        return "number"
    if view.type is QuestionType.MATCHING:
        return "matching"
    return "choice"


PAD_HEIGHT = 470
"""The number pad's height in design units: four rows of keys ≥ 100 units tall."""
PAIR_ROW = 112
"""A matching row: a 100-unit touch target and its spacing."""


def answer_area_height(view: QuestionView, *, board: bool = False) -> float:
    """Height the number pad or the matching columns take below the stem (0 for choice buttons,
    whose height ``stem_size`` works out itself)."""
    if view.type is QuestionType.NUMERICAL:
        return BOARD_PAD_HEIGHT if board else PAD_HEIGHT
    if view.type is QuestionType.MATCHING:
        return PAIR_ROW * max(len(view.options), len(view.targets)) + 10
    return 0


BOARD_PAD_HEIGHT = 232
"""On the contest board the pad lies flat: two rows of keys beside the number."""
BOARD_MAX_ROWS = 3
"""Matching rows that fit the contest board's question area (beside the panel, under the teams)."""


def fits_board(question: Question | QuestionView) -> bool:
    """Whether a question fits the contest board: a 连线 question of at most three rows."""
    if question.type is QuestionType.MATCHING:
        targets = question.targets
        return max(len(question.options), len(targets)) <= BOARD_MAX_ROWS
    return True


def answered(view: QuestionView, selected: Sequence[str], text: str) -> bool:
    """Whether 确认答案 may be pressed: something chosen; a number typed; every left item linked."""
    if view.type is QuestionType.NUMERICAL:
        return typed_number(text) is not None
    if view.type is QuestionType.MATCHING:
        return len(chosen_pairs(selected)) == len(view.options)
    return bool(selected)


def matching_rows(view: QuestionView) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The two columns of a matching question: left items (key = letter) and the right items in
    their shuffled order (key = the item's text, what the engine takes)."""
    left = [{"key": letter, "text": _wrappable(text), "colour": LINK_COLOURS[i % len(LINK_COLOURS)]}
            for i, (letter, text) in enumerate(zip(view.letters, view.options))]
    right = [{"key": text, "text": _wrappable(text)} for text in view.targets]
    return left, right


def links(view: QuestionView, chosen: Sequence[str], reveal: RevealView | None = None) -> list[dict[str, Any]]:
    """The drawn pairs: left key, right key, colour and, after the reveal, ``right``/``wrong``."""
    pairs = chosen_pairs(reveal.chosen if reveal is not None else chosen)
    key_of = dict(zip(view.letters, reveal.answer)) if reveal is not None else {}
    out = []
    for i, letter in enumerate(view.letters):
        if letter in pairs:
            mark = "" if reveal is None else ("right" if key_of.get(letter) == pairs[letter] else "wrong")
            out.append({"left": letter, "right": pairs[letter], "colour": LINK_COLOURS[i % len(LINK_COLOURS)],
                        "mark": mark})
    return out


def option_rows(view: QuestionView) -> list[dict[str, Any]]:
    """One dict per answer button: ``key`` (what the engine takes), ``letter`` and ``text``."""
    if view.type is QuestionType.TRUEFALSE:
        return [{"key": k, "letter": "√" if k == TRUE else "×", "text": TRUEFALSE_TEXT[k]} for k in TRUEFALSE_KEYS]
    return [{"key": letter, "letter": letter, "text": _wrappable(text)} for letter, text in zip(view.letters, view.options)]


def option_columns(rows: Sequence[dict[str, Any]], *, wide: bool = False) -> int:
    """Answer buttons side by side: two columns for 判断 and for five or six options (or always,
    ``wide``, on the contest board where the question shares the screen with the teams)."""
    return 2 if wide or len(rows) > 4 or (rows and rows[0]["key"] == TRUE) else 1


def marks(view: QuestionView, reveal: RevealView) -> dict[str, str]:
    """How each option looks after the reveal: ``right`` (the key), ``wrong`` (chosen, not the key)."""
    result: dict[str, str] = {}
    for row in option_rows(view):
        key = row["key"]
        if key in reveal.answer:
            result[key] = "right"
        elif key in reveal.chosen:
            result[key] = "wrong"
    return result


def answer_line(view: QuestionView | Question, answer: Sequence[str]) -> str:
    """``B．中国人民和中华民族`` / ``正确``: the correct answer as the reveal shows it."""
    if view.type is QuestionType.TRUEFALSE:
        return "、".join(TRUEFALSE_TEXT.get(a, a) for a in answer)
    if view.type in (QuestionType.FILL, QuestionType.NUMERICAL):
        return " 或 ".join(answer)
    if view.type is QuestionType.MATCHING:
        return "\n".join(_wrappable(f"{left} → {right}") for left, right in zip(view.options, answer))
    letters = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ"[: len(view.options)])
    return "\n".join(_wrappable(f"{a}．{view.options[letters.index(a)]}") if a in letters else a for a in answer)


def chosen_line(view: QuestionView | Question, chosen: Sequence[str]) -> str:
    if not chosen:
        return "未作答"
    if view.type is QuestionType.TRUEFALSE:
        return "、".join(TRUEFALSE_TEXT.get(c, c) for c in chosen)
    if view.type is QuestionType.MATCHING:
        pairs = chosen_pairs(chosen)
        return "；".join(f"{left} → {pairs[letter]}" for letter, left in zip(view.letters, view.options)
                        if letter in pairs)
    return "、".join(chosen)


def pairs_line(reveal: RevealView) -> str:
    """``连对 2 / 3 对`` for a matching question's reveal ("" for the other types)."""
    return f"连对 {reveal.right_parts} / {reveal.parts} 对" if reveal.parts > 1 else ""


def reveal_title(reveal: RevealView) -> str:
    if reveal.correct:
        return "回答正确！"
    if reveal.timed_out:
        return "时间到，本题未作答" if not reveal.chosen else "时间到，答案未确认"
    return "回答错误"


STEM_SIZES = (44, 40, 36, 32)
"""Stem type sizes (design units), largest first; the largest that lets the question fit is used."""
_LINE = 1.45 * 1.1  # Noto Sans CJK's line height × the stem's line_height


def option_size(text: str) -> int:
    """Answer text size: long answers a little smaller so they stay on one or two lines."""
    return 38 if len(text) <= 22 else 34


def _lines(text: str, size: float, width: float) -> int:
    per_line = max(1, int(width * 0.92 // size))  # Kivy does not fill a line to the last pixel
    return max(1, -(-len(text) // per_line))


def stem_size(stem: str, options: Sequence[str], *, width: float = 1150, height: float = 740,
              columns: int = 1) -> int:
    """The largest stem size at which the stem and all answer buttons fit in ``width`` × ``height``
    (design units of the question column), so nothing is cut off and nothing has to scroll."""
    rows: list[float] = []
    option_width = (width - (columns - 1) * 14) / columns - 260  # letter disc, mark, paddings
    for text in options:
        size = option_size(text)
        rows.append(max(104.0, _lines(text, size, option_width) * size * 1.45 + 30))
    per_row = [max(rows[i:i + columns]) for i in range(0, len(rows), columns)] if rows else []
    answers = sum(per_row) + 14 * max(0, len(per_row) - 1) + 20
    for size in STEM_SIZES:
        if _lines(stem, size, width) * size * _LINE + 10 + answers <= height:
            return size
    return STEM_SIZES[-1]


def speech_text(view: QuestionView, number: int | None = None) -> str:
    """What read-aloud says: the type, the stem with its blank spoken, then every option."""
    stem = _BLANK.sub("，什么，", view.stem)
    head = f"第{number}题，" if number else ""
    parts = [f"{head}{TYPE_LABELS[view.type]}。{stem}"]
    if view.type is QuestionType.TRUEFALSE:
        parts.append("这句话正确还是错误？")
    elif view.type is QuestionType.NUMERICAL:
        parts.append("请用数字键输入答案。")
    elif view.type is QuestionType.MATCHING:
        parts.append("左边是：" + "；".join(view.options) + "。右边是：" + "；".join(view.targets) + "。")
    else:
        parts.extend(f"选项{letter}，{text}。" for letter, text in zip(view.letters, view.options))
    return "".join(parts)


def reveal_speech(reveal: RevealView, answer: str) -> str:
    text = f"{reveal_title(reveal)}{pairs_line(reveal)}正确答案是：{answer.replace(chr(10), '，')}。"
    if reveal.explanation:
        text += f"解析：{reveal.explanation}"
    return text
