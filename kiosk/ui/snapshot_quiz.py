"""Snapshot steps for the quiz zone: files numbered 40-59, after the exhibition's 01-19.

The walk: quiz home, a practice question with an answer chosen, its reveal with 解析, a challenge
question with its countdown part-way down, a challenge ended by a miss (result with the QR
card), the leaderboard, and a contest of three teams on the big screen.
"""

from __future__ import annotations

from typing import Any

from kiosk.clock import FakeClock


def _answer(vm: Any, right: bool) -> None:
    """Choose the right (or a wrong) answer of the question on show, without confirming."""
    session = vm.quiz.session
    question = session.current
    keys = [row["key"] for row in vm.quiz.options]
    wanted = [k for k in keys if (k in question.answer) == right] or keys[:1]  # a 多选 may have no wrong option
    for key in (wanted if question.type.value == "multiple" and right else wanted[:1]):
        vm.quiz.choose(key)


def quiz_steps(clock: FakeClock) -> list[tuple[str, Any, float]]:
    """(file name, action on the view model, seconds to wait before the picture)."""

    def home(vm: Any) -> None:
        vm.quiz.rng.seed(2026)  # the same questions in every run: pictures compare across runs
        vm.reset_visit()
        vm.start_visit()
        vm.open_area("quiz")

    def practice_question(vm: Any) -> None:
        vm.quiz.open_practice()
        vm.quiz.start_practice(vm.quiz.categories[1]["name"])
        _answer(vm, right=False)

    def reveal(vm: Any) -> None:
        vm.quiz.confirm()

    # One screen change per step: Kivy's ScreenManager can be left showing the wrong screen when
    # ``current`` changes several times within one frame during a transition.
    def challenge(vm: Any) -> None:
        vm.quiz.start_challenge()
        _answer(vm, right=True)
        vm.quiz.confirm()
        vm.quiz.next_question()
        clock.advance(12)
        vm.tick()

    def result(vm: Any) -> None:
        vm.quiz.start_challenge()
        for _ in range(6):
            _answer(vm, right=True)
            vm.quiz.confirm()
            vm.quiz.next_question()
        _answer(vm, right=False)
        vm.quiz.confirm()
        vm.quiz.next_question()

    def contest(vm: Any) -> None:
        vm.reset_visit()
        vm.open_staff()
        contest = vm.quiz.contest
        contest.open_setup()
        contest.set_team_count(3)
        for index, name in enumerate(("城关社区党支部", "教育局机关党支部", "红星村党支部")):
            contest.set_team_name(index, name)
        contest.start()
        contest.primary()  # 第一轮 必答
        contest.choose(contest.options[0]["key"])
        contest.confirm()
        contest.primary()  # next
        contest.correct("红星村党支部", 10)
        contest.choose(contest.options[1]["key"])

    return [
        ("40-quiz-home.png", home, 1.2),
        ("41-quiz-question.png", practice_question, 1.0),
        ("42-quiz-reveal.png", reveal, 1.0),
        ("43-quiz-challenge-timer.png", challenge, 1.0),
        ("44-quiz-result-qr.png", result, 1.2),
        ("45-quiz-leaderboard.png", lambda vm: vm.quiz.open_leaders("today"), 1.0),
        ("46-quiz-contest-board.png", contest, 1.2),
        ("49-staff-quiz-stats.png", _staff_quiz_stats(), 1.5),
    ]


def _staff_quiz_stats() -> Any:
    """Step 49: attempts played through the engine (kiosk.demo.scenes), then staff's 题目统计 (one
    screen change in the step: Kivy's ScreenManager can be left on the wrong screen after several
    changes within one frame)."""

    def step(vm: Any) -> None:
        from kiosk.demo.scenes import record_demo_attempts

        record_demo_attempts(vm.services)
        vm.quiz_stats.open()

    return step
