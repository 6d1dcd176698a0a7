"""The staff statistics page in headless Chromium against `kiosk hub serve` (a subprocess on
PostgreSQL): two kiosks push check-ins, walk-ins and feedback; a hall's staff see only their hall
(a hall in the URL is ignored), the district officer sees all halls or the ones ticked; the page's
figures equal the reports service's, and the CSV/XLSX/PDF downloads are real files of those figures.
Screenshots at 390 px and 1280 px go to ``KIOSK_SHOTS`` (default: the test's tmp folder)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook

from kiosk.booking.staff import StaffAccounts
from kiosk.clock import SystemClock, hall_date
from kiosk.hub.district import add_hall
from kiosk.hub.web.loopback import CHROMIUM, CHROMIUM_ARGS
from kiosk.passes.outcomes import CheckinOutcome
from kiosk.reports.scope import ReportScope
from kiosk.reports.summary import build_summary
from kiosk.visitor.views import BoardViewTracker
from tests.content_factory import make_content
from tests.sync.conftest import admin_headers, enrolment_code, hub, hub_db, hub_db_url, make_kiosk  # noqa: F401

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.postgres
PASSWORD = "stats-password-1"
HALL, OTHER_HALL = "stats-a", "stats-b"  # halls of their own: other hub tests add figures to the shared ones


def _push_history(tmp_path: Path, hub, hub_db, hall: str, orgs: list[tuple[str, str, int]],  # type: ignore[no-untyped-def]  # noqa: F811
                  public: int, ratings: list[tuple[int, str]]) -> None:
    with hub_db.transaction() as session:
        add_hall(session, hall, "统计甲馆" if hall == HALL else "统计乙馆", SystemClock().now())
    content_dir = make_content(tmp_path / f"content-{hall}", hall_id=hall)
    kiosk = make_kiosk(tmp_path, f"k-{hall}", content_dir, hall=hall)
    kiosk.sync.enrol(hub.url, enrolment_code(hub_db, hall))
    day = hall_date(kiosk.clock.now())
    headers = admin_headers(hub_db)
    passes = []
    for name, kind, headcount in orgs:
        org = httpx.post(f"{hub.url}/api/admin/halls/{hall}/organisations", headers=headers,
                         json={"name": name, "kind": kind}).json()["id"]
        passes.append(httpx.post(f"{hub.url}/api/admin/halls/{hall}/bookings", headers=headers, json={
            "organisation_id": org, "visit_date": day.isoformat(), "slot_start": "09:00", "slot_end": "10:00",
            "headcount": headcount, "purpose": "重温入党誓词"}).json()["pass"])
    kiosk.sync.pull()
    for text in passes:
        assert kiosk.visits.scan(text).outcome is CheckinOutcome.ACCEPTED
    if public:
        kiosk.visits.walk_in(kind="public", count=public)
    assert kiosk.reports is not None
    for rating, suggestion in ratings:
        kiosk.reports.record_feedback(rating=rating, suggestion=suggestion)
    tracker = BoardViewTracker(kiosk.clock, kiosk.facts.add)
    for zone, looks in (("zone1", 3), ("zone2", 1)):
        for look in range(looks):
            tracker.opened(zone, f"{zone}-board{look}")
            kiosk.clock.advance(20)  # type: ignore[attr-defined]
    tracker.closed()
    kiosk.sync.push()
    kiosk.close()


@pytest.fixture(scope="module")
def district(tmp_path_factory, hub, hub_db):  # type: ignore[no-untyped-def]  # noqa: F811
    tmp = tmp_path_factory.mktemp("stats")
    _push_history(tmp, hub, hub_db, HALL, [("甲馆第一支部", "机关", 12), ("甲馆社区党委", "社区", 20)],
                  public=4, ratings=[(5, "讲解很好<script>alert(1)</script>"), (4, ""), (2, "")])
    _push_history(tmp, hub, hub_db, OTHER_HALL, [("乙馆学校支部", "学校", 30)], public=0,
                  ratings=[(5, "")])
    accounts = StaffAccounts(hub_db, SystemClock())
    accounts.create("jia-staff", PASSWORD, hall_id=HALL)
    accounts.create("officer", PASSWORD, hall_id=None)
    shots = Path(os.environ.get("KIOSK_SHOTS") or tmp / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser, shots
        browser.close()


def _figures(hub_db, halls: list[str] | None) -> dict:  # type: ignore[no-untyped-def]  # noqa: F811
    day = hall_date(SystemClock().now())
    with hub_db.transaction() as session:
        return build_summary(session, ReportScope.of(day.replace(month=1, day=1), day.replace(month=12, day=31),
                                                     halls)).to_json()


def _login(browser, base: str, username: str, width: int):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": 900}, accept_downloads=True)
    page.goto(f"{base}/staff/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/staff")
    return page


def _figure(page, label: str) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f".figures li:has(span:text-is('{label}')) b").inner_text()


def test_hall_staff_see_only_their_hall_and_download_its_files(district, hub, hub_db) -> None:  # noqa: F811
    browser, shots = district
    page = _login(browser, hub.url, "jia-staff", 390)
    page.click("text=统计")
    expected = _figures(hub_db, [HALL])
    assert _figure(page, "接待组织（个）") == str(expected["organisations"]) == "2"
    assert _figure(page, "党员（名）") == str(expected["party_members"]) == "32"
    assert _figure(page, "群众（名）") == "4"
    assert _figure(page, "满意率") == f"{expected['satisfaction_rate'] * 100:.1f}%"
    assert expected["sentence"] in page.inner_text("main")
    assert "<script>alert(1)</script>" in page.inner_text("main")  # the suggestion shows as text, not a script
    assert page.locator("svg.chart").count() >= 5
    zones = page.locator("section:has(h2:text-is('展区浏览排行')) svg > text").all_text_contents()
    assert zones[:2] == ["zone1zone1", "3 次"] and "zone2zone2" in zones  # ranked, most viewed first (label = its <title> + text)
    assert page.locator("input[name=hall]").count() == 0  # no hall picker for a hall's staff
    page.screenshot(path=str(shots / "stats-hall-390.png"), full_page=True)
    page.goto(f"{hub.url}/staff/stats?hall={OTHER_HALL}")  # asking for another hall changes nothing
    assert _figure(page, "接待组织（个）") == "2" and "乙馆学校支部" not in page.content()
    with page.expect_download() as info:
        page.click("a:has-text('XLSX')")
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()), read_only=True)
    cells = [str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c is not None]
    assert expected["sentence"] in cells
    with page.expect_download() as info:
        page.click("a:has-text('PDF')")
    assert Path(info.value.path()).read_bytes()[:5] == b"%PDF-"
    with page.expect_download() as info:
        page.click("a:has-text('CSV')")
    csv_text = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    assert "甲馆第一支部" in csv_text and "乙馆学校支部" not in csv_text and "13" not in csv_text.split("\n")[0]
    page.close()


def test_the_district_officer_sees_all_halls_or_the_ones_ticked(district, hub, hub_db) -> None:  # noqa: F811
    browser, shots = district
    page = _login(browser, hub.url, "officer", 1280)
    page.goto(f"{hub.url}/staff/stats")
    everything = _figures(hub_db, None)
    assert _figure(page, "接待组织（个）") == str(everything["organisations"])
    assert int(_figure(page, "党员（名）")) == everything["party_members"] >= 62
    assert "全区所有场馆" in page.inner_text("main")
    page.screenshot(path=str(shots / "stats-district-1280.png"), full_page=True)
    page.check(f"input[name=hall][value={OTHER_HALL}]")
    page.click("button.primary:has-text('查看统计')")
    assert _figure(page, "接待组织（个）") == "1" and _figure(page, "党员（名）") == "30"
    assert "统计乙馆" in page.inner_text(".notice")
    page.click("a.button:has-text('本月')")
    assert page.locator(f"input[name=hall][value={OTHER_HALL}]").is_checked()  # presets keep the hall set
    page.goto(f"{hub.url}/staff/stats?from=2026-12-31&to=2026-01-01")
    assert "晚于" in page.inner_text("main")  # a backwards range is a sentence, not a traceback
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{hub.url}/staff/stats")
    page.screenshot(path=str(shots / "stats-district-390.png"), full_page=True)
    page.close()


def test_the_stats_page_needs_a_login(hub) -> None:  # noqa: F811
    reply = httpx.get(f"{hub.url}/staff/stats", follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"] == "/staff/login"
    assert httpx.get(f"{hub.url}/staff/stats/export.xlsx", follow_redirects=False).status_code == 303
