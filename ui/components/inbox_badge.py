"""The header's unread count, kept live for the viewer only (L1); the header draws it (app_header.py)."""

from __future__ import annotations

from collections.abc import Callable

from domain.errors import DomainError
from domain.services import inbox
from ui.context import Viewer, app_context
from ui.feedback import attempt
from ui.live import Follow


class InboxBadge:
    """Reads how many notifications the viewer has unread, now and after each change of their inbox, and hands
    the number to `show`."""

    def __init__(self, viewer: Viewer, show: Callable[[int], None]) -> None:
        self.viewer, self._show = viewer, show
        Follow(self._read, self.show, concerns=None, inbox_of=viewer.user.id).catch_up('inbox badge')

    async def _read(self) -> int | None:
        context = app_context()
        try:
            return await attempt(inbox.unread_count, context.uow_factory(read_only=True), self.viewer.user)
        except DomainError:  # the database was briefly away: the next change or reconnect tries again
            return None

    def show(self, unread: int | None) -> None:
        if unread is not None:
            self._show(unread)
