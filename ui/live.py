"""The only bridge from domain events to open pages (L1).

Services publish after commit, in a worker thread (or the PostgreSQL listener's thread). Each event is
handed to the event loop and emitted as a NiceGUI `Event`; each open page subscribes once (NiceGUI drops
the subscription when the page closes) and refreshes only what the event concerns.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from nicegui import Event, core

from domain.ports import DomainEvent, InboxChanged, OutboxChanged, PeopleChanged, SessionChanged

session_changed: Event[[SessionChanged]] = Event()
inbox_changed: Event[[int]] = Event()
outbox_changed: Event[[]] = Event()  # N5: the Outbox page follows it
people_changed: Event[[]] = Event()  # R5: the People page follows it
everything_changed: Event[[]] = Event()


def _emit(event: DomainEvent) -> None:
    if isinstance(event, SessionChanged):
        session_changed.emit(event)
    elif isinstance(event, InboxChanged):
        inbox_changed.emit(event.user_id)
    elif isinstance(event, OutboxChanged):
        outbox_changed.emit()
    elif isinstance(event, PeopleChanged):
        people_changed.emit()


def _on_loop(callback: object, *args: object) -> None:
    loop = core.loop
    if loop is None or loop.is_closed():
        return
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        loop.call_soon(callback, *args)  # type: ignore[arg-type]
    else:
        loop.call_soon_threadsafe(callback, *args)  # type: ignore[arg-type]


def deliver(events: Sequence[DomainEvent]) -> None:
    """Called by the event bus from any thread."""
    for event in events:
        _on_loop(_emit, event)


def resync() -> None:
    """After the cross-instance listener reconnects: every page refreshes what it shows."""
    _on_loop(everything_changed.emit)
