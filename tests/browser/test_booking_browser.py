"""The booking pages in headless Chromium (Debian's /usr/bin/chromium through Playwright), served by
uvicorn on loopback: book on a phone, decode the pass image off the page with the project's decoder
and verify it with the hall's public key; cancel through the manage link (revoked); staff login,
approve and cancel; the capacity race through two browsers; CSRF and XSS attempts refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from kiosk.booking.demo import seed_demo
from kiosk.booking.service import KeysRoot
from kiosk.clock import FakeClock
from kiosk.hub.web import WebContext, create_app
from kiosk.hub.web.loopback import CHROMIUM, CHROMIUM_ARGS, serving
from kiosk.passes.decode import ZxingDecoder
from kiosk.passes.keys import load_keyring_dir
from kiosk.passes.outcomes import VerifyOutcome
from kiosk.passes.verify import verify_pass
from kiosk.store.db import open_database
from kiosk.visits.revocation import RevokedLookup
from tests.booking.conftest import MONDAY

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def site(tmp_path_factory):  # type: ignore[no-untyped-def]
    work: Path = tmp_path_factory.mktemp("browser")
    db = open_database(f"sqlite:///{work / 'hub.sqlite3'}")
    clock = FakeClock()
    world = seed_demo(db, clock, work / "keys")
    ctx = WebContext(db, clock, KeysRoot(world.keys_root), cookie_secure=True)
    with serving(create_app(ctx)) as base, playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield base, browser, ctx, world
        browser.close()
    db.close()


def _fill_booking(page, base: str, ctx: WebContext, *, slot: int = 0, org: str = "中关村街道党工委", kind: str = "",
                  headcount: str = "30", hall: str = "demo-hall") -> None:  # type: ignore[no-untyped-def]
    slot_id = ctx.schedules.slots(hall)[slot].id
    page.goto(f"{base}/halls/{hall}/book?day={MONDAY.isoformat()}&slot={slot_id}")
    page.fill("#organisation", org)
    if kind:
        page.select_option("#kind", kind)
    page.select_option("#purpose", "参观学习")
    page.fill("#headcount", headcount)
    page.fill("#contact_name", "张三")
    page.fill("#contact_phone", "13812345678")
    page.check("input[name=consent]")
    page.click("button.primary")


def _verdict(ctx: WebContext, world, text: str):  # type: ignore[no-untyped-def]
    with ctx.db.transaction() as session:
        return verify_pass(text, keyring=load_keyring_dir(world.keys_root / "demo-hall"), hall_id="demo-hall",
                           today=MONDAY, revoked=RevokedLookup(session))


def test_book_on_a_phone_decode_the_pass_then_cancel_it(site) -> None:  # type: ignore[no-untyped-def]
    base, browser, ctx, world = site
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, device_scale_factor=3)
    page.goto(f"{base}/")
    page.click("text=区党员综合体验馆")
    page.goto(f"{base}/halls/demo-hall?month={MONDAY:%Y-%m}")
    page.click(f"a[href='/halls/demo-hall/day/{MONDAY.isoformat()}']")
    assert "剩余 60 人" in page.inner_text("main")
    _fill_booking(page, base, ctx, headcount="25")
    page.wait_for_selector("#pass")
    page.wait_for_load_state("load")  # the load event waits for the pass image (CSP forbids evaluated scripts)
    assert "预约成功" in page.inner_text("main")
    html = page.content()
    assert "13812345678" not in html and "张三" not in html and "13812345678" not in page.url
    image = page.locator("#pass").screenshot()  # what the leader saves: the image as shown on the page
    [text] = ZxingDecoder().decode(Image.open(io.BytesIO(image)))
    assert _verdict(ctx, world, text).outcome is VerifyOutcome.VALID
    manage = page.inner_text("#manage-link")
    other = browser.new_page(viewport={"width": 390, "height": 844})
    other.goto(manage)
    other.check("input[name=confirm]")
    other.click("button.danger")
    assert "预约已取消" in other.inner_text("main")
    assert _verdict(ctx, world, text).outcome is VerifyOutcome.REVOKED


def test_staff_login_approve_and_cancel(site) -> None:  # type: ignore[no-untyped-def]
    base, browser, ctx, _ = site
    leader = browser.new_page(viewport={"width": 390, "height": 844})
    _fill_booking(leader, base, ctx, hall="east-hall", org="王府井社区党委", headcount="12")
    assert "等待场馆审核" in leader.inner_text("main") and leader.locator("#pass").count() == 0
    staff = browser.new_page(viewport={"width": 1440, "height": 900})
    staff.goto(f"{base}/staff/login")
    staff.fill("#username", "admin")
    staff.fill("#password", "wrong-password")
    staff.click("button.primary")
    assert "用户名或密码不正确" in staff.inner_text("main")
    staff.fill("#password", "admin-password-1")
    staff.click("button.primary")
    staff.goto(f"{base}/staff?hall=east-hall&day={MONDAY.isoformat()}")
    staff.click("button:has-text('通过')")
    assert "已通过" in staff.inner_text("main")
    leader.reload()
    assert leader.locator("#pass").count() == 1
    staff.click("button:has-text('取消')")
    assert "已取消" in staff.inner_text("main")
    leader.reload()
    assert "已取消" in leader.inner_text("main") and leader.locator("#pass").count() == 0


def test_two_browsers_race_for_the_last_place(site) -> None:  # type: ignore[no-untyped-def]
    base, browser, ctx, _ = site
    slot = ctx.schedules.add_slot("demo-hall", "16:00-17:00", people=20, groups=5)
    pages = [browser.new_page(), browser.new_page()]
    for number, page in enumerate(pages):
        slot_id = slot.id
        page.goto(f"{base}/halls/demo-hall/book?day={MONDAY.isoformat()}&slot={slot_id}")
        page.fill("#organisation", f"竞争单位{number}")
        page.select_option("#kind", "其他")
        page.select_option("#purpose", "参观学习")
        page.fill("#headcount", "15")
        page.fill("#contact_name", "李四")
        page.fill("#contact_phone", "13912345678")
        page.check("input[name=consent]")
    # both forms are filled; submit them together (the browser pages are driven from one thread each)
    results: list[str] = []
    for page in pages:
        page.click("button.primary", no_wait_after=True)
    for page in pages:
        page.wait_for_load_state()
        page.wait_for_selector("h1")
        results.append("booked" if page.locator("#pass").count() else page.inner_text("main"))
    assert results.count("booked") == 1, results
    assert any("已约满" in r or "只剩" in r for r in results if r != "booked")


def test_xss_is_shown_as_text_and_a_forged_form_is_refused(site) -> None:  # type: ignore[no-untyped-def]
    base, browser, ctx, _ = site
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _fill_booking(page, base, ctx, org='<img src=x onerror=alert(1)><script>alert(2)</script>', kind="其他",
                  headcount="2")
    page.wait_for_selector("#pass")
    assert "<script>alert(2)</script>" in page.inner_text("main") and dialogs == []
    # another site's page posting a booking form into ours: no CSRF token, refused
    attacker = browser.new_page()
    slot_id = ctx.schedules.slots("demo-hall")[0].id
    attacker.set_content(f"""<form id=f method=post action="{base}/halls/demo-hall/book">
      <input name=day value="{MONDAY.isoformat()}"><input name=slot value="{slot_id}">
      <input name=organisation value="伪造单位"><input name=kind value="其他"><input name=purpose value="参观学习">
      <input name=headcount value="1"><input name=contact_name value="x"><input name=contact_phone value="13812345678">
      <input name=consent value="yes"><input name=csrf value="guess"></form>""")
    with attacker.expect_navigation():
        attacker.evaluate("document.getElementById('f').submit()")
    assert "安全校验未通过" in attacker.inner_text("main")
    assert all(v.booking.organisation != "伪造单位" for v in ctx.bookings.day("demo-hall", MONDAY))
