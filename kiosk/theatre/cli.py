"""`kiosk theatre`: the programme as the signage shows it, and the theatre's figures."""

from __future__ import annotations

import json
from datetime import date

import click

from kiosk.clock import SystemClock
from kiosk.config import ConfigError, KioskConfig, load_config
from kiosk.store.db import DatabaseError
from kiosk.theatre.content import load_programme
from kiosk.theatre.model import KIND_NAMES
from kiosk.theatre.schedule import describe_start, next_showing, todays_showings


class _CliError(click.ClickException):
    def format_message(self) -> str:
        return f"错误：{self.message}"


def _config(ctx: click.Context) -> KioskConfig:
    try:
        return load_config((ctx.obj or {}).get("config_path"))
    except ConfigError as exc:
        raise _CliError(str(exc)) from exc


@click.group("theatre")
def theatre() -> None:
    """多媒体演播区：节目单与统计。"""


@theatre.command("programme")
@click.pass_context
def programme_command(ctx: click.Context) -> None:
    """今天的节目与下一场的开始时间（与演播区待机画面相同）。"""
    config = _config(ctx)
    loaded = load_programme(config.content_path)
    if loaded.programme is None:
        for problem in loaded.problems:
            click.echo(f"{problem.file}:{problem.line}: {problem.message}", err=True)
        raise _CliError("节目单有错误，请先修正（kiosk content check）")
    now = SystemClock().now()
    programme = loaded.programme
    click.echo(f"节目 {len(programme.items)} 个：")
    for item in programme.items:
        click.echo(f"  {item.id}  【{KIND_NAMES[item.kind]}】{item.title}")
    today = todays_showings(programme, now)
    click.echo("今天：" + ("；".join(f"{s.starts:%H:%M} {s.item.title}" for s in today) if today else "没有安排"))
    nxt = next_showing(programme, now)
    click.echo(f"下一场：{describe_start(nxt, now)} {nxt.item.title}" if nxt else "下一场：未安排")


@theatre.command("stats")
@click.option("--from", "start", required=True, help="起始日期 YYYY-MM-DD")
@click.option("--to", "end", required=True, help="结束日期 YYYY-MM-DD（含）")
@click.option("--all-halls", is_flag=True, help="统计数据库中全部展馆；默认只统计本馆")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.pass_context
def stats_command(ctx: click.Context, start: str, end: str, all_halls: bool, as_json: bool) -> None:
    """观看红色影片、重温入党誓词、专题讲座：场（批）次与人次。"""
    from kiosk.store.db import open_database
    from kiosk.theatre.stats import theatre_activity

    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError as exc:
        raise _CliError(f"日期应写成 YYYY-MM-DD：{exc}") from exc
    if first > last:
        raise _CliError("起始日期晚于结束日期")
    config = _config(ctx)
    try:
        db = open_database(config.database_url)
    except DatabaseError as exc:
        raise _CliError(str(exc)) from exc
    try:
        with db.transaction() as session:
            report = theatre_activity(session, first, last, None if all_halls else {config.hall_id})
    finally:
        db.close()
    click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2) if as_json else report.summary())


