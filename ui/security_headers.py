"""Headers on every response that tell browsers not to sniff, frame or leak the app's addresses, and, when the
app is served over HTTPS (MENTOR_SECURE_COOKIES=1), to use nothing else (HSTS)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from nicegui import app
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.types import ASGIApp

HEADERS = {
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': "frame-ancestors 'none'",
    'Referrer-Policy': 'same-origin',
}
HSTS = 'max-age=31536000'  # a year; no includeSubDomains: other hosts of the domain are not ours to decide


class SecurityHeaders(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, *, https_only: bool) -> None:
        super().__init__(app)
        self.headers = HEADERS | ({'Strict-Transport-Security': HSTS} if https_only else {})

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response


def install_security_headers(*, https_only: bool) -> None:
    app.add_middleware(SecurityHeaders, https_only=https_only)
