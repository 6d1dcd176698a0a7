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
import secrets

from fastapi import Request, Response
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

CSRF_COOKIE = "kiosk_csrf"
SESSION_COOKIE = "kiosk_staff"
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault("Cache-Control", "no-store")
        return response


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


def client_key(request: Request) -> str:
    """The client's address for rate limits (the direct peer; a proxy in front must pass the real one)."""
    return request.client.host if request.client else "unknown"
