"""``kiosk hub …``: the district hub's commands. Every one takes ``--db`` or reads the hub config.

Refusals are "错误：…" on stderr with exit 1; secrets (admin token, enrolment code) are printed
once, alone on the last line, so a script can take them with ``tail -n 1``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click
from sqlalchemy.orm import Session

from kiosk.clock import SystemClock
from kiosk.hub.settings import HubConfigError, HubSettings, load_hub_settings
from kiosk.store.db import Database, DatabaseError


class HubCliError(click.ClickException):
    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True, file=file)


def _settings(db_url: str | None, **overrides: Any) -> HubSettings:
    try:
        settings = load_hub_settings().with_overrides(db_url=db_url, **overrides)
    except HubConfigError as exc:
        raise HubCliError(str(exc)) from exc
    if not settings.db_url:
        raise HubCliError("没有中心数据库地址：请用 --db postgresql+psycopg://… 或在中心配置文件中设置 db_url。")
    return settings


def _open(settings: HubSettings) -> Database:
    from kiosk.hub import sequence
    from kiosk.store.db import open_database

    try:
        db = open_database(settings.db_url)
    except DatabaseError as exc:
        raise HubCliError(str(exc)) from exc
    if db.engine.dialect.name != "postgresql":
        db.close()
        raise HubCliError("区级中心只在 PostgreSQL 上运行：--db 应为 postgresql+psycopg://…")
    sequence.install(db.sessions)
    return db


@contextmanager
def _session(db_url: str | None) -> Iterator[Session]:
    from kiosk.hub.district import HubError

    db = _open(_settings(db_url))
    try:
        with db.transaction() as session:
            yield session
    except HubError as exc:
        raise HubCliError(str(exc)) from exc
    finally:
        db.close()


db_option = click.option("--db", "db_url", help="中心数据库地址（postgresql+psycopg://…；默认读中心配置文件）")


@click.group("hub")
def hub() -> None:
    """区级中心（PostgreSQL 上的 HTTP 接口）。"""


@hub.command("init")
@db_option
@click.option("--admin", "admin_name", default="admin", show_default=True, help="第一位管理员的名字")
def hub_init(db_url: str | None, admin_name: str) -> None:
    """建立中心数据库结构，并创建全区第一位管理员（令牌只显示这一次，在最后一行）。"""
    from kiosk.hub.district import add_admin, has_admin
    from kiosk.hub.partitions import ensure_partitions

    clock = SystemClock()
    with _session(db_url) as session:
        ensure_partitions(session, clock.now())
        if has_admin(session):
            click.echo("中心数据库结构已是最新；已有管理员，未创建新管理员。")
            return
        token = add_admin(session, admin_name, clock.now())
    click.echo(f"中心数据库已就绪。管理员“{admin_name}”的令牌（只显示这一次，请妥善保存）：")
    click.echo(token)


@hub.command("add-hall")
@click.argument("hall_id")
@click.option("--name", required=True, help="展馆名称")
@click.option("--web/--no-web", default=True, show_default=True, help="同时开放线上预约（建立预约规则）")
@click.option("--weekdays", default="0,1,2,3,4,5", show_default=True, help="开放日，周一为 0")
@click.option("--approval/--no-approval", default=False, help="线上预约是否需审核")
@click.option("--max-headcount", default=100, show_default=True, type=int, help="每批最多人数")
@click.option("--horizon-days", default=60, show_default=True, type=int, help="可提前预约天数")
@click.option("--slot", "slots", multiple=True, help="预约时段，如 09:00-10:30（可重复）")
@click.option("--slot-people", default=60, show_default=True, type=int, help="每个时段的人数名额")
@click.option("--slot-groups", default=3, show_default=True, type=int, help="每个时段的批次名额")
@db_option
def hub_add_hall(hall_id: str, name: str, web: bool, weekdays: str, approval: bool, max_headcount: int,
                 horizon_days: int, slots: tuple[str, ...], slot_people: int, slot_groups: int,
                 db_url: str | None) -> None:
    """登记一个展馆（生成通行证签名密钥），并一步设好它的线上预约规则和时段。

    ``kiosk web hall-set`` 仍可用来修改已有展馆的预约规则。"""
    from kiosk.hub.web.hall_setup import HallSetupError, add_hall_with_web, check_slots, parse_weekdays

    try:
        if web:  # bad options are refused before the database is opened
            parse_weekdays(weekdays)
            check_slots(slots, slot_people, slot_groups)
    except HallSetupError as exc:
        raise HubCliError(str(exc)) from exc
    db = _open(_settings(db_url))
    try:
        lines = add_hall_with_web(db, SystemClock(), hall_id, name, web=web, weekdays=weekdays, approval=approval,
                                  max_headcount=max_headcount, horizon_days=horizon_days, slots=slots,
                                  slot_people=slot_people, slot_groups=slot_groups)
    except HallSetupError as exc:
        raise HubCliError(str(exc)) from exc
    finally:
        db.close()
    for line in lines:
        click.echo(line)


@hub.command("add-device")
@click.option("--hall", "hall_id", required=True, help="展馆编号")
@click.option("--label", default="", help="设备名称（如“一号查验机”）")
@click.option("--request", "request_path", type=click.Path(path_type=Path),
              help="没有网络时：终端写出的接入申请文件（kiosk sync enrol --request-out）")
@click.option("--out", "out_path", type=click.Path(path_type=Path), help="与 --request 同用：写出的接入文件")
@click.option("--hub-url", default="", help="与 --request 同用：终端以后联网时使用的中心地址（可不填）")
@db_option
def hub_add_device(hall_id: str, label: str, request_path: Path | None, out_path: Path | None, hub_url: str,
                   db_url: str | None) -> None:
    """为一台新终端生成一次性登记码（最后一行只有登记码）；或凭 U 盘上的接入申请直接登记，写出接入文件。"""
    from kiosk.hub.district import new_enrolment

    settings = _settings(db_url)
    if request_path is not None or out_path is not None or hub_url:
        if request_path is None or out_path is None:
            raise HubCliError("没有网络的登记需要同时给出 --request 接入申请文件 和 --out 接入文件"
                              "（--hub-url 只与它们同用）。")
        _add_device_by_request(settings.db_url, hall_id, label, request_path, out_path, hub_url)
        return
    with _session(settings.db_url) as session:
        code = new_enrolment(session, hall_id, label, SystemClock().now(), settings.enrolment_code_minutes)
    click.echo(f"展馆 {hall_id} 的登记码，{settings.enrolment_code_minutes} 分钟内有效，只能用一次。"
               "在终端上运行：kiosk sync enrol --hub 中心地址 --code 登记码")
    click.echo(code)


def _add_device_by_request(db_url: str, hall_id: str, label: str, request_path: Path, out_path: Path,
                           hub_url: str) -> None:
    """Register the device of a USB request; the file is written before the commit and removed
    if the commit fails, so a file on the stick always names a registered device."""
    from sqlalchemy.exc import IntegrityError

    from kiosk.hub.offline_enrolment import enrol_by_request
    from kiosk.sync.bundle_format import BundleError

    written = False
    try:
        with _session(db_url) as session:
            done, key_id = enrol_by_request(session, hall_id, request_path, out_path, now=SystemClock().now(),
                                            hub_url=hub_url, label=label)
            written = True
    except BundleError as exc:
        raise HubCliError(str(exc)) from exc
    except BaseException as exc:
        if written:
            out_path.unlink(missing_ok=True)
        if isinstance(exc, IntegrityError):  # the same request registered at the same moment elsewhere
            raise HubCliError(f"{request_path.name} 的设备刚刚已被登记，未写出接入文件。") from exc
        raise
    click.echo(f"已登记设备 {done.device_id}（展馆 {hall_id}，{done.hall_name}），接入文件已写入 {out_path}。")
    click.echo(f"在终端上运行：kiosk sync enrol --file {out_path.name}；终端还没有本馆公钥环时再加 --hall-key {key_id}"
               "（本馆密钥编号，请与终端显示的核对）。")


@hub.command("revoke-device")
@click.argument("device_id")
@db_option
def hub_revoke_device(device_id: str, db_url: str | None) -> None:
    """吊销一台终端的令牌（它再也不能上传或下载）。"""
    from kiosk.hub.district import revoke_device

    with _session(db_url) as session:
        revoke_device(session, device_id, SystemClock().now())
    click.echo(f"已吊销设备 {device_id}。")


@hub.command("devices")
@click.option("--hall", "hall_id", help="只列出这个展馆的设备")
@db_option
def hub_devices(hall_id: str | None, db_url: str | None) -> None:
    """列出已登记的终端。"""
    from kiosk.hub.district import list_devices

    with _session(db_url) as session:
        for d in list_devices(session, hall_id):
            state = "已吊销" if d.revoked_at else "正常"
            click.echo(f"{d.device_id}\t{d.hall_id}\t{d.label}\t{d.enrolled_at:%Y-%m-%d}\t{state}")


@hub.command("serve")
@db_option
@click.option("--host", default=None, help="监听地址（默认 127.0.0.1）")
@click.option("--port", type=int, default=None, help="端口（默认 8700）")
@click.option("--insecure-cookies", is_flag=True, default=False,
              help="网页 Cookie 不加 Secure（只在局域网用纯 HTTP 访问时使用；默认加）")
@click.option("--trusted-proxy", "trusted_proxies", multiple=True,
              help="前置反向代理的地址或网段（可重复）；只信任它们转发的 X-Forwarded-For")
def hub_serve(db_url: str | None, host: str | None, port: int | None, insecure_cookies: bool,
              trusted_proxies: tuple[str, ...]) -> None:
    """启动中心 HTTP 服务（无状态：同一数据库可以并行运行多个进程）。"""
    import uvicorn

    from kiosk.hub.app import create_app
    from kiosk.hub.partitions import ensure_partitions

    settings = _settings(db_url, host=host, port=port, web_cookie_secure=False if insecure_cookies else None,
                         trusted_proxies=trusted_proxies or None)
    db = _open(settings)
    with db.transaction() as session:
        ensure_partitions(session, SystemClock().now())
    app = create_app(settings, db=db)
    click.echo(f"区级中心在 http://{settings.host}:{settings.port} 上运行（Ctrl+C 停止）。")
    # proxy_headers off: uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1 on its own; the
    # hub's trusted_proxies setting (kiosk.hub.web.security.client_key) is the one place that decides.
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", proxy_headers=False)


@hub.command("import-bundle")
@click.argument("path", type=click.Path(path_type=Path))
@db_option
def hub_import_bundle(path: Path, db_url: str | None) -> None:
    """导入终端用 U 盘带来的记录数据包（与网络上传同样不重不漏；坏包整个拒收）。"""
    from kiosk.hub.bundles import import_facts_bundle
    from kiosk.sync.bundle_format import BundleError

    try:
        with _session(db_url) as session:
            done = import_facts_bundle(session, path)
    except BundleError as exc:
        raise HubCliError(str(exc)) from exc
    click.echo(f"已导入 {path.name}：{done.received} 条记录，其中新增 {done.inserted} 条。")


@hub.command("bundle")
@click.option("--hall", "hall_id", required=True, help="展馆编号")
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path), help="输出文件")
@click.option("--days", default=90, show_default=True, help="确认多少天内收到的记录")
@db_option
def hub_bundle(hall_id: str, out_path: Path, days: int, db_url: str | None) -> None:
    """为一个展馆写出中心数据包：参考数据，以及中心已收到的记录编号（用本馆密钥签名）。"""
    from kiosk.hub.bundles import export_hall_bundle

    with _session(db_url) as session:
        counts = export_hall_bundle(session, hall_id, out_path, now=SystemClock().now(), days=days)
    click.echo(f"已写出 {out_path}：{counts['reference']} 条参考数据，确认 {counts['acked']} 条记录。")


@hub.command("import-bank")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--hall", "hall_id", required=True, help="展馆编号")
@click.option("--bank", "name", required=True, help="题库名称")
@db_option
def hub_import_bank(path: Path, hall_id: str, name: str, db_url: str | None) -> None:
    """为一个展馆导入或更新题库（下一次同步后替换该馆终端上的同名题库）。"""
    from kiosk.hub.reference import store_hall_bank
    from kiosk.quizzone.errors import QuizZoneError

    try:
        with _session(db_url) as session:
            row = store_hall_bank(session, hall_id, path, name, SystemClock().now())
            count, version = row.question_count, row.version
    except (QuizZoneError, OSError) as exc:
        raise HubCliError(str(exc)) from exc
    click.echo(f"已为展馆 {hall_id} 导入题库“{name}”：{count} 道题（第 {version} 版）。")
