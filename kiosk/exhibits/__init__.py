"""The exhibition's content: schema, loader and checker, Markdown subset, last-good keeping."""

from kiosk.exhibits.loader import ContentReport, Problem, check_content
from kiosk.exhibits.model import Area, Board, BoardImage, Hall, Zone

__all__ = ["Area", "Board", "BoardImage", "ContentReport", "Hall", "Problem", "Zone", "check_content"]
