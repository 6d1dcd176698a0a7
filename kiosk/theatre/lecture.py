"""A lecture's state machine: slides advanced by the remote, a progress fraction, a black screen.

Next on the last slide shows the closing card (讲座结束); next again finishes the lecture.
"""

from __future__ import annotations

from kiosk.clock import Clock
from kiosk.theatre.model import Lecture
from kiosk.theatre.remote import Action
from kiosk.theatre.runs import ItemRun


class LectureRun(ItemRun):
    def __init__(self, lecture: Lecture, clock: Clock) -> None:
        if not lecture.slides:
            raise ValueError("讲座没有幻灯片")
        super().__init__(clock)
        self.lecture = lecture
        self.index = 0
        self.closing = False
        self.blank = False

    @property
    def count(self) -> int:
        return len(self.lecture.slides)

    @property
    def progress(self) -> float:
        """0…1: the share of slides shown so far (1 on the closing card)."""
        return 1.0 if self.closing else (self.index + 1) / self.count

    @property
    def narration(self) -> str:
        n = self.lecture.narration
        return "" if self.closing or self.index >= len(n) else n[self.index]

    def press(self, action: Action) -> bool:
        if self.finished:
            return False
        if action is Action.STOP:
            self.stop()
            return True
        if action is Action.PAUSE:
            self.blank = not self.blank
            return True
        if action is Action.NEXT:
            self.blank = False
            if self.closing:
                self._finish(completed=True)
            elif self.index + 1 < self.count:
                self.index += 1
            else:
                self.closing = True
            return True
        if action is Action.PREVIOUS:
            self.blank = False
            if self.closing:
                self.closing = False
                return True
            if self.index > 0:
                self.index -= 1
                return True
        return False

    def stop(self) -> None:
        # Stopped on the closing card is the lecture given in full.
        self._finish(completed=self.closing)
