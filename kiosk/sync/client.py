"""The kiosk's HTTP client of the hub (httpx), with every failure as a sentence staff understand.

The transport is injectable (``httpx.MockTransport`` or a fault-injecting one in tests); the
integration tests talk to a real hub process on loopback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

TIMEOUT = httpx.Timeout(20.0, connect=5.0)


@dataclass(frozen=True)
class SyncFailure(Exception):
    """A push or pull that did not go through. ``kind`` is stable (for code), ``message`` is for staff."""

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
}


def failure(kind: str, detail: str = "", status: int | None = None) -> SyncFailure:
    message = MESSAGES[kind] + (f"（{detail}）" if detail and kind in ("refused", "forbidden") else "")
    return SyncFailure(kind, message, status)


def _from_status(response: httpx.Response) -> SyncFailure:
    try:
        detail = str(response.json().get("detail", ""))
    except ValueError:
        detail = response.text[:200]
    status = response.status_code
    if status == 401:
        return failure("token", detail, status)
    if status == 403:
        return failure("forbidden", detail, status)
    if status == 413:
        return failure("too_large", detail, status)
    if status >= 500:
        return failure("server", detail, status)
    return failure("refused", detail, status)


class HubClient:
    """Talks to one hub with one device token."""

    def __init__(self, base_url: str, token: str | None = None, *, transport: httpx.BaseTransport | None = None,
                 timeout: httpx.Timeout = TIMEOUT) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.http = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, transport=transport, timeout=timeout)

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self.http.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise failure("timeout") from exc
        except httpx.HTTPError as exc:  # connection refused, reset, DNS, a cut-off reply
            raise failure("network", str(exc)) from exc
        if response.status_code >= 400:
            raise _from_status(response)
        try:
            data = response.json()
        except ValueError as exc:
            raise failure("server", "回复不是 JSON") from exc
        if not isinstance(data, dict):
            raise failure("server", "回复不是 JSON 对象")
        return data

    def enrol(self, *, code: str, device_id: str, label: str, aliases: list[str], public_key: str) -> dict[str, Any]:
        return self._call("POST", "/api/sync/enrol", json={"code": code, "device_id": device_id, "label": label,
                                                           "aliases": aliases, "public_key": public_key})

    def push(self, body: bytes) -> dict[str, Any]:
        return self._call("POST", "/api/sync/push", content=body, headers={"content-type": "application/json"})

    def pull(self, since: int) -> dict[str, Any]:
        return self._call("GET", "/api/sync/pull", params={"since": since})
