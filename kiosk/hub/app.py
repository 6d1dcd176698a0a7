"""``create_app``: the hub's FastAPI application, one APIRouter per area (kiosk/hub/api/).

Adding an area is one line in :data:`ROUTERS` (or ``app.include_router`` by the caller): each
router brings its own paths and declares its own auth dependency (``kiosk.hub.deps``).
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import APIRouter, FastAPI

from kiosk.clock import Clock, SystemClock
from kiosk.hub import sequence
from kiosk.hub.limits import BodyLimit
from kiosk.hub.settings import HubSettings
from kiosk.store.db import Database, open_database
from kiosk.sync.outbox import drop_triggers


def _routers() -> list[APIRouter]:
    from kiosk.hub.api import admin, health, stats, sync

    return [
        health.router,
        sync.router,
        admin.router,
        stats.router,
        # One line per area, e.g. the booking web pages (issue 10): web.router,
    ]


def create_app(
    settings: HubSettings | None = None,
    *,
    db: Database | None = None,
    clock: Clock | None = None,
    extra_routers: Iterable[APIRouter] = (),
) -> FastAPI:
    """The hub application.

    Args:
        settings: the hub's settings (its ``db_url`` is opened and migrated when ``db`` is None).
        db: an already opened database (tests, or a caller that shares one engine).
        clock: the hub's clock (enrolment code expiry, timestamps); the system clock by default.
        extra_routers: more routers to mount (each declares its own auth).
    """
    settings = settings or HubSettings()
    if db is None:
        if not settings.db_url:
            raise ValueError("中心数据库地址未设置：用 --db 或在中心配置文件中设置 db_url")
        db = open_database(settings.db_url)
    app = FastAPI(title="Hall Kiosk 区级中心", version="1")
    app.state.settings = settings
    app.state.db = db
    app.state.clock = clock or SystemClock()
    if db.engine.dialect.name == "postgresql":
        sequence.install(db.sessions)
        drop_triggers(db.engine)  # a hub never queues the facts it receives (kiosk.sync.outbox)
    for router in [*_routers(), *extra_routers]:
        app.include_router(router)
    __import__("kiosk.hub.web", fromlist=["install_on_hub"]).install_on_hub(app)  # issue 10: booking + staff pages
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    return app
