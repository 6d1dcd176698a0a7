"""The staff screen 题目统计: item statistics of a bank, worded for a table (``vm.quiz_stats``).

The figures are the quiz-zone service's (``QuizZoneService.statistics``: facility, discrimination,
answer distribution and flags per question; mean, SD and Cronbach's α per question set, all per
mode). This class only turns one report into rows of text, sorts the flagged questions to the top
so staff see first what needs a look, and switches between the modes the report has. The report
is read once per bank on the database runner; switching modes shows rows already worded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kiosk.ui.hosts import Host
from quiz.grading import is_correct
from quiz.model import Question, QuestionType, pair_key
from quiz.stats import ItemFlag

log = logging.getLogger(__name__)

SCREEN = "staff_quiz_stats"
STEM_CHARS = 34
"""A stem longer than this is cut with "…" (the table row has one line for it)."""
MODE_NAMES = {"practice": "练习", "challenge": "挑战", "daily": "每日"}
FLAG_TEXT = {ItemFlag.TOO_HARD: "太难", ItemFlag.TOO_EASY: "太容易",
             ItemFlag.NEGATIVE_DISCRIMINATION: "区分度为负，答案可能有误"}
RIGHT_COLOUR = "1b8c45"
"""The correct option's count is shown in green: a wrong key stands out next to a popular option."""


def shorten(text: str, limit: int = STEM_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def number(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def distribution(question: Question | None, choices: dict[str, int], blank: int) -> str:
    """"A 12 · B 3 · C 40 · D 5" (every option, also those nobody chose; the key in green);
    判断 as 正确 / 错误; 填空 and 数值 the three most typed texts (a number within the tolerance in
    green); 连线 the four most made pairs (right pairs in green)."""
    def part(label: str, count: int, right: bool) -> str:
        text = f"{label} {count}"
        return f"[color={RIGHT_COLOUR}][b]{text}[/b][/color]" if right else text

    parts: list[str]
    by_count = sorted(choices.items(), key=lambda kv: (-kv[1], kv[0]))
    if question is not None and question.type is QuestionType.MATCHING:
        right = {pair_key(letter, partner) for letter, partner in zip(question.letters, question.answer)}
        parts = [part(shorten(k, 10), v, k in right) for k, v in by_count[:4]]  # pairs as "A→1921年"
    elif question is not None and question.type is QuestionType.NUMERICAL:
        parts = [part(shorten(k, 8), v, is_correct(question, [k])) for k, v in by_count[:3]]
    elif question is not None and question.letters:
        parts = [part(letter, choices.get(letter, 0), letter in question.answer) for letter in question.letters]
        parts += [part(k, v, False) for k, v in choices.items() if k not in question.letters]
    elif question is not None and question.type is QuestionType.TRUEFALSE:
        parts = [part(label, choices.get(key, 0), key in question.answer)
                 for key, label in (("true", "正确"), ("false", "错误"))]
    else:
        top = sorted(choices.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        answers = question.answer if question is not None else ()
        parts = [part(shorten(k, 8), v, k in answers) for k, v in top]
    if blank:
        parts.append(f"未答 {blank}")
    return " · ".join(parts) if parts else "—"


def mode_rows(report: Any, mode_report: Any, order: dict[str, int]) -> list[dict[str, Any]]:
    """One row per question of one mode, flagged questions first, then in bank order."""
    rows = []
    for item in mode_report.statistics.items:
        question = report.questions.get(item.question_id)
        position = order.get(item.question_id)
        flags = [FLAG_TEXT[f] for f in item.flags if f in FLAG_TEXT]
        rows.append({
            "id": item.question_id,
            "number": str(position + 1) if position is not None else "—",
            "stem": shorten(report.stem(item)),
            "attempts": str(item.attempts),
            "facility": f"{item.facility:.0f}%",
            # Shown as the correlation itself (−1…1); the report keeps Moodle's ×100 form.
            "discrimination": "—" if item.discrimination is None else f"{item.discrimination / 100:.2f}",
            "choices": distribution(question, item.choices, item.blank),
            "flags": "；".join(flags),
            "flagged": bool(flags),
            "_order": (0 if flags else 1, position if position is not None else len(order)),
        })
    rows.sort(key=lambda r: r["_order"])
    for row in rows:
        del row["_order"]
    return rows


def bank_line(mode_report: Any) -> str:
    s = mode_report.statistics
    name = MODE_NAMES.get(mode_report.mode, mode_report.label)
    if not s.attempts:
        return f"{name}：还没有作答记录。"
    line = f"{name}：{s.attempts} 次作答 · 平均分 {number(s.mean)} · 标准差 {number(s.sd)}"
    alphas = [f"{label} {number(found.alpha)}" for label, found in zip(mode_report.set_labels, s.sets)]
    return line + " · α " + ("；".join(alphas) if alphas else "—")


def present(report: Any, order: dict[str, int]) -> dict[str, Any]:
    """The whole report worded (runs on the database runner: no Kivy here)."""
    return {
        "modes": [
            {"key": m.mode, "title": f"{MODE_NAMES.get(m.mode, m.label)}（{m.statistics.attempts}）",
             "attempts": m.statistics.attempts, "line": bank_line(m), "note": m.note,
             "rows": mode_rows(report, m, order)}
            for m in report.modes
        ],
        "attempts": report.attempts,
    }


class QuizStatsViewModel(EventDispatcher):
    """Display values of the 题目统计 screen; cleared by the idle reset (``clear``)."""

    banks = ListProperty()
    """Bank names (a chooser is shown when there are two or more)."""
    bank = StringProperty("")
    modes = ListProperty()
    """Mode buttons: dicts with key, title ("练习（12）"), active."""
    mode = StringProperty("")
    summary = StringProperty("")
    """The bank line: attempts, mean, SD, α per question set (or "—")."""
    note = StringProperty("")
    """The report's note on the mode (why α / discrimination are what they are)."""
    rows = ListProperty()
    """Dicts with number, stem, attempts, facility, discrimination, choices (markup), flags, flagged."""
    loading = BooleanProperty(False)

    def __init__(self, host: Host, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._host = host
        self._worded: dict[str, Any] = {}

    def _submit(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        def on_error(_error: BaseException) -> None:
            self.loading = False
            self.summary = "暂时无法读取题目统计，请稍后再试。"

        # on the report runner: item statistics never queue ahead of a check-in's write
        self._host.ops.run(work, done, on_error, screen=SCREEN, latest="quiz-stats",
                           on=getattr(self._host, "report_runner", None))

    # ----- actions ---------------------------------------------------------------------------
    def open(self) -> None:
        """题目统计 on the staff console: the default bank's report."""
        self.clear()
        self._host.show_screen(SCREEN)
        self.refresh()

    def refresh(self) -> None:
        """Read the banks and the chosen bank's report again (new attempts since, a re-import)."""
        service = self._host.services.quiz
        wanted = self.bank
        self.loading = True
        if not self.rows:
            self.summary = "正在计算题目统计…"

        def work() -> tuple[list[str], str, dict[str, Any] | None]:
            names = [b.name for b in service.banks() if b.questions]
            name = wanted if wanted in names else (service.default_bank() or "")
            if not name:
                return names, "", None
            order = {q.id: i for i, q in enumerate(service.bank(name).questions)}
            return names, name, present(service.statistics(name), order)

        self._submit(work, self._loaded)

    def _loaded(self, result: tuple[list[str], str, dict[str, Any] | None]) -> None:
        names, name, worded = result
        self.loading = False
        self.banks = names
        self.bank = name
        if worded is None:
            self._worded = {}
            self.modes, self.rows, self.note = [], [], ""
            self.summary = "还没有题库。请先在内容目录放入题库文件，或用 kiosk quiz import 导入。"
            return
        self._worded = {m["key"]: m for m in worded["modes"]}
        keep = self.mode if self.mode in self._worded else ""
        busiest = max(worded["modes"], key=lambda m: m["attempts"])["key"] if worded["modes"] else ""
        self._show_mode(keep or busiest)

    def choose_bank(self, name: str) -> None:
        if name != self.bank and name in self.banks:
            self.bank = name
            self.mode = ""
            self.rows = []
            self.refresh()

    def choose_mode(self, mode: str) -> None:
        if mode in self._worded:
            self._show_mode(mode)

    def _show_mode(self, mode: str) -> None:
        self.mode = mode
        self.modes = [{"key": m["key"], "title": m["title"], "active": m["key"] == mode}
                      for m in self._worded.values()]
        worded = self._worded.get(mode)
        if worded is None:
            self.summary, self.note, self.rows = "", "", []
            return
        self.summary = f"题库“{self.bank}” · {worded['line']}"
        self.note = worded["note"] if worded["rows"] else ""
        self.rows = worded["rows"]

    def clear(self) -> None:
        """Forget everything shown (idle reset, leaving the console)."""
        self._worded = {}
        self.loading = False
        self.banks = []
        self.bank = ""
        self.modes = []
        self.mode = ""
        self.summary = ""
        self.note = ""
        self.rows = []
