"""A sync failure as a sentence staff understand, without the HTTP client behind it.

Its own module so that the sync service and the background thread can name failures without
importing httpx: the kiosk imports the HTTP client only when it first talks to the hub, not
before its first frame (issue 13).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(eq=False)
class SyncFailure(Exception):
    """A push or pull that did not go through. ``kind`` is stable (for code), ``message`` is for staff.

    Not a frozen dataclass: Python code sets ``__traceback__`` on an exception passing through a
    ``@contextmanager`` (``Database.transaction``), which a frozen one refused with FrozenInstanceError,
    hiding the sentence. ``eq=False`` keeps exceptions hashable and compared by identity."""

    kind: str
    message: str
    status: int | None = None

    def __str__(self) -> str:
        return self.message


MESSAGES = {
    "network": "网络不通：连不上区级中心，记录都保存在本机，恢复后会自动上传。",
    "timeout": "中心响应超时：记录都保存在本机，稍后会自动重试。",
    "token": "令牌无效：本机的登记已失效或被吊销，请向中心申请新的登记码并重新登记（kiosk sync enrol）。",
    "forbidden": "中心拒收：这些记录不属于本机登记的展馆或设备，请检查本馆编号设置。",
    "refused": "中心拒收了数据：请把此信息告诉技术人员。",
    "too_large": "一次上传的数据太多：已自动减小批量重试。",
    "server": "中心出错：记录都保存在本机，稍后会自动重试。",
    "not_enrolled": "本机尚未登记到区级中心（kiosk sync enrol）。",
    "no_address": "本机经 U 盘登记，不知道区级中心的网络地址：请用 U 盘传送记录，"
                  "或联网后运行 kiosk sync enrol --file 接入文件 --hub 中心地址。",
}


def failure(kind: str, detail: str = "", status: int | None = None) -> SyncFailure:
    message = MESSAGES[kind] + (f"（{detail}）" if detail and kind in ("refused", "forbidden") else "")
    return SyncFailure(kind, message, status)
