"""One error style for every ``kiosk`` command: "错误：<一句中文>" on stderr, never a traceback.

How it works, and why nobody has to do anything for it: the top-level ``kiosk`` group is a
:class:`KioskGroup`. Every subcommand — of every group, including groups added later with
``main.add_command(...)`` — runs inside ``KioskGroup.invoke``, and every subcommand's options are
parsed there too. So the one ``invoke`` (and ``make_context`` for the top level's own options)
turns whatever escapes into a :class:`KioskCliError` that click prints and exits with:

* click's own usage errors ("Missing option '--headcount'", "'abc' is not a valid integer") →
  the same sentence in Chinese plus a usage line; exit 2.
* our refusals (``click.ClickException`` of any kind, ``ConfigError``, ``DatabaseError``, any
  exception whose message is already Chinese) → "错误：<message>"; exit as the exception says (1).
* database failures (locked, read-only, disk full, corrupt page, not a database) and file-system
  errors (NotADirectoryError, ENOSPC, EACCES…) → a sentence from :mod:`kiosk.store.failures`;
  the raw SQL, driver and URL go to the log file only; exit 1.
* anything else → "错误：程序内部出错…" with the log file's path; exit 1.

A new command group therefore only raises: ``raise click.ClickException("中文句子")`` or its own
``XxxError("中文句子")``. The technical detail of every failure goes to the kiosk's one log file,
``<data dir>/logs/kiosk.log`` of the config the command runs on (``KIOSK_LOG_DIR`` overrides it,
as for the app: ``kiosk.logging_setup.log_path``); only when no config can be read does it go to
``kiosk.log`` in the user log folder. If even that cannot be written (the disk is full) the
message is still printed, without the note.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path
from typing import IO, Any

import click

from kiosk.cli_help import usage_words

log = logging.getLogger("kiosk.cli")
LOG_NAME = "kiosk.log"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_handler: logging.Handler | None = None


def log_path() -> Path:
    """Where the CLI writes technical details of failures: the app's log file of the config the
    command runs on (``--config``, else ``KIOSK_CONFIG`` or the default), one place for both."""
    from kiosk.config import APP_NAME, ConfigError, load_config
    from kiosk.logging_setup import log_path as kiosk_log_path

    if os.environ.get("KIOSK_LOG_DIR"):
        return kiosk_log_path(Path("."))
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    try:
        config = load_config(obj.get("config_path") if isinstance(obj, dict) else None)
        return kiosk_log_path(config.data_path)
    except (ConfigError, OSError, ValueError):
        import platformdirs

        return Path(platformdirs.user_log_dir(APP_NAME)) / LOG_NAME


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """The log file, found when the first line is written (the command's ``--config`` is parsed by
    then), size-capped like the app's; silent if the file cannot be written."""

    def __init__(self) -> None:
        super().__init__(os.devnull, maxBytes=5 * 1024 * 1024, backupCount=3, encoding="utf-8", delay=True)

    def emit(self, record: logging.LogRecord) -> None:
        if self.stream is None:
            path = log_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            self.baseFilename = os.path.abspath(path)
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        pass


def install_logging() -> None:
    """Send WARNING and worse of every logger to the log file, never to the terminal.

    Without a handler, Python's last-resort handler prints a logged exception's traceback to
    stderr (a check-in that could not be written showed the right sentence *and* a traceback).
    """
    global _handler
    if _handler is not None and _handler in logging.getLogger().handlers:
        return
    from kiosk.logging_setup import CLI_HANDLER_NAME

    handler = _QuietFileHandler()
    handler.set_name(CLI_HANDLER_NAME)  # ``kiosk run`` replaces it with the app's own handler
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.raiseExceptions = False
    _handler = handler


def _logged(exc: BaseException, what: str) -> str:
    """Log ``exc`` with its traceback; return the note that tells where (empty if not written)."""
    install_logging()
    log.error("%s: %s", what, exc, exc_info=exc)
    path = log_path()
    try:
        if path.is_file() and path.stat().st_size > 0:
            return f"（技术细节已记入 {path}）"
    except OSError:
        pass
    return ""


class KioskCliError(click.ClickException):
    """A failure as the CLI shows it: "错误：<sentence>" on stderr."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it a ClassVar; per error here (2 for usage)

    def show(self, file: IO[Any] | None = None) -> None:
        message = self.format_message()
        click.echo(message if message.startswith("错误：") else f"错误：{message}", err=True, file=file)


class KioskUsageError(KioskCliError):
    """click's usage error in Chinese, with the command's usage line; exit 2."""

    def __init__(self, message: str, ctx: click.Context | None) -> None:
        super().__init__(message, exit_code=2)
        self.ctx = ctx

    def show(self, file: IO[Any] | None = None) -> None:
        super().show(file)
        if self.ctx is not None:
            pieces = " ".join(self.ctx.command.collect_usage_pieces(self.ctx))
            pieces = usage_words(pieces)
            click.echo(f"用法：{self.ctx.command_path} {pieces}".rstrip(), err=True, file=file)
            click.echo(f"运行 {self.ctx.command_path} --help 查看说明。", err=True, file=file)


# ------------------------------------------------------------------------ click's words in Chinese

_VALUE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), replacement)
    for pattern, replacement in (
        (r"^(.*) is not a valid integer( range)?\.$", r"\1 不是整数"),
        (r"^(.*) is not a valid float( range)?\.$", r"\1 不是数字"),
        (r"^(.*) is not in the range (.*)\.$", r"\1 超出允许的范围（\2）"),
        (r"^(.*) is not a valid boolean.*$", r"\1 应为 true 或 false"),
        (r"^(.*) is not a valid UUID\.$", r"\1 不是有效的编号（UUID）"),
        (r"^(.*) is not one of (.*)\.$", r"\1 不在可选值之内：\2"),
        (r"^(.*) is not (.*)\.$", r"\1 应为 \2"),
        (r"^(?:File|Path|Directory) (.*) does not exist\.$", r"\1 不存在"),
        (r"^(?:File|Path|Directory) (.*) is a directory\.$", r"\1 是文件夹，这里需要文件"),
        (r"^(?:File|Path|Directory) (.*) is a file\.$", r"\1 是文件，这里需要文件夹"),
        (r"^(?:File|Path|Directory) (.*) is not readable\.$", r"\1 没有读取权限"),
        (r"^(?:File|Path|Directory) (.*) is not writable\.$", r"\1 没有写入权限"),
    )
)


def _param_label(exc: click.BadParameter | click.MissingParameter) -> str:
    param = exc.param
    if param is None:
        hint = exc.param_hint
        return " / ".join(hint) if isinstance(hint, (list, tuple)) else str(hint or "参数")
    if isinstance(param, click.Option):
        return " / ".join(param.opts)
    return (param.human_readable_name or param.name or "参数").upper()


def _value_sentence(message: str) -> str:
    if _CJK.search(message):
        return message
    for pattern, replacement in _VALUE_MESSAGES:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return f"取值无效（{message}）"


def translate_usage_error(exc: click.UsageError) -> str:
    """click's English usage error as a Chinese sentence (messages already Chinese are kept)."""
    if isinstance(exc, click.MissingParameter):
        label = _param_label(exc)
        kind = "参数" if isinstance(exc.param, click.Argument) else "选项"
        return f"缺少{kind} {label}"
    if isinstance(exc, click.NoSuchOption):
        hint = f"（是不是要用 {'、'.join(sorted(exc.possibilities))}？）" if exc.possibilities else ""
        return f"没有这个选项：{exc.option_name}{hint}"
    if isinstance(exc, click.BadParameter):
        return f"{_param_label(exc)} 的值不对：{_value_sentence(exc.message)}"
    message = exc.message
    if _CJK.search(message):
        return message
    patterns = (
        (r"^No such command '(.*)'\.$", r"没有这个命令：\1"),
        (r"^Missing command\.$", "缺少子命令"),
        (r"^Got unexpected extra arguments? \((.*)\)$", r"多余的参数：\1"),
        (r"^Option '(.*)' requires an argument\.$", r"选项 \1 后面需要一个值"),
        (r"^Option '(.*)' requires (\d+) arguments\.$", r"选项 \1 后面需要 \2 个值"),
        (r"^Option '(.*)' does not take a value\.$", r"选项 \1 后面不能带值"),
        (r"^Argument '(.*)' takes (\d+) values\.$", r"参数 \1 需要 \2 个值"),
    )
    for pattern, replacement in patterns:
        if re.match(pattern, message):
            return re.sub(pattern, replacement, message)
    return f"命令用法不对（{message}）"


# ---------------------------------------------------------------------------- every other failure


def translate_failure(exc: Exception) -> KioskCliError:
    """Whatever a command raised, as the error the CLI shows (technical detail logged)."""
    from kiosk.store.failures import describe_database_failure, describe_os_error, is_database_failure

    if isinstance(exc, KioskCliError):
        return exc
    if isinstance(exc, click.ClickException):
        return KioskCliError(exc.format_message(), exc.exit_code)
    if _CJK.search(str(exc)) and not _is_driver_error(exc) and not isinstance(exc, OSError):
        if exc.__cause__ is not None:
            _logged(exc.__cause__, f"refused: {exc}")
        return KioskCliError(str(exc))  # our own errors (ConfigError, DatabaseError, …) carry their sentence
    if is_database_failure(exc):
        note = _logged(exc, "database failure")
        return KioskCliError(f"{describe_database_failure(exc)}{note}")
    if isinstance(exc, OSError):
        sentence = describe_os_error(exc)
        note = _logged(exc, "file system failure")
        return KioskCliError(f"{sentence or '读写文件失败'}{note}")
    if isinstance(exc, MemoryError):
        note = _logged(exc, "out of memory")
        return KioskCliError(f"内存不足，操作未完成（输入的文件是否过大？）{note}")
    note = _logged(exc, "unexpected failure")
    return KioskCliError(f"程序内部出错，操作未完成{note or '（详细原因已记入日志）'}")


def _is_driver_error(exc: BaseException) -> bool:
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(exc, SQLAlchemyError) or type(exc).__module__.startswith(("sqlite3", "psycopg"))


class KioskGroup(click.Group):
    """The ``kiosk`` group: runs every subcommand inside the one error style (see module doc)."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        install_logging()
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            raise KioskUsageError(translate_usage_error(exc), exc.ctx) from exc

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.Abort, KioskCliError):
            raise
        except click.UsageError as exc:
            raise KioskUsageError(translate_usage_error(exc), exc.ctx) from exc
        except BrokenPipeError:
            raise
        except (KeyboardInterrupt, EOFError):
            raise
        except Exception as exc:  # noqa: BLE001 - the one place that turns every failure into a sentence
            raise translate_failure(exc) from exc


__all__ = ["KioskCliError", "KioskGroup", "KioskUsageError", "install_logging", "log_path",
           "translate_failure", "translate_usage_error"]
