"""The hub's settings: its database, where it listens, how big a push may be.

Read from a TOML file (``KIOSK_HUB_CONFIG`` or ``hub.toml`` in the user config dir); every
``kiosk hub`` command's ``--db`` overrides the file.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from kiosk.config import APP_NAME

DEFAULT_PORT = 8700
MAX_BATCH_ROWS = 2000
"""Facts per push request; the kiosk sends at most its own ``sync_batch_rows`` (1,000 by default)."""
MAX_BODY_BYTES = 4 * 1024 * 1024
"""A push body above this is refused with 413 before it is read whole (a 50 MB body costs nothing)."""


class HubConfigError(ValueError):
    """The hub config file is unreadable or names no database (message in Chinese)."""


@dataclass(frozen=True)
class HubSettings:
    """What one hub process needs; built from the config file and the command line."""

    db_url: str = ""
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    max_batch_rows: int = MAX_BATCH_ROWS
    max_body_bytes: int = MAX_BODY_BYTES
    enrolment_code_minutes: int = 30
    web_cookie_secure: bool = True
    """Staff and CSRF cookies carry ``Secure`` (sent only over HTTPS or to localhost). Set false only
    for a hub served over plain HTTP on a LAN (``kiosk hub serve --insecure-cookies``): browsers drop
    Secure cookies from a plain-HTTP address, and the pages' CSRF check then refuses every form."""
    trusted_proxies: tuple[str, ...] = ()
    """Addresses or networks (``10.0.0.5``, ``10.0.0.0/24``) of reverse proxies in front of the hub.
    Only a request from one of them has its ``X-Forwarded-For`` believed for rate limits; from anyone
    else the header is ignored (a client could otherwise pick a fresh address per request)."""

    def __post_init__(self) -> None:
        proxies = self.trusted_proxies
        if isinstance(proxies, str) or not all(isinstance(p, str) for p in proxies):
            raise HubConfigError("trusted_proxies 应为地址列表，如 [\"10.0.0.5\", \"10.0.1.0/24\"]。")
        for proxy in proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError:
                raise HubConfigError(f"trusted_proxies 中的“{proxy}”不是 IP 地址或网段。") from None
        object.__setattr__(self, "trusted_proxies", tuple(proxies))
        if not isinstance(self.web_cookie_secure, bool):
            raise HubConfigError("web_cookie_secure 应为 true 或 false。")

    def with_overrides(self, **values: Any) -> HubSettings:
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def default_hub_config_path() -> Path:
    env = os.environ.get("KIOSK_HUB_CONFIG")
    return Path(env) if env else Path(platformdirs.user_config_dir(APP_NAME)) / "hub.toml"


def load_hub_settings(path: Path | None = None) -> HubSettings:
    """The settings in the hub config file over the defaults (a missing file is all defaults)."""
    path = path or default_hub_config_path()
    if not path.exists():
        return HubSettings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise HubConfigError(f"{path}：中心配置文件不是有效的 TOML：{exc}") from exc
    known = {f.name: f.type for f in fields(HubSettings)}
    unknown = set(data) - set(known)
    if unknown:
        raise HubConfigError(f"{path}：未知的设置 {', '.join(sorted(unknown))}（可用：{', '.join(known)}）")
    return HubSettings(**data)
