"""``kiosk``: one command with a subcommand for every staff task; it calls the same services as the UI.

Messages are in Chinese; a problem exits non-zero with a sentence saying what to do. The error
style of every subcommand (also of groups added later) is kept in one place: kiosk.cli_errors.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import click

from kiosk.cli_errors import KioskGroup
from kiosk.cli_help import install as install_chinese_help
from kiosk.config import SETTINGS, ConfigError, KioskConfig, load_config, save_setting

install_chinese_help()

LAZY_COMMANDS: dict[str, str] = {
    # Each area's commands live with it and are imported only when named (issue 13: `kiosk run`
    # does not import the database, reports or hub libraries before the first frame).
    "quiz": "kiosk.quizzone.cli:quiz",
    "org": "kiosk.visits.cli:org_group",
    "booking": "kiosk.visits.cli:booking_group",
    "pass": "kiosk.visits.cli:pass_group",
    "checkin": "kiosk.visits.cli:checkin",
    "privacy": "kiosk.visits.cli:privacy_group",
    "service": "kiosk.service.cli:service",  # field readiness (issue 12)
    "health": "kiosk.health_cli:health",  # field readiness (issue 12)
    "theatre": "kiosk.theatre.cli:theatre",
    "stats": "kiosk.reports.cli:stats_group",  # figures and exports (issue 8)
    "demo": "kiosk.demo.cli:demo_group",  # synthetic history (issue 8)
    "hub": "kiosk.hub.cli:hub",  # the district hub's commands (issue 9)
    "sync": "kiosk.sync.cli:sync_group",  # the kiosk's sync commands (issue 9)
    "web": "kiosk.hub.web.cli:web",  # issue 10: booking pages' commands
}
"""Command name → ``module:attribute`` of its click command (tests check every name matches)."""


class LazyKioskGroup(KioskGroup):
    """The top ``kiosk`` group: the commands of :data:`LAZY_COMMANDS` are imported when first named
    (click asks ``get_command`` for the one being run; ``--help`` lists them all)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in LAZY_COMMANDS:
            module, _, attr = LAZY_COMMANDS[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attr)
            assert isinstance(command, click.Command)
            self.add_command(command, cmd_name)
        return command


def _config(ctx: click.Context) -> KioskConfig:
    try:
        return load_config(ctx.obj.get("config_path"))
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group(cls=LazyKioskGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="配置文件（默认在用户配置目录）")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None) -> None:
    """党员综合体验馆 展馆终端（Hall Kiosk）。"""
    ctx.obj = {"config_path": config_path}


@main.command()
@click.option("--windowed", is_flag=True, help="窗口模式（调试用；可用 Esc 退出）")
@click.option("--content", "content_dir", type=click.Path(path_type=Path), help="内容目录")
@click.option("--db", "db_url", help="数据库地址（SQLAlchemy URL）")
@click.pass_context
def run(ctx: click.Context, windowed: bool, content_dir: Path | None, db_url: str | None) -> None:
    """启动展馆终端（默认全屏、展馆模式）。"""
    config = _config(ctx).with_overrides(
        content_dir=str(content_dir) if content_dir else None,
        db_url=db_url,
        fullscreen=False if windowed else None,
        kiosk_mode=False if windowed else None,
    )
    config.ensure_data_dir()  # before Kivy makes its folder in it: a missing configured data dir is an error
    from kiosk.ui.launch import launch  # the only path into Kivy

    sys.exit(launch(config))


@main.command()
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="截图输出目录")
@click.option("--size", default="1920x1080", show_default=True, help="窗口大小，宽x高")
@click.option("--content", "content_dir", type=click.Path(path_type=Path), help="内容目录")
@click.option("--elder", is_flag=True, help="长辈模式（大字、高对比度）下的每个画面，文件名以 elder- 开头")
@click.pass_context
def snapshot(ctx: click.Context, out_dir: Path, size: str, content_dir: Path | None, elder: bool) -> None:
    """在真实窗口中打开每个主要画面并各存一张 PNG。"""
    try:
        width, height = (int(part) for part in size.lower().split("x"))
    except ValueError as exc:
        raise click.BadParameter("应为 宽x高，例如 1920x1080", param_hint="--size") from exc
    config = _config(ctx).with_overrides(content_dir=str(content_dir) if content_dir else None)
    from kiosk.ui.launch import snapshot as take_snapshots

    sys.exit(take_snapshots(config, out_dir, (width, height), elder=elder))


@main.group()
def content() -> None:
    """展板内容。"""


@content.command("check")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果")
@click.option("--prepare", is_flag=True, help="检查通过后预先缩放全部图片并提取中文字体（安装和更新内容时用，首次启动更快）")
@click.pass_context
def content_check(ctx: click.Context, directory: Path, as_json: bool, prepare: bool) -> None:
    """检查内容目录：每个问题输出为 文件:行: 说明。"""
    from kiosk.exhibits.loader import check_content

    report = check_content(directory)
    if prepare and report.ok and report.hall is not None:
        from kiosk.ui.launch import prepare_install

        done, sentence = prepare_install(_config(ctx), report.hall)
        click.echo(sentence, err=as_json or not done)
        if not done:
            sys.exit(1)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            click.echo(str(problem), err=True)
        for warning in report.warnings:
            click.echo(f"提示：{warning}", err=True)
        if report.ok:
            click.echo(f"内容检查通过：{report.zones} 个展区，{report.boards} 块展板。")
        else:
            click.echo(f"内容检查未通过：{len(report.problems)} 个问题。", err=True)
    sys.exit(0 if report.ok else 1)


@main.group()
def staff() -> None:
    """管理员。"""


@staff.command("set-pin")
@click.option("--pin", help="新密码（不给则交互输入，不回显）")
@click.option("--db", "db_url", help="数据库地址")
@click.pass_context
def staff_set_pin(ctx: click.Context, pin: str | None, db_url: str | None) -> None:
    """设置管理员密码（4–12 位数字，只保存其 scrypt 散列）。"""
    from kiosk.services import build_services
    from kiosk.staff.pin import PinError
    from kiosk.store.db import DatabaseError

    if pin is None:
        pin = click.prompt("新管理员密码", hide_input=True, confirmation_prompt="再输入一次")
    try:
        services = build_services(_config(ctx).with_overrides(db_url=db_url))
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        services.pins.set_pin(pin)
    except PinError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        services.close()
    click.echo("管理员密码已设置。")


@main.group()
def keys() -> None:
    """本馆的通行证签名密钥（Ed25519）。"""


@keys.command("init")
@click.option("--dir", "keys_dir", type=click.Path(path_type=Path), help="密钥目录（默认见 kiosk config show）")
@click.pass_context
def keys_init(ctx: click.Context, keys_dir: Path | None) -> None:
    """生成本馆的签名密钥；已有密钥时拒绝覆盖（否则已发出的通行证全部作废）。"""
    from kiosk.passes.keys import init_keys

    folder = keys_dir or _config(ctx).keys_path
    try:
        key = init_keys(folder)
    except FileExistsError as exc:
        raise click.ClickException(f"{folder} 中已有签名密钥，未做任何改动（更换密钥请用轮换功能）") from exc
    click.echo(f"已生成签名密钥 {key.key_id}，保存在 {folder}。私钥只留在本机；把公钥（kiosk keys export-public）发给各台终端。")


@keys.command("export-public")
@click.option("--dir", "keys_dir", type=click.Path(path_type=Path), help="密钥目录")
@click.pass_context
def keys_export_public(ctx: click.Context, keys_dir: Path | None) -> None:
    """输出公钥环（纯文本，可拷到 U 盘发给各台终端）。"""
    from kiosk.passes.keys import KeyFileError, KeyringError, export_public

    folder = keys_dir or _config(ctx).keys_path
    try:
        click.echo(export_public(folder), nl=False)
    except (KeyFileError, KeyringError, FileNotFoundError) as exc:
        raise click.ClickException(f"{folder} 中没有可用的公钥环：请先运行 kiosk keys init（{exc}）") from exc


@main.group("config")
def config_group() -> None:
    """设置。"""


@config_group.command("show")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.pass_context
def config_show(ctx: click.Context, as_json: bool) -> None:
    """列出每项设置：当前值、默认值和说明。"""
    config = _config(ctx)
    derived = {
        "data_dir": str(config.data_path),
        "content_dir": str(config.content_path),
        "db_url": config.database_url,
        "device_id": config.device,
    }
    rows = []
    for var in SETTINGS:
        value = config.values[var.key]
        rows.append(
            {
                "key": var.key,
                "value": derived.get(var.key, value) if value in ("", None) else value,
                "default": var.default,
                "description": var.description,
            }
        )
    if as_json:
        click.echo(json.dumps({"file": str(config.source), "settings": rows}, ensure_ascii=False, indent=2))
        return
    click.echo(f"配置文件：{config.source}{'' if config.source and config.source.exists() else '（尚未创建，使用默认值）'}")
    for row in rows:
        click.echo(f"{row['key']} = {row['value']!r}\n    {row['description']}（默认 {row['default']!r}）")


@config_group.command("set")
@click.argument("key")
@click.argument("value")
@click.pass_context
def config_set(ctx: click.Context, key: str, value: str) -> None:
    """修改一项设置并写入配置文件。"""
    try:
        path = save_setting(key, value, ctx.obj.get("config_path"))
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"已写入 {path}：{key} = {value}")


if __name__ == "__main__":
    main()
