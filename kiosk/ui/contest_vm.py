"""The 知识竞赛 view model: one big screen, 2–4 teams, run by a staff member.

``quiz.contest.ContestSession`` runs the rounds (必答, 抢答, 风险), the timers and the scores; this class
turns its view into display values and the host's and teams' taps into engine actions, and hands
each step's events to the quiz-zone service to be stored as facts. The worker gets a snapshot
of the events (a tuple taken on the UI thread), never the live session the UI keeps appending to.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty

from kiosk.ui import quiz_text
from kiosk.ui.hosts import Host
from kiosk.ui.question_display import QuestionDisplay
from kiosk.ui.markup import cjk_wrappable
from quiz.contest import ContestSession, ContestView, RoundKind, default_rounds
from quiz.contest.session import MAX_TEAMS, MIN_TEAMS
from quiz.clock import MonotonicAdapter
from quiz.model import Bank, QuestionType
from quiz.touch import touch_bank

DEFAULT_NAMES = ("第一队", "第二队", "第三队", "第四队")
CORRECTION_STEP = 10
ROUND_NUMBERS = "一二三四五六七八九十"


class ContestViewModel(QuestionDisplay):
    """Everything the contest setup and board show (``vm.quiz.contest``)."""

    active = BooleanProperty(False)
    """A contest is open (set-up included). The idle reset holds on the contest screens because
    the screen registry says so, not because of this flag: a contest left behind holds nothing."""
    team_count = NumericProperty(3)
    team_names = ListProperty(list(DEFAULT_NAMES))
    setup_message = StringProperty("")

    state = StringProperty("")
    paused = BooleanProperty(False)
    round_title = StringProperty("")
    turn_text = StringProperty("")
    prompt = StringProperty("")
    """Who does what now, in one sentence (big, in the middle of the board)."""
    team = StringProperty("")
    teams = ListProperty()
    """Team cards: dicts with name, score, active (its turn / it buzzed), locked (may not buzz)."""
    stakes = ListProperty()
    primary_text = StringProperty("")
    """The host's main button: start a round, next question, close; '' when it has nothing to do."""
    save_message = StringProperty("")

    def __init__(self, host: Host, loaded_bank: Callable[[], Bank | None], clock: MonotonicAdapter,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._host = host
        self._loaded_bank = loaded_bank
        """The touchscreen bank the quiz home already loaded (None until then)."""
        self._clock = clock
        self.session: ContestSession | None = None
        self._bank: Bank | None = None
        self._saved = 0
        """How many of the session's events were handed to the service."""

    # ----- set-up -------------------------------------------------------------------------
    def open_setup(self) -> None:
        """From the staff console: choose the teams; the bank loads in the background."""
        self.reset()
        self.active = True
        self._host.show_screen("contest_setup")
        self._offer_groups_in_hall()
        service = getattr(self._host.services, "quiz", None)
        if service is None:
            self.setup_message = "测试区题库暂不可用，无法开始竞赛。"
            return
        cached = self._loaded_bank()
        if cached is not None:  # the bank the quiz home loaded: no need to wait
            self._use(cached)
            return
        self.setup_message = "正在准备题目…"

        def load() -> Bank | None:
            name = service.default_bank()
            return service.bank(name) if name else None

        def loaded(bank: Bank | None) -> None:
            usable = touch_bank(bank) if bank is not None else None
            if usable is None or not usable.questions:
                self.setup_message = "题库中还没有题目，请先导入题库。"
                return
            self._use(usable)

        self._host.ops.run(load, loaded, lambda exc: setattr(self, "setup_message", f"题库读取失败：{exc}"),
                           screen="contest_setup")

    def _offer_groups_in_hall(self) -> None:
        """Today's checked-in groups in the hall become the team names (staff may still edit them)."""
        presence = getattr(self._host.services, "presence", None)
        if presence is None:
            return

        def offer(groups: list[Any]) -> None:
            names = [g.name for g in groups][:MAX_TEAMS]
            if len(names) >= MIN_TEAMS:
                self.team_names = names + list(DEFAULT_NAMES[len(names):])
                self.team_count = len(names)

        self._host.ops.run(presence.now, offer, screen="contest_setup")

    def _use(self, bank: Bank) -> None:
        bank = Bank(bank.id, quiz_text.board_questions(bank.questions))
        self._bank = bank
        self.setup_message = f"题库“{bank.id}”，可用题目 {len(bank.questions)} 道（填空题不在大屏上使用；数值题用数字键，连线题点选配对）。"

    def set_team_count(self, count: int) -> None:
        self.team_count = max(MIN_TEAMS, min(MAX_TEAMS, int(count)))

    def set_team_name(self, index: int, name: str) -> None:
        names = list(self.team_names)
        names[index] = name
        self.team_names = names

    def start(self) -> None:
        """开始比赛 with the first ``team_count`` names (blank names get their default)."""
        if self._bank is None:
            return
        names = [(n.strip() or DEFAULT_NAMES[i]) for i, n in enumerate(self.team_names[: self.team_count])]
        try:
            self.session = ContestSession(names, default_rounds(), self._bank.questions,
                                          rng=random.Random(), clock=self._clock)
        except ValueError as exc:
            self.setup_message = str(exc)
            return
        self._saved = 0
        self.save_message = ""
        self.setup_message = ""
        self._refresh()
        self._host.show_screen("contest_board")

    # ----- host and team actions ----------------------------------------------------------
    def primary(self) -> None:
        """The host's main button, whatever it means now."""
        session = self.session
        if session is None:
            return
        state = session.state.value
        if state in ("ready", "round_over"):
            session.start_round()
        elif state == "revealed":
            session.next()
        elif state == "finished":
            self.close()
            return
        self._refresh()

    def buzz(self, team: str) -> None:
        self._act(lambda s: s.buzz(team))

    def pick(self, stake: int) -> None:
        self._act(lambda s: s.pick(int(stake)))

    def choose(self, key: str) -> None:
        session = self.session
        if session is None or session.snapshot().question is None:
            return
        multiple = session.snapshot().question.type is QuestionType.MULTIPLE  # type: ignore[union-attr]
        self._act(lambda s: s.toggle(key) if multiple else s.select(key))

    def press(self, key: str) -> None:
        """A key of the 数值 number pad."""
        self._act(lambda s: s.press_key(key))

    def pick_left(self, key: str) -> None:
        self._act(lambda s: s.pick_left(key))

    def pick_right(self, key: str) -> None:
        self._act(lambda s: s.pick_right(key))

    def confirm(self) -> None:
        self._act(lambda s: s.confirm())

    def skip(self) -> None:
        self._act(lambda s: s.skip())

    def toggle_pause(self) -> None:
        self._act(lambda s: s.resume() if s.paused else s.pause())

    def correct(self, team: str, delta: int) -> None:
        """Host's score correction: a new event (never an edit), shown at once on the team card."""
        if self.session is None:
            return
        self.session.correct_score(team, int(delta), "主持人更正")
        self._refresh()  # stored at once, like every step

    def finish(self) -> None:
        """结束比赛 (before the last round is over): the final scores, then stored."""
        self._act(lambda s: s.finish())

    def close(self) -> None:
        """Back to the staff console (an unfinished contest is finished and stored first)."""
        self.reset()
        self._host.open_staff()

    def tick(self) -> None:
        session = self.session
        if session is None:
            return
        if session.tick():
            self._refresh()
        elif self.timed:
            self._show_time(session.snapshot())

    def _act(self, action: Any) -> None:
        session = self.session
        if session is None:
            return
        action(session)
        self._refresh()

    # ----- rendering ----------------------------------------------------------------------
    def _refresh(self) -> None:
        session = self.session
        if session is None:
            return
        view = session.snapshot()
        self.state = view.state
        self.paused = view.paused
        self.team = view.team or ""
        self.teams = [
            {"name": t.name, "score": t.score, "active": t.name == view.team, "locked": t.name in view.locked_out}
            for t in view.teams
        ]
        number = ROUND_NUMBERS[view.round_number - 1] if 0 < view.round_number <= len(ROUND_NUMBERS) else ""
        self.round_title = f"知识竞赛 · 第{number}轮 {view.round_title}" if view.round_title else "知识竞赛"
        self.turn_text = f"第 {view.turn} / {view.turns} 题" if view.turns and view.state != "round_over" else ""
        self.stakes = list(view.stakes) if view.state == "picking" else []
        self._show_question(view)
        self._show_time(view)
        self.prompt = self._prompt(view)
        self.primary_text = {
            "ready": "开始第一轮",
            "round_over": "开始下一轮",
            "revealed": "下一题 ›",
            "finished": "返回管理员界面",
        }.get(view.state, "")
        self._save()

    def _show_question(self, view: ContestView) -> None:
        q = view.question
        if q is None:
            self.clear_question()
            return
        if q.id != self.question_id:
            self.question_id = q.id
            self.stem = quiz_text.display_text(q.stem)
            self.type_label = quiz_text.TYPE_LABELS[q.type] + (f" · {view.stake} 分" if view.stake else "")
            self.show_columns(q)
            rows = quiz_text.option_rows(q) if self.answer_kind == "choice" else []
            # the board's question area: beside the side panel, below the team cards
            self.stem_size = quiz_text.stem_size(q.stem, [r["text"] for r in rows], width=1200,
                                                 height=480 - quiz_text.answer_area_height(q, board=True),
                                                 columns=2)
            self.options = rows
        self.selected = list(view.selected)
        self.can_confirm = (view.state == "answering" and quiz_text.answered(q, view.selected, view.text)
                            and not view.paused)
        reveal = view.reveal
        self.show_answer_state(q, view.selected, view.text, view.armed, reveal)
        self.marks = quiz_text.marks(q, reveal) if reveal is not None else {}
        if reveal is not None:
            self.reveal_correct = reveal.correct
            who = f"{view.team}：" if view.team else ""
            points = f"（{reveal.points:+d} 分）" if reveal.points else ""
            self.reveal_title = (f"{who}{quiz_text.reveal_title(reveal)}{points}" if view.team
                                 else "时间到，无人抢答")
            self.reveal_answer = quiz_text.answer_line(q, reveal.answer)
            self.reveal_explanation = cjk_wrappable(reveal.explanation or "本题暂无解析。")
            self.reveal_source = cjk_wrappable(reveal.source)

    def _show_time(self, view: ContestView) -> None:
        left = view.seconds_left
        self.timed = left is not None
        if left is None:
            return
        spec = self.session.spec if self.session is not None else None
        limit = (spec.buzz_seconds if view.state == "open" else spec.answer_seconds) if spec else 30.0
        self.seconds_left = int(-(-left // 1))
        self.time_fraction = max(0.0, min(1.0, left / limit))

    @staticmethod
    def _prompt(view: ContestView) -> str:
        if view.paused:
            return "比赛暂停"
        state = view.state
        if state == "ready":
            return "各队准备：比赛即将开始"
        if state == "picking":
            return f"请{view.team}选择题目分值：答对得分，答错扣分"
        if state == "open":
            return "请各队抢答！" if not view.locked_out else "答错了，其他队可以抢答"
        if state == "answering":
            return f"请{view.team}作答" if view.round_kind is not RoundKind.BUZZER else f"{view.team}抢到了，请作答"
        if state == "round_over":
            return f"第{ROUND_NUMBERS[view.round_number - 1]}轮结束"
        if state == "finished":
            best = max(t.score for t in view.teams)
            winners = [t.name for t in view.teams if t.score == best]
            return f"比赛结束：{'、'.join(winners)}获胜！" if len(winners) == 1 else f"比赛结束：{'、'.join(winners)}并列第一！"
        return ""

    # ----- storing ------------------------------------------------------------------------
    def _save(self) -> None:
        """Store the events not stored yet (the service appends only new ones, under one contest
        id): every step is a fact at once, so a power cut mid-contest loses at most one step."""
        session, service = self.session, getattr(self._host.services, "quiz", None)
        if session is None or self._bank is None:
            return
        count = len(session.events)
        if count <= 1 or count == self._saved:  # nothing happened yet, or nothing new
            return
        if service is None:
            self.save_message = "比赛记录未能保存：测试区服务不可用。"
            return
        self._saved = count
        bank = self._bank.id
        events = session.events  # a tuple, taken now: the worker never reads the live session
        finished = session.state.value == "finished"
        self._host.ops.run(
            lambda: service.record_contest(bank=bank, session=session, events=events),
            lambda _id: setattr(self, "save_message", "比赛记录已保存。") if finished else None,
            lambda exc: setattr(self, "save_message", f"比赛记录未能保存：{exc}"),
            always=True,  # facts: stored and told even when the contest was closed meanwhile
        )

    def reset(self) -> None:
        """Leave the contest screens; a started contest is finished and stored first (its facts matter)."""
        session = self.session
        if session is not None and len(session.events) > 1 and session.finish():
            self._save()
        self.session = None
        self.active = False
        self.state = ""
        self.paused = False
        self.teams = []
        self.stakes = []
        self.clear_question()
        self.prompt = ""
        self.round_title = ""
        self.turn_text = ""
        self.primary_text = ""
        self.timed = False
