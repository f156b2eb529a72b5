"""The in-app inbox: invitations, removals, changes, cancellations and "starting soon" notices, newest first.

Opening the inbox marks everything read (the header badge drops to zero everywhere); notices that were
unread when they were first shown here keep a "New" tag while the page stays open. New notices arrive live.
"""

from __future__ import annotations

from nicegui import ui

from domain.entities import MailKind, Notification
from domain.notices import GONE_FOR_READER, notice_text
from domain.services import inbox
from ui import icons
from ui.components.aftermath_panel import feedback_path
from ui.components.anchor import Anchor
from ui.context import Viewer, app_context
from ui.feedback import attempt
from ui.layout import frame
from ui.live import Follow
from ui.timefmt import show


async def inbox_page(viewer: Viewer) -> None:
    with frame('Inbox', viewer):
        ui.label('Inbox').classes('text-2xl font-semibold').props('role=heading aria-level=1')
        await _Inbox(viewer).build()


def _notice(note: Notification, time_zone: str, new: bool) -> None:
    card = ui.card().classes('w-full gap-1 p-4' + (' border-l-4 border-(color:--q-primary)' if new else ''))
    card.props(f'data-testid=notice-{note.id}').mark(f'notice notice-{note.id}')
    with card, ui.row().classes('w-full items-start gap-3 no-wrap'):
        ui.icon(icons.MARK_EMAIL_UNREAD if new else icons.DRAFTS, size='1.5rem').classes('text-primary mt-1').props(
            'aria-hidden=true'
        )
        with ui.column().classes('gap-1 min-w-0 grow'):
            with ui.row().classes('items-center gap-2 flex-wrap'):
                if new:
                    ui.chip('New', color='primary', text_color='white').props('dense square').classes('m-0')
                ui.label(show(note.created_at, time_zone)).classes('text-xs text-gray-600')
            ui.label(_words(note, time_zone)).classes('break-words')
            if note.session_id is not None and (note.notice is None or note.notice.kind not in GONE_FOR_READER):
                Anchor('View session', f'/sessions/{note.session_id}').classes('text-primary text-sm')
            if note.session_id is not None and note.notice is not None and note.notice.kind is MailKind.FEEDBACK:
                Anchor('Give feedback', feedback_path(note.session_id)).classes('text-primary text-sm')  # F1


def _words(note: Notification, time_zone: str) -> str:
    """E3: the notice with its time in the reader's zone (notices stored before it was data keep their text)."""
    if note.notice is None:
        return note.text
    return notice_text(note.notice, show(note.notice.starts_at, time_zone), note.created_at)


def _empty() -> None:
    with ui.card().classes('w-full items-center text-center gap-3 py-10 px-4 bg-slate-50').props('flat bordered'):
        ui.icon(icons.INBOX, size='3rem').classes('text-slate-400').props('aria-hidden=true')
        ui.label('Your inbox is empty.').classes('text-lg font-semibold')
        ui.label('Invitations, changes to your sessions and reminders will appear here.').classes('text-gray-700')


class _Inbox:
    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        self.fresh: set[int] = set()  # unread when first shown on this page
        self.shown = False

    async def build(self) -> None:
        @ui.refreshable
        def notices(found: list[Notification]) -> None:
            if not found:
                _empty()
                return
            with ui.column().classes('w-full gap-3').props('role=list aria-label="Notifications"'):
                for note in found:
                    _notice(note, self.viewer.time_zone, note.id in self.fresh)

        self.notices = notices
        await Follow(self._read, self._show, concerns=None, inbox_of=self.viewer.user.id).start()

    def _show(self, found: list[Notification]) -> object:
        if self.shown:
            return self.notices.refresh(found)
        self.shown = True
        return self.notices(found)

    async def _read(self) -> list[Notification]:
        """The notices, and all of them marked read (only if some were unread: no endless echo)."""
        context = app_context()
        found = await attempt(inbox.inbox, context.uow_factory(read_only=True), self.viewer.user)
        unread = {note.id for note in found if note.read_at is None}
        if unread:
            self.fresh |= unread
            await attempt(inbox.mark_inbox_read, context.uow_factory(), self.viewer.user, context.clock())
        return found
