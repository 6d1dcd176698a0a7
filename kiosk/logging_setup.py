"""One log file a hall can send to whoever looks after the kiosk: our lines, not the libraries'.

``<data dir>/logs/kiosk.log``, rotated at ``max_bytes`` with ``backups`` old files kept, so a
season of running never fills the disk. Each line: local time, level, logger, message (the
logger name is the context: ``kiosk.visits.service``…). Our own loggers log at INFO; the
libraries that flood a first start (fontTools' TRACE and DEBUG, alembic's plugin INFO lines,
PIL, markdown_it, Kivy's own chatter) only at WARNING. Lines also go to stderr, which systemd's
journal keeps. An uncaught exception — on the main thread or any other — is logged with its
traceback and written to the crash record that ``kiosk health`` reports.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from pathlib import Path
from types import TracebackType

from kiosk.clock import Clock
from kiosk.runstate import record_crash

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
QUIET_LIBRARIES = ("fontTools", "alembic", "PIL", "markdown_it", "kivy", "urllib3", "asyncio", "comtypes")
"""Loggers kept at WARNING: their INFO/DEBUG lines are noise to a hall (hundreds per start)."""
_HANDLER_NAME = "kiosk-log-file"


def log_path(data_dir: Path) -> Path:
    return data_dir / "logs" / "kiosk.log"


def setup_logging(
    data_dir: Path,
    clock: Clock,
    *,
    level: int = logging.INFO,
    max_bytes: int = 5 * 1024 * 1024,
    backups: int = 3,
    console: bool = True,
) -> Path:
    """Send every log line to the rotating file (and stderr); quiet the libraries; log crashes.

    Calling it twice replaces the file handler rather than doubling every line.
    """
    path = log_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() in (_HANDLER_NAME, _HANDLER_NAME + "-console"):
            root.removeHandler(handler)
            handler.close()
    formatter = logging.Formatter(LOG_FORMAT)
    file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    file_handler.set_name(_HANDLER_NAME)
    file_handler.setFormatter(formatter)
    root.addHandler(file_handler)
    # The real stderr: in Kivy's default log mode sys.stderr is a stream that logs (a loop).
    if console and sys.__stderr__ is not None:
        stream = logging.StreamHandler(sys.__stderr__)
        stream.set_name(_HANDLER_NAME + "-console")
        stream.setFormatter(formatter)
        root.addHandler(stream)
    root.setLevel(level)
    quiet_libraries()
    install_crash_hooks(data_dir, clock)
    return path


def quiet_libraries() -> None:
    """Libraries at WARNING. Call again once Kivy is imported: Kivy sets its logger's level then."""
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)


def install_crash_hooks(data_dir: Path, clock: Clock) -> None:
    """Log an uncaught exception with its traceback and keep it as the last crash."""
    log = logging.getLogger("kiosk.crash")

    def on_exception(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.critical("uncaught exception: %s", value, exc_info=(kind, value, tb))
        record_crash(data_dir, clock, f"{kind.__name__}: {value}")

    def on_thread_exception(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        log.critical("uncaught exception in thread %s: %s", getattr(args.thread, "name", "?"), args.exc_value,
                     exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        record_crash(data_dir, clock, f"{args.exc_type.__name__}: {args.exc_value}")

    sys.excepthook = on_exception
    threading.excepthook = on_thread_exception
