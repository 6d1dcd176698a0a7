"""留言建议 from a visitor's phone: the hall's suggestion form (anonymous, rate-limited, no login) and
the staff's list. It stores issue 8's feedback fact through its own ``record_feedback`` (``source
= "web"``), so the statistics count it with the kiosk's ratings. The rating is required: the
feedback table holds a rating on every row (issue 8), and a guessed one would skew 满意率."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from kiosk.booking.errors import NotFound, TooManyRequests
from kiosk.clock import hall_date
from kiosk.hub.web.context import WebContext
from kiosk.hub.web.rendering import render
from kiosk.hub.web.security import SESSION_COOKIE, csrf_ok
from kiosk.reports.feedback import RATING_LABELS, SUGGESTION_MAX_CHARS, FeedbackError, feedback_figures, record_feedback
from kiosk.reports.scope import ReportScope
from kiosk.store.facts import FactWriter

WEB_DEVICE = "hub-web"
"""The device id of facts written by the hub's pages (a fact belongs to the device that made it)."""
FEEDBACK_LIMIT = (5, 600)


def feedback_router(ctx: WebContext) -> APIRouter:
    router = APIRouter()

    def page(request: Request, template: str, status: int = 200, **values: Any) -> Response:
        return render(request, template, status=status, secure=ctx.cookie_secure, **values)

    def form(request: Request, hall_id: str, *, errors: dict[str, str] | None = None,
             values: dict[str, str] | None = None, status: int = 200) -> Response:
        try:
            hall = ctx.schedules.hall(hall_id)
        except NotFound as exc:
            return page(request, "message.html", status=404, title="无法完成", message=str(exc))
        return page(request, "feedback.html", status=status, title=f"{hall.name} · 留言建议", hall=hall,
                    ratings=RATING_LABELS, errors=errors or {}, form=values or {}, limit=SUGGESTION_MAX_CHARS)

    @router.get("/halls/{hall_id}/feedback")
    def feedback_form(request: Request, hall_id: str) -> Response:
        return form(request, hall_id)

    @router.post("/halls/{hall_id}/feedback")
    def feedback(request: Request, hall_id: str, csrf: str = Form(""), rating: str = Form(""),
                 suggestion: str = Form("")) -> Response:
        values = {"rating": rating, "suggestion": suggestion[:SUGGESTION_MAX_CHARS * 2]}
        if not csrf_ok(request, csrf):
            return form(request, hall_id, errors={"form": "页面已过期（安全校验未通过），请刷新后重新提交。"},
                        values=values, status=403)
        if rating not in {str(r) for r in RATING_LABELS}:
            return form(request, hall_id, errors={"rating": "请选择满意度。"}, values=values, status=400)
        if len(suggestion.strip()) > SUGGESTION_MAX_CHARS:
            return form(request, hall_id, errors={"suggestion": f"建议最多 {SUGGESTION_MAX_CHARS} 个字。"},
                        values=values, status=400)
        try:
            ctx.schedules.hall(hall_id)
            ctx.limiter.check(f"feedback:{ctx.client(request)}", limit=FEEDBACK_LIMIT[0],
                              window_seconds=FEEDBACK_LIMIT[1])
            record_feedback(FactWriter(ctx.db, hall_id, WEB_DEVICE, ctx.clock), rating=int(rating),
                            suggestion=suggestion, source="web")
        except TooManyRequests as exc:
            return form(request, hall_id, errors={"form": str(exc)}, values=values, status=429)
        except (NotFound, FeedbackError) as exc:
            return form(request, hall_id, errors={"form": str(exc)}, values=values, status=400)
        return page(request, "message.html", title="谢谢您的留言", message="您的意见已收到，谢谢！我们会认真改进。")

    @router.get("/staff/feedback")
    def staff_feedback(request: Request, hall: str | None = None) -> Response:
        user = ctx.staff.user_for(request.cookies.get(SESSION_COOKIE))
        if user is None:
            return RedirectResponse("/staff/login", status_code=303)
        halls = ctx.schedules.halls(user.halls())
        hall_id = user.hall_id or (hall if hall in {h.hall_id for h in halls} else (halls[0].hall_id if halls else ""))
        today = hall_date(ctx.clock.now())
        with ctx.db.transaction() as session:
            figures = feedback_figures(session, ReportScope.of(today - timedelta(days=30), today, hall_id), latest=50)
        return render(request, "staff_feedback.html", secure=ctx.cookie_secure, staff=user, csrf=user.csrf_token,
                      title="留言建议（近 30 天）", figures=figures, halls=halls, hall_id=hall_id, ratings=RATING_LABELS)

    return router
