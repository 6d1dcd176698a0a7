"""The booking and staff pages through FastAPI's test client: flow, field errors, CSRF, XSS, headers, privacy."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from kiosk.booking.demo import DEMO_STAFF
from kiosk.booking.service import KeysRoot
from kiosk.hub.web import WebContext, create_app
from tests.booking.conftest import MONDAY


@pytest.fixture
def ctx(sqlite_db, clock, world) -> WebContext:
    return WebContext(sqlite_db, clock, KeysRoot(world.keys_root))


@pytest.fixture
def client(ctx: WebContext) -> TestClient:
    return TestClient(create_app(ctx), base_url="https://testserver")


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def _form(client: TestClient, ctx: WebContext, **over: str):
    slot = ctx.schedules.slots("demo-hall")[0].id
    page = client.get(f"/halls/demo-hall/book?day={MONDAY.isoformat()}&slot={slot}")
    assert page.status_code == 200
    data = {"csrf": _csrf(page.text), "day": MONDAY.isoformat(), "slot": str(slot), "organisation": "中关村街道党工委",
            "kind": "", "purpose": "参观学习", "headcount": "30", "contact_name": "张三",
            "contact_phone": "13812345678", "consent": "yes"}
    data.update(over)
    return client.post("/halls/demo-hall/book", data=data, follow_redirects=False)


def test_book_and_see_the_pass_without_the_contact_anywhere_public(client: TestClient, ctx: WebContext) -> None:
    assert "区党员综合体验馆" in client.get("/").text
    cal = client.get("/halls/demo-hall?month=2026-11")
    assert f'/halls/demo-hall/day/{MONDAY.isoformat()}' in cal.text and "余100" in cal.text
    response = _form(client, ctx)
    assert response.status_code == 303 and "13812345678" not in response.headers["location"]
    page = client.get(response.headers["location"])
    assert "预约成功" in page.text and "通行证" in page.text
    assert "13812345678" not in page.text and "张三" not in page.text and "138****5678" in page.text
    token = response.headers["location"].split("/")[2].split("?")[0]
    assert client.get(f"/b/{token}/pass.png").content[:4] == b"\x89PNG"
    assert client.get(f"/b/{token}/pass.pdf").content[:5] == b"%PDF-"
    headers = page.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"] and headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"


def test_bad_fields_get_chinese_messages_next_to_them(client: TestClient, ctx: WebContext) -> None:
    response = _form(client, ctx, headcount="abc", contact_phone="123", consent="")
    assert response.status_code == 400
    assert 'id="err-headcount"' in response.text and 'id="err-contact_phone"' in response.text
    assert 'id="err-consent"' in response.text and "请阅读个人信息说明" in response.text
    assert 'value="张三"' in response.text  # what was typed is kept


def test_post_without_the_csrf_token_is_refused_and_writes_nothing(client: TestClient, ctx: WebContext) -> None:
    response = _form(client, ctx, csrf="forged-token-from-another-site")
    assert response.status_code == 403 and "安全校验未通过" in response.text
    assert ctx.bookings.day("demo-hall", MONDAY) == []
    other = TestClient(create_app(ctx), base_url="https://testserver")  # a browser without our cookie
    slot = ctx.schedules.slots("demo-hall")[0].id
    assert other.post("/halls/demo-hall/book", data={"csrf": "x", "slot": str(slot)}).status_code == 403


def test_script_in_a_name_is_shown_as_text(client: TestClient, ctx: WebContext) -> None:
    response = _form(client, ctx, organisation="<script>alert(1)</script>党支部", kind="其他")
    page = client.get(response.headers["location"])
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;党支部" in page.text


def test_booking_is_rate_limited(ctx: WebContext, client: TestClient) -> None:
    ctx.book_limit = (2, 600)
    codes = [_form(client, ctx, headcount="1", organisation=f"测试组织{i}", kind="其他").status_code for i in range(3)]
    assert codes == [303, 303, 429]


def test_staff_login_approve_cancel_and_lockout(client: TestClient, ctx: WebContext) -> None:
    assert client.get("/staff", follow_redirects=False).status_code == 303
    receipt = _form(client, ctx)
    token = receipt.headers["location"].split("/")[2].split("?")[0]
    login = client.get("/staff/login")
    done = client.post("/staff/login", data={"csrf": _csrf(login.text), "username": DEMO_STAFF[0],
                                             "password": DEMO_STAFF[1]}, follow_redirects=False)
    assert done.status_code == 303
    day = client.get(f"/staff?day={MONDAY.isoformat()}")
    assert "中关村街道党工委" in day.text and "未到" in day.text and "13812345678" not in day.text
    [booking_id] = re.findall(r"/staff/bookings/([0-9a-f-]+)/cancel", day.text)
    detail = client.get(f"/staff/bookings/{booking_id}")  # the booking's own staff view: the full contact
    assert "张三 13812345678" in detail.text and detail.headers["cache-control"] == "no-store"
    assert "13812345678" not in TestClient(create_app(ctx), base_url="https://testserver").get(
        f"/staff/bookings/{booking_id}").text  # not without a login
    assert client.post(f"/staff/bookings/{booking_id}/cancel", data={"csrf": "wrong"}).status_code == 403
    cancelled = client.post(f"/staff/bookings/{booking_id}/cancel", data={"csrf": _csrf(day.text)})
    assert cancelled.status_code == 200 and "已取消" in cancelled.text
    assert "已取消" in client.get(f"/b/{token}").text
    fresh = TestClient(create_app(ctx), base_url="https://testserver")
    form = fresh.get("/staff/login")
    codes = [fresh.post("/staff/login", data={"csrf": _csrf(form.text), "username": DEMO_STAFF[0],
                                              "password": "wrong"}).status_code for _ in range(5)]
    assert codes == [401] * 5
    locked = fresh.post("/staff/login", data={"csrf": _csrf(form.text), "username": DEMO_STAFF[0],
                                              "password": DEMO_STAFF[1]})
    assert locked.status_code == 401 and "锁定" in locked.text


def test_staff_edit_capacity_and_close_a_day(client: TestClient, ctx: WebContext) -> None:
    login = client.get("/staff/login")
    client.post("/staff/login", data={"csrf": _csrf(login.text), "username": "admin", "password": "admin-password-1"})
    page = client.get("/staff/schedule?hall=demo-hall")
    slot = ctx.schedules.slots("demo-hall")[0]
    saved = client.post("/staff/schedule/demo-hall/capacity", data={
        "csrf": _csrf(page.text), "slot_id": str(slot.id), "capacity_people": "80", "capacity_groups": "3",
        "active": "yes"})
    assert saved.status_code == 200 and ctx.schedules.slots("demo-hall")[0].capacity_people == 80
    bad = client.post("/staff/schedule/demo-hall/add-slot", data={"csrf": _csrf(page.text), "slot": "25:00-26:00",
                                                                  "capacity_people": "10", "capacity_groups": "1"})
    assert bad.status_code == 400 and "小时应在 0 到 23 之间" in bad.text
    client.post("/staff/schedule/demo-hall/close-day", data={"csrf": _csrf(page.text), "day": MONDAY.isoformat(),
                                                             "reason": "国庆节"})
    [day] = ctx.schedules.availability("demo-hall", MONDAY, MONDAY)
    assert day.closed_reason == "国庆节"


def test_headcount_change_on_the_manage_page(client: TestClient, ctx: WebContext) -> None:
    location = _form(client, ctx).headers["location"]
    token = location.split("/")[2].split("?")[0]
    page = client.get(f"/b/{token}")
    bad = client.post(f"/b/{token}/headcount", data={"csrf": _csrf(page.text), "headcount": "999"})
    assert bad.status_code == 400 and 'id="err-headcount"' in bad.text
    done = client.post(f"/b/{token}/headcount", data={"csrf": _csrf(page.text), "headcount": "45"})
    assert done.status_code == 200 and "人数已修改" in done.text and "45 人" in done.text
    assert client.post(f"/b/{token}/cancel", data={"csrf": _csrf(page.text)}).status_code == 400  # not confirmed
    assert client.get("/b/not-a-real-token-but-long-enough").status_code == 404


def test_suggestion_from_a_phone_is_a_feedback_fact_listed_for_staff(client: TestClient, ctx: WebContext) -> None:
    from sqlalchemy import select

    from kiosk.store.feedback_models import Feedback

    page = client.get("/halls/demo-hall/feedback")
    missing = client.post("/halls/demo-hall/feedback", data={"csrf": _csrf(page.text), "suggestion": "讲解很好"})
    assert missing.status_code == 400 and 'id="err-rating"' in missing.text
    assert client.post("/halls/demo-hall/feedback", data={"csrf": "forged", "rating": "5"}).status_code == 403
    done = client.post("/halls/demo-hall/feedback", data={"csrf": _csrf(page.text), "rating": "5",
                                                          "suggestion": "<b>希望</b>增加讲解场次"})
    assert done.status_code == 200 and "谢谢" in done.text
    with ctx.db.transaction() as session:
        [row] = session.scalars(select(Feedback)).all()
        assert (row.hall_id, row.rating, row.source, row.device_id) == ("demo-hall", 5, "web", "hub-web")
    codes = [client.post("/halls/demo-hall/feedback", data={"csrf": _csrf(page.text), "rating": "4"}).status_code
             for _ in range(5)]
    assert codes[-1] == 429  # five a window per client
    login = client.get("/staff/login")
    client.post("/staff/login", data={"csrf": _csrf(login.text), "username": "staff", "password": "staff-password-1"})
    listed = client.get("/staff/feedback")
    assert "&lt;b&gt;希望&lt;/b&gt;增加讲解场次" in listed.text and "满意率" in listed.text
