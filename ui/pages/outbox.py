"""N5 "Outbox" for org admins: every e-mail, its recipient, kind, status, tries and last error — live.

Without an SMTP server (demo mode) the mail waits here, and this page shows what would have been sent.
"""

from __future__ import annotations

from nicegui import ui

from domain.entities import MailStatus, OutboxMessage
from domain.errors import DomainError
from domain.mail import KIND_LABELS
from domain.services import outbox
from ui.components.anchor import Anchor
from ui.context import Viewer, app_context
from ui.feedback import attempt
from ui.layout import frame
from ui.live import Follow, outbox_changed
from ui.timefmt import show

STATUS_COLOURS = {
    MailStatus.PENDING: 'deep-orange-10',
    MailStatus.SENT: 'green-10',
    MailStatus.FAILED: 'red-9',
    MailStatus.SKIPPED: 'grey-8',
}


async def outbox_page(viewer: Viewer) -> None:
    with frame('Outbox', viewer):
        ui.label('Outbox').classes('text-2xl font-semibold').props('role=heading aria-level=1')
        if app_context().mailer is None:
            with ui.card().classes('w-full bg-slate-50').props('flat bordered'):
                ui.label(
                    'No SMTP server is configured (MENTOR_SMTP_URL), so e-mail waits here. '
                    'Below is what would have been sent.'
                ).classes('text-amber-900')
        await _Outbox(viewer).build()


def _message(message: OutboxMessage, time_zone: str) -> None:
    with ui.card().classes('w-full gap-1 p-3').props(f'role=listitem data-testid=mail-{message.id}'):
        with ui.row().classes('w-full items-center gap-2 flex-wrap'):
            ui.chip(message.status.value.capitalize(), color=STATUS_COLOURS[message.status], text_color='white').props(
                'dense square'
            ).classes('m-0')
            ui.label(KIND_LABELS[message.kind]).classes('font-medium')
            ui.label(f'to {message.recipient}').classes('text-gray-700 break-all')
        ui.label(message.text).classes('break-words')
        facts = [f'Queued {show(message.created_at, time_zone)}', f'Tries: {message.tries}']
        if message.sent_at is not None:
            facts.append(f'Sent {show(message.sent_at, time_zone)}')
        elif message.status is MailStatus.PENDING and message.tries and message.next_attempt_at is not None:
            facts.append(f'Next try {show(message.next_attempt_at, time_zone)}')
        ui.label(' · '.join(facts)).classes('text-xs text-gray-700')
        if message.last_error:
            ui.label(f'Last error: {message.last_error}').classes('text-sm text-negative break-words')
        if message.session_id is not None:
            Anchor('View session', f'/sessions/{message.session_id}').classes('text-primary text-sm')


class _Outbox:
    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        self.shown = False

    async def build(self) -> None:
        @ui.refreshable
        def content(overview: outbox.OutboxOverview) -> None:
            with ui.row().classes('gap-2 flex-wrap').props('aria-label="Messages by status" role=status'):
                for status, count in overview.counts.items():
                    ui.label(f'{status.value.capitalize()}: {count}').classes('text-sm font-medium')
            if not overview.messages:
                ui.label('No e-mail yet.').classes('text-gray-700')
                return
            with ui.column().classes('w-full gap-2').props('role=list aria-label="E-mails, newest first"'):
                for message in overview.messages:
                    _message(message, self.viewer.time_zone)

        self.content = content
        try:
            await Follow(self._read, self._show, concerns=None, also=(outbox_changed,)).start()
        except DomainError as error:
            ui.label(error.message).classes('text-negative')

    def _show(self, overview: outbox.OutboxOverview) -> object:
        if self.shown:
            return self.content.refresh(overview)
        self.shown = True
        return self.content(overview)

    async def _read(self) -> outbox.OutboxOverview:
        context = app_context()
        return await attempt(outbox.outbox_overview, context.uow_factory(read_only=True), self.viewer.user)
