"""D2 "Download": the dashboard's filtered session list as a streamed CSV file, for session managers and org
admins only — the route checks that itself (a mentee or a plain mentor gets 403), whatever the page showed.

Query: period (week, month, quarter, custom), first and last (YYYY-MM-DD, for custom), mentor (a user id),
category, medium, type (public, private). Times are in the requester's zone (the one their browser gave).
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import PlainTextResponse, Response, StreamingResponse
from nicegui import app

from domain.dashboard import DashboardFilter, Period, PeriodKind, period
from domain.entities import SessionType
from domain.errors import InvalidInput, PermissionDenied
from domain.services import dashboard
from domain.services._shared import clean_time_zone
from ui.auth import viewer_of
from ui.context import app_context
from ui.csv_route import CSV_MEDIA_TYPE, download_headers

DASHBOARD_CSV_PATH = '/dashboard/sessions.csv'
BAD_QUERY = 'The download address is not valid. Open the dashboard and press Download again.'


def _choice(request: Request, zone: ZoneInfo, today: date) -> tuple[DashboardFilter, Period]:
    query = request.query_params
    try:
        kind = PeriodKind[query.get('period', 'month').upper()]
        first = date.fromisoformat(query['first']) if query.get('first') else None
        last = date.fromisoformat(query['last']) if query.get('last') else None
        mentor = int(query['mentor']) if query.get('mentor') else None
        session_type = SessionType(query['type'].capitalize()) if query.get('type') else None
    except (KeyError, ValueError) as error:
        raise InvalidInput(BAD_QUERY) from error
    chosen = DashboardFilter(mentor, query.get('category') or None, query.get('medium') or None, session_type)
    return chosen, period(kind, today, zone, first, last)


async def session_list_csv(request: Request) -> Response:
    viewer = viewer_of(request)
    if not dashboard.may_see_dashboard(viewer.user):  # before reading anything the query asks for
        return PlainTextResponse('You are not allowed to download this list.', status_code=403)
    context = app_context()
    now = context.clock()
    zone = ZoneInfo(clean_time_zone(viewer.time_zone))
    try:
        chosen, span = _choice(request, zone, now.astimezone(zone).date())
        chunks = dashboard.session_list_csv(context.uow_factory, viewer.user, chosen, span, zone, now)
    except InvalidInput as error:
        return PlainTextResponse(error.message, status_code=400)
    except PermissionDenied:
        return PlainTextResponse('You are not allowed to download this list.', status_code=403)
    filename = f'sessions-{now.astimezone(zone):%Y-%m-%d}.csv'
    return StreamingResponse(  # a plain iterator: Starlette takes each chunk in a worker thread
        chunks,
        media_type=CSV_MEDIA_TYPE,
        headers=download_headers(filename),
    )


def install_dashboard_csv_route() -> None:
    app.add_api_route(DASHBOARD_CSV_PATH, session_list_csv, methods=['GET'], include_in_schema=False)
