"""Sign-in cookie, the gate in front of every page and route, and the hand-over from sign-in to cookie.

The login session lives in the database; the cookie carries only its random token, signed with the
storage secret. Any app instance can therefore check it, and signing out revokes it for all of them.
Signing in happens over the page's websocket, which cannot set a cookie, so the page receives a
one-time ticket (valid 60 s, in this process — a sticky proxy sends the browser back here) and the
browser exchanges it at /auth/continue for the HttpOnly cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from nicegui import app, run
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from domain.errors import TryAgain
from domain.services import accounts
from ui import tailwind
from ui.calendar_route import FEED_PREFIX
from ui.context import Viewer, app_context

COOKIE = 'mentor_login'
# FEED_PREFIX: the personal calendar feeds, whose secret token is their credential (N3).
PUBLIC_PREFIXES = (
    '/login',
    '/auth/',
    '/_nicegui',
    '/favicon.ico',
    '/health',
    FEED_PREFIX,
    tailwind.URL,
    '/mail/unsubscribe',
)
TICKET_SECONDS = 60
_tickets: dict[str, tuple[str, float]] = {}


def _signature(token: str) -> str:
    secret = app_context().settings.storage_secret.encode()
    return hmac.new(secret, token.encode(), hashlib.sha256).hexdigest()[:32]


def cookie_value(token: str) -> str:
    return f'{token}.{_signature(token)}'


def token_from_cookie(value: str | None) -> str | None:
    if not value or '.' not in value:
        return None
    token, signature = value.rsplit('.', 1)
    return token if hmac.compare_digest(signature, _signature(token)) else None


def issue_ticket(token: str) -> str:
    """A one-time ticket the browser trades for the login cookie."""
    now = time.monotonic()
    for stale in [key for key, (_, expiry) in _tickets.items() if expiry < now]:
        del _tickets[stale]
    ticket = secrets.token_urlsafe(24)
    _tickets[ticket] = (token, now + TICKET_SECONDS)
    return ticket


def _redeem_ticket(ticket: str) -> str | None:
    token, expiry = _tickets.pop(ticket, ('', 0.0))
    return token if token and expiry >= time.monotonic() else None


def safe_next(target: str | None) -> str:
    """Only paths on this site: never an open redirect."""
    if not target or not target.startswith('/') or target.startswith('//') or '\\' in target:
        return '/'
    return target


async def _viewer_for(token: str | None) -> Viewer | None:
    if token is None:
        return None
    context = app_context()
    found = await run.io_bound(accounts.user_for_token, context.uow_factory(read_only=True), token, context.clock())
    if not found:
        return None
    user, login = found
    return Viewer(user=user, time_zone=login.time_zone, token=token)


class SignInGate(BaseHTTPMiddleware):
    """Every request but the public ones needs a valid login; anonymous visitors go to sign-in."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        path = request.url.path
        if path.startswith(PUBLIC_PREFIXES):
            return await call_next(request)
        try:
            viewer = await _viewer_for(token_from_cookie(request.cookies.get(COOKIE)))
        except TryAgain as error:
            return Response(error.message, status_code=503, media_type='text/plain')
        if viewer is None:
            target = path + (f'?{request.url.query}' if request.url.query else '')
            response = RedirectResponse(f'/login?redirect_to={quote(target)}', status_code=303)
            response.delete_cookie(COOKIE)
            return response
        request.state.viewer = viewer
        return await call_next(request)


def viewer_of(request: Request) -> Viewer:
    viewer = getattr(request.state, 'viewer', None)
    if not isinstance(viewer, Viewer):
        raise RuntimeError('page served without the sign-in gate')
    return viewer


def install_routes() -> None:
    app.add_middleware(SignInGate)

    @app.get('/auth/continue')
    def finish_sign_in(ticket: str = '', redirect_to: str = '/') -> Response:
        token = _redeem_ticket(ticket)
        if token is None:
            return RedirectResponse('/login?expired=1', status_code=303)
        response = RedirectResponse(safe_next(redirect_to), status_code=303)
        response.set_cookie(
            COOKIE,
            cookie_value(token),
            max_age=14 * 24 * 3600,
            httponly=True,
            samesite='lax',
            secure=app_context().settings.secure_cookies,
        )
        return response

    @app.get('/auth/signed-out')
    def signed_out() -> Response:
        response = RedirectResponse('/login', status_code=303)
        response.delete_cookie(COOKIE)
        return response
