"""``kiosk sync …``: enrol this kiosk, push, pull, status, USB bundles. Same services as the console."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from kiosk.config import ConfigError, load_config
from kiosk.store.db import DatabaseError


class SyncCliError(click.ClickException):
    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True, file=file)


@contextmanager
def _services(ctx: click.Context) -> Iterator[Any]:
    from kiosk.services import build_services
    from kiosk.sync.client import SyncFailure
    from kiosk.sync.identity import SyncError, check_hall

    try:
        config = load_config((ctx.obj or {}).get("config_path"))
        services = build_services(config)
    except (ConfigError, DatabaseError) as exc:
        raise SyncCliError(str(exc)) from exc
    try:
        check_hall(services.db, services.config.hall_id, services.config.content_path)
        yield services
    except (SyncError, SyncFailure) as exc:  # the hub refused or could not be reached: its sentence
        raise SyncCliError(str(exc)) from exc
    finally:
        services.close()


@click.group("sync")
def sync_group() -> None:
    """与区级中心同步（上传记录、下载预约和题库、U 盘数据包）。"""


@sync_group.command("enrol")
@click.option("--hub", "hub_url", required=True, help="中心地址，如 http://hub.example:8700")
@click.option("--code", required=True, help="中心给出的一次性登记码（kiosk hub add-device）")
@click.pass_context
def sync_enrol(ctx: click.Context, hub_url: str, code: str) -> None:
    """用一次性登记码把本机登记到区级中心（令牌保存在数据目录，权限 0600）。"""
    with _services(ctx) as services:
        reply = services.sync.enrol(hub_url, code)
        click.echo(f"本机（{services.config.device}）已登记到 {hub_url}，展馆 {reply['hall_id']}（{reply['hall_name']}）。")


@sync_group.command("push")
@click.pass_context
def sync_push(ctx: click.Context) -> None:
    """上传所有待上传的记录（直到没有为止；出错则退出码非零）。"""
    with _services(ctx) as services:
        result = services.sync.push()
        click.echo(f"已上传 {result.sent} 条记录（{result.batches} 批，中心新增 {result.inserted} 条）；待上传 0 条。")


@sync_group.command("pull")
@click.pass_context
def sync_pull(ctx: click.Context) -> None:
    """下载本馆在中心更新过的组织、预约、作废通行证、题库和今天的签到。"""
    with _services(ctx) as services:
        rows = services.sync.pull()
        click.echo(f"已下载 {rows} 条更新；同步序号 {services.sync.status()['last_pull_seq']}。")


@sync_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.pass_context
def sync_status(ctx: click.Context, as_json: bool) -> None:
    """同步状态：中心、待上传记录数、上次上传、同步序号、上次错误。"""
    with _services(ctx) as services:
        status = services.sync.status()
    if as_json:
        click.echo(json.dumps(status, ensure_ascii=False, indent=2))
        return
    click.echo(f"中心：{status['hub'] or '未登记'}")
    click.echo(f"待上传：{status['waiting_total']} 条" + "".join(
        f"\n  {table}: {n}" for table, n in status["waiting"].items() if n))
    click.echo(f"上次上传：{status['last_push'] or '从未'}；同步序号：{status['last_pull_seq']}")
    click.echo(f"上次错误：{status['last_error'] or '无'}")


@sync_group.group("bundle")
def bundle_group() -> None:
    """U 盘数据包（没有网络的展馆）。"""


@bundle_group.command("export")
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path), help="输出文件")
@click.pass_context
def bundle_export(ctx: click.Context, out_path: Path) -> None:
    """把待上传的记录写入一个用本机密钥签名的文件（记录仍算待上传，直到中心确认）。"""
    from kiosk.sync.bundle import export_facts

    with _services(ctx) as services:
        count = export_facts(services.sync, out_path)
    click.echo(f"已把 {count} 条待上传记录写入 {out_path}。")


@bundle_group.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.pass_context
def bundle_import(ctx: click.Context, path: Path) -> None:
    """导入中心的数据包：本馆的参考数据，以及中心已收到的记录（不再待上传）。"""
    from kiosk.sync.bundle import import_hub_bundle
    from kiosk.sync.bundle_format import BundleError

    with _services(ctx) as services:
        try:
            result = import_hub_bundle(services.sync, path)
        except BundleError as exc:
            raise SyncCliError(str(exc)) from exc
    click.echo(f"已导入：{result.rows} 条参考数据，{result.acknowledged} 条记录确认已到中心。")


def register(main: click.Group) -> None:
    main.add_command(sync_group)

