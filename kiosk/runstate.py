"""What a running kiosk leaves in its data dir for ``kiosk health`` (another process) to read:
when it started (for the uptime), and the last crash with its reason.

Small JSON files written atomically (temp file + rename), so a power cut mid-write leaves the
old file or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.clock import Clock

RUN_FILE = "kiosk-run.json"
CRASH_FILE = "last-crash.json"


@dataclass(frozen=True)
class RunInfo:
    pid: int
    started_at: datetime
    version: str


@dataclass(frozen=True)
class CrashInfo:
    at: datetime
    reason: str


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def record_start(data_dir: Path, clock: Clock, version: str, pid: int | None = None) -> None:
    """The kiosk process started (called by ``kiosk run``)."""
    _write_json(data_dir / RUN_FILE, {"pid": pid or os.getpid(), "started_at": clock.now().isoformat(),
                                      "version": version})


def record_stop(data_dir: Path) -> None:
    """A clean stop: no kiosk is running from this data dir any more."""
    (data_dir / RUN_FILE).unlink(missing_ok=True)


def read_run(data_dir: Path) -> RunInfo | None:
    """The running kiosk, or None when none runs (no file, or its process is gone)."""
    data = _read_json(data_dir / RUN_FILE)
    if not data:
        return None
    try:
        info = RunInfo(int(data["pid"]), datetime.fromisoformat(data["started_at"]), str(data.get("version", "")))
    except (KeyError, ValueError, TypeError):
        return None
    return info if _alive(info.pid) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def record_crash(data_dir: Path, clock: Clock, reason: str) -> None:
    """Keep the newest crash (time and one-line reason); never raises (it runs while crashing)."""
    try:
        _write_json(data_dir / CRASH_FILE, {"at": clock.now().isoformat(), "reason": reason[:500]})
    except OSError:
        pass


def read_last_crash(data_dir: Path) -> CrashInfo | None:
    data = _read_json(data_dir / CRASH_FILE)
    if not data:
        return None
    try:
        return CrashInfo(datetime.fromisoformat(data["at"]), str(data["reason"]))
    except (KeyError, ValueError, TypeError):
        return None


def previous_run_unclean(data_dir: Path) -> bool:
    """The last kiosk started from this data dir never stopped cleanly (SIGKILL, power cut, freeze)."""
    data = _read_json(data_dir / RUN_FILE)
    if not data:
        return False
    try:
        pid = int(data["pid"])
    except (KeyError, ValueError, TypeError):
        return True
    return pid != os.getpid() and not _alive(pid)
