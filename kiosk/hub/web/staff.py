"""The staff pages behind a login: the day's bookings, approve/decline/cancel, the day's pass sheet,
opening days, slots and capacity, organisations. Every action calls the same services as the CLI.

A hall's staff see and change only their hall; the district admin chooses any hall. Every form
carries the session's CSRF token; a POST without it is refused before anything is done.
"""

from __future__ import annotations

import hmac
from datetime import date, timedelta

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from kiosk.booking.errors import TooManyRequests
from kiosk.booking.staff import StaffUser
from kiosk.clock import hall_date
from kiosk.hub.web.context import WebContext
from kiosk.hub.web.rendering import render
from kiosk.hub.web.security import SESSION_COOKIE, csrf_ok
from kiosk.text.pinyin_search import PinyinIndex
from kiosk.visits.errors import VisitsError
from kiosk.visits.organisations import ORGANISATION_KINDS, OrganisationBook

EXPIRED = "页面已过期（安全校验未通过），请刷新页面后重试。"


def staff_router(ctx: WebContext) -> APIRouter:
    router = APIRouter(prefix="/staff")
    secure = ctx.cookie_secure

    def page(request: Request, template: str, user: StaffUser | None, status: int = 200,
             **values: Any) -> Response:
        if user is not None:
            values["csrf"] = user.csrf_token
        return render(request, template, status=status, secure=secure, staff=user, **values)

    def current(request: Request) -> StaffUser | None:
        return ctx.staff.user_for(request.cookies.get(SESSION_COOKIE))

    def to_login() -> Response:
        return RedirectResponse("/staff/login", status_code=303)

    def checked(request: Request, submitted: str) -> StaffUser | None:
        user = current(request)
        if user is None or not submitted or not hmac.compare_digest(user.csrf_token.encode(), submitted.encode()):
            return None
        return user

    def hall_for(user: StaffUser, requested: str | None) -> str | None:
        if user.hall_id is not None:
            return user.hall_id
        halls = ctx.schedules.halls()
        ids = [h.hall_id for h in halls]
        return requested if requested in ids else (ids[0] if ids else None)

    def parse_day(text: str | None) -> date:
        try:
            return date.fromisoformat(text or "")
        except ValueError:
            return hall_date(ctx.clock.now())

    @router.get("/login")
    def login_form(request: Request) -> Response:
        return page(request, "staff_login.html", None, title="工作人员登录")

    @router.post("/login")
    def login(request: Request, csrf: str = Form(""), username: str = Form(""), password: str = Form("")) -> Response:
        if not csrf_ok(request, csrf):
            return page(request, "staff_login.html", None, status=403, title="工作人员登录",
                        errors={"form": EXPIRED}, form={"username": username})
        try:
            ctx.limiter.check(f"login:{ctx.client(request)}", limit=ctx.login_limit[0],
                              window_seconds=ctx.login_limit[1])
            token, _user = ctx.staff.login(username, password)
        except TooManyRequests as exc:
            return page(request, "staff_login.html", None, status=429, title="工作人员登录",
                        errors={"form": str(exc)}, form={"username": username})
        except VisitsError as exc:
            return page(request, "staff_login.html", None, status=401, title="工作人员登录",
                        errors={"password": str(exc)}, form={"username": username})
        response = RedirectResponse("/staff", status_code=303)
        response.set_cookie(SESSION_COOKIE, token, httponly=True, secure=secure, samesite="strict", path="/staff",
                            max_age=12 * 3600)
        return response

    @router.post("/logout")
    def logout(request: Request, csrf: str = Form("")) -> Response:
        if checked(request, csrf) is not None:
            ctx.staff.logout(request.cookies.get(SESSION_COOKIE))
        response = to_login()
        response.delete_cookie(SESSION_COOKIE, path="/staff")
        return response

    @router.get("")
    def day_page(request: Request, hall: str | None = None, day: str | None = None, message: str = "") -> Response:
        user = current(request)
        if user is None:
            return to_login()
        hall_id = hall_for(user, hall)
        when = parse_day(day)
        views = ctx.bookings.day(hall_id, when) if hall_id else []
        return page(request, "staff_day.html", user, title="当日预约", hall_id=hall_id, day=when, views=views,
                    halls=ctx.schedules.halls(user.halls()), prev_day=when - timedelta(days=1),
                    next_day=when + timedelta(days=1), message=message[:80])

    @router.get("/bookings/{booking_id}")
    def booking_page(request: Request, booking_id: str) -> Response:
        """The booking's own staff view: the only page with the full contact (docs/privacy.md)."""
        user = current(request)
        if user is None:
            return to_login()
        try:
            view = ctx.bookings.staff_view(booking_id, halls=user.halls())
        except VisitsError as exc:
            return page(request, "message.html", user, status=404, title="无法完成", message=str(exc))
        return page(request, "staff_booking.html", user, title=f"预约 {view.reference}", view=view)

    @router.post("/bookings/{booking_id}/{action}")
    def booking_action(request: Request, booking_id: str, action: str, csrf: str = Form("")) -> Response:
        user = checked(request, csrf)
        if user is None:
            return page(request, "message.html", None, status=403, title="无法完成", message=EXPIRED)
        do = {"approve": ctx.bookings.approve, "decline": ctx.bookings.decline,
              "cancel": ctx.bookings.cancel_by_staff}.get(action)
        if do is None:
            return page(request, "message.html", user, status=404, title="无法完成", message="没有这个操作。")
        try:
            view = do(booking_id, halls=user.halls(), by=user.username)
        except VisitsError as exc:
            return page(request, "message.html", user, status=400, title="无法完成", message=str(exc))
        done = {"approve": "已通过", "decline": "已拒绝", "cancel": "已取消"}[action]
        return RedirectResponse(f"/staff?hall={view.hall.hall_id}&day={view.booking.visit_date.isoformat()}"
                                f"&message={done}：{view.reference}", status_code=303)

    @router.get("/passes.pdf")
    def pass_sheet(request: Request, hall: str | None = None, day: str | None = None) -> Response:
        user = current(request)
        if user is None:
            return to_login()
        hall_id = hall_for(user, hall)
        try:
            data = ctx.bookings.day_sheet_pdf(hall_id or "", parse_day(day))
        except VisitsError as exc:
            return page(request, "message.html", user, status=404, title="无法生成", message=str(exc))
        return Response(data, media_type="application/pdf",
                        headers={"Content-Disposition": 'attachment; filename="passes.pdf"'})

    # ------------------------------------------------------------------ schedule

    def schedule_page(request: Request, user: StaffUser, hall_id: str | None, *, errors: dict[str, str] | None = None,
                      message: str = "", status: int = 200) -> Response:
        hall = ctx.schedules.hall(hall_id) if hall_id else None
        slots = ctx.schedules.slots(hall_id, include_inactive=True) if hall_id else []
        closed = ctx.schedules.closed_days(hall_id, since=hall_date(ctx.clock.now())) if hall_id else []
        return page(request, "staff_schedule.html", user, status=status, title="开放时间与名额", hall=hall, slots=slots,
                    closed=closed, halls=ctx.schedules.halls(user.halls()), errors=errors or {}, message=message)

    @router.get("/schedule")
    def schedule(request: Request, hall: str | None = None) -> Response:
        user = current(request)
        return to_login() if user is None else schedule_page(request, user, hall_for(user, hall))

    @router.post("/schedule/{hall_id}/{what}")
    async def schedule_edit(request: Request, hall_id: str, what: str) -> Response:
        form = await request.form()
        user = checked(request, str(form.get("csrf", "")))
        if user is None:
            return page(request, "message.html", None, status=403, title="无法完成", message=EXPIRED)
        if hall_for(user, hall_id) != hall_id:
            return page(request, "message.html", user, status=404, title="无法完成", message="找不到这个场馆。")
        text = {k: str(v) for k, v in form.items()}

        def number(name: str) -> int:
            value = text.get(name, "").strip()
            return int(value) if value.isdigit() and len(value) < 7 else -1

        try:
            if what == "rules":
                hall = ctx.schedules.hall(hall_id)
                ctx.schedules.set_hall(hall_id, name=hall.name, requires_approval=text.get("requires_approval") == "yes",
                                       open_weekdays={d for d in range(7) if text.get(f"wd{d}") == "yes"},
                                       max_headcount=number("max_headcount"), horizon_days=number("horizon_days"))
            elif what == "add-slot":
                ctx.schedules.add_slot(hall_id, text.get("slot", ""), people=number("capacity_people"),
                                       groups=number("capacity_groups"))
            elif what == "capacity":
                ctx.schedules.set_capacity(text.get("slot_id", ""), people=number("capacity_people"),  # type: ignore[arg-type]
                                           groups=number("capacity_groups"))
                if text.get("active") in ("yes", "no"):
                    ctx.schedules.set_slot_active(text.get("slot_id", ""), text["active"] == "yes")  # type: ignore[arg-type]
            elif what in ("close-day", "reopen-day"):
                try:
                    day = date.fromisoformat(text.get("day", ""))
                except ValueError:
                    raise VisitsError("请选择日期。") from None
                if what == "close-day":
                    ctx.schedules.close_day(hall_id, day, text.get("reason", "") or "闭馆")
                else:
                    ctx.schedules.reopen_day(hall_id, day)
            else:
                return page(request, "message.html", user, status=404, title="无法完成", message="没有这个操作。")
        except VisitsError as exc:
            return schedule_page(request, user, hall_id, errors={what: str(exc)}, status=400)
        return schedule_page(request, user, hall_id, message="已保存。")

    # ------------------------------------------------------------------ organisations

    def orgs_page(request: Request, user: StaffUser, q: str = "", *, errors: dict[str, str] | None = None,
                  message: str = "", form: dict[str, str] | None = None, status: int = 200) -> Response:
        book = OrganisationBook(ctx.db, ctx.clock)
        orgs = book.list_all()
        if q.strip():
            wanted = PinyinIndex([o.name for o in orgs]).search(q, limit=50)
            by_name = {o.name: o for o in orgs}
            orgs = [by_name[name] for name in wanted]
        return page(request, "staff_orgs.html", user, status=status, title="组织管理", orgs=orgs[:200], q=q[:64],
                    kinds=ORGANISATION_KINDS, errors=errors or {}, message=message, form=form or {})

    @router.get("/orgs")
    def orgs(request: Request, q: str = "") -> Response:
        user = current(request)
        return to_login() if user is None else orgs_page(request, user, q)

    @router.post("/orgs")
    def add_org(request: Request, csrf: str = Form(""), name: str = Form(""), kind: str = Form("")) -> Response:
        user = checked(request, csrf)
        if user is None:
            return page(request, "message.html", None, status=403, title="无法完成", message=EXPIRED)
        try:
            OrganisationBook(ctx.db, ctx.clock).add(name, kind)
        except VisitsError as exc:
            field = "kind" if "类别" in str(exc) else "name"
            return orgs_page(request, user, errors={field: str(exc)}, form={"name": name, "kind": kind}, status=400)
        return orgs_page(request, user, message="已添加。")

    return router
