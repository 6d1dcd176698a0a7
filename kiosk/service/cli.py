"""``kiosk service install [--user]``: write the systemd unit and say how to start it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import click

from kiosk.service.unit import UNIT_NAME, UnitSpec, unit_dir, write_unit


def _kiosk_command() -> list[str]:
    found = shutil.which("kiosk")
    beside = Path(sys.executable).with_name("kiosk")
    if beside.exists():
        return [str(beside), "run"]
    if found:
        return [found, "run"]
    return [sys.executable, "-m", "kiosk.cli", "run"]


@click.group()
def service() -> None:
    """系统服务（systemd）：开机自启、崩溃或卡死后自动重启。"""


@service.command("install")
@click.option("--user", "user_unit", is_flag=True, help="装为当前用户的服务（自动登录的桌面会话里启动，推荐）")
@click.option("--run-as", help="系统服务以哪个用户运行（不加 --user 时必填）")
@click.option("--display", default=":0", show_default=True, help="X 显示")
@click.option("--dir", "directory", type=click.Path(path_type=Path), help="把服务文件写到这个目录（默认 systemd 的目录）")
@click.option("--enable", is_flag=True, help="写好后立即 daemon-reload 并 enable --now")
@click.pass_context
def install(ctx: click.Context, user_unit: bool, run_as: str | None, display: str, directory: Path | None,
            enable: bool) -> None:
    """写入 systemd 服务文件（Restart=always，看门狗 WatchdogSec）。"""
    if not user_unit and not run_as:
        raise click.ClickException("系统服务须用 --run-as 指定运行的用户（或加 --user 装为用户服务）")
    config_path = ctx.obj.get("config_path") if ctx.obj else None
    spec = UnitSpec(_kiosk_command(), user_unit, Path(config_path).resolve() if config_path else None, run_as, display)
    target = directory or unit_dir(user_unit, Path.home())
    try:
        path = write_unit(spec, target)
    except PermissionError as exc:
        raise click.ClickException(f"无法写入 {target}：权限不足（系统服务请用 sudo 运行，或加 --user）") from exc
    scope = ["--user"] if user_unit else []
    commands = [["systemctl", *scope, "daemon-reload"], ["systemctl", *scope, "enable", "--now", UNIT_NAME]]
    click.echo(f"已写入服务文件 {path}")
    if enable:
        for command in commands:
            result = subprocess.run(command, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise click.ClickException(f"{' '.join(command)} 失败：{result.stderr.strip()}")
        click.echo(f"已启用并启动 {UNIT_NAME}")
    else:
        click.echo("启用并启动：\n  " + "\n  ".join(" ".join(c) for c in commands))
