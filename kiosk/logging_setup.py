"""One log file a hall can send to whoever looks after the kiosk: our lines, not the libraries'.

``<data dir>/logs/kiosk.log`` (``$KIOSK_LOG_DIR/kiosk.log`` when that is set), for the app and for
every ``kiosk`` command alike (the CLI's failure details go there too: see ``kiosk.cli_errors``),
rotated at ``max_bytes`` with ``backups`` old files kept, so a
season of running never fills the disk. Each line: local time, level, logger, message (the
logger name is the context: ``kiosk.visits.service``…). Our own loggers log at INFO; the
libraries that flood a first start (fontTools' TRACE and DEBUG, alembic's plugin INFO lines,
PIL, markdown_it, Kivy's own chatter) only at WARNING — Kivy's before it is even imported, through
its ``KCFG_KIVY_LOG_LEVEL`` setting and the Python log mode (no handlers or log file of its own).
WARNING and worse also go to stderr, which systemd's journal keeps: the console is quiet by
default (``kiosk snapshot`` prints its file list, not the libraries' start-up lines). An uncaught exception — on the main thread or any other — is logged with its
traceback and written to the crash record that ``kiosk health`` reports.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
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
CLI_HANDLER_NAME = "kiosk-cli-log-file"
"""The CLI's WARNING handler on the same file (``kiosk.cli_errors``); ``setup_logging`` replaces it."""
LOG_NAME = "kiosk.log"


def log_path(data_dir: Path) -> Path:
    """The one log file: ``$KIOSK_LOG_DIR/kiosk.log`` if set, else ``<data dir>/logs/kiosk.log``."""
    env = os.environ.get("KIOSK_LOG_DIR")
    return (Path(env) if env else data_dir / "logs") / LOG_NAME


def kivy_logs_through_python() -> None:
    """Before Kivy is imported: its records go through our handlers (no Kivy console handler, no
    ~/.kivy/logs file, no stderr redirection) and its logger starts at WARNING, so its start-up
    INFO lines (version, GL, providers) never reach the log. Forced: a hall's environment may set
    ``KIVY_LOG_MODE=KIVY``, which would put Kivy's handlers on the root logger."""
    os.environ["KIVY_LOG_MODE"] = "PYTHON"
    os.environ["KCFG_KIVY_LOG_LEVEL"] = "warning"


def setup_logging(
    data_dir: Path,
    clock: Clock,
    *,
    level: int = logging.INFO,
    max_bytes: int = 5 * 1024 * 1024,
    backups: int = 3,
    console: bool = True,
    console_level: int = logging.WARNING,
) -> Path:
    """Send every log line to the rotating file (WARNING and worse also to stderr); quiet the
    libraries; log crashes.

    Calling it twice replaces the file handler rather than doubling every line.
    """
    kivy_logs_through_python()
    path = log_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() in (_HANDLER_NAME, _HANDLER_NAME + "-console", CLI_HANDLER_NAME):
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
        stream.setLevel(console_level)
        stream.setFormatter(formatter)
        root.addHandler(stream)
    root.setLevel(level)
    quiet_libraries()
    install_crash_hooks(data_dir, clock)
    return path


def quiet_console() -> None:
    """A command that opens a window without the app's log file (``kiosk snapshot``): WARNING and
    worse to stderr, the libraries quiet, Kivy through Python logging. Call before Kivy is imported."""
    kivy_logs_through_python()
    root = logging.getLogger()
    if not any(h.get_name() == _HANDLER_NAME + "-console" for h in root.handlers) and sys.__stderr__ is not None:
        stream = logging.StreamHandler(sys.__stderr__)
        stream.set_name(_HANDLER_NAME + "-console")
        stream.setLevel(logging.WARNING)
        stream.setFormatter(logging.Formatter(LOG_FORMAT))
        root.addHandler(stream)
    quiet_libraries()


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
