"""No request body is read past the limit (C2): one image and its multipart framing. A declared length over it
is answered 413 before anything is read; a chunked body is cut off, 413, the moment it passes the limit. So
NiceGUI's upload endpoint never spools more than the limit to disk."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.rules import IMAGE_UPLOAD_MAX_BYTES

MAX_BODY_BYTES = IMAGE_UPLOAD_MAX_BYTES + 64 * 1024
TOO_LARGE = b'The request is larger than the 10 MB this site accepts.'


class _TooLarge(Exception):  # noqa: N818 - an internal signal, never seen outside this module
    pass


class BodyLimit:
    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return
        declared = dict(scope['headers']).get(b'content-length')
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _refuse(send)
            return
        received = 0
        answered = False

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message['type'] == 'http.request':
                received += len(message.get('body', b''))
                if received > self.limit:
                    raise _TooLarge()
            return message

        async def watched(message: Message) -> None:
            nonlocal answered
            answered = answered or message['type'] == 'http.response.start'
            await send(message)

        try:
            await self.app(scope, limited, watched)
        except* _TooLarge:  # Starlette's middlewares may deliver it inside an exception group
            if not answered:
                await _refuse(send)


async def _refuse(send: Send) -> None:
    headers = [(b'content-type', b'text/plain; charset=utf-8'), (b'connection', b'close')]
    await send({'type': 'http.response.start', 'status': 413, 'headers': headers})
    await send({'type': 'http.response.body', 'body': TOO_LARGE})
