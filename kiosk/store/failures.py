"""What a database or file-system failure means, as one Chinese sentence a staff member can act on.

The CLI's error handler (kiosk.cli_errors) and :func:`kiosk.store.db.open_database` both use it, so
"database is locked" reads the same wherever it happens. Raw SQL, driver names and library URLs
never reach the sentence; they go to the log with the exception.
"""

from __future__ import annotations

import errno

_SQLITE_MESSAGES: tuple[tuple[str, str], ...] = (
    ("database is locked", "数据库正被另一个程序占用（例如另一台终端程序或另一条 kiosk 命令），请稍后再试"),
    ("database table is locked", "数据库正被另一个程序占用，请稍后再试"),
    ("readonly database", "数据库文件是只读的，无法写入：请检查文件和所在文件夹的权限，或磁盘是否以只读方式挂载"),
    ("read-only", "数据库文件是只读的，无法写入：请检查文件和所在文件夹的权限，或磁盘是否以只读方式挂载"),
    ("disk is full", "磁盘已满，无法写入数据库：请清理磁盘空间后再试（本次操作未保存）"),
    ("disk image is malformed", "数据库文件已损坏：请停止使用本机，把数据库文件备份后交技术人员修复（kiosk 不会改动它）"),
    ("file is not a database", "这个文件不是 kiosk 的数据库（可能已损坏或被其他文件覆盖）：请检查 db_url / data_dir 设置"),
    ("file is encrypted", "这个文件不是 kiosk 的数据库（可能已损坏或被其他文件覆盖）：请检查 db_url / data_dir 设置"),
    ("unable to open database file", "无法打开数据库文件：请检查数据目录是否存在、是否可写"),
    ("disk i/o error", "读写磁盘出错：请检查磁盘（移动硬盘是否松动、磁盘是否损坏）"),
    ("connection refused", "连接不上数据库服务器：请确认服务器已启动、地址和端口正确"),
    ("could not translate host name", "找不到数据库服务器：请检查 db_url 中的主机名"),
    ("password authentication failed", "数据库拒绝了用户名或密码：请检查 db_url"),
    ("timeout expired", "连接数据库服务器超时：请检查网络和服务器"),
)

_ERRNO_MESSAGES = {
    errno.ENOSPC: "磁盘已满，无法写入：请清理磁盘空间后再试（本次操作未保存）",
    errno.EDQUOT: "磁盘配额已用完，无法写入：请清理空间后再试",
    errno.EROFS: "磁盘以只读方式挂载，无法写入",
    errno.EACCES: "没有权限访问该文件或文件夹",
    errno.EPERM: "没有权限访问该文件或文件夹",
    errno.ENOTDIR: "路径中有一段是文件而不是文件夹：请检查 data_dir / 输出路径设置",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EFBIG: "文件太大，超出了系统允许的大小（磁盘或配额已满？）",
    errno.EIO: "读写磁盘出错：请检查磁盘",
}


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def describe_database_failure(exc: BaseException) -> str:
    """A Chinese sentence for a database/driver failure anywhere in ``exc``'s chain (never raw SQL)."""
    for link in _chain(exc):
        os_sentence = describe_os_error(link) if isinstance(link, OSError) else None
        if os_sentence:
            return os_sentence
        text = str(getattr(link, "orig", None) or link).lower()
        for needle, sentence in _SQLITE_MESSAGES:
            if needle in text:
                return sentence
    return "数据库操作失败（详细原因已记入日志）"


def describe_os_error(exc: OSError) -> str | None:
    """A Chinese sentence for a file-system error, naming the file when known; None if unknown."""
    sentence = _ERRNO_MESSAGES.get(exc.errno or -1)
    if sentence is None:
        return None
    name = exc.filename
    return f"{sentence}：{name}" if name else sentence


def is_database_failure(exc: BaseException) -> bool:
    """True when ``exc`` is (or wraps) a DB-API / SQLAlchemy error."""
    from sqlalchemy.exc import SQLAlchemyError

    for link in _chain(exc):
        if isinstance(link, SQLAlchemyError):
            return True
        module = type(link).__module__
        if module.startswith(("sqlite3", "psycopg")):
            return True
    return False
