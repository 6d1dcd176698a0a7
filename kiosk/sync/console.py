"""What the staff console says about sync: a few lines of plain Chinese, and the USB stick.

No Kivy: the console's view model shows these lines; tests read them directly.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped, unused-ignore]

from kiosk.clock import HALL_TIMEZONE

USB_ROOTS = ("/media", "/run/media", "/mnt")
"""Where desktop Linux mounts a USB stick (udisks: /media/USER/LABEL or /run/media/USER/LABEL)."""


def _when(value: str | None, now: datetime) -> str:
    if not value:
        return "从未"
    moment = datetime.fromisoformat(value).astimezone(HALL_TIMEZONE)
    local_now = now.astimezone(HALL_TIMEZONE)
    if moment.date() == local_now.date():
        return f"今天 {moment:%H:%M}"
    return f"{moment:%Y-%m-%d %H:%M}"


def status_lines(status: dict[str, Any], now: datetime) -> list[tuple[str, str]]:
    """(label, value) rows: the hub, last sync, facts waiting, the last error as a sentence."""
    if not status.get("hub"):
        hub = "已用 U 盘登记（无网络地址；用 U 盘传送记录）" if status.get("enrolled_at") else "未登记（单机运行；可用 U 盘传送记录）"
        return [("区级中心", hub), ("待上传记录", f"{status['waiting_total']} 条")]
    last = max(filter(None, (status.get("last_push"), status.get("last_pull"))), default=None)
    return [
        ("区级中心", status["hub"]),
        ("上次同步", _when(last, now)),
        ("待上传记录", f"{status['waiting_total']} 条"),
        ("上次错误", status.get("last_error") or "无"),
    ]


def find_usb_sticks(roots: tuple[str, ...] = USB_ROOTS) -> list[Path]:
    """Mounted, writable removable drives (mount points under ``roots``), newest mount first."""
    found = []
    for partition in psutil.disk_partitions(all=False):
        mount = Path(partition.mountpoint)
        if any(str(mount).startswith(root + "/") for root in roots) and "ro" not in partition.opts.split(","):
            found.append(mount)
    return found


def bundle_file_name(device_id: str, now: datetime) -> str:
    return f"hall-kiosk-{device_id[:8]}-{now.astimezone(HALL_TIMEZONE):%Y%m%d-%H%M%S}.bundle"


def hub_bundles(stick: Path) -> list[Path]:
    """Hub bundles on the stick (``*.hub.bundle`` or ``hub*.bundle``), newest first."""
    files = [p for p in stick.glob("*.bundle") if p.name.startswith("hub") or p.name.endswith(".hub.bundle")]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def request_file_name(device_id: str) -> str:
    return f"hall-kiosk-{device_id[:8]}.request.bundle"


ENROLMENT_FILE_BYTES = 1_000_000
"""An enrolment file is a few kilobytes; bigger bundles (facts) are not opened to look."""


def enrolment_files(stick: Path, device_id: str) -> list[tuple[Path, str]]:
    """(file, hall key id) of the enrolment files for ``device_id`` on the stick, newest first.

    Only the unverified header is read here, to find the file whatever staff named it and to show
    the key id; ``import_enrolment`` verifies everything.
    """
    found = []
    for path in stick.glob("*.bundle"):
        try:
            if path.stat().st_size > ENROLMENT_FILE_BYTES:
                continue
            header = json.loads(path.read_text(encoding="utf-8")).get("header", {})
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(header, dict) and header.get("kind") == "enrolment" and header.get("device_id") == device_id:
            found.append((path, str(header.get("key_id", ""))))
    return sorted(found, key=lambda item: item[0].stat().st_mtime, reverse=True)
