"""F1 on My sessions: "How was <title>?" for each completed session the mentee attended and has not answered
about yet, each a link to its feedback form. New requests arrive with their inbox notice (`Follow`)."""

from __future__ import annotations

from nicegui import ui

from domain.entities import MentoringSession
from domain.services import aftermath
from ui.components.aftermath_panel import feedback_path
from ui.components.anchor import Anchor
from ui.context import Viewer, app_context
from ui.feedback import attempt
from ui.live import Follow


class FeedbackWaiting:
    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        self.box = ui.card().classes('w-full gap-2 p-4 bg-slate-50').props('flat bordered data-testid=feedback-waiting')

    async def start(self) -> None:
        await Follow(self._read, self._show, concerns=None, inbox_of=self.viewer.user.id).start()

    async def _read(self) -> list[MentoringSession]:
        context = app_context()
        return await attempt(aftermath.feedback_waiting, context.uow_factory(read_only=True), self.viewer.user,
                             context.clock())  # fmt: skip

    def _show(self, waiting: list[MentoringSession]) -> None:
        waiting = waiting or []  # nothing read while the app stops
        self.box.clear()
        self.box.set_visibility(bool(waiting))
        with self.box:
            ui.label('Your feedback, please').classes('text-lg font-semibold').props('role=heading aria-level=2')
            for session in waiting:
                with ui.row().classes('w-full items-baseline justify-between gap-2 flex-wrap'):
                    ui.label(f'How was {session.title}?').classes('break-words min-w-0')
                    Anchor('Give feedback', feedback_path(session.id)).classes('text-primary')
