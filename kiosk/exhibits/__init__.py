"""The exhibition's content: schema, loader and checker, Markdown subset, last-good keeping.

The checker (``check_content``) is imported only when asked for: a kiosk that starts on content it
has already checked never loads it (kiosk.exhibits.prepared).
"""

from typing import Any

from kiosk.exhibits.model import Area, Board, BoardImage, Hall, Zone
from kiosk.exhibits.report import ContentReport, Problem

__all__ = ["Area", "Board", "BoardImage", "ContentReport", "Hall", "Problem", "Zone", "check_content"]


def __getattr__(name: str) -> Any:
    if name == "check_content":
        from kiosk.exhibits.loader import check_content

        return check_content
    raise AttributeError(name)
