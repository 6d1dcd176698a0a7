"""Helpers shared by the quiz tests (a uniquely named module, so it never clashes with
another test folder's helpers on sys.path)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from quiz.model import Question, QuestionType

DATA = Path(__file__).parent / "data"
HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "出处", "难度", "分类", "分值"]

Rows = Sequence[Sequence[object]]
XlsxMaker = Callable[..., Path]
CsvMaker = Callable[..., Path]


def sample_questions(count: int = 12, categories: Sequence[str] = ("党史", "理论", "党章")) -> tuple[Question, ...]:
    """A mixed bank: single, multiple, truefalse and fill, cycling through ``categories``."""
    out = []
    for i in range(count):
        cat = categories[i % len(categories)]
        kind = i % 4
        if kind == 0:
            q = Question.create(QuestionType.SINGLE, f"单选题 {i}", ("甲", "乙", "丙", "丁"), ("B",),
                                category=cat, explanation=f"解析 {i}", source="出处", difficulty="易中难"[i % 3])
        elif kind == 1:
            q = Question.create(QuestionType.MULTIPLE, f"多选题 {i}", ("甲", "乙", "丙", "丁"), ("A", "C"),
                                category=cat, explanation=f"解析 {i}", difficulty="易中难"[i % 3])
        elif kind == 2:
            q = Question.create(QuestionType.TRUEFALSE, f"判断题 {i}", (), ("true",), category=cat,
                                difficulty="易中难"[i % 3])
        else:
            q = Question.create(QuestionType.FILL, f"填空题 {i} ____", (), ("实事求是", "求是"), category=cat,
                                difficulty="易中难"[i % 3])
        out.append(q)
    return tuple(out)


def right_answer(q: Question) -> list[str]:
    """Keys a visitor would press to answer ``q`` correctly (fill: the text)."""
    return list(q.answer[:1]) if q.type is QuestionType.FILL else list(q.answer)


def wrong_answer(q: Question) -> list[str]:
    if q.type is QuestionType.FILL:
        return ["不对"]
    if q.type is QuestionType.TRUEFALSE:
        return ["false" if q.answer == ("true",) else "true"]
    wrong = [x for x in q.letters if x not in q.answer]
    return wrong[:1]


