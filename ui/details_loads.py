"""P2, L1: one read of a session's details per change, shared by the open pages of one viewer.

One change reaches every open Session Details page; a mentor with 50 tabs of one session would otherwise
read the same view 50 times. A load joins the read under way for the same viewer and session — but never a
read that began before the latest `forget` of that session. Pages call `forget` the moment they hear of a
change (on the event loop, during the event's emit), and when the clock moves their session on, so a load
never gets a read older than a change it was told about. A read is shared only while it runs: nothing is
kept afterwards.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from domain.entities import User

V = TypeVar('V')
Key = tuple[User, int]  # (viewer, session id)


class _Read(Generic[V]):
    def __init__(self, read: Callable[[], Awaitable[V]]) -> None:
        self.began = False  # until it begins, it reads after anything that happened before
        self.result = asyncio.ensure_future(self._run(read))

    async def _run(self, read: Callable[[], Awaitable[V]]) -> V:
        self.began = True
        return await read()


class SharedReads(Generic[V]):
    """Reads under way, by (viewer, session id); each is shared by the loads that ask while it runs."""

    def __init__(self) -> None:
        self._reads: dict[Key, _Read[V]] = {}

    def start(self, viewer: User, session_id: int, read: Callable[[], Awaitable[V]]) -> None:
        """Begin the read now (unless one may be joined), so that it is first in line on the event loop."""
        key = (viewer, session_id)
        running = self._reads.get(key)
        if running is None or running.result.get_loop() is not asyncio.get_running_loop():
            running = self._reads[key] = _Read(read)
            running.result.add_done_callback(lambda _: self._finished(key, running))

    async def load(self, viewer: User, session_id: int, read: Callable[[], Awaitable[V]]) -> V:
        """The result of the read under way for this viewer and session, or of `read()` started now."""
        self.start(viewer, session_id, read)
        # A load whose page closes is cancelled; the read goes on for the others.
        return await asyncio.shield(self._reads[viewer, session_id].result)

    def forget(self, session_id: int | None = None) -> None:
        """Loads from now on do not join a read of this session (None: of any) that has already begun."""
        stale = [key for key, running in self._reads.items() if running.began and session_id in (None, key[1])]
        for key in stale:
            del self._reads[key]

    def _finished(self, key: Key, read: _Read[V]) -> None:
        if self._reads.get(key) is read:
            del self._reads[key]
        if not read.result.cancelled():
            read.result.exception()  # its loads got the error; if all of them left, nobody needs to hear it
