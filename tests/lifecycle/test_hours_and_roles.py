"""Opening hours (hall-local, per weekday, closed dates) and device roles, without a display."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.clock import HALL_TIMEZONE
from kiosk.config import ConfigError, load_config, save_setting
from kiosk.visitor.hours import HoursError, parse_opening_hours
from kiosk.visitor.roles import ROLES, RoleError, plan_for

WEEK = {"tue": "09:00-17:00", "wed": "09:00-17:00", "thu": "09:00-17:00", "fri": "09:00-17:00",
        "sat": "09:00-17:00", "sun": "09:00-17:00", "mon": "闭馆", "closed_dates": ["2026-12-24..2026-12-26"]}


def _beijing(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=HALL_TIMEZONE).astimezone(UTC)


def test_open_and_closed_in_hall_local_time() -> None:
    hours = parse_opening_hours(WEEK)
    assert hours.is_open(_beijing(2026, 12, 1, 9, 0))  # a Tuesday, 09:00 Beijing = 01:00 UTC
    assert not hours.is_open(_beijing(2026, 12, 1, 8, 59))
    assert not hours.is_open(_beijing(2026, 12, 1, 17, 0))
    assert not hours.is_open(_beijing(2026, 11, 30, 10))  # Monday: closed
    assert not hours.is_open(_beijing(2026, 12, 25, 10))  # a closed date


def test_the_closed_screen_text_and_next_opening() -> None:
    hours = parse_opening_hours(WEEK)
    status = hours.status(_beijing(2026, 11, 30, 20))  # Monday evening
    assert not status.open
    assert status.hours_text == "本馆开放时间 周二至周日 09:00–17:00，周一闭馆"
    assert status.reopens_at == _beijing(2026, 12, 1, 9)
    assert status.reopen_text == "下次开放：12月1日（周二）09:00"
    over_christmas = hours.status(_beijing(2026, 12, 23, 18))
    assert over_christmas.reopens_at == _beijing(2026, 12, 27, 9)


def test_no_table_means_always_open() -> None:
    hours = parse_opening_hours({})
    assert hours.always_open and hours.is_open(_beijing(2026, 12, 1, 3))


@pytest.mark.parametrize("table, words", [
    ({"tuesday": "09:00-17:00"}, "未知的星期"),
    ({"tue": "9-17"}, "时:分"),
    ({"tue": "17:00-09:00"}, "应晚于"),
    ({"tue": "09:00-17:00", "closed_dates": ["2026-13-01"]}, "年-月-日"),
    ({"tue": 9}, "应为"),
])
def test_bad_hours_are_refused_with_a_sentence(table: dict, words: str) -> None:
    with pytest.raises(HoursError, match=words):
        parse_opening_hours(table)


def test_hours_and_role_in_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('role = "checkin"\n[opening_hours]\n"周二" = "09:00-17:00"\nclosed_dates = ["2026-10-01"]\n',
                    encoding="utf-8")
    config = load_config(path)
    assert config.role == "checkin" and config.opening_hours["周二"] == "09:00-17:00"
    path.write_text('role = "lobby"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="role 应为 all / exhibition / quiz / checkin / theatre"):
        load_config(path)
    path.write_text('[opening_hours]\ntue = "nine to five"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="开放时间"):
        load_config(path)
    with pytest.raises(ConfigError):
        save_setting("role", "lobby", tmp_path / "other.toml")
    save_setting("role", "quiz", tmp_path / "other.toml")
    assert load_config(tmp_path / "other.toml").role == "quiz"


def test_roles_decide_the_start_screen_and_reachable_areas() -> None:
    assert {r: plan_for(r).start_screen for r in ROLES} == {
        "all": "home", "exhibition": "zones", "quiz": "quiz_home", "checkin": "checkin", "theatre": "area"}
    quiz = plan_for("quiz")
    assert quiz.reachable("quiz") and not quiz.reachable("exhibition") and not quiz.home_reachable
    assert quiz.reachable("staff") and quiz.reachable("start")  # staff screens are never limited
    checkin = plan_for("checkin")
    assert checkin.reachable("arrivals") and checkin.home_reachable and not checkin.reachable("exhibition")
    everything = plan_for("all")
    assert all(everything.reachable(a) for a in ("exhibition", "quiz", "arrivals", "theatre"))
    with pytest.raises(RoleError):
        plan_for("lobby")
