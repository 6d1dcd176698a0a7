"""Kiosk settings: every setting declared once (key, type, default, description).

The settings live in a TOML file in the user config dir (``kiosk config show`` prints the path).
A command-line option overrides the file; the file overrides the declared default.
"""

from __future__ import annotations

import os
import socket
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
import tomli_w

APP_NAME = "hall-kiosk"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """A setting in the config file has the wrong type or an unknown key (message in Chinese)."""


@dataclass(frozen=True)
class ConfigVar:
    """One setting: its key in the TOML file, its type, its default and what it is for."""

    key: str
    type: type
    default: Any
    description: str
    choices: tuple[Any, ...] = ()
    """Allowed values (empty: any value of ``type``)."""


def _default_data_dir() -> str:
    return os.environ.get("KIOSK_DATA_DIR") or platformdirs.user_data_dir(APP_NAME)


def machine_cache_dir() -> Path:
    """What the kiosk derives from files and may always derive again (extracted fonts, film probes):
    shared by every data dir on the machine; ``KIOSK_CACHE_DIR`` moves it (tests, read-only homes)."""
    return Path(os.environ.get("KIOSK_CACHE_DIR") or platformdirs.user_cache_dir(APP_NAME))


def _default_device_id() -> str:
    return socket.gethostname() or "kiosk"


SETTINGS: tuple[ConfigVar, ...] = (
    ConfigVar("hall_id", str, "demo-hall", "本馆编号：所有记录都带上它；须与内容中的 hall.yaml 一致"),
    ConfigVar("device_id", str, "", "本机编号：记录属于产生它的设备；空则用数据库中生成的 UUID（推荐：克隆的磁盘镜像不会重号）"),
    ConfigVar("idle_timeout", int, 90, "无人触摸多少秒后弹出“还在参观吗？”"),
    ConfigVar("idle_warning", int, 15, "“还在参观吗？”倒计时的秒数，结束后回到待机画面"),
    ConfigVar("data_dir", str, "", "数据目录：数据库、语音缓存、图片缓存；空则用系统用户数据目录"),
    ConfigVar("content_dir", str, "", "内容目录（hall.yaml 所在）；空则用项目自带的演示内容"),
    ConfigVar("keys_dir", str, "", "本馆签名密钥目录（私钥只放在管理电脑上）；空则用数据目录下的 keys"),
    ConfigVar("db_url", str, "", "数据库地址（SQLAlchemy URL）；空则用数据目录里的 SQLite"),
    ConfigVar("fullscreen", bool, True, "全屏运行（展馆模式）；关闭后为窗口模式，便于调试"),
    ConfigVar("kiosk_mode", bool, True, "展馆模式：Esc、关闭窗口等都不能退出程序，只能从管理界面退出"),
    ConfigVar("staff_corner_seconds", float, 3.0, "长按屏幕右上角多少秒打开管理员密码键盘"),
    ConfigVar("tts_voice", str, "cmn", "朗读用的 espeak-ng 语音（cmn 为普通话）"),
    ConfigVar("tts_rate", int, 165, "朗读语速（每分钟字数，espeak-ng 单位）"),
    ConfigVar("theatre_keys", str, "", "演播区翻页器按键（如 \"n=next, p=previous\"），空则用常见翻页器的默认键位"),
    ConfigVar("sync_interval", int, 300, "与区级中心同步的间隔秒数（每次签到后也会立即同步）；0 为不自动同步"),
    ConfigVar("sync_batch_rows", int, 1000, "每批上传的记录条数上限"),
    ConfigVar("sync_batch_bytes", int, 1_000_000, "每批上传的数据字节数上限（约）"),
    ConfigVar("hub_public_url", str, "", "访客手机能打开的区级中心地址（留言评价页的二维码指向其留言建议表单）；"
              "空则用本机登记的中心地址，都没有则不显示二维码"),
    ConfigVar("group_stay_minutes", int, 120, "团体签到后算作“在馆”的分钟数（预约时段结束得更晚时以时段为准）"),
    # Field readiness (issue 12)
    ConfigVar("role", str, "all", "终端角色：all 全馆，exhibition 展区，quiz 智慧测试区，checkin 入口签到，theatre 演播区；"
              "决定开机画面和游客能进入的区域（管理员输入密码后仍可进入全部）",
              choices=("all", "exhibition", "quiz", "checkin", "theatre")),
    ConfigVar("opening_hours", dict, {}, "开放时间表 [opening_hours]：mon…sun（或 周一…周日）= \"09:00-17:00\" 或 \"闭馆\"，"
              "closed_dates = [\"2026-10-01..2026-10-07\"]；不设则全天开放。闭馆时屏幕显示开放时间并调暗"),
    ConfigVar("dim_when_closed", bool, True, "闭馆时关闭屏幕背光（X 的 DPMS，经 xset）；触摸即唤醒"),
)
_BY_KEY = {var.key: var for var in SETTINGS}


def default_config_path() -> Path:
    """Where the TOML file lives unless ``KIOSK_CONFIG`` names another."""
    env = os.environ.get("KIOSK_CONFIG")
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir(APP_NAME)) / "kiosk.toml"


@dataclass(frozen=True)
class KioskConfig:
    """The resolved settings, with derived paths filled in."""

    values: dict[str, Any] = field(default_factory=dict)
    source: Path | None = None

    # ----- typed settings: one property per ConfigVar (mypy checks every use) -------------------
    @property
    def hall_id(self) -> str:
        return str(self.values["hall_id"])

    @property
    def device_id(self) -> str:
        """As configured ('' = derive it; use ``device`` for the id records carry)."""
        return str(self.values["device_id"])

    @property
    def idle_timeout(self) -> int:
        return int(self.values["idle_timeout"])

    @property
    def idle_warning(self) -> int:
        return int(self.values["idle_warning"])

    @property
    def data_dir(self) -> str:
        return str(self.values["data_dir"])

    @property
    def content_dir(self) -> str:
        return str(self.values["content_dir"])

    @property
    def keys_dir(self) -> str:
        return str(self.values["keys_dir"])

    @property
    def db_url(self) -> str:
        return str(self.values["db_url"])

    @property
    def fullscreen(self) -> bool:
        return bool(self.values["fullscreen"])

    @property
    def kiosk_mode(self) -> bool:
        return bool(self.values["kiosk_mode"])

    @property
    def staff_corner_seconds(self) -> float:
        return float(self.values["staff_corner_seconds"])

    @property
    def tts_voice(self) -> str:
        return str(self.values["tts_voice"])

    @property
    def tts_rate(self) -> int:
        return int(self.values["tts_rate"])

    @property
    def hub_public_url(self) -> str:
        return str(self.values["hub_public_url"])

    @property
    def role(self) -> str:
        return str(self.values["role"])

    @property
    def opening_hours(self) -> dict[str, Any]:
        return dict(self.values["opening_hours"])

    @property
    def dim_when_closed(self) -> bool:
        return bool(self.values["dim_when_closed"])

    def __getattr__(self, key: str) -> Any:
        """A setting declared in SETTINGS without a typed property yet (add one beside a new
        ConfigVar: this fallback keeps it working, but mypy sees it as Any)."""
        try:
            return self.values[key]
        except KeyError as exc:  # pragma: no cover - programming error
            raise AttributeError(key) from exc

    @property
    def data_path(self) -> Path:
        return Path(self.values["data_dir"] or _default_data_dir())

    def ensure_data_dir(self) -> Path:
        """The data folder, ready to use: the default one is created on first start; a configured
        one must already exist (a missing one is an unmounted disk, never a fresh empty hall).

        Raises:
            ConfigError: the configured folder is missing, or a path part is a regular file.
        """
        path = self.data_path
        if self.values["data_dir"]:
            if not path.is_dir():
                what = "不是文件夹" if path.exists() else "不存在"
                raise ConfigError(
                    f"设置的数据目录 {path} {what}：如果它在移动硬盘或网络盘上，请先接好；"
                    "如果要在这里新建，请先创建这个文件夹；或用 kiosk config set data_dir 改到正确的位置"
                )
            return path
        try:
            path.mkdir(parents=True, exist_ok=True)
        except (NotADirectoryError, FileExistsError) as exc:
            raise ConfigError(f"无法建立数据目录 {path}：路径中有一段是文件而不是文件夹") from exc
        except OSError as exc:
            raise ConfigError(f"无法建立数据目录 {path}：{exc.strerror or exc}") from exc
        return path

    @property
    def content_path(self) -> Path:
        return Path(self.values["content_dir"] or PROJECT_ROOT / "content")

    @property
    def keys_path(self) -> Path:
        return Path(self.values["keys_dir"] or self.data_path / "keys")

    @property
    def database_url(self) -> str:
        return self.values["db_url"] or f"sqlite:///{self.data_path / 'kiosk.sqlite3'}"

    @property
    def device(self) -> str:
        return self.values["device_id"] or _default_device_id()

    def with_overrides(self, **overrides: Any) -> KioskConfig:
        """A copy with the given settings replaced (None means 'not given')."""
        values = dict(self.values)
        for key, value in overrides.items():
            if value is not None:
                values[key] = _coerce(_BY_KEY[key], value, origin="命令行")
        return KioskConfig(values, self.source)


def _coerce(var: ConfigVar, value: Any, origin: str) -> Any:
    if var.type is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, var.type) or (var.type is int and isinstance(value, bool)):
        raise ConfigError(f"{origin}：设置 {var.key} 应为 {var.type.__name__}，实际是 {value!r}")
    if var.choices and value not in var.choices:
        raise ConfigError(f"{origin}：设置 {var.key} 应为 {' / '.join(map(str, var.choices))} 之一，实际是 {value!r}")
    return value


def load_config(path: Path | None = None) -> KioskConfig:
    """Read the TOML file (if it exists) over the declared defaults.

    Raises:
        ConfigError: the file is not valid TOML, has an unknown key or a value of the wrong type.
    """
    path = path or default_config_path()
    values = {var.key: var.default for var in SETTINGS}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}：配置文件不是有效的 TOML：{exc}") from exc
        for key, value in data.items():
            if key not in _BY_KEY:
                raise ConfigError(f"{path}：未知的设置 {key}（可用：{', '.join(_BY_KEY)}）")
            values[key] = _coerce(_BY_KEY[key], value, origin=str(path))
        if values["opening_hours"]:
            from kiosk.visitor.hours import HoursError, parse_opening_hours

            try:
                parse_opening_hours(values["opening_hours"])
            except HoursError as exc:
                raise ConfigError(f"{path}：{exc}") from exc
    return KioskConfig(values, path)


def save_setting(key: str, raw: str, path: Path | None = None) -> Path:
    """Set one setting in the TOML file from its text form (as typed on the command line)."""
    path = path or default_config_path()
    if key not in _BY_KEY:
        raise ConfigError(f"未知的设置 {key}（可用：{', '.join(_BY_KEY)}）")
    var = _BY_KEY[key]
    value: Any
    if var.type is bool:
        lowered = raw.strip().lower()
        if lowered not in {"true", "false", "1", "0", "yes", "no", "是", "否"}:
            raise ConfigError(f"设置 {key} 应为 true 或 false，实际是 {raw!r}")
        value = lowered in {"true", "1", "yes", "是"}
    elif var.type in (int, float):
        try:
            value = var.type(raw)
        except ValueError as exc:
            raise ConfigError(f"设置 {key} 应为数字，实际是 {raw!r}") from exc
    elif var.type is str:
        value = _coerce(var, raw, origin="命令行")
    else:
        raise ConfigError(f"设置 {key} 是一张表，请直接编辑配置文件 {path}")
    data: dict[str, Any] = {}
    if path.exists():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    data[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path
