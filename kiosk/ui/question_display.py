"""What a screen shows of one question, shared by the solo quiz and the group contest."""

from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, DictProperty, ListProperty, NumericProperty, StringProperty


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
