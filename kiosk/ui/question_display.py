"""What a screen shows of one question, shared by the solo quiz and the group contest."""

from __future__ import annotations

from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, DictProperty, ListProperty, NumericProperty, StringProperty

from kiosk.ui import quiz_text


class QuestionDisplay(EventDispatcher):
    """Display-ready values of the question on show, its timer and its reveal."""

    question_id = StringProperty("")
    type_label = StringProperty("")
    stem = StringProperty("")
    stem_size = NumericProperty(44)
    """Stem type size in design units: smaller for long questions, so everything fits."""
    options = ListProperty()
    """Answer buttons of the question on show: dicts with key, letter, text."""
    selected = ListProperty()
    """Keys chosen so far (not yet confirmed)."""
    marks = DictProperty()
    """After the reveal: key -> 'right' | 'wrong'."""
    can_confirm = BooleanProperty(False)
    timed = BooleanProperty(False)
    seconds_left = NumericProperty(0)
    time_fraction = NumericProperty(1.0)
    reveal_correct = BooleanProperty(False)
    reveal_title = StringProperty("")
    reveal_answer = StringProperty("")
    reveal_explanation = StringProperty("")
    reveal_source = StringProperty("")
    reveal_feedback = StringProperty("")
    """The feedback written for the answer given (GIFT ``#``), or the pairs right of a 连线 question."""

    answer_kind = StringProperty("choice")
    """How the question on show is answered: ``choice`` buttons, the ``number`` pad, ``matching``."""
    typed = StringProperty("")
    """数值: the number typed on the pad so far."""
    left_items = ListProperty()
    right_items = ListProperty()
    """连线: the two columns (dicts with key, text; left items also their link colour)."""
    links = ListProperty()
    """连线: the pairs drawn (dicts with left, right, colour, mark)."""
    armed = StringProperty("")
    """连线: the left item tapped and waiting for its partner ('' when none)."""

    def clear_question(self) -> None:
        """Nothing of the last question stays on screen (the next visitor or round starts clean)."""
        self.question_id = ""
        self.stem = ""
        self.options = []
        self.selected = []
        self.marks = {}
        self.can_confirm = False
        self.timed = False
        self.reveal_title = ""
        self.reveal_answer = ""
        self.reveal_explanation = ""
        self.reveal_source = ""
        self.reveal_feedback = ""
        self.answer_kind = "choice"
        self.typed = ""
        self.left_items = []
        self.right_items = []
        self.links = []
        self.armed = ""

    def show_answer_state(self, question: Any, selected: Any, text: str, armed: str | None, reveal: Any) -> None:
        """The number typed, or the pairs linked, of the question on show (both view models)."""
        self.typed = text
        self.armed = armed or ""
        if self.answer_kind == "matching":
            self.links = quiz_text.links(question, selected, reveal)
        self.reveal_feedback = ""
        if reveal is not None:
            self.reveal_feedback = "　".join(t for t in (quiz_text.pairs_line(reveal), reveal.feedback) if t)

    def show_columns(self, question: Any) -> None:
        """A new question: its answer kind and, for 连线, its two columns."""
        self.answer_kind = quiz_text.answer_kind(question)
        if self.answer_kind == "matching":
            self.left_items, self.right_items = quiz_text.matching_rows(question)
        else:
            self.left_items, self.right_items, self.links = [], [], []
