"""Every figure of the hand-built history (tests/reports/history.py), exactly, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from kiosk.reports import activities as activity_registry
from kiosk.reports import exhibition, quiz, visits
from kiosk.reports.activities import ActivityRow, activity_source
from kiosk.reports.feedback import feedback_figures
from kiosk.reports.scope import ReportScope, ScopeError, month_end, preset_range
from kiosk.reports.summary import SUMMARY_KEYS, build_summary
from kiosk.store.db import Database
from kiosk.store.visits_models import Booking
from tests.reports.history import HALL, OTHER_HALL, build

MARCH = ReportScope.of(date(2026, 3, 1), date(2026, 3, 31))
APRIL = ReportScope.of(date(2026, 4, 1), date(2026, 4, 30))
YEAR = ReportScope.year(2026)


def summary(db: Database, scope: ReportScope):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return build_summary(session, scope)


def test_march_duplicate_pass_counted_once_with_newest_confirmation(report_db: Database) -> None:
    history = build(report_db)
    s = summary(report_db, MARCH)
    t = s.totals
    assert (t.organisations, t.groups, t.group_members, t.walk_in_members, t.public) == (1, 1, 38, 3, 5)
    assert (t.party_members, t.walk_ins) == (41, 8)
    assert [(d.booking_id, d.checkins, d.devices) for d in s.duplicates] == [
        (history.bookings["b1"], 2, ("kiosk-1", "kiosk-2"))]
    assert (s.bookings, s.no_shows) == (2, 1)  # b2 never came
    assert (s.board_views, s.quiz_attempts, s.contests) == (3, 2, 0)
    assert (s.feedback.count, s.feedback.satisfied, s.feedback.suggestions) == (3, 2, 0)
    assert s.feedback.tags == [("讲解清楚", 2), ("内容丰富", 1)]


def test_booking_without_arrival_and_arrival_without_booking(report_db: Database) -> None:
    history = build(report_db)
    with report_db.transaction() as session:
        kept = {b.booking_id: b for b in visits.bookings_kept(session, YEAR)}
        kinds = {k.kind: (k.organisations, k.groups, k.party_members) for k in visits.by_kind(session, YEAR)}
        purposes = {p.purpose: (p.groups, p.people) for p in visits.by_purpose(session, YEAR)}
    assert kept[history.bookings["b2"]].no_show and kept[history.bookings["b2"]].expected == 20
    assert kept[history.bookings["b1"]].arrived == 38 and kept[history.bookings["b5"]].arrived == 25
    assert len(kept) == 4  # the unknown pass has no booking row to keep
    assert kinds["机关"] == (1, 2, 63) and kinds["学校"] == (1, 1, 30) and kinds["其他"] == (1, 1, 15)
    assert kinds["社区"] == (0, 0, 0) and list(kinds)[:7] == ["机关", "社区", "农村", "学校", "国有企业", '"两新"组织', "其他"]
    assert purposes == {"参观学习": (1, 38), "观看红色影片": (2, 55), "未登记": (1, 15)}


def test_a_range_that_cuts_a_day_where_utc_and_hall_dates_differ(report_db: Database) -> None:
    build(report_db)
    utc_day = summary(report_db, ReportScope.of(date(2026, 3, 31), date(2026, 3, 31)))
    assert (utc_day.totals.groups, utc_day.board_views, utc_day.quiz_attempts, utc_day.totals.public) == (0, 0, 0, 0)
    local_day = summary(report_db, ReportScope.of(date(2026, 4, 1), date(2026, 4, 1)))
    assert (local_day.totals.groups, local_day.totals.group_members, local_day.board_views,
            local_day.quiz_attempts, local_day.totals.public) == (1, 30, 1, 1, 2)


def test_april_and_the_year(report_db: Database) -> None:
    build(report_db)
    april = summary(report_db, APRIL)
    assert (april.totals.organisations, april.totals.groups, april.totals.party_members) == (3, 3, 70)
    assert (april.contests, april.feedback.count, april.feedback.suggestions) == (1, 1, 1)
    assert april.feedback.latest_suggestions[0].text == "希望增加互动展项"
    year = summary(report_db, YEAR)
    assert year.totals.organisations == 3  # A came twice; distinct, so not additive
    data = year.to_json()
    assert list(data)[: len(SUMMARY_KEYS)] == list(SUMMARY_KEYS)
    assert data["satisfaction_rate"] == 0.75 and data["duplicates"] == 1 and data["halls"] is None
    assert data["by_kind"]["机关"] == {"organisations": 1, "groups": 2, "party_members": 63}
    assert [m["month"] for m in data["by_month"]] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert data["by_month"][2] == {"month": "2026-03", "groups": 1, "party_members": 41, "public": 5}
    assert data["sentence"] == ("2026年1月1日至12月31日，共接待基层党组织 3 个、4 批次，党员 111 名、群众 7 名；"
                                "现场观看红色影片 2 批 55 人次；举办知识竞赛 1 场，答题 3 人次；"
                                "收到评价 4 条，群众满意率 75.0%，收集合理化建议 1 条。")


ADDITIVE = ("groups", "party_members", "public_visitors", "walk_ins", "board_views", "quiz_attempts", "contests",
            "feedback_count", "suggestions", "duplicates")


def test_a_year_is_the_sum_of_its_months_for_every_additive_figure(report_db: Database) -> None:
    build(report_db)
    year = summary(report_db, YEAR).to_json()
    months = [summary(report_db, ReportScope.of(date(2026, m, 1), month_end(2026, m))).to_json() for m in range(1, 13)]
    for key in ADDITIVE:
        assert year[key] == sum(m[key] for m in months), key
    assert year["by_month"] == [{"month": m["by_month"][0]["month"], "groups": m["groups"],
                                 "party_members": m["party_members"], "public": m["public_visitors"]} for m in months]


def test_halls_narrow_every_figure(report_db: Database) -> None:
    build(report_db, HALL)
    build(report_db, OTHER_HALL, suffix="（乙馆）")
    both = summary(report_db, YEAR).to_json()
    one = summary(report_db, ReportScope.year(2026, [HALL])).to_json()
    pair = summary(report_db, ReportScope.year(2026, [HALL, OTHER_HALL])).to_json()
    for key in ADDITIVE:
        assert both[key] == 2 * one[key] == pair[key], key
    assert one["halls"] == [HALL] and one["organisations"] == 3


def test_no_shows_follow_the_hall_filter_on_a_hub(report_db: Database) -> None:
    """On a hub every booking carries its hall (kiosk.hub.reference.add_booking): one hall's no-shows
    are its own. A kiosk's own bookings carry no hall (""): they stay in its hall's figures."""
    build(report_db, HALL)
    with report_db.transaction() as session:
        session.execute(update(Booking).values(hall_id=HALL))
    build(report_db, OTHER_HALL, suffix="（乙馆）")
    with report_db.transaction() as session:
        session.execute(update(Booking).where(Booking.hall_id == "").values(hall_id=OTHER_HALL))
    one = summary(report_db, ReportScope.year(2026, [HALL]))
    both = summary(report_db, YEAR)
    assert (both.bookings, both.no_shows) == (8, 2)
    assert (one.bookings, one.no_shows, one.bookings_arrived) == (4, 1, 3)
    with report_db.transaction() as session:
        session.execute(update(Booking).where(Booking.hall_id == HALL).values(hall_id=""))
    kiosk_like = summary(report_db, ReportScope.year(2026, [HALL]))
    assert (kiosk_like.bookings, kiosk_like.no_shows) == (4, 1)


def test_exhibition_zones_with_medians_and_readers(report_db: Database) -> None:
    build(report_db)
    with report_db.transaction() as session:
        zones = exhibition.zone_rows(session, YEAR, {"z1": "序厅"})
        boards = exhibition.board_rows(session, MARCH)
    z1 = zones[0]
    assert (z1.zone_id, z1.name, z1.views, z1.readers, z1.read_aloud, z1.total_seconds, z1.median_seconds) == (
        "z1", "序厅", 3, 2, 1, 47.0, 12.0)
    assert (zones[1].zone_id, zones[1].median_seconds) == ("z2", 20.0)
    assert len(boards) == 3 and all(b.views == 1 for b in boards)


def test_even_median_is_the_mean_of_the_middle_two(report_db: Database) -> None:
    history = build(report_db)
    from tests.reports.history import utc

    history.view(utc(2026, 3, 3, 3, 0), "z1", "z1-b9", 100.0)
    with report_db.transaction() as session:
        z1 = exhibition.zone_rows(session, MARCH)[0]
    assert (z1.views, z1.median_seconds) == (4, 21.0)  # 5, 12, 30, 100


def test_quiz_figures(report_db: Database) -> None:
    history = build(report_db)
    with report_db.transaction() as session:
        modes = {m.mode: (m.attempts, m.average_percent) for m in quiz.by_mode(session, YEAR)}
        orgs = {o.organisation: o.attempts for o in quiz.by_organisation(session, YEAR)}
    assert modes == {"practice": (1, 80.0), "challenge": (1, 100.0), "daily": (1, 70.0)}
    assert orgs == {"A党支部": 1, "（未关联团体）": 2}
    assert history.orgs["A"]


def test_busiest_hours_are_hall_local(report_db: Database) -> None:
    build(report_db)
    with report_db.transaction() as session:
        hours = {h.label: h.groups for h in visits.busiest_hours(session, YEAR)}
        weekdays = {w.label: w.groups for w in visits.busiest_weekdays(visits.by_day(session, YEAR))}
    assert hours == {"01:00": 1, "09:00": 1, "10:00": 1, "14:00": 1}
    assert weekdays["星期一"] == 1 and weekdays["星期三"] == 1 and weekdays["星期五"] == 2  # 3-2, 4-1, 4-10


def test_feedback_distribution(report_db: Database) -> None:
    build(report_db)
    with report_db.transaction() as session:
        f = feedback_figures(session, YEAR)
    assert f.distribution == {1: 0, 2: 1, 3: 0, 4: 1, 5: 2} and f.satisfaction_rate == 0.75 and f.average == 4.0


def test_a_measured_activity_source_outranks_booked_purposes(report_db: Database) -> None:
    build(report_db)

    @activity_source(priority=10)
    def theatre(session, scope):  # type: ignore[no-untyped-def]
        yield ActivityRow("观看红色影片", 5, 150, "放映记录")

    try:
        s = summary(report_db, YEAR)
        films = next(a for a in s.activities if a.activity == "观看红色影片")
        assert (films.batches, films.people, films.source) == (5, 150, "放映记录")
        assert "现场观看红色影片 5 批 150 人次" in s.sentence
    finally:
        activity_registry._SOURCES[:] = [x for x in activity_registry._SOURCES if x[2] is not theatre]


def test_presets_and_bad_ranges() -> None:
    today = date(2026, 11, 18)  # a Wednesday
    assert preset_range("今天", today) == (today, today)
    assert preset_range("本周", today) == (date(2026, 11, 16), date(2026, 11, 22))
    assert preset_range("本月", today) == (date(2026, 11, 1), date(2026, 11, 30))
    assert preset_range("本季度", today) == (date(2026, 10, 1), date(2026, 12, 31))
    assert preset_range("今年", today) == (date(2026, 1, 1), date(2026, 12, 31))
    assert preset_range("去年", today) == (date(2025, 1, 1), date(2025, 12, 31))
    with pytest.raises(ScopeError, match="晚于"):
        ReportScope.of(date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(ScopeError, match="可选"):
        preset_range("明年", today)
