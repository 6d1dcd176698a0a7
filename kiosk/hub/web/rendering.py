"""Jinja2 rendering with autoescaping always on (a name like ``<script>`` is shown as text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader

from kiosk.hub.web.security import csrf_for, set_csrf_cookie

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                   trim_blocks=True, lstrip_blocks=True)
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")
_ENV.globals["weekday_cn"] = lambda day: "周" + WEEKDAYS[day.weekday()]


def render(request: Request, template: str, *, status: int = 200, secure: bool = True,
           **values: Any) -> HTMLResponse:
    """A page from a template; every page gets ``csrf`` (its form token) and ``errors`` (field -> message)."""
    values.setdefault("errors", {})
    values.setdefault("staff", None)
    values.setdefault("form", {})
    csrf = values.pop("csrf", None) or csrf_for(request)
    html = _ENV.get_template(template).render(request=request, csrf=csrf, **values)
    response = HTMLResponse(html, status_code=status)
    set_csrf_cookie(request, response, secure=secure)
    return response
