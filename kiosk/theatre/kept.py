"""The theatre's programme as plain JSON, for the checked content kept by kiosk.exhibits.prepared.

Reading ``theatre/`` goes through pydantic (kiosk.theatre.content); a kiosk that starts on content
it already checked reads the programme back from here instead and never imports it (issue 13).
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

from kiosk.theatre.model import CEREMONY, FILM, LECTURE, Ceremony, Film, Item, Lecture, Programme, ScheduleEntry


def encode_programme(programme: Programme) -> dict[str, Any]:
    return {"items": [_item(i) for i in programme.items],
            "schedule": [[sorted(e.days), e.at.isoformat(), e.item_id] for e in programme.schedule]}


def decode_programme(data: dict[str, Any]) -> Programme:
    """Raises KeyError, TypeError or ValueError on a file that is not one ``encode_programme`` wrote."""
    items = tuple(_read_item(i) for i in data["items"])
    schedule = tuple(ScheduleEntry(frozenset(int(d) for d in days), time.fromisoformat(at), str(item_id))
                     for days, at, item_id in data["schedule"])
    return Programme(items, schedule)


def _item(item: Item) -> dict[str, Any]:
    if isinstance(item, Film):
        return {"kind": FILM, "id": item.id, "title": item.title, "file": str(item.file), "seconds": item.seconds,
                "synopsis": item.synopsis}
    if isinstance(item, Lecture):
        return {"kind": LECTURE, "id": item.id, "title": item.title, "slides": [str(s) for s in item.slides],
                "speaker": item.speaker, "pdf": str(item.pdf) if item.pdf is not None else None,
                "narration": list(item.narration)}
    return {"kind": CEREMONY, "id": item.id, "title": item.title, "phrases": list(item.phrases),
            "pause_seconds": item.pause_seconds}


def _read_item(data: dict[str, Any]) -> Item:
    kind = data["kind"]
    if kind == FILM:
        return Film(data["id"], data["title"], Path(data["file"]), int(data["seconds"]), data["synopsis"])
    if kind == LECTURE:
        pdf = data["pdf"]
        return Lecture(data["id"], data["title"], tuple(Path(s) for s in data["slides"]), data["speaker"],
                       Path(pdf) if pdf is not None else None, tuple(data["narration"]))
    if kind == CEREMONY:
        return Ceremony(data["id"], data["title"], tuple(data["phrases"]), float(data["pause_seconds"]))
    raise ValueError(f"unknown item kind {kind!r}")
