"""Snapshot steps for the quiz zone: files numbered 40-59, after the exhibition's 01-19.

The walk: quiz home, a practice question with an answer chosen, its reveal with 解析, a challenge
question with its countdown part-way down, a challenge ended by a miss (result with the QR
card), the leaderboard, and a contest of three teams on the big screen; then the two newer
types: a 数值 question on the number pad, a 连线 question part-linked and its reveal, and the
contest board's flat number pad.
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

    def result_groups(vm: Any) -> None:
        """Two groups checked in: the result asks which one the visitor is with (issue 8)."""
        from kiosk.demo.scenes import ORGANISATIONS, make_arrivals_demo

        visits = vm.services.visits
        if not visits.bookings.list_bookings():  # run alone (KIOSK_SNAPSHOT_ONLY): make the bookings
            make_arrivals_demo(vm.services)
        for name in (ORGANISATIONS[0][0], ORGANISATIONS[3][0]):
            booking = next(b for b in visits.bookings.list_bookings() if b.organisation == name)
            visits.scan(visits.passes.text(booking.id))  # at the entrance kiosk (an already-in pass is fine)
        vm.reset_visit()
        vm.start_visit()
        vm.open_area("quiz")
        result(vm)

    teams = ("城关社区党支部", "教育局机关党支部", "红星村党支部")

    def contest_setup(vm: Any) -> None:
        vm.reset_visit()
        vm.open_staff()
        contest = vm.quiz.contest
        contest.open_setup()
        contest.set_team_count(3)

    def contest(vm: Any) -> None:
        contest = vm.quiz.contest
        if contest.session is None and not contest.active:  # run alone (KIOSK_SNAPSHOT_ONLY)
            contest_setup(vm)
        # The set-up offered today's checked-in groups as names and count (picture 49); the
        # board's picture has its own three teams.
        contest.set_team_count(len(teams))
        for index, name in enumerate(teams):
            contest.set_team_name(index, name)
        contest.start()
        contest.primary()  # 第一轮 必答
        contest.choose(contest.options[0]["key"])
        contest.confirm()
        contest.primary()  # next
        contest.correct("红星村党支部", 10)
        contest.choose(contest.options[1]["key"])

    def number_pad(vm: Any) -> None:
        from kivy.clock import Clock

        def start(_dt: float) -> None:  # after the leaderboard's transition has surely ended
            _start_new_types(vm, "numerical")
            for key in ("1", "9", "2"):
                vm.quiz.press(key)

        Clock.schedule_once(start, 0.8)

    def matching(vm: Any) -> None:
        _start_new_types(vm, "matching")
        question = vm.quiz.session.current
        vm.quiz.pick_left("A")
        vm.quiz.pick_right(question.answer[0])
        vm.quiz.pick_left("B")
        vm.quiz.pick_right(question.answer[2])
        vm.quiz.pick_left("C")  # waiting for its partner

    def matching_reveal(vm: Any) -> None:
        question = vm.quiz.session.current
        vm.quiz.pick_right(question.answer[1])
        vm.quiz.pick_left("D")
        vm.quiz.pick_right(question.answer[3])
        vm.quiz.confirm()

    def contest_number(vm: Any) -> None:
        contest = vm.quiz.contest
        while contest.answer_kind != "number" and contest.state == "answering":
            contest.skip()
        for key in ("1", "9", "2", "1"):
            contest.press(key)

    return [
        ("40-quiz-home.png", home, 1.2),
        ("40b-quiz-categories.png", lambda vm: vm.quiz.open_practice(), 1.0),
        ("41-quiz-question.png", practice_question, 1.0),
        ("42-quiz-reveal.png", reveal, 1.0),
        ("43-quiz-challenge-timer.png", challenge, 1.0),
        ("44-quiz-result-qr.png", result, 1.2),
        ("44b-quiz-result-groups.png", result_groups, 1.5),
        ("45-quiz-leaderboard.png", lambda vm: vm.quiz.open_leaders("today"), 1.0),
        ("46-quiz-number-pad.png", number_pad, 2.0),
        ("47-quiz-matching.png", matching, 1.0),
        ("48-quiz-matching-reveal.png", matching_reveal, 1.0),
        ("49-quiz-contest-setup.png", contest_setup, 1.5),
        ("50-quiz-contest-board.png", contest, 1.2),
        ("51-quiz-contest-number-pad.png", _contest_with_new_types(contest_number), 1.5),
        ("59-staff-quiz-stats.png", _staff_quiz_stats(), 1.5),
    ]


NEW_TYPES = (
    ("numerical", "中国共产党第一次全国代表大会于哪一年召开？请输入年份。", (), ("1921",)),
    ("matching", "请把会议和召开的年份连起来。", ("中共一大", "古田会议", "遵义会议", "党的七大"),
     ("1921年", "1929年", "1935年", "1945年")),
)


def _new_types_bank() -> Any:
    from quiz.model import Bank, Question, QuestionType

    questions = [Question.create(QuestionType(kind), stem, options, answer, distractors=("1949年",) if options else (),
                                 explanation="中共一大 1921 年，古田会议 1929 年，遵义会议 1935 年，党的七大 1945 年。",
                                 source="《中国共产党简史》")
                 for kind, stem, options, answer in NEW_TYPES]
    return Bank("新题型示例", tuple(questions))


def _start_new_types(vm: Any, kind: str) -> None:
    """A practice round of the two new types (the demo bank has none): the one of ``kind`` first."""
    from quiz.session import Mode, Rules, SoloSession

    ordered = sorted(_new_types_bank().questions, key=lambda q: q.type.value != kind)
    session = SoloSession(ordered, Rules(Mode.PRACTICE, partial_credit=True), vm.quiz.clock)
    vm.quiz._begin(session, "练习 · 新题型")


def _contest_with_new_types(then: Any) -> Any:
    def step(vm: Any) -> None:
        # Still on the board from the step before: a new contest on the same screen (one screen
        # change per step, see above), its bank the new types.
        contest = vm.quiz.contest
        contest._use(_new_types_bank())
        contest.set_team_count(2)
        contest.start()
        contest.primary()
        then(vm)

    return step


def _staff_quiz_stats() -> Any:
    """Step 59: attempts played through the engine (kiosk.demo.scenes), then staff's 题目统计 (one
    screen change in the step: Kivy's ScreenManager can be left on the wrong screen after several
    changes within one frame)."""

    def step(vm: Any) -> None:
        from kiosk.demo.scenes import record_demo_attempts

        record_demo_attempts(vm.services)
        vm.quiz_stats.open()

    return step
