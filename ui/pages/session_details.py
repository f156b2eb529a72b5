"""T2, U2–U4, M1, M2: the Session Details page — every detail, and the buttons this viewer may use.

The page follows its session live (L1): any change to it, by anyone, reloads it; a one-shot timer reloads it
at the next moment the clock alone changes its status or buttons (U3). Which buttons show is decided by the
service's `may_*` flags, never here. The buttons survive a reload unless the offered set changes: a button
rebuilt while a click on it is on its way would drop that click (seen with 12 mentees enrolling at once).
A reload that finds only the counts changed sets them in place instead of rebuilding the card, and the open
pages of one viewer share one read per change (P2: 50 tabs of one session). A mentee's enrollment tells its
new figures with the event: a page shows them at once, without a read, and one read confirms them once the
changes stop (events of two commits may arrive in either order).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from typing import TypeVar

from nicegui import background_tasks, ui

from domain.entities import Platform, SessionView
from domain.errors import DomainError, NotFound
from domain.ports import RosterChange, SessionChanged
from domain.services import authoring, enrollment, queries, running
from ui import icons, live
from ui.components.anchor import Anchor
from ui.components.mentee_list import MenteeListWindow
from ui.components.session_facts import Counts, details_card, enrollment_line, unenroll_note
from ui.components.tile_parts import Reloader, refresh_when_time_changes, time_changes
from ui.context import Viewer, app_context
from ui.details_loads import SharedReads
from ui.feedback import attempt, show_refusal
from ui.layout import frame

NOT_VISIBLE = NotFound().message
GONE = 'This session was cancelled or is no longer visible to you.'
NO_BIGBLUEBUTTON = (
    'BigBlueButton is not configured on this server yet, so there is no meeting link to open. '
    'Please contact your session manager.'
)
R = TypeVar('R')
CONFIRM_AFTER_SECONDS = 1.0  # quiet time after the last roster change before a read confirms what is shown


@dataclass
class _Shown:
    view: SessionView | None
    now: datetime
    problem: str | None = None  # a passing fault (database away) while loading: said instead of a crash

    @cached_property
    def card(self) -> tuple[object, ...] | None:
        """Everything the card shows but its counts, and the next moment the clock changes it (U3).

        Worked out once per read, which the open pages of one viewer share."""
        if self.view is None:
            return None
        upcoming = [moment for moment in time_changes(self.view.summary.session) if moment > self.now]
        return replace(self.view, summary=replace(self.view.summary, mentee_count=0)), min(upcoming, default=None)


_reads: SharedReads[_Shown] = SharedReads()


class ActionMessage:
    """Where a refusal of one of the page's buttons is shown: beside the buttons (E2)."""

    def __init__(self) -> None:
        self.error: str | None = None


def _missing(message: str) -> None:
    with ui.card().classes('w-full items-center text-center gap-3 py-10 px-4').props('flat bordered'):
        ui.icon(icons.EVENT_BUSY, size='3rem').classes('text-slate-400')
        ui.label(message).classes('text-lg font-semibold break-words').props('role=alert')
        Anchor('Back to Home', '/').classes('text-primary')


async def session_details_page(viewer: Viewer, session_id: int) -> None:
    with frame('Session details', viewer):
        Anchor('← Home', '/').classes('text-primary no-underline self-start')
        await _DetailsPage(viewer, session_id).build()


class _DetailsPage:
    def __init__(self, viewer: Viewer, session_id: int) -> None:
        self.viewer = viewer
        self.session_id = session_id
        self.message = ActionMessage()
        self.seen = False  # once the session was shown, NotFound means it went away while open
        self.leaving = False
        self.busy = False  # one button press at a time: a double click does not start a session twice
        self.reload = Reloader(self._load)
        self.shown: _Shown | None = None  # what the card shows now
        self.counts: Counts | None = None  # its count labels, to be set in place
        self.rebuild_due = False  # the clock moved the session on: rebuild, which also sets the next timer
        self.changes_heard = 0  # changes to this session this page was told of (each one reloads it)
        self.confirmation: asyncio.TimerHandle | None = None  # the read due after roster changes shown unread
        self.mentee_list = MenteeListWindow(viewer, session_id)
        self.parking = ui.element('div').classes('hidden')  # holds the buttons while the details are rebuilt
        with self.parking:
            self.actions_box = ui.column().classes('w-full gap-3')
        self.actions_shown: tuple[object, ...] | None = None
        with ui.dialog() as self.confirm, ui.card().classes('gap-4 p-6 max-w-md'):
            ui.label('Delete this session?').classes('text-lg font-semibold').props('role=heading aria-level=2')
            ui.label('The session is cancelled for everyone and its mentees are told. This cannot be undone.')
            with ui.row().classes('w-full justify-end gap-2 flex-wrap'):
                ui.button('No, keep it', on_click=self.confirm.close).props('flat no-caps')
                ui.button('Yes delete', color='negative', on_click=self.delete_confirmed).props('no-caps')

    async def build(self) -> None:
        @ui.refreshable
        def body(shown: _Shown) -> None:
            self.shown, self.counts = shown, None
            if shown.view is None:
                self.actions_box.clear()  # nothing left to act on
                self.actions_shown = None
                _missing(shown.problem or (GONE if self.seen else NOT_VISIBLE))
                return
            self.seen = True
            view, now = shown.view, shown.now
            self.counts = details_card(view, self.viewer.time_zone, lambda: self._place_actions(view, now))
            refresh_when_time_changes(time_changes(shown.view.summary.session), shown.now, self._time_moved)

        self.body = body
        try:
            first = await self._fetch()
        except DomainError as error:
            first = _Shown(None, app_context().clock(), error.message)
        body(first)
        live.session_changed.subscribe(self._on_change)
        live.everything_changed.subscribe(self._on_everything_changed)

    # Not coroutines: `forget` must run the moment the event is emitted, before any page starts a read.
    def _on_change(self, change: SessionChanged) -> Awaitable[None] | None:
        if change.session_id != self.session_id:
            return None
        self.changes_heard += 1
        if change.roster is not None and self._show_unread(change.roster):
            return None
        return self._reload_fresh()

    def _show_unread(self, change: RosterChange) -> bool:
        """P2: set the counts the change tells of, if nothing else on this page changes; a read confirms them
        later. False when the page needs a read (the viewer's own enrollment, a rebuild due, nothing shown)."""
        shown = self.shown
        if shown is None or shown.view is None or self.counts is None or self.rebuild_due or not self._still_shown():
            return False
        now = app_context().clock()
        view = queries.view_after_roster_change(shown.view, self.viewer.user, change, now)
        worked_out = _Shown(view, now)
        if not self._only_counts_differ(worked_out):
            return False
        _reads.forget(self.session_id)  # the confirming read must begin after this change
        self.shown = worked_out
        self.counts.show(view.summary)
        if self.confirmation is not None:
            self.confirmation.cancel()
        self.confirmation = asyncio.get_running_loop().call_later(CONFIRM_AFTER_SECONDS, self._confirm)
        return True

    def _confirm(self) -> None:
        self.confirmation = None
        if self._still_shown():
            background_tasks.create(self.reload(), name='confirm roster change')

    def _on_everything_changed(self) -> Awaitable[None]:
        self.changes_heard += 1
        _reads.forget()
        return self.reload()

    def _reload_fresh(self) -> Awaitable[None]:
        """Reload with a read that begins from now on (after a change this page was told of)."""
        _reads.forget(self.session_id)
        _reads.start(self.viewer.user, self.session_id, self._fetch)  # ahead of the pages' reloads
        return self.reload()

    def _time_moved(self) -> Awaitable[None]:
        self.rebuild_due = True
        return self._reload_fresh()

    async def _fetch(self) -> _Shown:
        context = app_context()
        now = context.clock()
        try:
            view = await attempt(
                queries.session_details, context.uow_factory(read_only=True), self.viewer.user, self.session_id, now
            )
        except NotFound:
            return _Shown(None, now)
        return _Shown(view, now)

    async def _load(self) -> None:
        if self.leaving:
            return
        try:
            shown = await _reads.load(self.viewer.user, self.session_id, self._fetch)
        except DomainError as error:  # the database was briefly away: keep what is shown, say so
            show_refusal(error)
            return
        if not self._still_shown():
            return
        if self.counts is not None and not self.rebuild_due and self._only_counts_differ(shown):
            assert shown.view is not None
            self.shown = shown
            self.counts.show(shown.view.summary)
            return
        await asyncio.sleep(0)  # let in-place updates that are ready (other pages' counts) go out first
        if not self._still_shown():
            return
        self.rebuild_due = False
        self.actions_box.move(self.parking)
        await self.body.refresh(shown)

    def _still_shown(self) -> bool:
        """False once the page is leaving or the browser left: a load that was waiting must not show."""
        return not self.leaving and self.reload.page_open

    def _only_counts_differ(self, new: _Shown) -> bool:
        old = self.shown
        if old is None or old.card is None or new.view is None:
            return False
        return old.card == new.card and _offered(new.view, new.now, self.message.error) == self.actions_shown

    def _place_actions(self, view: SessionView, now: datetime) -> None:
        """Put the buttons here, rebuilding them only when what they offer has changed."""
        offered = _offered(view, now, self.message.error)
        if offered != self.actions_shown:
            self.actions_shown = offered
            self.actions_box.clear()
            with self.actions_box:
                _actions(view, now, self)
        self.actions_box.move(ui.element('div').classes('w-full'))

    async def _act(self, service: Callable[..., R], **extra: object) -> R | None:
        """Run one of the page's services on this session; show a refusal beside the buttons."""
        if self.busy:
            return None
        context = app_context()
        self.busy, self.message.error = True, None
        heard, refused = self.changes_heard, False
        result: R | None = None
        try:
            result = await attempt(
                service, context.uow_factory(), self.viewer.user, self.session_id, context.clock(), **extra
            )
        except DomainError as error:
            show_refusal(error, {error.field or '': self.message})
            self.message.error = error.message
            refused = True
        finally:
            self.busy = False
        # A change committed here is told to this process before the service returns, and its event
        # reloads the page already; a refusal, or a service that changed nothing, is shown by this reload.
        if refused or self.changes_heard == heard:
            await self._reload_fresh()
        return result

    async def start(self) -> None:
        await self._act(running.start_session, rooms=app_context().rooms)  # BigBlueButton opens its room

    async def end(self) -> None:
        await self._act(running.end_session)

    async def enroll(self) -> None:
        await self._act(enrollment.enroll)

    async def unenroll(self) -> None:
        await self._act(enrollment.unenroll)

    async def join(self) -> None:
        info = await self._act(enrollment.join_session, rooms=app_context().rooms)
        if info is None:
            return
        if info.link:
            ui.navigate.to(info.link, new_tab=True)
            return
        bigbluebutton = info.platform is Platform.BIGBLUEBUTTON
        self.message.error = NO_BIGBLUEBUTTON if bigbluebutton else 'There is no meeting link yet.'
        ui.notify(self.message.error, type='warning', position='top', multi_line=True)
        await self._reload_fresh()

    def delete(self) -> None:
        self.confirm.open()

    async def delete_confirmed(self) -> None:
        self.confirm.close()
        context = app_context()
        self.leaving = True
        try:
            await attempt(authoring.delete_session, context.uow_factory(), self.viewer.user, self.session_id,
                          context.clock())  # fmt: skip
        except DomainError as error:
            self.leaving = False
            self.message.error = error.message
            show_refusal(error)
            await self._reload_fresh()
            return
        ui.notify('The session is cancelled.', type='positive', position='top')
        ui.navigate.to('/')

    async def view_list(self) -> None:
        await self.mentee_list.open()


# --- what the page shows ---------------------------------------------------------------------------


def _offered(view: SessionView, now: datetime, error: str | None) -> tuple[object, ...]:
    flags = (view.may_manage, view.may_edit_details or view.may_edit_meeting, view.may_start, view.may_end)
    more = (view.may_join, view.may_enroll, view.may_unenroll, view.may_delete)
    return (*flags, *more, view.viewer_enrollment, view.status, unenroll_note(view, now), error)


def _actions(view: SessionView, now: datetime, page: _DetailsPage) -> None:
    session_id = view.summary.session.id
    note = unenroll_note(view, now)
    buttons = [
        ('View list', icons.GROUPS, view.may_manage, page.view_list, 'outline'),
        ('Edit', icons.EDIT, view.may_edit_details or view.may_edit_meeting,
         lambda: ui.navigate.to(f'/sessions/{session_id}/edit'), 'outline'),
        ('Start session', icons.PLAY_ARROW, view.may_start, page.start, 'unelevated'),
        ('End session', icons.STOP, view.may_end, page.end, 'unelevated'),
        ('Join', icons.LOGIN, view.may_join, page.join, 'unelevated'),
        ('Enroll', icons.HOW_TO_REG, view.may_enroll, page.enroll, 'unelevated'),
        ('Un-enroll', icons.PERSON_REMOVE, view.may_unenroll, page.unenroll, 'outline'),
        ('Delete', icons.DELETE, view.may_delete, page.delete, 'outline color=negative'),
    ]  # fmt: skip
    shown = [button for button in buttons if button[2]]
    if not shown and not note and not page.message.error and view.viewer_enrollment is None:
        return
    with ui.column().classes('w-full gap-3'):
        enrollment_line(view)
        with ui.row().classes('w-full gap-2 flex-wrap items-center'):
            for text, icon, _, handler, props in shown:
                ui.button(text, icon=icon, on_click=handler).props(f'no-caps {props}')
            if note:
                ui.button('Un-enroll', icon=icons.PERSON_REMOVE).props('no-caps outline disable')
        if note:
            ui.label(note).classes('text-gray-700 break-words').props('data-testid=unenroll-note').mark('unenroll-note')
        if page.message.error:
            refusal = ui.label(page.message.error).classes('text-red-800 break-words')
            refusal.props('role=alert data-testid=action-error').mark('action-error')
