"""A real SMTP server on loopback (aiosmtpd) that keeps what it is given, or answers as a test tells it to."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, message_from_string, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        port: int = probe.getsockname()[1]
        return port


class MailSink:
    """The aiosmtpd handler: `reply` (e.g. '451 4.3.0 Try later') refuses every message, `replies` the next few
    one by one (None: accept); `delay` slows each. `peers` names the connection each kept message came over."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []  # as received
        self.envelopes: list[tuple[str, list[str]]] = []
        self.reply: str | None = None
        self.replies: list[str | None] = []
        self.peers: list[object] = []
        self.delay = 0.0
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.replies and (reply := self.replies.pop(0)) is not None:
            return reply
        if self.reply is not None:
            return self.reply
        raw = envelope.original_content or envelope.content
        # RFC 6532: with SMTPUTF8 the headers are UTF-8 as they stand.
        parsed = (
            message_from_string(raw.decode(), policy=policy.default)
            if envelope.smtp_utf8
            else message_from_bytes(raw, policy=policy.default)
        )
        assert isinstance(parsed, EmailMessage)
        with self._lock:
            self.messages.append(parsed)
            self.raw.append(raw)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.peers.append(session.peer)
        return '250 2.0.0 OK'

    def message_ids(self) -> list[str]:
        with self._lock:
            return [str(message['Message-ID']) for message in self.messages]


class SmtpServerOnLoopback:
    """Start, stop and start again on the same port: the mail server "goes down" and "comes back"."""

    def __init__(self, sink: MailSink, port: int | None = None) -> None:
        self.sink = sink
        self.port = port or free_port()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f'smtp://127.0.0.1:{self.port}'

    def start(self) -> None:
        self._controller = Controller(
            self.sink, hostname='127.0.0.1', port=self.port, enable_SMTPUTF8=True, decode_data=False
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@contextmanager
def running_smtp_server() -> Iterator[SmtpServerOnLoopback]:
    server = SmtpServerOnLoopback(MailSink())
    server.start()
    try:
        yield server
    finally:
        server.stop()
