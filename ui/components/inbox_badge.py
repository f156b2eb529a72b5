"""The "Inbox" entry of the header with its unread count, kept live for the viewer only (L1).

The count is spoken too: the link's accessible name is "Inbox, 3 unread" (never colour alone).
"""

from __future__ import annotations

from nicegui import background_tasks, ui

from domain.errors import DomainError
from domain.services import inbox
from ui import icons
from ui.components import static_markup as markup
from ui.components.anchor import Anchor
from ui.context import Viewer, app_context
from ui.feedback import attempt
from ui.live import Follow


def accessible_name(unread: int) -> str:
    return f'Inbox, {unread} unread'


class InboxBadge:
    """A header link to /inbox; the badge shows how many notifications are unread."""

    def __init__(self, viewer: Viewer, link_classes: str) -> None:
        self.viewer = viewer
        self.link = Anchor('', '/inbox').classes(f'{link_classes} flex items-center gap-1')
        self.link.props(f'aria-label="{accessible_name(0)}" data-testid=inbox-link').mark('inbox-link')
        with self.link:  # the icon and the word as markup (P11); the space keeps the word and the count apart (E1, axe)
            markup.block([markup.icon(icons.INBOX, '', '1.25rem'), markup.text('Inbox ')], 'contents')
            self.badge = ui.badge('0', color='red-9', text_color='white').props('rounded aria-hidden=true')
            self.badge.mark('inbox-badge').props('data-testid=inbox-badge')
        self.badge.set_visibility(False)
        follow = Follow(self._read, self.show, concerns=None, inbox_of=viewer.user.id)
        follow.subscribe()
        background_tasks.create(follow.reload(), name='inbox badge')  # the page does not wait for it

    async def _read(self) -> int | None:
        context = app_context()
        try:
            return await attempt(inbox.unread_count, context.uow_factory(read_only=True), self.viewer.user)
        except DomainError:  # the database was briefly away: the next change or reconnect tries again
            return None

    def show(self, unread: int | None) -> None:
        if unread is None:
            return
        self.badge.set_text(str(unread))
        self.badge.set_visibility(unread > 0)
        self.link.props(f'aria-label="{accessible_name(unread)}"')
