"""T3 "Download": the mentee list as a CSV file, for the session's mentor, its creator and session managers.

The sign-in gate has already sent anonymous requests to /login. A refusal says nothing about the session:
not its title, not whether it exists for someone else.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import PlainTextResponse, Response
from nicegui import app

from domain.errors import NotFound, PermissionDenied, TryAgain
from domain.services import queries
from ui.auth import viewer_of
from ui.context import app_context
from ui.feedback import attempt
from ui.timefmt import zone

CSV_PATH = '/sessions/{session_id:int}/mentees.csv'
CSV_MEDIA_TYPE = 'text/csv; charset=utf-8'


async def mentee_list_csv(request: Request, session_id: int) -> Response:
    viewer = viewer_of(request)
    context = app_context()
    now = context.clock().astimezone(zone(viewer.time_zone))  # the file name's time, as the downloader's clock says
    try:
        filename, data = await attempt(
            queries.mentee_list_csv, context.uow_factory(read_only=True), viewer.user, session_id, now
        )
    except NotFound:
        return PlainTextResponse('Not found.', status_code=404)
    except PermissionDenied:
        return PlainTextResponse('You are not allowed to download this list.', status_code=403)
    except TryAgain as error:
        return PlainTextResponse(error.message, status_code=503)
    return csv_download(filename, data)


def download_headers(filename: str) -> dict[str, str]:
    """T3: every CSV download (mentee list, results of a bulk upload, the dashboard's list) is an attachment."""
    return {
        'Content-Disposition': f'attachment; filename="{filename}"',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
    }


def csv_download(filename: str, data: bytes) -> Response:
    return Response(data, media_type=CSV_MEDIA_TYPE, headers=download_headers(filename))


def install_csv_route() -> None:
    app.add_api_route(CSV_PATH, mentee_list_csv, methods=['GET'], include_in_schema=False)
