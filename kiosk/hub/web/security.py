"""Security headers on every response, and CSRF tokens for every form (double-submit cookie).

CSP allows only this site's own styles and images, no scripts at all, and no framing
(``frame-ancestors 'none'`` plus ``X-Frame-Options: DENY`` for old browsers). ``Referrer-Policy:
no-referrer`` keeps the private manage link out of any other site's logs.

CSRF: every page with a form sets a random ``kiosk_csrf`` cookie (SameSite=Strict, HttpOnly) and
puts the same value in a hidden field; a POST whose field does not equal its cookie is refused.
Staff forms carry the session's own CSRF token instead (checked against the session).
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Iterable, Sequence

from fastapi import Request, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "kiosk_csrf"
SESSION_COOKIE = "kiosk_staff"
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")


class SecurityHeaders:
    """The headers above on every HTTP response: a pure ASGI middleware.

    Not Starlette's ``BaseHTTPMiddleware``: that runs each request in a task of its own behind a
    memory stream, a tenth of the hub's busy time per 1,000-fact push (bench/bench_sync.py's hub
    profile); here the response start message only gains its headers on the way out.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CSP)
                headers["X-Frame-Options"] = "DENY"
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def csrf_for(request: Request) -> str:
    """The CSRF token of this browser (kept in request.state until the response sets the cookie)."""
    token = getattr(request.state, "csrf", None) or request.cookies.get(CSRF_COOKIE)
    if not token or len(token) > 100:
        token = secrets.token_urlsafe(32)
    request.state.csrf = token
    return token


def set_csrf_cookie(request: Request, response: Response, *, secure: bool) -> None:
    token = getattr(request.state, "csrf", None)
    if token and request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, secure=secure, samesite="strict", path="/")


def csrf_ok(request: Request, submitted: str | None) -> bool:
    """Whether a POST's form token equals this browser's CSRF cookie."""
    cookie = request.cookies.get(CSRF_COOKIE)
    return bool(cookie and submitted and hmac.compare_digest(cookie.encode(), submitted.encode()))


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def proxy_networks(addresses: Iterable[str]) -> tuple[Network, ...]:
    """The hub setting ``trusted_proxies`` as networks (a bare address is a one-address network)."""
    return tuple(ipaddress.ip_network(a, strict=False) for a in addresses)


def _trusted(address: str, proxies: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in net for net in proxies)


def client_key(request: Request, proxies: Sequence[Network] = ()) -> str:
    """The client's address for rate limits.

    The direct peer, unless the peer is one of the trusted ``proxies``: then ``X-Forwarded-For`` is
    read from the right, skipping trusted proxies, and the first address not ours is the client's
    (what a client wrote to the left of it is its own claim and is not believed). With no trusted
    proxies the header is ignored entirely.
    """
    peer = request.client.host if request.client else "unknown"
    if not proxies or not _trusted(peer, proxies):
        return peer
    hops = [h.strip() for h in ",".join(request.headers.getlist("x-forwarded-for")).split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # garbage where an address should be: fall back to the proxy (strict)
    return hops[0] if hops else peer
