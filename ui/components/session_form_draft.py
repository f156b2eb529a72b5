"""E2 (issue 22 item 1): what is typed into a tab of the session form is kept on the server as a draft while it
is unsaved, so that a reload, Home then Back, a lost connection or another device brings it back — with a line
that says so and offers to discard it (which brings back the saved state).

Writes are cheap: at most one every few seconds while something changed (never per keystroke), and one more
when the page's connection closes (reload, leaving, going offline), when the server still holds what was typed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from nicegui import ui

from domain.drafts import DraftPart, DraftValue, FormDraft
from domain.errors import DomainError
from domain.services import form_drafts
from ui import icons
from ui.components.session_form_parts import ErrorText
from ui.context import Viewer, app_context
from ui.feedback import attempt

RESTORED = 'Draft restored — discard?'
CHANGED_SINCE = 'The session was saved by someone else since: their changes show where you had not typed.'
DISCARD = 'Discard'
NOT_KEPT = 'What you typed could not be kept as a draft: '
KEEP_EVERY = 2.0  # seconds between two writes of a changing draft

Values = dict[str, DraftValue]


class DraftKeeper:
    """Keeps one tab's boxes (`read`) as the user's draft; `show` puts values back into the boxes."""

    def __init__(
        self,
        viewer: Viewer,
        session_id: int | None,
        part: DraftPart,
        read: Callable[[], Values],
        show: Callable[[Values], None],
        version: Callable[[], int | None] = lambda: None,
        prepare: Callable[[Values], Awaitable[None]] | None = None,
    ) -> None:
        self._viewer = viewer
        self._session_id = session_id
        self._part = part
        self._read = read
        self._show = show
        self._version = version
        self._prepare = prepare  # reads what `show` needs for a restored draft (people it names)
        self._saved = read()  # the saved state the form was built with
        self._kept = self._saved  # what the server holds (or the saved state: no draft)
        self._writing = asyncio.Lock()
        line = ui.row().classes('w-full items-center gap-3 rounded-lg bg-slate-50 border border-gray-300 p-3')
        with line:
            ui.icon(icons.DRAFTS).classes('text-primary').props('aria-hidden=true')
            with ui.column().classes('gap-0 grow min-w-0'):
                ui.label(RESTORED).classes('text-gray-900 break-words').props('role=status')
                self._since = ui.label(CHANGED_SINCE).classes('text-sm text-gray-700 break-words')
            ui.button(DISCARD, on_click=self.discard).props('outline no-caps').mark(f'discard-{part.value}')
        line.mark(f'draft-restored-{part.value}').set_visibility(False)
        self._line = line
        self._error = ErrorText()
        ui.timer(KEEP_EVERY, self.keep)
        ui.context.client.on_disconnect(self.keep)

    async def restore(self) -> FormDraft | None:
        """The user's draft of this tab, shown in the boxes with the line; None if there is none to show.

        A draft holds only the boxes the user changed, so it goes over the saved state as it is now: someone
        else's save meanwhile shows in every box the user left alone (U1: nothing of theirs is reverted).
        """
        try:
            uow = app_context().uow_factory(read_only=True)
            draft = await attempt(form_drafts.form_draft, uow, self._viewer.user, self._session_id, self._part)
        except DomainError:
            return None  # the page itself says why the form cannot be used
        if draft is None or {**self._saved, **draft.values} == self._saved:
            return None  # nothing typed that is not saved (e.g. a write that raced a save)
        values = {**self._saved, **draft.values}
        if self._prepare is not None:
            await self._prepare(values)
        self._show(values)
        self._kept = values
        self._since.set_visibility(draft.version is not None and draft.version != self._version())
        self._line.set_visibility(True)
        return draft

    async def keep(self) -> None:
        """Write the draft if the boxes changed since the last write (or forget it once they are back to saved)."""
        if self._writing.locked():
            return
        async with self._writing:
            values = self._read()
            if values == self._kept:
                return
            self._kept = values
            context, user = app_context(), self._viewer.user
            where = (self._session_id, self._part)
            try:
                if values == self._saved:
                    await attempt(form_drafts.discard_form_draft, context.uow_factory(), user, *where)
                else:
                    changed = {name: value for name, value in values.items() if self._saved.get(name) != value}
                    draft = FormDraft(changed, self._version())
                    await attempt(
                        form_drafts.keep_form_draft, context.uow_factory(), user, *where, draft, context.clock()
                    )
                self._error.error = None
            except DomainError as refusal:
                self._error.error = NOT_KEPT + refusal.message

    async def discard(self) -> None:
        """The saved state comes back into the boxes and the draft is gone."""
        async with self._writing:
            self._show(self._saved)
            self._kept = self._saved
            self._line.set_visibility(False)
            uow = app_context().uow_factory()
            await attempt(form_drafts.discard_form_draft, uow, self._viewer.user, self._session_id, self._part)

    @asynccontextmanager
    async def saving(self) -> AsyncIterator[None]:
        """Around a save: no draft write runs meanwhile (the save deletes the draft in its own transaction)."""
        async with self._writing:
            yield

    def saved(self) -> None:
        """After a successful save: what the boxes show is the saved state now."""
        self._saved = self._kept = self._read()
        self._line.set_visibility(False)
