"""Attempts for the 题目统计 picture (``kiosk snapshot`` step 59) and the staff-screen UI test.

The snapshot runs on a throw-away database with no attempts, so the table would be empty. These
helpers play real engine sessions (``quiz.session.SoloSession``: the visitor's choices graded by the
engine, exactly as on the touchscreen) and store them with ``services.quiz.record_attempt``, so the
figures on the screen come from the same path as a visitor's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from quiz.clock import MonotonicAdapter
from quiz.model import Question, QuestionType
from quiz.session import Mode
from quiz.session.solo import Rules, SoloSession

Choice = bool | str
"""What a visitor does with one question: True = the right answer, False = a wrong one, or a
letter (the visitor picks exactly that option)."""


def _choose(session: SoloSession, question: Question, choice: Choice) -> None:
    if isinstance(choice, str):
        session.select(choice)
    elif question.type is QuestionType.MULTIPLE:
        for key in question.answer if choice else [next(x for x in question.letters if x not in question.answer)]:
            session.toggle(key)
    elif question.type is QuestionType.TRUEFALSE:
        other = "false" if question.answer == ("true",) else "true"
        session.select(question.answer[0] if choice else other)
    elif question.type is QuestionType.FILL:
        session.set_text(question.answer[0] if choice else "（不知道）")
    else:
        session.select(question.answer[0] if choice else next(x for x in question.letters if x not in question.answer))


def play_attempt(services: Any, bank: str, mode: Mode, questions: Sequence[Question],
                 choices: Sequence[Choice]) -> None:
    """One visitor's attempt through a real engine session, stored like the touchscreen stores it.

    A challenge session ends at its first miss, so later choices are not used."""
    clock = MonotonicAdapter(services.clock)
    session = SoloSession(list(questions), Rules(mode, end_on_miss=mode is Mode.CHALLENGE), clock)
    session.start()
    for choice in choices:
        question = session.current
        if question is None:
            break
        _choose(session, question, choice)
        session.confirm()
        session.next()
    session.finish()
    services.quiz.record_attempt(mode=mode.value, bank=bank, summary=session.summary(), records=session.records)


def single_choice(services: Any, bank: str, count: int) -> list[Question]:
    return [q for q in services.quiz.bank(bank).questions if q.type is QuestionType.SINGLE][:count]


def record_demo_attempts(services: Any) -> None:
    """Twelve practice attempts on one set of eight questions (one everybody gets right, one nobody
    does, one the stronger visitors get wrong — a wrong key), a few challenges and daily sets."""
    bank = services.quiz.default_bank()
    if bank is None:
        return
    questions = single_choice(services, bank, 8)
    if len(questions) < 8:
        return
    thresholds = (0, 99, -1, 2, 4, 6, 8, 3)

    def right(ability: int, j: int) -> bool:
        if j == 2:
            return ability < 5  # the stronger half answers "wrong": a likely wrong key
        return ability >= thresholds[j]

    for ability in range(12):
        play_attempt(services, bank, Mode.PRACTICE, questions, [right(ability, j) for j in range(8)])
    for run in (3, 5, 1):
        play_attempt(services, bank, Mode.CHALLENGE, questions, [True] * run + [False])
    daily = services.quiz.daily_questions(bank, services.quiz.today())
    for ability in (2, 5, 8, 9):
        play_attempt(services, bank, Mode.DAILY, daily, [i < ability for i in range(len(daily))])


def quiz_stats_step() -> Callable[[Any], None]:
    """The snapshot step: attempts stored, then 题目统计 (one screen change in the step: Kivy's
    ScreenManager can be left on the wrong screen after several changes within one frame)."""

    def step(vm: Any) -> None:
        record_demo_attempts(vm.services)
        vm.quiz_stats.open()

    return step
