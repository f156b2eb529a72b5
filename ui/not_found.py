"""A plain 404 answer for a session page the viewer may not see: the status says so, the body names nothing."""

from __future__ import annotations

from html import escape

from fastapi.responses import HTMLResponse
from nicegui import app

from domain.errors import NotFound
from domain.services import queries
from ui.context import Viewer, app_context
from ui.feedback import attempt

_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Not found · Mentor sessions</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem">
<h1 style="font-size: 1.4rem">{message}</h1><p><a href="/">Back to Home</a></p></body></html>"""


def not_found_page(refusal: NotFound) -> HTMLResponse:
    return HTMLResponse(_PAGE.format(message=escape(refusal.message)), status_code=404)


def install_not_found_route() -> None:
    """T2: a session address that is no number (`/sessions/abc`) answers like a session that does not exist.
    Installed after every `/sessions/…` page, so that those match first."""

    @app.get('/sessions/{name}', include_in_schema=False)
    @app.get('/sessions/{name}/edit', include_in_schema=False)
    @app.get('/sessions/{name}/feedback', include_in_schema=False)
    def no_such_session(name: str) -> HTMLResponse:
        return not_found_page(NotFound())


async def unless_visible(viewer: Viewer, session_id: int) -> HTMLResponse | None:
    """None when the viewer may see the session; else the 404 page to answer with."""
    context = app_context()
    try:
        await attempt(
            queries.session_details, context.uow_factory(read_only=True), viewer.user, session_id, context.clock()
        )
    except NotFound as refusal:
        return not_found_page(refusal)
    return None
