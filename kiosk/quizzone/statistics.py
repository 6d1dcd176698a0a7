"""Item statistics of a stored bank, computed by ``quiz.stats`` from the answer facts, per mode.

The database only hands over the answers (one query); the definitions — facility, Moodle's
discrimination index, Cronbach's α, the flags — live in the engine so the staff screen, the CLI and
the tests agree on them. Three decisions are made here:

* **Regrading.** An answer fact keeps what the visitor chose (``chosen``) and how it was graded
  then (``correct``). Like Moodle's regrade, each answer is graded again against the bank's
  *current* question (``quiz.grading``): staff who find a wrong key, fix the file and import it
  again see facility and flags change. The stored grade (the one the visitor was shown, and the
  card's score) is used only for questions no longer in the bank or unknown to it.
* **Per mode.** Scores of 练习, 挑战答题 (open length) and 每日答题 (out of 10) are not on one scale,
  so every figure is computed per mode. 挑战答题 stops at the first wrong answer, which makes the
  discrimination index and α measure the stopping rule; the engine leaves them out
  (``ends_at_first_wrong``) and the report says so.
* **α per question set.** α is computed for attempts that answered the same questions: for
  每日答题 that is one day's set (labelled with its hall-local date), for 练习 an identical draw.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from kiosk.clock import hall_date
from kiosk.quizzone.item_totals import totals_statistics
from kiosk.quizzone.sql_statistics import SetSpan, mode_statistics
from kiosk.store.db import Database
from kiosk.store.quiz_models import QuizAnswer, QuizAttempt
from quiz.grading import is_correct
from quiz.model import Question
from quiz.session import Mode
from quiz.stats import BankStatistics, ItemStatistics, SetAlpha, item_statistics

STATISTICS_MODES = (Mode.PRACTICE.value, Mode.CHALLENGE.value, Mode.DAILY.value)
"""The solo modes, in report order (contests are scored by the host, not item by item)."""
ENDS_AT_FIRST_WRONG = frozenset({Mode.CHALLENGE.value})

NOTES = {
    Mode.CHALLENGE.value: "挑战答题答错即止（最后一题总是答错，得分就是连对题数），因此不计算区分度和 α 系数。",
    Mode.DAILY.value: "α 系数按每天的题组分别计算（同一天的参观者答的是同一组题）。",
    Mode.PRACTICE.value: "α 系数按完全相同的题组分别计算；练习多为随机抽题，相同题组较少。",
}


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """An answer fact in the shape ``quiz.stats`` reads (``AnswerLike``); ``correct`` is regraded."""

    question_id: str
    chosen: tuple[str, ...]
    correct: bool


@dataclass(frozen=True)
class StoredAttempt:
    mode: str
    finished_at: datetime
    answers: list[StoredAnswer]


def regraded(question_id: str, chosen: tuple[str, ...], stored: bool, current: Mapping[str, Question]) -> bool:
    """Right or wrong by the current key; the stored grade only when the question is not in the bank."""
    question = current.get(question_id)
    return stored if question is None else is_correct(question, chosen)


def stored_attempts(db: Database, bank: str, modes: Sequence[str], current: Mapping[str, Question]) -> list[StoredAttempt]:
    """The solo attempts on ``bank`` in ``modes`` with their answers (in answering order), regraded."""
    with db.transaction() as session:
        rows = session.execute(
            select(QuizAnswer.attempt_id, QuizAttempt.mode, QuizAttempt.finished_at, QuizAnswer.question_id,
                   QuizAnswer.chosen, QuizAnswer.correct)
            .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id)
            .where(QuizAttempt.bank == bank, QuizAttempt.mode.in_(list(modes)))
            .order_by(QuizAnswer.attempt_id, QuizAnswer.position)
        ).all()
    attempts: dict[uuid.UUID, StoredAttempt] = {}
    for attempt_id, mode, finished_at, question_id, chosen_text, correct in rows:
        attempt = attempts.get(attempt_id)
        if attempt is None:
            attempt = attempts[attempt_id] = StoredAttempt(str(mode), finished_at, [])
        chosen = tuple(str(c) for c in json.loads(chosen_text))
        attempt.answers.append(StoredAnswer(question_id, chosen, regraded(question_id, chosen, bool(correct), current)))
    return list(attempts.values())


def _set_label(mode: str, number: int, found: SetAlpha, attempts: Sequence[StoredAttempt]) -> str:
    if mode == Mode.DAILY.value:
        days = sorted({hall_date(attempts[i].finished_at) for i in found.attempts})
        return f"{days[0]:%Y-%m-%d}" if len(days) == 1 else f"{days[0]:%Y-%m-%d}～{days[-1]:%Y-%m-%d}"
    return f"题组 {number}（{len(found.questions)} 题）"


@dataclass(frozen=True)
class ModeReport:
    """One mode's statistics; ``set_labels[i]`` names ``statistics.sets[i]``."""

    mode: str
    statistics: BankStatistics
    set_labels: tuple[str, ...]

    @property
    def label(self) -> str:
        return Mode(self.mode).label

    @property
    def note(self) -> str:
        note = NOTES[self.mode]
        if self.statistics.unmatched and not self.statistics.ends_at_first_wrong:
            note += f"另有 {self.statistics.unmatched} 次作答的题组没有别人答过，未计入 α。"
        return note


def mode_report(mode: str, attempts: Sequence[StoredAttempt]) -> ModeReport:
    statistics = item_statistics([a.answers for a in attempts], ends_at_first_wrong=mode in ENDS_AT_FIRST_WRONG)
    labels = tuple(_set_label(mode, n, s, attempts) for n, s in enumerate(statistics.sets, start=1))
    return ModeReport(mode, statistics, labels)


@dataclass(frozen=True)
class BankReport:
    """A bank's statistics per mode with each question's stem, ready for the CLI and the staff screen."""

    bank: str
    modes: tuple[ModeReport, ...]
    questions: dict[str, Question]

    @property
    def attempts(self) -> int:
        return sum(m.statistics.attempts for m in self.modes)

    def mode(self, mode: str) -> ModeReport:
        return next(m for m in self.modes if m.mode == mode)

    def stem(self, item: ItemStatistics) -> str:
        question = self.questions.get(item.question_id)
        return question.stem if question is not None else "（已从题库删除的题目）"

    def to_json(self) -> dict[str, Any]:
        """The shape documented in ``kiosk quiz stats --help`` (``kiosk.quizzone.cli.STATS_JSON``)."""
        return {"bank": self.bank, "attempts": self.attempts, "modes": [self._mode_json(m) for m in self.modes]}

    def _mode_json(self, report: ModeReport) -> dict[str, Any]:
        s = report.statistics
        return {
            "mode": report.mode,
            "label": report.label,
            "attempts": s.attempts,
            "mean": _round(s.mean),
            "sd": _round(s.sd),
            "discrimination": not s.ends_at_first_wrong,
            "alpha_sets": [
                {"label": label, "attempts": len(found.attempts), "question_ids": list(found.questions),
                 "alpha": _round(found.alpha)}
                for label, found in zip(report.set_labels, s.sets)
            ],
            "unmatched": s.unmatched,
            "note": report.note,
            "questions": [
                {
                    "id": item.question_id,
                    "stem": self.stem(item),
                    "type": q.type.value if (q := self.questions.get(item.question_id)) else None,
                    "answer": list(q.answer) if q else None,
                    "attempts": item.attempts,
                    "correct": item.correct,
                    "facility": _round(item.facility),
                    "discrimination": _round(item.discrimination),
                    "choices": item.choices,
                    "blank": item.blank,
                    "flags": [flag.value for flag in item.flags],
                }
                for item in s.items
            ],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _span_label(mode: str, number: int, found: SetAlpha, span: SetSpan) -> str:
    if mode == Mode.DAILY.value:
        first, last = hall_date(span.first), hall_date(span.last)
        return f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d}～{last:%Y-%m-%d}"
    return f"题组 {number}（{len(found.questions)} 题）"


def bank_report(db: Database, bank: str, questions: dict[str, Question], current: Mapping[str, Question],
                modes: Iterable[str] = STATISTICS_MODES) -> BankReport:
    """``questions``: every question the bank ever had (for stems); ``current``: its questions now (for
    regrading). Read from the running totals (``kiosk.quizzone.item_totals``, folding attempts not in
    them yet), else aggregated from the raw answers in SQL (``kiosk.quizzone.sql_statistics``) when a
    changed key flips a stored grade: memory does not grow with the answers, and the same definitions
    as ``quiz.stats`` hold (the tests compare the three)."""
    reports = []
    with db.transaction() as session:
        for mode in tuple(modes):
            ends = mode in ENDS_AT_FIRST_WRONG
            found = totals_statistics(session, bank, mode, current, regraded, ends_at_first_wrong=ends)
            statistics, spans = found if found is not None else mode_statistics(
                session, bank, mode, current, regraded, ends_at_first_wrong=ends)
            labels = tuple(_span_label(mode, n, found, span)
                           for n, (found, span) in enumerate(zip(statistics.sets, spans), start=1))
            reports.append(ModeReport(mode, statistics, labels))
    return BankReport(bank, tuple(reports), questions)
