"""Sign-in cookie, the gate in front of every page and route, and the hand-over from sign-in to cookie.

The login session lives in the database; the cookie carries only its random token, signed with the
storage secret. Any app instance can therefore check it, and signing out revokes it for all of them.
Signing in happens over the page's websocket, which cannot set a cookie, so the page receives a
one-time ticket (valid 60 s, in this process — a sticky proxy sends the browser back here) and the
browser exchanges it at /auth/continue for the HttpOnly cookie. The ticket is bound to a random nonce the
sign-in page put in a cookie of its own, so a ticket is worthless in any other browser (login CSRF).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from nicegui import Client, app, context, core, run, ui
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from domain.errors import TryAgain
from domain.ports import DomainEvent, LoginRevoked
from domain.services import accounts
from ui import icon_shapes, tailwind
from ui.calendar_route import FEED_PREFIX
from ui.context import Viewer, app_context

COOKIE = 'mentor_login'
NONCE_COOKIE = 'mentor_sign_in'
# FEED_PREFIX: the personal calendar feeds, whose secret token is their credential (N3); unsubscribing (N4)
# works without signing in, its signed token the credential.
PUBLIC_PREFIXES = (
    '/login',
    '/auth/',
    '/_nicegui',
    '/favicon.ico',
    '/health',
    FEED_PREFIX,
    tailwind.URL,
    icon_shapes.SCRIPT_URL,
    '/mail/unsubscribe',
)
UPLOAD = re.compile(r'/_nicegui/client/[^/]+/upload/')  # NiceGUI's upload endpoints: public prefix, not public
TICKET_SECONDS = 60
_tickets: dict[str, tuple[str, str, float]] = {}  # ticket → token, nonce of the asking browser, expiry
sign_in_throttle = accounts.ClientThrottle()  # failed sign-ins per client address, in this process


def client_address(peer: str | None, headers: Mapping[str, str], *, trust_proxy: bool) -> str:
    """Who is asking: the connection's address, or behind a trusted proxy the address that proxy saw
    (the last of X-Forwarded-For; anything before it is what the client claimed)."""
    forwarded = headers.get('x-forwarded-for', '') if trust_proxy else ''
    last = forwarded.rsplit(',', 1)[-1].strip()
    return last or peer or 'unknown'


def _signature(token: str) -> str:
    secret = app_context().settings.storage_secret.encode()
    return hmac.new(secret, token.encode(), hashlib.sha256).hexdigest()[:32]


def cookie_value(token: str) -> str:
    return f'{token}.{_signature(token)}'


def token_from_cookie(value: str | None) -> str | None:
    """The token of a correctly signed cookie; anything else, however malformed, is None (not signed in)."""
    if not value or '.' not in value or not value.isascii():
        return None  # a token or signature we made is ASCII; compare_digest refuses anything else
    token, signature = value.rsplit('.', 1)
    return token if hmac.compare_digest(signature, _signature(token)) else None


def issue_ticket(token: str, nonce: str) -> str:
    """A one-time ticket that the browser holding `nonce` in its NONCE_COOKIE trades for the login cookie."""
    now = time.monotonic()
    for stale in [key for key, (_, _, expiry) in _tickets.items() if expiry < now]:
        del _tickets[stale]
    ticket = secrets.token_urlsafe(24)
    _tickets[ticket] = (token, nonce, now + TICKET_SECONDS)
    return ticket


def _redeem_ticket(ticket: str, nonce: str | None) -> str | None:
    """The ticket's token, once, and only for the browser it was issued to (another browser cannot burn it)."""
    token, expected, expiry = _tickets.get(ticket, ('', '', 0.0))
    if not token or not nonce or not nonce.isascii() or not hmac.compare_digest(nonce, expected):
        return None
    del _tickets[ticket]
    return token if expiry >= time.monotonic() else None


def sign_in_nonce(request: Request) -> str:
    """The nonce of the browser asking for the sign-in page (set by the gate on that page's response)."""
    nonce = getattr(request.state, 'sign_in_nonce', None)
    if not isinstance(nonce, str):
        raise RuntimeError('sign-in page served without the sign-in gate')
    return nonce


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
    return Viewer(user=user, time_zone=login.time_zone, token=token, login_ends_at=login.expires_at)


class SignInGate(BaseHTTPMiddleware):
    """Every request but the public ones needs a valid login; anonymous visitors go to sign-in."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        path = request.url.path
        if path == '/login':
            return await _with_nonce(request, call_next)
        upload = UPLOAD.match(path) is not None
        if path.startswith(PUBLIC_PREFIXES) and not upload:
            return await call_next(request)
        try:
            viewer = await _viewer_for(token_from_cookie(request.cookies.get(COOKIE)))
        except TryAgain as error:
            return Response(error.message, status_code=503, media_type='text/plain')
        if viewer is None and upload:  # refused before a byte of the body is read
            return Response('Sign in to upload.', status_code=403, media_type='text/plain')
        if viewer is None:
            target = path + (f'?{request.url.query}' if request.url.query else '')
            response = RedirectResponse(f'/login?redirect_to={quote(target)}', status_code=303)
            response.delete_cookie(COOKIE)
            return response
        request.state.viewer = viewer
        return await call_next(request)


async def _with_nonce(request: Request, call_next: RequestResponseEndpoint) -> Response:
    """The sign-in page, with the browser's nonce cookie (kept when it has a well-formed one already)."""
    nonce = request.cookies.get(NONCE_COOKIE, '')
    fresh = not (nonce.isascii() and 20 <= len(nonce) <= 64)
    if fresh:
        nonce = secrets.token_urlsafe(24)
    request.state.sign_in_nonce = nonce
    response = await call_next(request)
    if fresh:
        secure = app_context().settings.secure_cookies
        response.set_cookie(NONCE_COOKIE, nonce, max_age=24 * 3600, httponly=True, samesite='lax', secure=secure)
    return response


async def _revoke(token: str | None) -> None:
    if token is not None:
        context = app_context()
        await run.io_bound(accounts.sign_out, context.uow_factory(), token, context.clock())


@dataclass
class _OpenPage:
    token: str
    token_hash: str
    checked_at: float = 0.0  # when its login was last read (monotonic); never: its first action reads it
    ended: bool = False
    leaving: bool = False  # it signs out itself and goes to sign-in on its own: the event need not send it


_open_pages: dict[str, _OpenPage] = {}  # NiceGUI client id → the login the page was opened with
LOGIN_RECHECK_SECONDS = 1.0


def watch_login(viewer: Viewer) -> None:
    """R1: the current page ends when its login does (a sign-out anywhere, on any instance, arrives as an event;
    an expiry is a timer of the page), and each of its actions re-checks the login (at most once a second): the
    page is sent to sign-in."""
    client = context.client
    _open_pages[client.id] = _OpenPage(viewer.token, accounts.token_hash(viewer.token))
    expiry = None
    if viewer.login_ends_at is not None and core.loop is not None:  # an expired login ends its pages too
        wait = (viewer.login_ends_at - app_context().clock()).total_seconds()
        expiry = core.loop.call_later(max(wait, 0.0), _expire, client.id)

    def forget() -> None:
        _open_pages.pop(client.id, None)
        if expiry is not None:
            expiry.cancel()

    client.on_delete(forget)


def _expire(client_id: str) -> None:
    page = _open_pages.get(client_id)
    if page is not None and not page.ended:
        _end(client_id, page)


def leave_page() -> None:
    """The current page is signing out and navigates itself; the sign-out's event leaves it alone."""
    page = _open_pages.get(context.client.id)
    if page is not None:
        page.leaving = True


def end_revoked_pages(events: Sequence[DomainEvent]) -> None:
    """Subscriber of the event bus and of the cross-instance listener (any thread)."""
    revoked = {event.token_hash for event in events if isinstance(event, LoginRevoked)}
    loop = core.loop
    if revoked and loop is not None and not loop.is_closed():
        loop.call_soon_threadsafe(_end_pages, revoked)


def _end_pages(revoked: set[str]) -> None:
    for client_id, page in list(_open_pages.items()):
        if page.token_hash in revoked and not page.leaving:
            _end(client_id, page)


def _end(client_id: str, page: _OpenPage) -> None:
    page.ended = True
    client = Client.instances.get(client_id)
    if client is not None:
        with client:
            ui.navigate.to('/login')


def page_may_act(client_id: str) -> bool:
    """False, and the page is sent to sign-in, once the login the page was opened with has ended."""
    page = _open_pages.get(client_id)
    if page is None:
        return True  # the sign-in page, or no page at all
    now = time.monotonic()
    if not page.ended and now - page.checked_at >= LOGIN_RECHECK_SECONDS:
        page.checked_at = now
        context = app_context()
        try:  # a short indexed read, inline: the action must not overtake it
            found = accounts.user_for_token(context.uow_factory(read_only=True), page.token, context.clock())
        except TryAgain:
            return True  # the action itself will meet the outage and say so
        if found is None:
            _end(client_id, page)
    return not page.ended


def viewer_of(request: Request) -> Viewer:
    viewer = getattr(request.state, 'viewer', None)
    if not isinstance(viewer, Viewer):
        raise RuntimeError('page served without the sign-in gate')
    return viewer


def install_routes() -> None:
    app.add_middleware(SignInGate)

    @app.get('/auth/continue')
    def finish_sign_in(request: Request, ticket: str = '', redirect_to: str = '/') -> Response:
        token = _redeem_ticket(ticket, request.cookies.get(NONCE_COOKIE))
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
    async def signed_out(request: Request) -> Response:
        """Where every sign-out ends: the login is revoked on the server, then the cookie goes. A link from
        another site signs nobody out (logout CSRF)."""
        if request.headers.get('sec-fetch-site') == 'cross-site':
            return RedirectResponse('/', status_code=303)
        try:
            await _revoke(token_from_cookie(request.cookies.get(COOKIE)))
        except TryAgain as error:
            return Response(error.message, status_code=503, media_type='text/plain')
        response = RedirectResponse('/login', status_code=303)
        response.delete_cookie(COOKIE)
        return response
