"""What a content check found: the hall when the folder is good, else every problem (file:line).

Kept apart from the checker so a kiosk that starts on content it already checked
(:mod:`kiosk.exhibits.prepared`) never imports the checker's libraries (pydantic, YAML, Markdown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.exhibits.model import Hall


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, where it is and what to do."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class ContentReport:
    """The outcome of a check: the hall if the content is good, else the problems."""

    root: Path
    hall: Hall | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    """Things that work but look wrong on a screen (a board too long to read); they do not fail the check."""
    zones: int = 0
    boards: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and self.hall is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "zones": self.zones,
            "boards": self.boards,
            "problems": [{"file": p.file, "line": p.line, "message": p.message} for p in self.problems],
            "warnings": [{"file": p.file, "line": p.line, "message": p.message} for p in self.warnings],
        }
