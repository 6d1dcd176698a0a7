"""End to end on the real hub: a leader books in headless Chromium on the pages served by `kiosk hub
serve` (a subprocess on PostgreSQL), the pass image is decoded off the page with the project's decoder,
a kiosk pulls and checks the group in; the leader cancels through the manage link, the kiosk pulls
again and refuses the pass as revoked."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image

from kiosk.booking.schedule import HallSchedules
from kiosk.clock import FakeClock, SystemClock, hall_date, hall_day_start
from kiosk.hub.web.loopback import CHROMIUM, CHROMIUM_ARGS
from kiosk.passes.decode import ZxingDecoder
from kiosk.passes.outcomes import CheckinOutcome
from tests.sync.conftest import HALL, enrolled_kiosk, hub, hub_db, hub_db_url  # noqa: F401 - fixtures

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.postgres


def test_a_pass_booked_on_the_hub_page_is_accepted_by_a_kiosk_after_pull(tmp_path, content_dir, hub, hub_db) -> None:  # noqa: F811
    schedules = HallSchedules(hub_db, SystemClock())
    schedules.set_hall(HALL, name="甲馆", open_weekdays=set(range(7)))
    slot = schedules.add_slot(HALL, "10:00-11:30", people=50, groups=3)
    visit = hall_date(SystemClock().now()) + timedelta(days=1)  # the hub runs on the system clock
    (tmp_path / "k").mkdir()  # a configured data dir must exist (issue 16)
    kiosk = enrolled_kiosk(tmp_path, "k", content_dir, hub, hub_db,
                           clock=FakeClock(hall_day_start(visit) + timedelta(hours=2)))
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, device_scale_factor=3)
        page.goto(f"{hub.url}/halls/{HALL}/day/{visit.isoformat()}")
        page.click(f"a[href*='slot={slot.id}']")
        page.fill("#organisation", "城西社区第二党支部")
        page.select_option("#kind", "社区")
        page.select_option("#purpose", "重温入党誓词")
        page.fill("#headcount", "18")
        page.fill("#contact_name", "赵六")
        page.fill("#contact_phone", "13612345678")
        page.check("input[name=consent]")
        page.click("button.primary")
        page.wait_for_selector("#pass")
        page.wait_for_load_state("load")
        [text] = ZxingDecoder().decode(Image.open(io.BytesIO(page.locator("#pass").screenshot())))
        manage = page.inner_text("#manage-link")
        kiosk.sync.pull()
        accepted = kiosk.visits.scan(text)
        assert accepted.outcome is CheckinOutcome.ACCEPTED and accepted.organisation == "城西社区第二党支部"
        page.goto(manage)
        page.check("input[name=confirm]")
        page.click("button.danger")
        assert "预约已取消" in page.inner_text("main")
        browser.close()
    kiosk.sync.pull()
    assert kiosk.visits.scan(text).outcome is CheckinOutcome.REVOKED
