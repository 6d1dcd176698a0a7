"""A pure ASGI middleware that refuses an oversized request body with 413 before it is read.

A body must declare its Content-Length (httpx always does; a chunked upload gets 411), and a
length above the limit is refused at once: the route never runs and nothing is written, and a
50 MB body costs the hub nothing (uvicorn's HTTP parser holds the stream to the declared length).
"""

from __future__ import annotations

import json
from typing import Any

BODY_METHODS = {"POST", "PUT", "PATCH"}


class BodyLimit:
    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope.get("method") in BODY_METHODS:
            length = dict(scope.get("headers", [])).get(b"content-length")
            if length is None or not length.isdigit():
                if dict(scope.get("headers", [])).get(b"transfer-encoding"):
                    await _refuse(send, 411, "请求须带 Content-Length")
                    return
            elif int(length) > self.max_bytes:
                await _refuse(send, 413, f"请求太大（上限 {self.max_bytes} 字节）")
                return
        await self.app(scope, receive, send)


async def _refuse(send: Any, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
