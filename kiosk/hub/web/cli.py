"""``kiosk web``: the booking pages' staff commands (halls' booking rules, slots, staff accounts) and
``snapshot-pages``. They call the same services as the pages."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kiosk.clock import SystemClock
from kiosk.store.db import DatabaseError, open_database
from kiosk.visits.errors import VisitsError


def _fail(message: str) -> None:
    click.echo(f"错误：{message}", err=True)
    sys.exit(1)


@click.group("web")
def web() -> None:
    """线上预约网页：场馆预约规则、时段、工作人员账号、页面截图。"""


def _db(url: str):  # type: ignore[no-untyped-def]
    try:
        return open_database(url)
    except DatabaseError as exc:
        _fail(str(exc))


@web.command("hall-set")
@click.option("--db", "db_url", required=True, help="中心数据库地址")
@click.argument("hall_id")
@click.option("--name", required=True)
@click.option("--weekdays", default="0,1,2,3,4,5", help="开放日，周一为 0，如 0,1,2,3,4,5")
@click.option("--approval/--no-approval", default=False, help="预约是否需审核")
@click.option("--max-headcount", default=100, type=int)
@click.option("--horizon-days", default=60, type=int)
def hall_set(db_url: str, hall_id: str, name: str, weekdays: str, approval: bool, max_headcount: int,
             horizon_days: int) -> None:
    """设置场馆的预约规则（没有则新建）。新展馆请用 kiosk hub add-hall，一步登记展馆并设好预约规则。"""
    from kiosk.booking.schedule import HallSchedules

    try:
        days = {int(d) for d in weekdays.split(",") if d.strip()}
        hall = HallSchedules(_db(db_url), SystemClock()).set_hall(
            hall_id, name=name, open_weekdays=days, requires_approval=approval, max_headcount=max_headcount,
            horizon_days=horizon_days)
    except ValueError as exc:
        _fail(str(exc) if isinstance(exc, VisitsError) else "开放日请写成逗号分隔的数字 0-6。")
    click.echo(f"已保存：{hall.name}（{hall.hall_id}），开放 {hall.weekdays_text}")


@web.command("slot-add")
@click.option("--db", "db_url", required=True)
@click.argument("hall_id")
@click.argument("slot")
@click.option("--people", required=True, type=int)
@click.option("--groups", required=True, type=int)
def slot_add(db_url: str, hall_id: str, slot: str, people: int, groups: int) -> None:
    """为场馆添加一个时段，如 09:00-10:30。"""
    from kiosk.booking.schedule import HallSchedules

    try:
        info = HallSchedules(_db(db_url), SystemClock()).add_slot(hall_id, slot, people=people, groups=groups)
    except VisitsError as exc:
        _fail(str(exc))
    click.echo(f"已添加时段 {info.label}：{info.capacity_people} 人，{info.capacity_groups} 批")


@web.command("staff-add")
@click.option("--db", "db_url", required=True)
@click.argument("username")
@click.option("--hall", "hall_id", default=None, help="所属场馆；不写为全区管理员")
@click.password_option()
def staff_add(db_url: str, username: str, hall_id: str | None, password: str) -> None:
    """添加工作人员网页账号（密码以 argon2 散列保存）。"""
    from kiosk.booking.staff import StaffAccounts

    try:
        StaffAccounts(_db(db_url), SystemClock()).create(username, password, hall_id=hall_id)
    except VisitsError as exc:
        _fail(str(exc))
    click.echo(f"已添加账号 {username}（{hall_id or '全区管理员'}）")


@web.command("snapshot-pages")
@click.option("--out", required=True, type=click.Path(path_type=Path))
def snapshot(out: Path) -> None:
    """把每个预约和管理页面按手机（390x844）和电脑（1440x900）宽度截图到 OUT。"""
    try:
        from kiosk.hub.web.snapshot import snapshot_pages
    except ImportError as exc:
        _fail(f"需要 Playwright（pip install playwright）和 /usr/bin/chromium：{exc}")
    shots = snapshot_pages(out)
    click.echo(f"已保存 {len(shots)} 张截图到 {out}")
