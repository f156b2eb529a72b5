"""What browsers send over NiceGUI's websocket reaches the server log only as escaped, single, rate-limited lines:
a page's `log` event cannot forge log lines, and a malformed frame is one short warning, never a traceback."""

from __future__ import annotations

import inspect
import logging
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from nicegui import Client, core

log = logging.getLogger('mentor.browser')
LEVELS = {'debug': logging.DEBUG, 'info': logging.INFO, 'warning': logging.WARNING, 'error': logging.ERROR}
MAX_TEXT = 300  # characters of a browser's log message kept
GUARDED = ('event', 'javascript_response', 'ack', 'handshake')  # NiceGUI's handlers of browser frames
PARSE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)


class RateLimit:
    """At most `count` per key in any minute; the keys seen least recently are forgotten beyond 10,000."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._times: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        times = self._times.pop(key, deque())
        while times and now - times[0] >= 60:
            times.popleft()
        allowed = len(times) < self.count
        if allowed:
            times.append(now)
        self._times[key] = times
        while len(self._times) > 10_000:
            del self._times[next(iter(self._times))]
        return allowed


_browser_lines = RateLimit(10)
_malformed = RateLimit(3)


def escaped(text: object) -> str:
    """Any text as one printable line: newlines, escapes and other controls spelled out; cut at MAX_TEXT."""
    shown = repr(str(text))[1:-1]
    return shown if len(shown) <= MAX_TEXT else shown[:MAX_TEXT] + '…'


def _malformed_frame(event: str, sid: str, error: str) -> None:
    if _malformed.allow(sid):
        log.warning('malformed %s frame from socket %s ignored (%s)', escaped(event)[:40], escaped(sid)[:24], error)


def _on_log(sid: str, message: Any) -> None:
    client_id = message.get('client_id') if isinstance(message, dict) else None
    level = message.get('level') if isinstance(message, dict) else None
    if not isinstance(client_id, str) or level not in LEVELS:
        _malformed_frame('log', sid, 'not a log message')
        return
    if Client.instances.get(client_id) is not None and _browser_lines.allow(client_id):
        log.log(LEVELS[level], 'browser %s says: %s', client_id[:8], escaped(message.get('message', '')))


def _acting_page(event: str, args: tuple[Any, ...]) -> str | None:
    """The client id of a page's action (an `event` frame); None for any other frame."""
    message = args[0] if event == 'event' and args else None
    client_id = message.get('client_id') if isinstance(message, dict) else None
    return client_id if isinstance(client_id, str) else None


def _guarded(event: str, handler: Callable[..., Any], page_may_act: Callable[[str], bool]) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(handler):

        async def guarded_async(sid: str, *args: Any) -> Any:
            try:
                return await handler(sid, *args)
            except PARSE_ERRORS as error:
                _malformed_frame(event, sid, type(error).__name__)
                return False

        return guarded_async

    def guarded(sid: str, *args: Any) -> Any:
        acting = _acting_page(event, args)
        if acting is not None and not page_may_act(acting):
            return None  # the page's login ended: the page is on its way to sign-in
        try:
            return handler(sid, *args)
        except PARSE_ERRORS as error:
            _malformed_frame(event, sid, type(error).__name__)
            return None

    return guarded


class _ShortFrameErrors(logging.Filter):
    """engine.io logs a frame it cannot decode with a traceback: make it the same short warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            error = type(record.exc_info[1]).__name__
            record.msg, record.args, record.exc_info, record.exc_text = (
                '%s',
                (f'malformed frame ignored ({error})',),
                None,
                None,
            )
            record.levelno, record.levelname = logging.WARNING, 'WARNING'
        return True


def install_socket_guard(page_may_act: Callable[[str], bool]) -> None:
    """`page_may_act(client_id)`: whether a page may still act (its login has not ended)."""
    handlers = core.sio.handlers.get('/', {})
    for event in GUARDED:
        handler = handlers.get(event)
        if handler is not None and not getattr(handler, '__wrapped_by_socket_guard__', False):
            guarded = _guarded(event, handler, page_may_act)
            guarded.__wrapped_by_socket_guard__ = True  # type: ignore[attr-defined]  # tests register again
            core.sio.on(event, guarded)
    core.sio.on('log', _on_log)
    engine_log = logging.getLogger('engineio.server')
    if not any(isinstance(existing, _ShortFrameErrors) for existing in engine_log.filters):
        engine_log.addFilter(_ShortFrameErrors())
