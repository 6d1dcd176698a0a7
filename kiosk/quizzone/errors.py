"""The one error the quiz zone raises to its faces (CLI, UI): a Chinese sentence for staff."""

from __future__ import annotations


class QuizZoneError(Exception):
    """Something a caller asked for cannot be done (unknown bank, bad mode ...); ``str`` is Chinese."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems
        """Every ``file:row: message`` line behind a refused import (empty otherwise)."""

    def __str__(self) -> str:
        return self.message
