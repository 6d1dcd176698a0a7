"""The quiz zone's view model (智慧测试区): solo modes, results with the QR card, leaderboards.

The engine (``quiz.session``) decides everything about an attempt; this class turns its views into
display-ready properties the quiz screens bind to, and turns taps into engine actions. It talks to
the quiz-zone service (``services.quiz``) only through the host's operations (``host.ops``), so a
database read or write never blocks the window; screens change through ``host.show_screen``.
Which questions a touchscreen offers is the engine's rule (``quiz.touch``), not this class's.
"""

from __future__ import annotations

import logging
import random
from typing import Any

from kivy.properties import (
    BooleanProperty,
    ListProperty,
    ObjectProperty,
    OptionProperty,
    StringProperty,
)

from kiosk.clock import hall_date
from kiosk.quizzone.errors import QuizZoneError
from kiosk.quizzone.service import QuizZoneService
from kiosk.ui import quiz_text
from kiosk.ui.hosts import Host
from kiosk.ui.narration_vm import NarrationViewModel
from kiosk.ui.question_display import QuestionDisplay
from kiosk.ui.markup import cjk_wrappable
from kiosk.ui.contest_vm import ContestViewModel
from quiz.clock import MonotonicAdapter
from quiz.model import Bank, Question, QuestionType
from quiz.session import SessionView, SoloSession, challenge_session, practice_session
from quiz.session.modes import CHALLENGE_SECONDS
from quiz.session.records import Mode, ResultSummary
from quiz.session.solo import Rules
from quiz.touch import touch_bank as touchscreen_bank

log = logging.getLogger(__name__)

PRACTICE_QUESTIONS = 10
"""A practice round: short enough to finish standing; the visitor can start another."""
DAILY_QUESTIONS = 10
HOME_LEADERS = 5
RESULT_TITLES = {"practice": "练习完成", "challenge": "挑战结束", "daily": "今日答题完成"}
GROUPS_ASK = "您是哪个单位的？点一下，成绩记入本单位："
GROUPS_ASK_BOOKED = "今天预约的单位：点一下，成绩记入本单位："


class QuizViewModel(QuestionDisplay):
    """Everything the solo quiz screens show; made by ``KioskViewModel`` as ``vm.quiz``."""

    # ----- the zone ----------------------------------------------------------------------
    bank_name = StringProperty("")
    """The bank the touchscreen uses ('' until loaded or when there is none)."""
    loading = BooleanProperty(False)
    notice = StringProperty("")
    """A sentence for the quiz home when the modes cannot start (no bank, a read failed)."""
    categories = ListProperty()
    """Practice menu: dicts with name (None = all), title, count."""
    home_leaders = ListProperty()
    """Today's challenge top rows for the quiz home: dicts with rank, name, score."""

    # ----- the attempt -------------------------------------------------------------------
    mode = StringProperty("")
    mode_title = StringProperty("")
    phase = OptionProperty("", options=["", "showing", "revealed", "finished"])
    position_text = StringProperty("")
    hint = StringProperty("")
    score_text = StringProperty("")
    next_text = StringProperty("下一题 ›")

    # ----- the result --------------------------------------------------------------------
    result_title = StringProperty("")
    result_score = StringProperty("")
    result_line = StringProperty("")
    missed = ListProperty()
    """Questions the visitor got wrong: dicts with stem, chosen, answer, explanation, source."""
    card_text = StringProperty("")
    qr_texture = ObjectProperty(None, allownone=True)
    save_message = StringProperty("")
    groups = ListProperty()
    """Which group is the visitor with? Dicts id (str), name, chosen; empty when nothing is asked
    (one group in the hall: the attempt already belongs to it; none: nothing to choose)."""
    groups_note = StringProperty("")

    # ----- leaderboards ------------------------------------------------------------------
    leader_period = OptionProperty("today", options=["today", "month"])
    leader_rows = ListProperty()
    leader_message = StringProperty("")

    def __init__(self, host: Host, narration: NarrationViewModel, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._host = host
        self._narration = narration
        self.clock = MonotonicAdapter(host.services.clock)
        self.rng = random.Random()
        self.contest = ContestViewModel(host, lambda: self._bank, self.clock)
        self._bank: Bank | None = None
        """The touchscreen's bank, touch-answerable questions only."""
        self._session: SoloSession | None = None
        self._questions: dict[str, Question] = {}
        self._started_at: Any = None
        self._attempt_id: Any = None
        """The stored attempt on the result screen (a chosen group is recorded against it)."""
        self._load()  # at start-up, ahead of the image warm-up on the same worker: no wait on first tap

    # ----- services ----------------------------------------------------------------------
    @property
    def service(self) -> QuizZoneService | None:
        return getattr(self._host.services, "quiz", None)

    @property
    def session(self) -> SoloSession | None:
        return self._session

    # ----- the quiz home -----------------------------------------------------------------
    def open_home(self) -> None:
        """The 智慧测试区 card: show the modes; the bank and today's board load in the background."""
        self._end_attempt()
        self._narration.stop()
        self._host.show_screen("quiz_home")
        self._load()

    def _load(self) -> None:
        """Read the bank and today's leaders in the background (the bank may have changed with a
        content reload); the modes stay usable meanwhile with the bank read last time."""
        service = self.service
        if service is None:
            self.notice = "测试区题库暂不可用，请联系工作人员。"
            return
        self.loading = self._bank is None
        self._host.ops.run(lambda: self._load_home(service), self._home_loaded, self._home_failed)

    def _load_home(self, service: QuizZoneService) -> tuple[Bank | None, list[Any]]:
        name = service.default_bank()
        bank = service.bank(name) if name else None
        leaders = service.leaderboard(period="today", mode="challenge", limit=HOME_LEADERS)
        return bank, leaders

    def _home_loaded(self, result: tuple[Bank | None, list[Any]]) -> None:
        bank, leaders = result
        self.loading = False
        self.home_leaders = [_leader(row) for row in leaders]
        usable = touchscreen_bank(bank).questions if bank is not None else ()
        if bank is None or not usable:
            self._bank = None
            self.bank_name = ""
            self.categories = []
            self.notice = "题库中还没有题目，请工作人员导入题库后再来答题。"
            return
        self._bank = Bank(bank.id, usable)
        self.bank_name = bank.id
        self.notice = ""
        self.categories = [{"name": None, "title": "全部题目", "count": len(usable)}] + [
            {"name": c, "title": c, "count": len(self._bank.in_category(c))} for c in self._bank.categories()
        ]

    def _home_failed(self, exc: BaseException) -> None:
        self.loading = False
        self.notice = f"题库读取失败，请联系工作人员：{exc}"

    @property
    def touch_bank(self) -> Bank | None:
        """The touchscreen's bank as last loaded (touch-answerable questions only), or None."""
        return self._bank

    @property
    def ready(self) -> bool:
        return self._bank is not None and not self.loading

    # ----- starting a mode ----------------------------------------------------------------
    def open_practice(self) -> None:
        if self.ready:
            self._host.show_screen("quiz_categories")

    def start_practice(self, category: str | None) -> None:
        if self._bank is None:
            return
        session = practice_session(self._bank, rng=self.rng, clock=self.clock, category=category,
                                   limit=PRACTICE_QUESTIONS)
        self._begin(session, f"练习 · {category}" if category else "练习 · 全部题目")

    def start_challenge(self) -> None:
        if self._bank is None:
            return
        session = challenge_session(self._bank, rng=self.rng, clock=self.clock, time_limit=CHALLENGE_SECONDS)
        self._begin(session, "挑战答题")

    def start_daily(self) -> None:
        """每日答题: the day's touchscreen set from the service (hall-local date)."""
        bank, service = self._bank, self.service
        if bank is None or service is None:
            return
        day = hall_date(self._host.services.clock.now())

        def load() -> list[Question]:
            return service.daily_touch_questions(bank.id, day, n=DAILY_QUESTIONS)

        def loaded(questions: list[Question]) -> None:
            if not questions:
                self.notice = "今天的题目还没有准备好，请先试试练习。"
                return
            self._begin(SoloSession(questions, Rules(Mode.DAILY), self.clock), f"每日答题 · {day:%m月%d日}")

        self._host.ops.run(load, loaded, self._home_failed, screen=self._host.screen)

    def _begin(self, session: SoloSession, title: str) -> None:
        self._narration.stop()
        self._session = session
        self._started_at = self._host.services.clock.now()
        self._questions = {q.id: q for q in session.questions}
        self.mode = session.rules.mode.value
        self.mode_title = title
        self._clear_result()
        session.start()
        self._refresh()
        self._host.show_screen("quiz_question")

    # ----- answering ----------------------------------------------------------------------
    def choose(self, key: str) -> None:
        """A tap on an answer: single / 判断 replace the choice, 多选 toggles it."""
        session = self._session
        if session is None:
            return
        question = session.current
        if question is not None and question.type is QuestionType.MULTIPLE:
            changed = session.toggle(key)
        else:
            changed = session.select(key)
        self._refresh() if changed else self._refresh_if_expired()

    def press(self, key: str) -> None:
        """A key of the 数值 number pad (digits, ``-``, ``.``, ``del``, ``clear``)."""
        self._edit(lambda s: s.press_key(key))

    def pick_left(self, key: str) -> None:
        """连线: a tap on a left item (it waits for its partner; tapped again, it lets go)."""
        self._edit(lambda s: s.pick_left(key))

    def pick_right(self, key: str) -> None:
        """连线: a tap on a right item (links it to the waiting left item, or unlinks it)."""
        self._edit(lambda s: s.pick_right(key))

    def _edit(self, action: Any) -> None:
        session = self._session
        if session is None:
            return
        self._refresh() if action(session) else self._refresh_if_expired()

    def confirm(self) -> None:
        session = self._session
        if session is not None and session.confirm():
            self._narration.stop()
            self._refresh()
            self._maybe_finish()

    def next_question(self) -> None:
        """下一题, or the result after the last one (or after a challenge's miss)."""
        session = self._session
        if session is None:
            return
        self._narration.stop()
        if session.next():
            self._refresh()
            self._maybe_finish()

    def finish_attempt(self) -> None:
        """结束答题: the result of what was answered so far (the quiz home if nothing was)."""
        session = self._session
        if session is None:
            self.open_home()
            return
        self._narration.stop()
        session.finish()
        if not session.records:
            self.open_home()
            return
        self._refresh()
        self._maybe_finish()

    def read_aloud(self) -> None:
        """Read the question and its options (after the reveal: the answer and 解析); again stops."""
        narrator = self._narration
        view = self._session.snapshot() if self._session is not None else None
        if view is None or view.question is None:
            return
        key = f"quiz:{view.question.id}:{view.state}"
        if narrator.busy and narrator.key == key:
            narrator.stop()
            return
        if view.reveal is not None:
            text = quiz_text.reveal_speech(view.reveal, self.reveal_answer)
        else:
            text = quiz_text.speech_text(view.question, view.position)
        narrator.speak(key, text)

    def tick(self) -> None:
        """Twice a second from the app: the challenge countdown and its timeout."""
        self.contest.tick()
        session = self._session
        if session is None or self.phase != "showing" or not self.timed:
            return
        if session.tick():
            self._narration.stop()
            self._refresh()
            self._maybe_finish()
        else:
            self._show_time(session.snapshot())

    def _refresh_if_expired(self) -> None:
        if self._session is not None and self._session.tick():
            self._refresh()

    # ----- rendering the engine's view ------------------------------------------------------
    def _refresh(self) -> None:
        session = self._session
        if session is None:
            return
        view = session.snapshot()
        self.phase = view.state if view.state in ("showing", "revealed", "finished") else ""
        self.score_text = self._score_text(view)
        q = view.question
        if q is None:
            return
        if q.id != self.question_id or not self.options:
            self.question_id = q.id
            self.stem = quiz_text.display_text(q.stem)
            self.type_label = quiz_text.TYPE_LABELS[q.type]
            self.hint = quiz_text.HINTS[q.type]
            self.show_columns(q)
            rows = quiz_text.option_rows(q) if self.answer_kind == "choice" else []
            self.stem_size = quiz_text.stem_size(q.stem, [r["text"] for r in rows],
                                                 columns=quiz_text.option_columns(rows),
                                                 height=740 - quiz_text.answer_area_height(q))
            self.options = rows
        if view.mode is Mode.CHALLENGE:
            self.position_text = f"第 {view.position} 题"
        else:
            self.position_text = f"第 {view.position} / {view.total} 题"
        self.selected = list(view.selected)
        self.can_confirm = view.state == "showing" and quiz_text.answered(q, view.selected, view.text)
        self._show_time(view)
        reveal = view.reveal
        self.show_answer_state(q, view.selected, view.text, view.armed, reveal)
        if reveal is None:
            self.marks = {}
            return
        self.marks = quiz_text.marks(q, reveal)
        self.reveal_correct = reveal.correct
        self.reveal_title = quiz_text.reveal_title(reveal)
        self.reveal_answer = quiz_text.answer_line(q, reveal.answer)
        self.reveal_explanation = cjk_wrappable(reveal.explanation or "本题暂无解析。")
        self.reveal_source = cjk_wrappable(reveal.source)
        self.next_text = "查看成绩 ›" if view.ends_after_reveal else "下一题 ›"

    def _show_time(self, view: SessionView) -> None:
        self.timed = view.time_limit is not None
        if view.seconds_left is None or not view.time_limit:
            return
        left = view.seconds_left if view.state == "showing" else 0.0
        self.seconds_left = int(-(-left // 1))  # whole seconds, rounded up: "1" until it is over
        self.time_fraction = max(0.0, min(1.0, left / view.time_limit))

    @staticmethod
    def _score_text(view: SessionView) -> str:
        if view.mode is Mode.CHALLENGE:
            return f"已答对 {view.correct_count} 题"
        return f"答对 {view.correct_count} / {view.answered}"

    # ----- the result ---------------------------------------------------------------------
    def _maybe_finish(self) -> None:
        session = self._session
        if session is None or session.state.value != "finished":
            return
        summary = session.summary()
        self._show_result(summary)
        self._host.show_screen("quiz_result")
        self._record(summary)

    def _show_result(self, summary: ResultSummary) -> None:
        self.phase = "finished"
        self.result_title = RESULT_TITLES.get(summary.mode.value, "答题结束")
        self.result_score = str(summary.score)
        self.result_line = f"答对 {summary.correct} 题，共答 {summary.total} 题"
        self.missed = [
            {
                "stem": quiz_text.display_text(m.stem),
                "chosen": "未作答（时间到）" if m.timed_out and not m.chosen
                else quiz_text.chosen_line(self._questions[m.question_id], m.chosen),
                "answer": quiz_text.answer_line(self._questions[m.question_id], m.answer).replace("\n", "　"),
                "explanation": cjk_wrappable(m.explanation or "本题暂无解析。"),
                "source": cjk_wrappable(m.source),
            }
            for m in summary.missed
        ]
        self.save_message = "正在保存成绩…"

    def _record(self, summary: ResultSummary) -> None:
        service, bank = self.service, self.bank_name
        if service is None:
            self.save_message = "成绩未能保存：测试区服务不可用。"
            return
        mode, started_at = summary.mode.value, self._started_at
        # The attempt is stored whatever the visitor does next; its QR is shown only on its result.
        self._host.ops.run(
            lambda: service.record_attempt(mode=mode, bank=bank, summary=summary, records=summary.records,
                                           started_at=started_at),
            self._saved,
            lambda exc: setattr(self, "save_message", f"成绩未能保存，请联系工作人员：{exc}"),
            screen="quiz_result",
        )

    def _saved(self, saved: Any) -> None:
        from kiosk.ui.qr import qr_texture

        self.card_text = saved.card_text
        self.qr_texture = qr_texture(saved.card_text)
        self.save_message = "用手机扫码保存成绩"
        self._attempt_id = saved.attempt_id
        if saved.organisation_id is None:
            self._offer_groups()

    # ----- which group (issue 8) ----------------------------------------------------------
    def _offer_groups(self) -> None:
        """Several groups in the hall (or only today's bookings known here): offer their names."""
        presence = self._host.services.presence
        if presence is None:
            return

        def loaded(choices: Any) -> None:
            if choices.to_offer:
                self.groups = [{"id": str(g.organisation_id), "name": g.name, "chosen": False} for g in choices.to_offer]
                self.groups_note = GROUPS_ASK if choices.source == "checkins" else GROUPS_ASK_BOOKED

        self._host.ops.run(presence.choices, loaded, lambda exc: log.warning("groups in the hall not read: %s", exc),
                           screen="quiz_result")

    def choose_group(self, group_id: str) -> None:
        """The visitor taps their group: a correction fact for this attempt (tapping another changes it)."""
        import uuid

        service, attempt_id = self.service, self._attempt_id
        chosen = next((g for g in self.groups if g["id"] == group_id), None)
        if service is None or attempt_id is None or chosen is None or chosen["chosen"]:
            return

        def done(_choice_id: Any) -> None:
            self._host.visit_group.remember(uuid.UUID(group_id), chosen["name"])  # 留言评价 will not ask again
            self.groups = [dict(g, chosen=g["id"] == group_id) for g in self.groups]
            self.groups_note = f"成绩已记入“{chosen['name']}”。选错了？点其他单位即可更改。"

        def failed(exc: BaseException) -> None:
            log.error("attempt organisation not recorded: %s", exc)
            self.groups_note = str(exc) if isinstance(exc, QuizZoneError) else "没能记入单位，请再点一次。"

        self._host.ops.run(lambda: service.choose_organisation(attempt_id, uuid.UUID(group_id)), done, failed,
                           screen="quiz_result")

    def skip_groups(self) -> None:
        """不选: the attempt stays with this kiosk; the question goes away."""
        self.groups = []
        self.groups_note = ""

    def play_again(self) -> None:
        """再来一次: the same mode (practice goes back to its category menu)."""
        mode = self.mode
        if mode == "challenge":
            self.start_challenge()
        elif mode == "daily":
            self.start_daily()
        else:
            self.open_practice()

    # ----- leaderboards -------------------------------------------------------------------
    def open_leaders(self, period: str = "today") -> None:
        self._narration.stop()
        self.leader_period = period
        self.leader_rows = []
        self.leader_message = "正在读取排行榜…"
        self._host.show_screen("quiz_leaders")
        service = self.service
        if service is None:
            self.leader_message = "排行榜暂不可用。"
            return

        def loaded(rows: list[Any]) -> None:
            self.leader_rows = [_leader(r) for r in rows]
            self.leader_message = "" if rows else ("今天还没有人参加挑战答题，快来争当第一名！" if period == "today"
                                                   else "本月还没有挑战答题成绩。")

        self._host.ops.run(lambda: service.leaderboard(period=period, mode="challenge", limit=10), loaded,
                           lambda exc: setattr(self, "leader_message", f"排行榜读取失败：{exc}"),
                           screen="quiz_leaders", latest="leaders")

    # ----- leaving ------------------------------------------------------------------------
    def _end_attempt(self) -> None:
        self._session = None
        self._questions = {}
        self.phase = ""
        self.clear_question()
        self.position_text = ""
        self.score_text = ""

    def _clear_result(self) -> None:
        self.result_title = ""
        self.result_score = ""
        self.result_line = ""
        self.missed = []
        self.card_text = ""
        self.qr_texture = None
        self.save_message = ""
        self.groups = []
        self.groups_note = ""
        self._attempt_id = None

    def reset(self) -> None:
        """Idle reset / end of visit: nothing of this visitor's attempt stays on any screen (the host
        drops every result still on its way)."""
        self._end_attempt()
        self._clear_result()
        self.mode = ""
        self.mode_title = ""
        self.leader_rows = []
        self.leader_message = ""
        self.contest.reset()


def _leader(row: Any) -> dict[str, Any]:
    return {"rank": row.rank, "name": row.name, "score": row.score, "attempts": row.attempts}
