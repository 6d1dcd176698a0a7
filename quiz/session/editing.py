"""The answer-editing actions every session offers, written once over the session's own ``_edit``.

A visitor (or a contest team) may change an answer freely until it is confirmed; whether editing is
allowed right now is the session's rule, so each session supplies ``_edit``.
"""

from __future__ import annotations

from collections.abc import Callable

from quiz.session.selection import Selection


class AnswerEditing:
    """Mixin: select / unselect / toggle / set_text, each True when the change was accepted."""

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
