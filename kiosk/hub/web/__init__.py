"""The hub's web pages (issue 10): public booking pages and staff pages, server-rendered with Jinja2.

``install(app, ctx)`` is the one call the hub's ``create_app`` makes: it adds the security headers,
the static CSS and both routers. ``create_app(ctx)`` is a bare app with only these pages (tests,
``kiosk web serve`` until the hub serves them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# Issue 13: every ``kiosk`` command, ``kiosk run`` included, imports this package through
# ``kiosk.hub.web.cli``; FastAPI and the pages are imported when an app is made, not before.
if TYPE_CHECKING:
    from fastapi import FastAPI

    from kiosk.hub.web.context import WebContext

__all__ = ["WebContext", "create_app", "install", "install_on_hub"]


def __getattr__(name: str) -> Any:
    """``kiosk.hub.web.WebContext`` on first use (PEP 562), so the package itself stays light."""
    if name == "WebContext":
        from kiosk.hub.web.context import WebContext

        return WebContext
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def install(app: FastAPI, ctx: WebContext) -> None:
    """Add the booking and staff pages to an app (the hub's)."""
    from fastapi.staticfiles import StaticFiles

    from kiosk.hub.web.feedback import feedback_router
    from kiosk.hub.web.public import public_router
    from kiosk.hub.web.rendering import STATIC
    from kiosk.hub.web.security import SecurityHeaders
    from kiosk.hub.web.staff import staff_router
    from kiosk.hub.web.stats import stats_router

    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(public_router(ctx))
    app.include_router(staff_router(ctx))
    app.include_router(feedback_router(ctx))
    app.include_router(stats_router(ctx))


def create_app(ctx: WebContext) -> FastAPI:
    """An app with only the booking and staff pages."""
    from fastapi import FastAPI

    app = FastAPI(title="Hall Kiosk 线上预约", docs_url=None, redoc_url=None, openapi_url=None)
    install(app, ctx)
    return app


def install_on_hub(app: FastAPI) -> None:
    """The pages on the hub's app: its database and clock, the halls' keys from ``hall_keys``.

    Cookies are marked Secure unless the hub's settings say ``web_cookie_secure = false``
    (``kiosk hub serve --insecure-cookies``: plain HTTP on a LAN); behind TLS leave it on. Rate
    limits believe ``X-Forwarded-For`` only from the settings' ``trusted_proxies``.
    """
    from kiosk.booking.hub_keys import HubHallKeys
    from kiosk.hub.web.context import WebContext

    db = app.state.db
    settings = app.state.settings
    install(app, WebContext(db, app.state.clock, HubHallKeys(db), cookie_secure=settings.web_cookie_secure,
                            trusted_proxies=settings.trusted_proxies))
