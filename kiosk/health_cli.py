"""``kiosk health [--json]``: the kiosk's health for a person or a monitoring script."""

from __future__ import annotations

import json
import sys

import click

from kiosk.config import ConfigError, load_config

MARKS = {"ok": "正常", "warn": "注意", "fail": "需处理"}


@click.command()
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.pass_context
def health(ctx: click.Context, as_json: bool) -> None:
    """终端健康状况：内容、数据库、磁盘、同步、运行时间、上次故障、版本。需要有人处理时退出码非零。"""
    from kiosk.clock import SystemClock
    from kiosk.health import collect_health

    try:
        config = load_config(ctx.obj.get("config_path") if ctx.obj else None)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    report = collect_health(config, SystemClock())
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        for check in report.checks:
            click.echo(f"[{MARKS[check.level.value]}] {check.label}：{check.value}")
        click.echo("需要有人处理。" if report.needs_person else "一切正常。")
    sys.exit(2 if report.needs_person else 0)
