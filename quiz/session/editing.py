"""The answer-editing actions every session offers, written once over the session's own ``_edit``.

A visitor (or a contest team) may change an answer freely until it is confirmed; whether editing is
allowed right now is the session's rule, so each session supplies ``_edit``.
"""

from __future__ import annotations

from collections.abc import Callable

from quiz.session.selection import Selection


class AnswerEditing:
    """Mixin: select / unselect / toggle / set_text / press_key / pick_left / pick_right, each True
    when the change was accepted."""

    def _edit(self, change: Callable[[Selection], None]) -> bool:
        raise NotImplementedError

    def select(self, key: str) -> bool:
        return self._edit(lambda s: s.select(key))

    def unselect(self, key: str) -> bool:
        return self._edit(lambda s: s.unselect(key))

    def toggle(self, key: str) -> bool:
        return self._edit(lambda s: s.toggle(key))

    def set_text(self, text: str) -> bool:
        return self._edit(lambda s: s.set_text(text))

    def press_key(self, key: str) -> bool:
        """A key of the 数值 number pad (see ``quiz.session.numberpad``)."""
        return self._edit(lambda s: s.press_key(key))

    def pick_left(self, letter: str) -> bool:
        """Matching: tap a left item (arms it; tapping the armed item again disarms it)."""
        return self._edit(lambda s: s.pick_left(letter))

    def pick_right(self, partner: str) -> bool:
        """Matching: tap a right item (links it to the armed left item, or unlinks it)."""
        return self._edit(lambda s: s.pick_right(partner))
