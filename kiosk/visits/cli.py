"""The staff face of arrivals: ``kiosk org|booking|pass|checkin|privacy|stats`` (click).

The commands call the same services as the kiosk screens (``KioskServices.visits``). Every problem
is a Chinese sentence on stderr: exit 1 for a refused request (and for every check-in outcome but
``accepted``), exit 2 for a command typed wrong. ``--json`` output is for scripts; phone numbers
appear only in ``kiosk booking show`` (the booking's own staff view), never in lists or exports.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any

import click

from kiosk.clock import HALL_TIMEZONE, SystemClock, hall_date
from kiosk.config import ConfigError, load_config
from kiosk.store.db import DatabaseError
from kiosk.visits.bookings import PURPOSES, BookingInfo, parse_date, past_date_warning
from kiosk.visits.errors import VisitsError
from kiosk.visits.organisations import ORGANISATION_KINDS
from kiosk.visits.results import CheckinResult
from kiosk.visits.service import VisitsService


class CliError(click.ClickException):
    """A refused request: "错误：<sentence>" on stderr, exit 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True, file=file)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@contextmanager
def _visits(ctx: click.Context) -> Iterator[VisitsService]:
    """The arrivals service built from the config; VisitsError and database errors become CliError."""
    from kiosk.services import build_services

    try:
        config = load_config((ctx.obj or {}).get("config_path"))
        services = build_services(config)
    except (ConfigError, DatabaseError) as exc:
        raise CliError(str(exc)) from exc
    try:
        yield services.visits
    except VisitsError as exc:
        raise CliError(str(exc)) from exc
    finally:
        services.close()


def _one_writer(visits: VisitsService, what: str) -> None:
    """Issue 9: once this kiosk is enrolled, the hub is the one writer of organisations and bookings."""
    from kiosk.sync.identity import SyncError, refuse_if_enrolled

    try:
        refuse_if_enrolled(visits.db, what)
    except SyncError as exc:
        raise CliError(str(exc)) from exc


def _date_option(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except VisitsError as exc:
        raise click.BadParameter(str(exc)) from exc


# ------------------------------------------------------------------------------------------- org


@click.group("org")
def org_group() -> None:
    """来访组织（党组织）。"""


@org_group.command("add")
@click.argument("name")
@click.option("--kind", required=True, help=f"类别：{'、'.join(ORGANISATION_KINDS)}")
@click.option("--parent", help="上级组织名称（须已添加）")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.pass_context
def org_add(ctx: click.Context, name: str, kind: str, parent: str | None, as_json: bool) -> None:
    """添加一个组织。"""
    with _visits(ctx) as visits:
        _one_writer(visits, "组织")
        org = visits.organisations.add(name, kind, parent)
    if as_json:
        _echo_json(org.to_json())
    else:
        click.echo(f"已添加组织：{org.name}（{org.kind}）" + (f"，上级：{org.parent}" if org.parent else "") + "。")


@org_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.pass_context
def org_list(ctx: click.Context, as_json: bool) -> None:
    """列出所有组织。"""
    with _visits(ctx) as visits:
        orgs = visits.organisations.list_all()
    if as_json:
        _echo_json([o.to_json() for o in orgs])
        return
    for org in orgs:
        click.echo(f"{org.name}\t{org.kind}" + (f"\t上级：{org.parent}" if org.parent else ""))
    click.echo(f"共 {len(orgs)} 个组织。")


# --------------------------------------------------------------------------------------- booking


@click.group("booking")
def booking_group() -> None:
    """预约。"""


def _booking_line(b: BookingInfo) -> str:
    state = "  [已取消]" if b.cancelled else ""
    contact = f"  {b.contact_masked}" if b.contact_masked else ""
    return (f"{b.id}  {b.visit_date.isoformat()} {b.slot}  {b.organisation}  {b.expected} 人  "
            f"{b.purpose}{contact}{state}")


@booking_group.command("add")
@click.option("--org", "organisation", required=True, help="组织名称（须已添加）")
@click.option("--date", "visit_date", required=True, help="参观日期 YYYY-MM-DD")
@click.option("--slot", required=True, help="时段 HH:MM-HH:MM")
@click.option("--headcount", required=True, type=int, help="预约人数")
@click.option("--purpose", required=True, help=f"参观目的：{'、'.join(PURPOSES)}")
@click.option("--contact", help="联系人姓名")
@click.option("--phone", help="联系人电话")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（电话打码）")
@click.pass_context
def booking_add(ctx: click.Context, organisation: str, visit_date: str, slot: str, headcount: int, purpose: str,
                contact: str | None, phone: str | None, as_json: bool) -> None:
    """添加一个预约。"""
    with _visits(ctx) as visits:
        _one_writer(visits, "预约")
        booking = visits.bookings.add(organisation=organisation, visit_date=visit_date, slot=slot,
                                      headcount=headcount, purpose=purpose, contact=contact, phone=phone)
        warning = past_date_warning(booking.visit_date, hall_date(visits.clock.now()))
    if warning and not as_json:  # --json output stays one JSON document
        click.echo(f"提示：{warning}", err=True)
    if as_json:
        _echo_json(booking.to_json())
    else:
        click.echo(f"已添加预约 {booking.id}：{booking.organisation}，{booking.visit_date.isoformat()} "
                   f"{booking.slot}，{booking.expected} 人，{booking.purpose}。")


@booking_group.command("list")
@click.option("--date", "on", help="只列出这一天（YYYY-MM-DD）；不给则列出今天及以后")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（电话打码）")
@click.pass_context
def booking_list(ctx: click.Context, on: str | None, as_json: bool) -> None:
    """列出预约（联系人与电话打码）。"""
    day = _date_option(on)
    with _visits(ctx) as visits:
        if day is not None:
            bookings = visits.bookings.list_bookings(on=day)
        else:
            bookings = visits.bookings.list_bookings(since=hall_date(visits.clock.now()))
    if as_json:
        _echo_json([b.to_json() for b in bookings])
        return
    for booking in bookings:
        click.echo(_booking_line(booking))
    click.echo(f"共 {len(bookings)} 个预约。")


@booking_group.command("show")
@click.argument("booking_id")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（含完整电话）")
@click.pass_context
def booking_show(ctx: click.Context, booking_id: str, as_json: bool) -> None:
    """显示一个预约的全部信息（含完整联系电话，仅供工作人员联系本团体）。"""
    with _visits(ctx) as visits:
        booking = visits.bookings.get(booking_id)
    if as_json:
        _echo_json(booking.to_json(full_contact=True))
        return
    rows = [
        ("预约编号", str(booking.id)),
        ("组织", f"{booking.organisation}（{booking.organisation_kind}）"),
        ("日期", booking.visit_date.isoformat()),
        ("时段", booking.slot),
        ("人数", str(booking.expected)),
        ("目的", booking.purpose),
        ("联系人", booking.contact_name or ("（已清除）" if booking.contact_purged_at else "—")),
        ("电话", booking.contact_phone or ("（已清除）" if booking.contact_purged_at else "—")),
        ("通行证", str(booking.pass_id) if booking.pass_id else "尚未出具"),
        ("状态", "已取消" if booking.cancelled else "有效"),
    ]
    for label, value in rows:
        click.echo(f"{label}：{value}")


@booking_group.command("cancel")
@click.argument("booking_id")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.pass_context
def booking_cancel(ctx: click.Context, booking_id: str, as_json: bool) -> None:
    """取消预约；已出具的通行证随之作废（各终端离线也会拒绝它）。"""
    with _visits(ctx) as visits:
        booking = visits.bookings.cancel(booking_id)
    if as_json:
        _echo_json(booking.to_json())
    else:
        revoked = "，其通行证已作废" if booking.pass_id else ""
        click.echo(f"已取消预约 {booking.id}（{booking.organisation}，{booking.visit_date.isoformat()}）{revoked}。")


# ------------------------------------------------------------------------------------------ pass


@click.group("pass")
def pass_group() -> None:
    """通行证（需要本馆签名私钥）。"""


@pass_group.command("issue")
@click.argument("booking_id", required=False)
@click.option("--all", "all_of_day", is_flag=True, help="出具某一天全部预约的通行证（一个 PDF）")
@click.option("--date", "on", help="与 --all 一起用：日期 YYYY-MM-DD")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="输出文件 .png 或 .pdf")
@click.pass_context
def pass_issue(ctx: click.Context, booking_id: str | None, all_of_day: bool, on: str | None, out: Path) -> None:
    """出具通行证：单个预约写成 PNG 或 PDF；--all --date 把当天全部预约写进一个 PDF。"""
    if all_of_day == (booking_id is not None):
        raise click.UsageError("请给出一个预约编号，或者用 --all --date 出具一天的全部通行证（二者选一）。")
    if all_of_day and on is None:
        raise click.UsageError("--all 需要同时给出 --date YYYY-MM-DD。")
    if not all_of_day and on is not None:
        raise click.UsageError("--date 只能与 --all 一起使用；出具单个预约的通行证时请去掉 --date。")
    day = _date_option(on)
    with _visits(ctx) as visits:
        if all_of_day:
            assert day is not None
            count = visits.passes.write_day(day, out)
            click.echo(f"已生成 {out}：{day.isoformat()} 的 {count} 张通行证。")
        else:
            assert booking_id is not None
            visits.passes.write(booking_id, out)
            click.echo(f"已生成通行证 {out}。")


@pass_group.command("text")
@click.argument("booking_id")
@click.pass_context
def pass_text(ctx: click.Context, booking_id: str) -> None:
    """输出预约的通行证文本（二维码里的内容）。"""
    with _visits(ctx) as visits:
        click.echo(visits.passes.text(booking_id))


# --------------------------------------------------------------------------------------- checkin


def _show_result(result: CheckinResult, as_json: bool) -> None:
    if as_json:
        _echo_json(result.to_json())
        return
    click.echo(result.message)
    details = [
        ("组织", result.organisation),
        ("预约编号", str(result.booking_id) if result.booking_id else None),
        ("人数", str(result.headcount) if result.headcount is not None else None),
        ("签到时间", f"{result.checked_in_at.astimezone(HALL_TIMEZONE):%Y-%m-%d %H:%M:%S}" if result.checked_in_at else None),
        ("签到终端", result.checked_in_device),
    ]
    for label, value in details:
        if value:
            click.echo(f"  {label}：{value}")


@click.command("checkin")
@click.option("--code", help="扫到的通行证文本")
@click.option("--image", type=click.Path(path_type=Path, exists=True, dir_okay=False), help="含二维码的照片或截图")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.pass_context
def checkin(ctx: click.Context, code: str | None, image: Path | None, as_json: bool) -> None:
    """签到：与终端扫码完全相同的校验。退出码 0 为签到成功，1 为其他结果，2 为用法错误。"""
    if (code is None) == (image is None):
        raise click.UsageError("请给出 --code 或 --image 其中之一。")
    with _visits(ctx) as visits:
        result = visits.scan(code) if code is not None else visits.scan_image(image)
    _show_result(result, as_json)
    ctx.exit(0 if result.accepted else 1)


# --------------------------------------------------------------------------------------- privacy


@click.group("privacy")
def privacy_group() -> None:
    """个人信息保护。"""


@privacy_group.command("purge")
@click.option("--older-than", "days", required=True, type=click.IntRange(min=0), help="参观日期早于多少天以前")
@click.pass_context
def privacy_purge(ctx: click.Context, days: int) -> None:
    """清除过去预约的联系人姓名和电话（保留组织、日期、人数等统计所需信息）。"""
    with _visits(ctx) as visits:
        count = visits.privacy.purge(days)
    click.echo(f"已清除 {count} 个预约的联系人姓名和电话（参观人数等统计信息保留）。")


# The `stats` group lives in kiosk/reports/cli.py (issue 8) with the other figures; `stats arrivals` kept there.


def register(main: click.Group) -> None:
    """Add the arrivals commands to the ``kiosk`` command."""
    for command in (org_group, booking_group, pass_group, checkin, privacy_group):
        main.add_command(command)


__all__ = ["register"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit("请通过 kiosk 命令使用。")
