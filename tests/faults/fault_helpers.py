"""Shared by the fault-injection suite: scale, a bounded child for checks that might hang, CLI runs.

``KIOSK_FAULTS_SCALE`` (default 1) multiplies the kill counts and the generated examples: CI keeps
it at 1 (the whole suite well under five minutes); a measured run uses e.g. 10.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]
SCALE = max(1, int(os.environ.get("KIOSK_FAULTS_SCALE", "1")))
HANG_LIMIT = 30.0
"""Seconds after which a check counts as hung (a detector, not a speed assertion: a good check takes <1 s)."""
MEMORY_LIMIT = 1_500_000_000
"""Address space the check may add to what the forked child starts with (the test process's own:
a worker that has run the UI tests already maps a GL context and Kivy)."""


def _address_space() -> int:
    """This process's mapped address space in bytes (Linux: /proc/self/statm's first field)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def _child(conn: Any, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    limit = _address_space() + MEMORY_LIMIT
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        conn.send(("ok", func(*args)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the test
        conn.send(("raised", f"{type(exc).__name__}: {exc}"))


def bounded(func: Callable[..., Any], *args: Any) -> Any:
    """``func(*args)`` in a forked child with a memory cap; fails on a hang, a crash or an exception."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(child, func, args))
    process.start()
    child.close()
    if not parent.poll(HANG_LIMIT):
        process.kill()
        process.join()
        raise AssertionError(f"{getattr(func, '__name__', func)} still running after {HANG_LIMIT:.0f} s (a hang)")
    kind, value = parent.recv()
    process.join()
    if kind != "ok":
        raise AssertionError(f"{getattr(func, '__name__', func)} raised {value}")
    return value


def kiosk_env(tmp: Path, **extra: str) -> dict[str, str]:
    """Environment for a ``kiosk`` child process on a private config, data and log dir."""
    env = {**os.environ, "KIOSK_CONFIG": str(tmp / "kiosk.toml"), "KIOSK_DATA_DIR": str(tmp / "data"),
           "KIOSK_LOG_DIR": str(tmp / "log"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.update(extra)
    return env


def run_kiosk(tmp: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120,
              preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    """``kiosk ARGS`` as a real process (a traceback there is what a staff member would see)."""
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], cwd=ROOT, env=env or kiosk_env(tmp),
                          capture_output=True, text=True, timeout=timeout, preexec_fn=preexec)


def assert_clean_failure(result: Any, *fragments: str, code: int = 1) -> None:
    """Exit ``code``, every fragment in the output, "错误：" style, no traceback, no raw SQL/English error."""
    output = (getattr(result, "stdout", "") or "") + (getattr(result, "stderr", "") or "")
    if not output and hasattr(result, "output"):
        output = result.output
    exit_code = getattr(result, "returncode", getattr(result, "exit_code", None))
    assert exit_code == code, output
    assert "Traceback" not in output, output
    assert "Error:" not in output and "sqlalchemy" not in output.lower() and "[SQL:" not in output, output
    for fragment in fragments:
        assert fragment in output, output
