"""The staff statistics page: the statistics issue's figures for a date range and a set of halls, with
SVG charts and CSV/XLSX/PDF downloads.

The figures and the files come from :class:`kiosk.reports.service.ReportsService` and the
registered exporters, the same ones ``kiosk stats summary|export`` and the kiosk's dashboard call,
so the page, the CLI and the files show the same numbers. A hall's staff see only their hall
whatever the query says; the district admin (officer) chooses any halls, or all of them.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import inspect, select

from kiosk.booking.staff import StaffUser
from kiosk.hub.web.charts import Series, columns, hbars
from kiosk.hub.web.context import WebContext
from kiosk.hub.web.rendering import render
from kiosk.hub.web.security import SESSION_COOKIE
from kiosk.reports.scope import PRESETS, ReportScope, ScopeError, preset_range, range_text
from kiosk.reports.service import ReportsService
from kiosk.reports.summary import Summary
from kiosk.store.facts import FactWriter
from kiosk.store.hub_models import Hall

FORMATS = {"csv": ("text/csv; charset=utf-8", "csv"),
           "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
           "pdf": ("application/pdf", "pdf")}
SOURCE_HALL = "hub"
"""The reports service wants a writer for feedback it records; the page never records any."""


def reports_service(ctx: WebContext) -> ReportsService:
    return ReportsService(ctx.db, FactWriter(ctx.db, SOURCE_HALL, SOURCE_HALL, ctx.clock), ctx.clock)


def district_halls(ctx: WebContext) -> list[tuple[str, str]]:
    """(id, name) of every hall the hub knows: the district's register and the booking pages' halls."""
    names = {h.hall_id: h.name for h in ctx.schedules.halls()}
    if inspect(ctx.db.engine).has_table(Hall.__tablename__):
        with ctx.db.transaction() as session:
            for hall in session.scalars(select(Hall)):
                names.setdefault(hall.id, hall.name)
    return sorted(names.items(), key=lambda item: (item[1], item[0]))


class StatsQuery:
    """The page's query string, validated: range, halls (limited to the user's), and the error if any."""

    def __init__(self, request: Request, user: StaffUser, known: list[tuple[str, str]], today: date) -> None:
        params = request.query_params
        self.error = ""
        self.preset = params.get("preset", "") if params.get("preset", "") in PRESETS else ""
        start, end = preset_range(self.preset or "今年", today)
        if not self.preset and (params.get("from") or params.get("to")):
            try:
                start, end = date.fromisoformat(params.get("from", "")), date.fromisoformat(params.get("to", ""))
                if (end - start).days > 366 * 5:
                    raise ScopeError("时间范围最长五年。")
                ReportScope(start, end)
            except ScopeError as exc:
                self.error = str(exc)
                start, end = preset_range("今年", today)
            except ValueError:
                self.error = "请选择起止日期（YYYY-MM-DD）。"
                start, end = preset_range("今年", today)
        self.start, self.end = start, end
        ids = [h for h, _ in known]
        if user.hall_id is not None:
            self.halls: list[str] | None = [user.hall_id]
        else:
            chosen = [h for h in params.getlist("hall") if h in ids]
            self.halls = chosen or None  # none ticked: the whole district
        self.names = dict(known)

    def scope(self) -> ReportScope:
        return ReportScope.of(self.start, self.end, self.halls)

    def query_string(self) -> str:
        from urllib.parse import urlencode

        pairs: list[tuple[str, str]] = [("from", self.start.isoformat()), ("to", self.end.isoformat())]
        pairs += [("hall", h) for h in (self.halls or [])]
        return urlencode(pairs)

    def halls_text(self) -> str:
        if self.halls is None:
            return "全区所有场馆"
        return "、".join(self.names.get(h, h) for h in self.halls)


def charts(summary: Summary) -> dict[str, Any]:
    months = [m.label for m in summary.by_month]
    zones = sorted(summary.zones, key=lambda z: (-z.views, z.name))[:12]
    rating = summary.feedback.distribution
    return {
        "month_groups": columns(months, [Series("批次", [m.groups for m in summary.by_month])], title="各月接待批次"),
        "month_people": columns(months, [Series("党员", [m.party_members for m in summary.by_month]),
                                         Series("群众", [m.public for m in summary.by_month])], title="各月接待人数"),
        "kinds": hbars([(k.kind, k.party_members) for k in summary.by_kind if k.groups], title="各类组织党员人数",
                       unit=" 名"),
        "purposes": hbars([(p.purpose, p.groups) for p in summary.by_purpose if p.groups], title="来访目的（批次）",
                          unit=" 批", colour="#ef6c00"),
        "zones": hbars([(z.name or z.zone_id, z.views) for z in zones if z.views], title="展区浏览次数排行",
                       unit=" 次", colour="#1565c0"),
        "ratings": hbars([(f"{r} 星", rating.get(r, 0)) for r in range(5, 0, -1)] if summary.feedback.count else [],
                         title="评价星级分布", unit=" 条", colour="#2e7d32"),
    }


def stats_router(ctx: WebContext) -> APIRouter:
    router = APIRouter(prefix="/staff/stats")

    def current(request: Request) -> StaffUser | None:
        return ctx.staff.user_for(request.cookies.get(SESSION_COOKIE))

    @router.get("")
    def stats_page(request: Request) -> Response:
        user = current(request)
        if user is None:
            return RedirectResponse("/staff/login", status_code=303)
        reports = reports_service(ctx)
        known = district_halls(ctx)
        query = StatsQuery(request, user, known, reports.today())
        summary = reports.summary(query.scope())
        return render(request, "staff_stats.html", status=400 if query.error else 200, secure=ctx.cookie_secure,
                      staff=user, csrf=user.csrf_token, title="统计报表", q=query, s=summary,
                      rate=summary.feedback.satisfaction_rate, charts=charts(summary), presets=PRESETS,
                      known=known, range_text=range_text(query.start, query.end),
                      errors={"range": query.error} if query.error else {})

    @router.get("/export.{fmt}")
    def export(request: Request, fmt: str) -> Response:
        from kiosk.reports.exporters import ExportError, exporter_for

        user = current(request)
        if user is None:
            return RedirectResponse("/staff/login", status_code=303)
        if fmt not in FORMATS:
            return render(request, "message.html", status=404, secure=ctx.cookie_secure, staff=user,
                          csrf=user.csrf_token, title="无法导出", message="没有这种文件格式：可选 CSV、XLSX、PDF。")
        reports = reports_service(ctx)
        query = StatsQuery(request, user, district_halls(ctx), reports.today())
        if query.error:
            return render(request, "message.html", status=400, secure=ctx.cookie_secure, staff=user,
                          csrf=user.csrf_token, title="无法导出", message=query.error)
        media, ext = FORMATS[fmt]
        name = f"stats-{query.start.isoformat()}-{query.end.isoformat()}.{ext}"
        with tempfile.TemporaryDirectory(prefix="kiosk-stats-") as folder:
            try:
                path = exporter_for(fmt)(reports.rows(query.scope())).write(Path(folder) / name)
            except ExportError as exc:
                return render(request, "message.html", status=500, secure=ctx.cookie_secure, staff=user,
                              csrf=user.csrf_token, title="无法导出", message=str(exc))
            data = path.read_bytes()
        return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    return router
