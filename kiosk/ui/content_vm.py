"""The hall's content on screen: the attract loop's covers, the areas, the zone cards; loading and
reloading the content folder (with its question banks).

Loading reads YAML and Markdown and scales cover images (Pillow): all of it runs on a worker
(``prepare_hall``), and only the finished display values are set on the UI thread. The first load
at start-up runs before the window opens, where it blocks nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty

from kiosk.exhibits.images import ImageCache
from kiosk.exhibits.library import LoadResult, NoGoodContentError
from kiosk.exhibits.model import Hall, Zone
from kiosk.exhibits.prescale import BOARD_IMAGE, SCREEN, THUMB
from kiosk.store.models import StaffEvent
from kiosk.ui.hosts import Host
from kiosk.ui.markup import blocks_to_markup, cjk_wrappable

LIVE_AREAS = ("exhibition", "quiz", "theatre")
AREA_ACTIONS = {"exhibition": "进入展区", "quiz": "开始答题", "theatre": "今日节目"}


@dataclass(frozen=True)
class HallDisplay:
    """Everything the hall-level screens show, worked out off the UI thread."""

    hall: Hall
    covers: list[str]
    areas: list[dict[str, Any]]
    zones: list[dict[str, Any]]


def prepare_hall(hall: Hall, images: ImageCache) -> HallDisplay:
    """Display values of a hall, cover images pre-scaled (runs on a worker: Pillow resizes)."""
    return HallDisplay(
        hall=hall,
        covers=[str(images.fit(z.cover, *SCREEN)) for z in hall.zones],
        areas=[
            {"id": a.id, "title": a.title, "subtitle": a.subtitle, "description": cjk_wrappable(a.description),
             "live": a.id in LIVE_AREAS, "action": AREA_ACTIONS.get(a.id, "了解本区")}
            for a in hall.areas
        ],
        zones=[
            {"id": z.id, "number": i + 1, "title": z.title, "subtitle": z.subtitle,
             "cover": str(images.fit(z.cover, *THUMB)), "boards": len(z.boards)}
            for i, z in enumerate(hall.zones)
        ],
    )


def prepare_zone_boards(zone: Zone, images: ImageCache) -> list[dict[str, Any]]:
    """Display values of a zone's boards, images pre-scaled (cached on disk after the first time)."""
    return [
        {
            "id": b.id,
            "title": cjk_wrappable(b.title),
            "markup": blocks_to_markup(b.blocks),
            "images": [
                {"path": str(images.fit(img.path, *BOARD_IMAGE)), "full": str(images.fit(img.path, *SCREEN)),
                 "caption": img.caption}
                for img in b.images
            ],
        }
        for b in zone.boards
    ]


def reload_report(result: LoadResult, bank_problems: list[str]) -> str:
    """The staff console's sentence after a reload."""
    if result.used_new:
        message = f"内容已重新载入：{result.report.zones} 个展区，{result.report.boards} 块展板。"
    else:
        first = "\n".join(str(p) for p in result.report.problems[:6])
        message = f"新内容有 {len(result.report.problems)} 个问题，仍使用上一版：\n{first}"
    if bank_problems:
        message += f"\n题库有 {len(bank_problems)} 个问题，该题库仍用原来的版本：\n" + "\n".join(bank_problems[:4])
    return message


class ContentViewModel(EventDispatcher):
    hall_name = StringProperty("")
    hall_subtitle = StringProperty("")
    welcome = StringProperty("")
    slide_seconds = NumericProperty(6)
    covers = ListProperty()
    """Pre-scaled zone cover paths for the attract loop."""
    areas = ListProperty()
    """The three areas: dicts with id, title, subtitle, description, live (bool), action."""
    zones = ListProperty()
    """Zone cards: dicts with id, number, title, subtitle, cover, boards."""
    caches_warm = BooleanProperty(False)
    """Every board image is pre-scaled on disk (set once the warm-up after start has finished)."""
    problem = StringProperty("")
    """Why the content on show is not the folder's newest ('' when it is)."""

    def __init__(self, host: Host, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._host = host
        self.hall: Hall | None = None

    def load(self) -> None:
        """At start-up, before the window opens: load the folder (or keep the last good copy).

        Raises:
            NoGoodContentError: first start with broken content and no good copy.
        """
        services = self._host.services
        result = services.content.load()
        self._show(prepare_hall(result.hall, services.images))
        if not result.used_new:
            self.problem = "新内容未通过检查，仍使用上一版：" + "；".join(str(p) for p in result.report.problems[:3])

    def reload(self, done: Callable[[str], None]) -> None:
        """Staff asked to reload the content folder: read, check, scale and import banks on the
        database worker; ``done(message)`` on the UI thread."""
        services = self._host.services

        def work() -> tuple[HallDisplay, str, bool]:
            result = services.content.load()
            display = prepare_hall(result.hall, services.images)
            # Question banks come with the content too: new or changed bank files are imported now.
            problems = services.quiz.sync_content_banks(services.config.content_path)
            return display, reload_report(result, problems), result.used_new

        def loaded(answer: tuple[HallDisplay, str, bool]) -> None:
            display, message, used_new = answer
            self._show(display)
            self.problem = "" if used_new else message
            self._host.save_fact(StaffEvent(kind="content_reload", detail="ok" if used_new else "refused"))
            if self._host.screen == "staff":  # staff may have left the console meanwhile
                done(message)

        def failed(error: BaseException) -> None:
            done(str(error) if isinstance(error, NoGoodContentError) else f"内容载入失败：{error}")

        self._host.ops.run(work, loaded, failed, always=True)

    def _show(self, display: HallDisplay) -> None:
        hall = display.hall
        self.hall = hall
        self.hall_name = hall.name
        self.hall_subtitle = hall.subtitle
        self.welcome = hall.welcome
        self.slide_seconds = hall.slide_seconds
        self.covers = display.covers
        field = getattr(self._host, "field", None)  # the kiosk's role: areas it does not serve are a map only
        self.areas = [{**a, "live": a["live"] and (field is None or field.area_live(a["id"]))} for a in display.areas]
        self.zones = display.zones

    def warm_caches(self, ops_runner: Any, on_boards: Callable[[Hall, str, list[dict[str, Any]]], None] | None = None) -> None:
        """Pre-scale every board image off the UI thread, so a first tap is as fast as a repeat;
        ``on_boards(hall, zone_id, boards)`` gets each zone's prepared boards (the exhibition keeps them)."""
        hall, images = self.hall, self._host.services.images
        if hall is None:
            return
        self.caches_warm = False

        def warmed(result: Any) -> None:
            if on_boards is not None and isinstance(result, list):
                for zone, boards in zip(hall.zones, result, strict=False):
                    on_boards(hall, zone.id, boards)
            self.caches_warm = True

        ops_runner.submit(lambda: [prepare_zone_boards(z, images) for z in hall.zones], warmed, warmed)
