"""`kiosk org|booking|pass|checkin|privacy|stats`: the staff face of arrivals, through click's CliRunner."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
import tomli_w
from click.testing import CliRunner, Result

from kiosk.cli import main
from kiosk.clock import SystemClock, hall_date

TODAY = hall_date(SystemClock().now())  # the CLI runs on the real clock
ORG = "中关村科技园区第一党支部"


@pytest.fixture
def config_file(tmp_path: Path, content_dir: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(tomli_w.dumps({"data_dir": str(tmp_path / "data"), "content_dir": str(content_dir),
                                   "hall_id": "cli-hall", "device_id": "desk-1"}), encoding="utf-8")
    return path


@pytest.fixture
def kiosk(config_file: Path):
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(main, ["--config", str(config_file), *args])

    return run


def _add_booking(kiosk, *extra: str, day=TODAY, org: str = ORG) -> str:
    result = kiosk("booking", "add", "--org", org, "--date", day.isoformat(), "--slot", "09:00-10:30",
                   "--headcount", "45", "--purpose", "参观学习", "--contact", "张三丰", "--phone", "13812345678",
                   "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["id"]


def test_round_trip_org_booking_pass_png_checkin_again_cancel_revoked(kiosk, tmp_path: Path) -> None:
    assert kiosk("keys", "init").exit_code == 0
    added = kiosk("org", "add", ORG, "--kind", "机关")
    assert added.exit_code == 0 and "已添加组织" in added.output
    booking_id = _add_booking(kiosk)
    png = tmp_path / "pass.png"
    issued = kiosk("pass", "issue", booking_id, "--out", str(png))
    assert issued.exit_code == 0 and png.read_bytes()[:4] == b"\x89PNG"

    first = kiosk("checkin", "--image", str(png), "--json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.output)
    assert {"outcome", "booking", "organisation", "headcount", "checked_in_at"} <= set(data)
    assert (data["outcome"], data["booking"], data["organisation"], data["headcount"]) == (
        "accepted", booking_id, ORG, 45)

    again = kiosk("checkin", "--image", str(png), "--json")
    assert again.exit_code == 1 and json.loads(again.output)["outcome"] == "already_checked_in"
    assert json.loads(again.output)["checked_in_at"] == data["checked_in_at"]

    cancelled = kiosk("booking", "cancel", booking_id)
    assert cancelled.exit_code == 0 and "通行证已作废" in cancelled.output
    text = kiosk("pass", "text", booking_id)
    assert text.exit_code == 1 and "已取消" in text.output  # no new pass for a cancelled booking
    revoked = kiosk("checkin", "--image", str(png), "--json")
    assert revoked.exit_code == 1 and json.loads(revoked.output)["outcome"] == "revoked"


def test_checkin_code_outcomes_and_exit_codes(kiosk) -> None:
    kiosk("keys", "init")
    kiosk("org", "add", ORG, "--kind", "机关")
    booking_id = _add_booking(kiosk)
    tomorrow_id = _add_booking(kiosk, day=TODAY + timedelta(days=1))
    code = kiosk("pass", "text", booking_id).output.strip()
    assert code.startswith("HK1:") and "张" not in code and "138" not in code

    accepted = kiosk("checkin", "--code", code)
    assert accepted.exit_code == 0 and "欢迎" in accepted.output and ORG in accepted.output
    tomorrow = kiosk("checkin", "--code", kiosk("pass", "text", tomorrow_id).output.strip(), "--json")
    assert tomorrow.exit_code == 1 and json.loads(tomorrow.output)["outcome"] == "not_valid_today"
    junk = kiosk("checkin", "--code", "'; DROP TABLE checkins; --", "--json")
    assert junk.exit_code == 1 and json.loads(junk.output)["outcome"] == "unreadable"
    forged = kiosk("checkin", "--code", code[:-3] + ("AAA" if not code.endswith("AAA") else "BBB"), "--json")
    assert forged.exit_code == 1 and json.loads(forged.output)["outcome"] in ("forged", "unreadable")

    assert kiosk("checkin").exit_code == 2
    assert kiosk("checkin", "--code", code, "--image", "x.png").exit_code == 2
    assert kiosk("checkin", "--image", "/no/such/file.png").exit_code == 2


def test_checkin_on_a_kiosk_without_keys_says_so(kiosk) -> None:
    result = kiosk("checkin", "--code", "HK1:" + "A" * 20, "--json")
    assert result.exit_code == 1 and json.loads(result.output)["outcome"] == "unreadable"


def test_org_and_booking_lists_mask_phones_and_show_gives_the_full_number(kiosk) -> None:
    kiosk("org", "add", "海淀区委组织部", "--kind", "机关")
    child = kiosk("org", "add", ORG, "--kind", "机关", "--parent", "海淀区委组织部", "--json")
    assert json.loads(child.output)["parent"] == "海淀区委组织部"
    listed = kiosk("org", "list", "--json")
    assert [o["name"] for o in json.loads(listed.output)] == [ORG, "海淀区委组织部"]
    assert "共 2 个组织" in kiosk("org", "list").output

    booking_id = _add_booking(kiosk)
    _add_booking(kiosk, day=TODAY - timedelta(days=3))
    text_list = kiosk("booking", "list")
    assert text_list.exit_code == 0 and "138****5678" in text_list.output and "13812345678" not in text_list.output
    assert "共 1 个预约" in text_list.output  # from today on
    json_list = kiosk("booking", "list", "--date", TODAY.isoformat(), "--json")
    assert "13812345678" not in json_list.output and json.loads(json_list.output)[0]["phone"] == "138****5678"
    show = kiosk("booking", "show", booking_id)
    assert show.exit_code == 0 and "电话：13812345678" in show.output and "联系人：张三丰" in show.output


def test_errors_are_chinese_sentences_and_write_nothing(kiosk) -> None:
    missing = kiosk("booking", "add", "--org", "没有的组织", "--date", TODAY.isoformat(), "--slot", "09:00-10:00",
                    "--headcount", "5", "--purpose", "参观学习")
    assert missing.exit_code == 1 and "错误：找不到组织“没有的组织”" in missing.output
    bad_kind = kiosk("org", "add", "某单位", "--kind", "公司")
    assert bad_kind.exit_code == 1 and "组织类别“公司”无效" in bad_kind.output
    kiosk("org", "add", ORG, "--kind", "机关")
    bad_slot = kiosk("booking", "add", "--org", ORG, "--date", TODAY.isoformat(), "--slot", "10-9",
                     "--headcount", "5", "--purpose", "参观学习")
    assert bad_slot.exit_code == 1 and "时段“10-9”无效" in bad_slot.output
    assert "共 0 个预约" in kiosk("booking", "list").output
    no_key = kiosk("pass", "text", _add_booking(kiosk))
    assert no_key.exit_code == 1 and "kiosk keys init" in no_key.output
    unknown = kiosk("booking", "cancel", "5d709a81-d61a-48e8-a900-765d25f05959")
    assert unknown.exit_code == 1 and "找不到预约" in unknown.output
    assert kiosk("booking", "list", "--date", "tomorrow").exit_code == 2


def test_pass_issue_pdf_for_a_day_and_usage_errors(kiosk, tmp_path: Path) -> None:
    kiosk("keys", "init")
    kiosk("org", "add", ORG, "--kind", "机关")
    kiosk("org", "add", "王府井社区党委", "--kind", "社区")
    _add_booking(kiosk)
    one = _add_booking(kiosk, org="王府井社区党委")
    sheet = tmp_path / "day.pdf"
    result = kiosk("pass", "issue", "--all", "--date", TODAY.isoformat(), "--out", str(sheet))
    assert result.exit_code == 0 and "2 张通行证" in result.output and sheet.read_bytes()[:5] == b"%PDF-"
    single = kiosk("pass", "issue", one, "--out", str(tmp_path / "one.pdf"))
    assert single.exit_code == 0 and (tmp_path / "one.pdf").exists()
    assert kiosk("pass", "issue", "--out", str(sheet)).exit_code == 2
    assert kiosk("pass", "issue", "--all", "--out", str(sheet)).exit_code == 2
    bad_suffix = kiosk("pass", "issue", one, "--out", str(tmp_path / "one.gif"))
    assert bad_suffix.exit_code == 1 and "扩展名" in bad_suffix.output


def test_privacy_purge_and_stats(kiosk) -> None:
    kiosk("keys", "init")
    kiosk("org", "add", ORG, "--kind", "机关")
    old = _add_booking(kiosk, day=TODAY - timedelta(days=100))
    today_id = _add_booking(kiosk)
    kiosk("checkin", "--code", kiosk("pass", "text", today_id).output.strip())

    purge = kiosk("privacy", "purge", "--older-than", "30")
    assert purge.exit_code == 0 and "已清除 1 个预约" in purge.output
    assert "电话：（已清除）" in kiosk("booking", "show", old).output
    assert "13812345678" in kiosk("booking", "show", today_id).output
    assert kiosk("privacy", "purge", "--older-than", "-1").exit_code == 2

    stats = kiosk("stats", "arrivals", "--from", TODAY.isoformat(), "--to", TODAY.isoformat())
    assert stats.exit_code == 0 and "1 个组织，45 名党员" in stats.output
    year = json.loads(kiosk("stats", "arrivals", "--year", str(TODAY.year), "--json").output)
    assert (year["organisations"], year["members"], year["duplicates"]) == (1, 45, [])
    assert "phone" not in json.dumps(year)
    assert kiosk("stats", "arrivals", "--year", "2026", "--from", "2026-01-01", "--to", "2026-02-01").exit_code == 2
    assert kiosk("stats", "arrivals", "--from", "2026-03-01", "--to", "2026-02-01").exit_code == 2


def test_a_pass_png_from_the_cli_checks_in_after_every_realistic_distortion(kiosk, config_file: Path,
                                                                          tmp_path: Path) -> None:
    from PIL import Image

    from kiosk.config import load_config
    from tests.helpers.distort import STANDARD_DISTORTIONS
    from kiosk.services import build_services

    kiosk("keys", "init")
    kiosk("org", "add", ORG, "--kind", "机关")
    booking_id = _add_booking(kiosk)
    png = tmp_path / "pass.png"
    assert kiosk("pass", "issue", booking_id, "--out", str(png)).exit_code == 0
    services = build_services(load_config(config_file))
    try:
        with Image.open(png) as opened:
            page = opened.convert("RGB")
        outcomes = {name: services.visits.scan_image(distort(page)) for name, distort in STANDARD_DISTORTIONS.items()}
    finally:
        services.close()
    assert all(str(r.booking_id) == booking_id for r in outcomes.values()), outcomes
    assert [r.outcome.value for r in outcomes.values()].count("accepted") == 1
    assert {r.outcome.value for r in outcomes.values()} == {"accepted", "already_checked_in"}


def test_pass_issue_date_without_all_is_a_usage_error_and_writes_nothing(kiosk, tmp_path: Path) -> None:
    kiosk("keys", "init")
    kiosk("org", "add", ORG, "--kind", "机关")
    booking_id = _add_booking(kiosk)
    out = tmp_path / "one.pdf"
    date_only = kiosk("pass", "issue", booking_id, "--date", TODAY.isoformat(), "--out", str(out))
    assert date_only.exit_code == 2 and "--date" in date_only.output and "--all" in date_only.output
    assert "只能与" in date_only.output and not out.exists()
    both = kiosk("pass", "issue", booking_id, "--all", "--date", TODAY.isoformat(), "--out", str(out))
    assert both.exit_code == 2 and "二者选一" in both.output and not out.exists()
    no_booking_date = kiosk("pass", "issue", "--date", TODAY.isoformat(), "--out", str(out))
    assert no_booking_date.exit_code == 2 and not out.exists()


@pytest.mark.parametrize("name", ["x.png", "x.pdf"])
def test_pass_issue_into_a_missing_folder_is_a_chinese_error_not_a_traceback(kiosk, tmp_path: Path,
                                                                             name: str) -> None:
    kiosk("keys", "init")
    kiosk("org", "add", ORG, "--kind", "机关")
    booking_id = _add_booking(kiosk)
    missing = tmp_path / "missing" / "dir" / name
    single = kiosk("pass", "issue", booking_id, "--out", str(missing))
    assert single.exit_code == 1 and "错误：" in single.output and "Traceback" not in single.output
    assert "无法写入" in single.output and isinstance(single.exception, SystemExit)
    if name.endswith(".pdf"):
        day = kiosk("pass", "issue", "--all", "--date", TODAY.isoformat(), "--out", str(missing))
        assert day.exit_code == 1 and "无法写入" in day.output and isinstance(day.exception, SystemExit)
    assert not missing.parent.exists()
