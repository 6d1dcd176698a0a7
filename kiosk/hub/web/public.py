"""The public booking pages: choose a hall, a day on the calendar, a slot; the form; the result and
manage page reached only by the private token. No contact name or phone appears on any of them,
nor in any URL (the form is POSTed; the manage page shows the contact masked)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from kiosk.booking.errors import BookingError, NotFound, TooManyRequests
from kiosk.booking.service import BookingRequest, FormErrors
from kiosk.clock import hall_date
from kiosk.hub.web.context import WebContext
from kiosk.hub.web.rendering import render
from kiosk.hub.web.security import csrf_ok
from kiosk.text.pinyin_search import PinyinIndex
from kiosk.visits.bookings import PURPOSES
from kiosk.visits.errors import VisitsError
from kiosk.visits.organisations import ORGANISATION_KINDS, OrganisationBook

EXPIRED = "页面已过期或来源不明（安全校验未通过），请刷新页面后重新提交。"


def _month(text: str | None, fallback: date) -> date:
    try:
        year, month = (int(p) for p in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return fallback.replace(day=1)


def public_router(ctx: WebContext) -> APIRouter:
    router = APIRouter()
    secure = ctx.cookie_secure
    index_cache: dict[tuple[str, ...], PinyinIndex] = {}

    def page(request: Request, template: str, status: int = 200, **values: Any) -> Response:
        return render(request, template, status=status, secure=secure, **values)

    def problem(request: Request, message: str, status: int) -> Response:
        return page(request, "message.html", status=status, title="无法完成", message=message)

    def search_orgs(query: str) -> list[str]:
        names = tuple(ref.name for ref in OrganisationBook(ctx.db, ctx.clock).refs())
        if names not in index_cache:
            index_cache.clear()
            index_cache[names] = PinyinIndex(names)
        return index_cache[names].search(query, limit=8)

    @router.get("/")
    def halls(request: Request) -> Response:
        return page(request, "halls.html", title="选择场馆", halls=ctx.schedules.halls())

    @router.get("/privacy")
    def privacy(request: Request) -> Response:
        return page(request, "privacy.html", title="个人信息保护说明")

    @router.get("/halls/{hall_id}")
    def month_view(request: Request, hall_id: str, month: str | None = None) -> Response:
        try:
            hall = ctx.schedules.hall(hall_id)
        except NotFound as exc:
            return problem(request, str(exc), 404)
        low, high = ctx.schedules.bookable_range(hall)
        first = _month(month, low)
        first = max(min(first, high.replace(day=1)), hall_date(ctx.clock.now()).replace(day=1))
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        days = ctx.schedules.availability(hall_id, first, last)
        weeks: list[list[object]] = [[None] * first.weekday()]
        for day in days:
            if len(weeks[-1]) == 7:
                weeks.append([])
            weeks[-1].append(day)
        weeks[-1].extend([None] * (7 - len(weeks[-1])))
        prev_month = (first - timedelta(days=1)).replace(day=1)
        next_month = last + timedelta(days=1)
        return page(request, "calendar.html", title=f"{hall.name} · 选择日期", hall=hall, weeks=weeks, first=first,
                    prev_month=prev_month if prev_month >= hall_date(ctx.clock.now()).replace(day=1) else None,
                    next_month=next_month if next_month <= high else None)

    @router.get("/halls/{hall_id}/day/{day}")
    def day_view(request: Request, hall_id: str, day: str) -> Response:
        try:
            hall = ctx.schedules.hall(hall_id)
            when = date.fromisoformat(day)
        except NotFound as exc:
            return problem(request, str(exc), 404)
        except ValueError:
            return problem(request, "日期无效，请从日历中选择。", 404)
        [available] = ctx.schedules.availability(hall_id, when, when)
        return page(request, "day.html", title=f"{hall.name} · 选择时段", hall=hall, day=available)

    def form_page(request: Request, hall_id: str, values: dict[str, str], errors: dict[str, str],
                  status: int = 200) -> Response:
        try:
            hall = ctx.schedules.hall(hall_id)
            when = date.fromisoformat(values.get("day", ""))
        except NotFound as exc:
            return problem(request, str(exc), 404)
        except ValueError:
            return problem(request, "请先在日历中选择日期和时段。", 400)
        [available] = ctx.schedules.availability(hall_id, when, when)
        slot = next((s for s in available.slots if str(s.slot.id) == values.get("slot", "")), None)
        if slot is None and "slot" not in errors:
            return problem(request, "这个时段不可预约，请返回日历重新选择。", 400)
        query = values.get("q", "").strip()
        matches = search_orgs(query) if query else []
        return page(request, "book.html", status=status, title=f"{hall.name} · 填写预约", hall=hall, day=available,
                    slot=slot, form=values, errors=errors, matches=matches, query=query, kinds=ORGANISATION_KINDS,
                    purposes=PURPOSES)

    @router.get("/halls/{hall_id}/book")
    def book_form(request: Request, hall_id: str, day: str = "", slot: str = "", org: str = "",
                  q: str = "") -> Response:
        return form_page(request, hall_id, {"day": day, "slot": slot, "organisation": org, "q": q[:64]}, {})

    @router.post("/halls/{hall_id}/book")
    def book(request: Request, hall_id: str, csrf: str = Form(""), day: str = Form(""), slot: str = Form(""),
             organisation: str = Form(""), kind: str = Form(""), purpose: str = Form(""),
             headcount: str = Form(""), contact_name: str = Form(""), contact_phone: str = Form(""),
             consent: str = Form("")) -> Response:
        values = {"day": day, "slot": slot, "organisation": organisation, "kind": kind, "purpose": purpose,
                  "headcount": headcount, "contact_name": contact_name, "contact_phone": contact_phone,
                  "consent": consent}
        if not csrf_ok(request, csrf):
            return problem(request, EXPIRED, 403)
        try:
            ctx.limiter.check(f"book:{ctx.client(request)}", limit=ctx.book_limit[0], window_seconds=ctx.book_limit[1])
            receipt = ctx.bookings.book(BookingRequest(hall_id, day, slot, organisation, kind, purpose, headcount,
                                                       contact_name, contact_phone, consent == "yes"))
        except TooManyRequests as exc:
            return problem(request, str(exc), 429)
        except FormErrors as exc:
            return form_page(request, hall_id, values, exc.errors, 400)
        except BookingError as exc:
            return form_page(request, hall_id, values, {exc.field or "form": str(exc)}, 409)
        except VisitsError as exc:
            return form_page(request, hall_id, values, {"form": str(exc)}, 400)
        return RedirectResponse(f"/b/{receipt.token}?new=1", status_code=303)

    def manage_page(request: Request, token: str, *, message: str = "", errors: dict[str, str] | None = None,
                    status: int = 200) -> Response:
        try:
            view = ctx.bookings.by_token(token)
        except NotFound as exc:
            return problem(request, str(exc), 404)
        link = str(request.url_for("manage", token=token))
        return page(request, "manage.html", status=status, title=f"预约 {view.reference}", view=view, token=token,
                    link=link, is_new=request.query_params.get("new") == "1", message=message, errors=errors or {},
                    today=hall_date(ctx.clock.now()))

    @router.get("/b/{token}", name="manage")
    def manage(request: Request, token: str) -> Response:
        return manage_page(request, token)

    @router.get("/b/{token}/pass.png")
    def pass_png(token: str) -> Response:
        try:
            return Response(ctx.bookings.pass_png(token), media_type="image/png")
        except VisitsError as exc:
            return Response(str(exc), status_code=404, media_type="text/plain; charset=utf-8")

    @router.get("/b/{token}/pass.pdf")
    def pass_pdf(token: str) -> Response:
        try:
            data = ctx.bookings.pass_pdf(token)
        except VisitsError as exc:
            return Response(str(exc), status_code=404, media_type="text/plain; charset=utf-8")
        return Response(data, media_type="application/pdf",
                        headers={"Content-Disposition": 'attachment; filename="pass.pdf"'})

    @router.post("/b/{token}/headcount")
    def change_headcount(request: Request, token: str, csrf: str = Form(""), headcount: str = Form("")) -> Response:
        if not csrf_ok(request, csrf):
            return problem(request, EXPIRED, 403)
        try:
            ctx.bookings.change_headcount(token, headcount)
        except NotFound as exc:
            return problem(request, str(exc), 404)
        except VisitsError as exc:
            return manage_page(request, token, errors={"headcount": str(exc)}, status=400)
        return manage_page(request, token, message="人数已修改。请使用下面的新通行证，旧的通行证已作废。")

    @router.post("/b/{token}/cancel")
    def cancel(request: Request, token: str, csrf: str = Form(""), confirm: str = Form("")) -> Response:
        if not csrf_ok(request, csrf):
            return problem(request, EXPIRED, 403)
        if confirm != "yes":
            return manage_page(request, token, errors={"cancel": "请勾选“确认取消这个预约”。"}, status=400)
        try:
            ctx.bookings.cancel_by_token(token)
        except NotFound as exc:
            return problem(request, str(exc), 404)
        except VisitsError as exc:
            return manage_page(request, token, errors={"cancel": str(exc)}, status=400)
        return manage_page(request, token, message="预约已取消，通行证已作废。")

    return router
