"""Screenshots of every booking and staff page at phone (390x844) and desktop (1440x900) width.

Seeds a demo world in a temporary SQLite database, makes a booking, then drives headless Chromium
(Playwright with Debian's /usr/bin/chromium) through each page.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.booking.demo import DEMO_STAFF, seed_demo
from kiosk.booking.service import KeysRoot
from kiosk.clock import FakeClock, hall_date
from kiosk.hub.web import WebContext, create_app
from kiosk.hub.web.loopback import CHROMIUM, CHROMIUM_ARGS, serving
from kiosk.store.db import open_database

SIZES = {"phone": (390, 844), "desktop": (1440, 900)}


def snapshot_pages(out: Path) -> list[Path]:
    """Write the PNGs into out; returns their paths."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="booking-snap-"))
    db = open_database(f"sqlite:///{work / 'hub.sqlite3'}")
    clock = FakeClock(datetime(2026, 11, 20, 2, 0, tzinfo=UTC))  # a Friday morning in Beijing
    world = seed_demo(db, clock, work / "keys")
    ctx = WebContext(db, clock, KeysRoot(world.keys_root), cookie_secure=False)
    day = hall_date(clock.now()) + timedelta(days=3)
    shots: list[Path] = []
    with serving(create_app(ctx)) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        slot = ctx.schedules.slots(world.hall_id)[0].id
        for size, (width, height) in SIZES.items():
            page = browser.new_page(viewport={"width": width, "height": height})

            def shot(name: str) -> None:
                path = out / f"{name}-{size}.png"
                page.screenshot(path=str(path), full_page=True)
                shots.append(path)

            page.goto(f"{base}/"); shot("01-halls")
            page.goto(f"{base}/halls/{world.hall_id}?month={day:%Y-%m}"); shot("02-calendar")
            page.goto(f"{base}/halls/{world.hall_id}/day/{day.isoformat()}"); shot("03-slots")
            page.goto(f"{base}/halls/{world.hall_id}/book?day={day.isoformat()}&slot={slot}&q=ZGC"); shot("04-form")
            page.fill("#organisation", "")
            page.click("button.primary"); shot("05-form-errors")
            page.fill("#organisation", "中关村街道党工委")
            page.select_option("#purpose", "重温入党誓词")
            page.fill("#headcount", "28" if size == "phone" else "12")
            page.fill("#contact_name", "王五")
            page.fill("#contact_phone", "13700001111")
            page.check("input[name=consent]")
            page.click("button.primary")
            page.wait_for_selector("#pass"); page.wait_for_load_state("load"); shot("06-result")
            page.goto(f"{base}/privacy"); shot("07-privacy")
            page.goto(f"{base}/halls/{world.hall_id}/feedback"); shot("07b-feedback")
            page.goto(f"{base}/staff/login"); shot("08-staff-login")
            page.fill("#username", DEMO_STAFF[0]); page.fill("#password", DEMO_STAFF[1]); page.click("button.primary")
            page.goto(f"{base}/staff?day={day.isoformat()}"); shot("09-staff-day")
            page.goto(f"{base}/staff/schedule"); shot("10-staff-schedule")
            page.goto(f"{base}/staff/orgs"); shot("11-staff-orgs")
            page.goto(f"{base}/staff/feedback"); shot("12-staff-feedback")
            page.goto(f"{base}/staff/stats"); shot("13-staff-stats")
            page.close()
        browser.close()
    db.close()
    return shots
