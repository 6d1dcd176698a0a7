"""The validated content as the rest of the app sees it: plain frozen objects, no file details."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Span:
    """A run of text, bold or not."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Paragraph:
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Span, ...], ...]


Block = Paragraph | ListBlock


@dataclass(frozen=True)
class BoardImage:
    path: Path
    caption: str = ""


@dataclass(frozen=True)
class Board:
    """One exhibition board: what a visitor reads, sees and hears."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    images: tuple[BoardImage, ...] = ()
    narration: str = ""

    @property
    def plain_text(self) -> str:
        """The body as plain text, one block per line (for search and the default narration)."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                lines.append("".join(s.text for s in block.spans))
            else:
                lines.extend("".join(s.text for s in item) for item in block.items)
        return "\n".join(lines)

    @property
    def speech_text(self) -> str:
        """What the read-aloud button says: the narration if given, else the title and the body."""
        return self.narration or f"{self.title}。\n{self.plain_text}"


@dataclass(frozen=True)
class Zone:
    id: str
    title: str
    subtitle: str
    cover: Path
    boards: tuple[Board, ...]


@dataclass(frozen=True)
class Area:
    """One of the hall's three areas (exhibition, theatre, quiz) as the home screen shows it."""

    id: str
    title: str
    subtitle: str
    description: str


@dataclass(frozen=True)
class Hall:
    id: str
    name: str
    subtitle: str
    welcome: str
    slide_seconds: float
    areas: tuple[Area, ...]
    zones: tuple[Zone, ...]
    root: Path = field(default=Path("."))

    def zone(self, zone_id: str) -> Zone:
        return next(z for z in self.zones if z.id == zone_id)

    @property
    def board_count(self) -> int:
        return sum(len(z.boards) for z in self.zones)
