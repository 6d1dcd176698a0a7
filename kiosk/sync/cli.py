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
@click.option("--hub", "hub_url", help="中心地址，如 http://hub.example:8700")
@click.option("--code", help="中心给出的一次性登记码（kiosk hub add-device）")
@click.option("--request-out", "request_out", type=click.Path(path_type=Path),
              help="没有网络时：把接入申请写到这个文件（如 U 盘上），交中心登记")
@click.option("--file", "enrolment_file", type=click.Path(path_type=Path),
              help="没有网络时：导入中心写出的接入文件（kiosk hub add-device --request … --out …）")
@click.option("--hall-key", help="与 --file 同用：本机还没有本馆公钥环时，核对中心显示的本馆密钥编号")
@click.option("--replace", is_flag=True, default=False, help="与 --file 同用：本机已有令牌时换用新的接入文件")
@click.pass_context
def sync_enrol(ctx: click.Context, hub_url: str | None, code: str | None, request_out: Path | None,
               enrolment_file: Path | None, hall_key: str | None, replace: bool) -> None:
    """把本机登记到区级中心：联网用一次性登记码；没有网络时用 U 盘传递接入申请和接入文件。

    令牌保存在数据目录，权限 0600。"""
    modes = [m for m in (code is not None, request_out is not None, enrolment_file is not None) if m]
    if len(modes) != 1 or (code is not None and not hub_url) or (request_out is not None and hub_url):
        raise SyncCliError("请选择一种登记方式：联网 --hub 中心地址 --code 登记码；没有网络时先 --request-out 文件"
                           "写出接入申请，再 --file 文件 导入中心写出的接入文件。")
    if (hall_key or replace) and enrolment_file is None:
        raise SyncCliError("--hall-key 和 --replace 只能与 --file 同用。")
    with _services(ctx) as services:
        if request_out is not None:
            from kiosk.sync.offline_enrolment import write_enrolment_request

            write_enrolment_request(services.sync, request_out)
            click.echo(f"已把本机（{services.config.device}，展馆 {services.config.hall_id}）的接入申请写入 {request_out}。"
                       f"请交中心运行：kiosk hub add-device --hall {services.config.hall_id} --request {request_out.name} "
                       "--out 接入文件")
            return
        if enrolment_file is not None:
            _import_enrolment(services, enrolment_file, hall_key, hub_url, replace)
            return
        assert hub_url is not None and code is not None
        reply = services.sync.enrol(hub_url, code)
        click.echo(f"本机（{services.config.device}）已登记到 {hub_url}，展馆 {reply['hall_id']}（{reply['hall_name']}）。")


def _import_enrolment(services: Any, path: Path, hall_key: str | None, hub_url: str | None, replace: bool) -> None:
    from kiosk.sync.bundle_format import BundleError
    from kiosk.sync.offline_enrolment import import_enrolment

    try:
        done = import_enrolment(services.sync, path, hall_key=hall_key, hub_url=hub_url, replace=replace)
    except BundleError as exc:
        raise SyncCliError(str(exc)) from exc
    where = done.hub_url or "区级中心（无网络地址：记录用 U 盘传送）"
    if done.again:
        click.echo(f"这个接入文件已经导入过：本机（{services.config.device}）仍登记在 {where}，未作改动。")
        return
    click.echo(f"本机（{services.config.device}）已登记到 {where}，展馆 {done.hall_id}（{done.hall_name}）。")


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

