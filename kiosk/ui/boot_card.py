"""The first frame's card: what the attract loop shows first (hall name, subtitle, welcome line,
the first zone's pre-scaled cover), kept in the data dir so the next ``kiosk run`` can draw it
before the content, the database and the services are loaded (issue 13).

Written by every start that reached home and by ``kiosk content check --prepare``. No Kivy here:
the install-time preparation writes it without a window.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
CARD_NAME = "first-frame.json"


@dataclass(frozen=True)
class BootCard:
    """What the attract loop showed first at the last start."""

    hall_name: str = ""
    hall_subtitle: str = ""
    welcome: str = ""
    cover: str = ""
    screen: str = "attract"
    """The role's start screen: a cover is shown only when it is the attract loop."""


def card_path(data_dir: Path) -> Path:
    return data_dir / CARD_NAME


def read_card(data_dir: Path) -> BootCard:
    """The last start's card; an empty one when there is none or it cannot be read."""
    try:
        raw = json.loads(card_path(data_dir).read_text(encoding="utf-8"))
        card = BootCard(**{k: str(v) for k, v in raw.items() if k in BootCard.__dataclass_fields__})
    except (OSError, ValueError, TypeError):
        return BootCard()
    if card.cover and not Path(card.cover).is_file():  # the image cache was cleared since
        card = BootCard(card.hall_name, card.hall_subtitle, card.welcome, "", card.screen)
    return card


def write_card(data_dir: Path, card: BootCard) -> None:
    """Keep the card for the next start (atomically; a failure only costs the next first frame its cover)."""
    path = card_path(data_dir)
    if read_card(data_dir) == card:
        return
    tmp = path.with_suffix(".tmp")
    try:
        tmp.write_text(json.dumps(asdict(card), ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        log.warning("first-frame card not written: %s", exc)


__all__ = ["BootCard", "card_path", "read_card", "write_card"]
