"""C2: `GET /images/{image_id}` (`?thumbnail=1` for tiles) — a stored session image, for those who may see it.

Behind the sign-in gate. An image that does not exist and one the viewer may not see answer alike: 404.
"""

from __future__ import annotations

import re

from fastapi import Request
from fastapi.responses import Response
from nicegui import app

from domain.errors import NotFound, PermissionDenied, TryAgain
from domain.services import authoring
from ui.addresses import IMAGE_ROUTE
from ui.auth import viewer_of
from ui.context import app_context
from ui.feedback import attempt

IMAGE_ID = re.compile(r'^[0-9a-f]{32}$')
HEADERS = {'Cache-Control': 'private, max-age=3600', 'X-Content-Type-Options': 'nosniff'}


async def image_response(request: Request, image_id: str, thumbnail: str = '') -> Response:
    if not IMAGE_ID.match(image_id):
        return Response(status_code=404)
    context = app_context()
    try:
        data, content_type = await attempt(
            authoring.image_for_viewer,
            context.uow_factory(read_only=True),
            viewer_of(request).user,
            image_id,
            thumbnail=thumbnail == '1',
        )
    except (NotFound, PermissionDenied):
        return Response(status_code=404)
    except TryAgain as error:
        return Response(error.message, status_code=503, media_type='text/plain')
    return Response(data, media_type=content_type, headers=HEADERS)


def install_image_route() -> None:
    app.add_api_route(IMAGE_ROUTE, image_response, methods=['GET'], include_in_schema=False)
