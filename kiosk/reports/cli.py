"""``kiosk stats arrivals|summary|export``: the figures and files staff report upward (click).

``arrivals`` is the arrivals service's own report (moved here from ``kiosk.visits.cli`` with the
``stats`` group); ``summary`` and ``export`` read :mod:`kiosk.reports` like the staff dashboard, so
the JSON, the files and the screen show the same numbers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kiosk.clock import SystemClock, hall_date
from kiosk.config import ConfigError, load_config
from kiosk.reports.scope import ReportScope, ScopeError
from kiosk.store.db import DatabaseError
from kiosk.visits.cli import CliError, _date_option, _visits

if TYPE_CHECKING:  # imported where used: the service's imports are not needed to parse the options
    from kiosk.reports.service import ReportsService


def _range(year: int | None, start: str | None, end: str | None) -> tuple[date, date]:
    if year is not None and (start or end):
        raise click.UsageError("--year 与 --from/--to 不能同时使用。")
    if (start is None) != (end is None):
        raise click.UsageError("--from 与 --to 需要一起给出。")
    first, last = _date_option(start), _date_option(end)
    if first is None or last is None:
        year = year or hall_date(SystemClock().now()).year
        first, last = date(year, 1, 1), date(year, 12, 31)
    if first > last:
        raise click.UsageError("起始日期晚于结束日期。")
    return first, last


def _range_options(fn: Any) -> Any:
    fn = click.option("--to", "end", help="结束日期 YYYY-MM-DD（含）")(fn)
    fn = click.option("--from", "start", help="起始日期 YYYY-MM-DD")(fn)
    return click.option("--year", type=click.IntRange(2000, 2099), help="统计某一年（默认今年）")(fn)


def _hall_options(fn: Any) -> Any:
    fn = click.option("--all-halls", is_flag=True, help="数据库中全部展馆（总部数据库用）")(fn)
    return click.option("--hall", "halls", multiple=True, help="只统计这些展馆（可重复）；默认本馆")(fn)


@contextmanager
def _reports(ctx: click.Context) -> Iterator[ReportsService]:
    from kiosk.reports.service import ReportsService
    from kiosk.services import build_services

    try:
        config = load_config((ctx.obj or {}).get("config_path"))
        services = build_services(config)
    except (ConfigError, DatabaseError) as exc:
        raise CliError(str(exc)) from exc
    try:
        yield ReportsService(services.db, services.facts, services.clock, config.content_path)
    finally:
        services.close()


def _scope(reports: ReportsService, first: date, last: date, halls: tuple[str, ...], all_halls: bool) -> ReportScope:
    if halls and all_halls:
        raise click.UsageError("--hall 与 --all-halls 不能同时使用。")
    try:
        return reports.scope(first, last, None if all_halls else (list(halls) if halls else ()))
    except ScopeError as exc:
        raise CliError(str(exc)) from exc


@click.group("stats")
def stats_group() -> None:
    """统计与导出。"""


@stats_group.command("arrivals")
@_range_options
@click.option("--all-halls", is_flag=True, help="统计数据库中全部展馆（总部数据库用）；默认只统计本馆")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.pass_context
def stats_arrivals(ctx: click.Context, year: int | None, start: str | None, end: str | None, all_halls: bool,
                   as_json: bool) -> None:
    """来访统计：组织数、党员人数（同一团体只计一次），并列出重复签到。"""
    first, last = _range(year, start, end)
    with _visits(ctx) as visits:
        report = visits.stats.arrivals(first, last, hall_id=None if all_halls else visits.hall_id)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(report.summary())
    if report.duplicates:
        click.echo(f"重复签到 {len(report.duplicates)} 个团体（已只计一次，请核对）：")
        for dup in report.duplicates:
            click.echo(f"  {dup.booking_id}  {dup.organisation or '（本库无此预约）'}  "
                       f"{dup.checkins} 次签到，终端：{'、'.join(dup.devices)}")


@stats_group.command("summary")
@_range_options
@_hall_options
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.pass_context
def stats_summary(ctx: click.Context, year: int | None, start: str | None, end: str | None, halls: tuple[str, ...],
                  all_halls: bool, as_json: bool) -> None:
    """主要数字：接待组织、党员、群众、展板浏览、答题、竞赛、满意率、建议，以及报告用语。

    JSON 至少含 from to halls organisations groups party_members public_visitors walk_ins board_views
    quiz_attempts contests feedback_count satisfaction_rate suggestions duplicates by_kind by_month sentence。
    """
    first, last = _range(year, start, end)
    with _reports(ctx) as reports:
        summary = reports.summary(_scope(reports, first, last, halls, all_halls))
    data = summary.to_json()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(data["sentence"])
    rate = "—" if data["satisfaction_rate"] is None else f"{data['satisfaction_rate'] * 100:.1f}%"
    click.echo(f"组织 {data['organisations']} 个，团体 {data['groups']} 批，党员 {data['party_members']} 名，"
               f"群众 {data['public_visitors']} 名，散客 {data['walk_ins']} 人；预约 {data['bookings']} 个，未到 {data['no_shows']} 个；"
               f"展板浏览 {data['board_views']} 次，答题 {data['quiz_attempts']} 人次，竞赛 {data['contests']} 场；"
               f"评价 {data['feedback_count']} 条，满意率 {rate}，建议 {data['suggestions']} 条；重复签到 {data['duplicates']} 个。")
    for kind, figures in data["by_kind"].items():
        if figures["groups"]:
            click.echo(f"  {kind}：{figures['organisations']} 个组织，{figures['party_members']} 名党员")


@stats_group.command("export")
@click.option("--format", "fmt", required=True, type=click.Choice(["csv", "xlsx", "pdf"]), help="文件格式")
@_range_options
@_hall_options
@click.option("--table", type=click.Choice(["checkins", "board_views", "quiz_attempts", "feedback"]),
              help="CSV 导出哪张表（默认 checkins）；XLSX 给出时只含这一张表")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="输出文件")
@click.option("--quiet", is_flag=True, help="不显示进度条")
@click.pass_context
def stats_export(ctx: click.Context, fmt: str, year: int | None, start: str | None, end: str | None,
                 halls: tuple[str, ...], all_halls: bool, table: str | None, out: Path, quiet: bool) -> None:
    """导出统计：CSV（一行一条记录，带 BOM）、XLSX（汇总 + 原生图表 + 各表）、PDF（打印用报告）。不含电话和联系人。"""
    from kiosk.reports.exporters import ExportError, exporter_for

    if table and fmt == "pdf":
        raise click.UsageError("PDF 是汇总报告，不能用 --table。")
    first, last = _range(year, start, end)
    with _reports(ctx) as reports:
        scope = _scope(reports, first, last, halls, all_halls)
        bar = _ProgressBar(disabled=quiet)
        try:
            exporter_for(fmt)(reports.rows(scope), bar.update).write(out, table)
        except ExportError as exc:
            raise CliError(str(exc)) from exc
        finally:
            bar.close()
    click.echo(f"已导出 {out}")


class _ProgressBar:
    """tqdm on stderr, shown only once an export has taken a second (``delay``)."""

    def __init__(self, disabled: bool) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=0, unit="行", delay=1.0, disable=disabled, leave=False, dynamic_ncols=True)

    def update(self, done: int, total: int) -> None:
        if self.bar.total != total:
            self.bar.total = total
        self.bar.n = done
        self.bar.refresh() if not self.bar.disable and self.bar.n else None

    def close(self) -> None:
        self.bar.close()
