"""N3: `GET /calendar/{token}.ics` — a user's personal calendar feed, for calendar apps to subscribe to.

Outside the sign-in gate: the secret token in the address is the credential (a calendar app has no cookie).
A malformed, unknown or revoked token is a plain 404. Each answer carries an ETag taken from the bytes, and a
poll that sends it back (If-None-Match) gets 304 without the body.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import PlainTextResponse, Response
from nicegui import app

from domain.calendar import ICS_MEDIA_TYPE
from domain.errors import NotFound, TryAgain
from domain.services import calendars
from ui.context import app_context
from ui.feedback import attempt

FEED_PREFIX = '/calendar/'
FEED_PATH = FEED_PREFIX + '{token}.ics'


def feed_address(token: str) -> str:
    """The webcal:// address of a feed: the app's public address with the calendar scheme."""
    public = app_context().settings.public_address
    return 'webcal://' + public.split('://', 1)[-1] + FEED_PREFIX + token + '.ics'


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = [tag.strip().removeprefix('W/') for tag in if_none_match.split(',')]
    return '*' in tags or etag in tags


async def calendar_feed(request: Request, token: str) -> Response:
    context = app_context()
    try:
        feed = await attempt(
            calendars.feed_file,
            context.uow_factory(read_only=True),
            token,
            context.settings.public_address,
            context.clock(),
        )
    except NotFound as error:
        return PlainTextResponse(error.message, status_code=404)
    except TryAgain as error:
        return PlainTextResponse(error.message, status_code=503)
    etag = f'"{feed.fingerprint}"'
    headers = {'ETag': etag, 'Cache-Control': 'private, no-cache', 'X-Content-Type-Options': 'nosniff'}
    if _matches(request.headers.get('if-none-match'), etag):
        return Response(status_code=304, headers=headers)
    headers['Content-Disposition'] = 'inline; filename="mentor-sessions.ics"'
    return Response(feed.content, media_type=ICS_MEDIA_TYPE, headers=headers)


def install_calendar_route() -> None:
    app.add_api_route(FEED_PATH, calendar_feed, methods=['GET'], include_in_schema=False)
