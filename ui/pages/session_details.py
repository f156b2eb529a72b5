"""T2, U2–U4, M1, M2: the Session Details page — every detail, and the buttons this viewer may use.

It follows its session live (`Follow`, L1): any change to it, by anyone, reloads it, and so does the next
moment the clock alone changes its status or buttons (U3). The open pages of one viewer share one read per
change (P2: 50 tabs of one session). A reload that finds only the counts changed sets them in place; the
buttons survive a rebuild unless the offered set changes (a button rebuilt while a click on it is on its way
would drop that click: seen with 12 mentees enrolling at once). A mentee's enrollment tells its new figures
with the event: a page shows them at once, without a read, and one read confirms them once the changes stop
(events of two commits may arrive in either order).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from typing import TypeVar

from nicegui import background_tasks, ui

from domain import rules
from domain.entities import Platform, SessionView
from domain.errors import AlreadyDone, DomainError, NotFound
from domain.ports import SessionChanged
from domain.rules import time_changes
from domain.services import authoring, enrollment, queries, running
from ui import icons
from ui.components.add_to_calendar import add_to_calendar
from ui.components.aftermath_panel import AftermathPanel
from ui.components.anchor import Anchor
from ui.components.mentee_list import MenteeListWindow
from ui.components.session_actions import ActionMessage, offered, session_actions
from ui.components.session_facts import (
    ENROLLED,
    ENROLLED_LATE,
    JOINED_LINE,
    LEFT_LINE,
    UNENROLLED,
    Counts,
    details_card,
    unenroll_dialog,
)
from ui.context import Viewer, app_context
from ui.details_loads import SharedReads
from ui.feedback import attempt, show_refusal
from ui.layout import frame
from ui.live import Follow, Shared

NOT_VISIBLE = NotFound().message
GONE = 'This session was cancelled or is no longer visible to you.'
NO_BIGBLUEBUTTON = (
    'BigBlueButton is not configured on this server yet, so there is no meeting link to open. '
    'Please contact your session manager.'
)
R = TypeVar('R')
SETTLE_SECONDS = 1.0  # the buttons stay disabled this long after an action: a double tap acts once (M1)
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

    def moments(self) -> list[datetime]:
        return [] if self.view is None else time_changes(self.view.summary.session)


_reads: SharedReads[_Shown] = SharedReads()


def _missing(message: str) -> None:
    with ui.card().classes('w-full items-center text-center gap-3 py-10 px-4').props('flat bordered'):
        ui.icon(icons.EVENT_BUSY, size='3rem').classes('text-slate-400')
        ui.label(message).classes('text-lg font-semibold break-words').props('role=alert')
        Anchor('Back to Home', '/').classes('text-primary')


async def session_details_page(viewer: Viewer, session_id: int, back: tuple[str, str] = ('← Home', '/')) -> None:
    """`back`: the back link's text and address (ui/back_link.py)."""
    with frame('Session details', viewer):
        Anchor(*back).classes('text-primary no-underline self-start')
        await _DetailsPage(viewer, session_id).build()
        aftermath = AftermathPanel(viewer, session_id)  # A1, F1: its place on the page, filled by its own read
        add_to_calendar(viewer, session_id)
        await aftermath.start()


def _confirmation(title: str, text: str, buttons: tuple[str, str], on_yes: Callable[[], Awaitable[None]]) -> ui.dialog:
    """A dialog that asks before an irreversible action: the first button closes it, the second acts."""
    keep, act = buttons
    with ui.dialog() as dialog, ui.card().classes('gap-4 p-6 max-w-md'):
        ui.label(title).classes('text-lg font-semibold').props('role=heading aria-level=2')
        ui.label(text)
        with ui.row().classes('w-full justify-end gap-2 flex-wrap'):
            ui.button(keep, on_click=dialog.close).props('flat no-caps')
            ui.button(act, color='negative', on_click=on_yes).props('no-caps')
    dialog.props(f'aria-label="{title}"')
    return dialog


class _DetailsPage:
    def __init__(self, viewer: Viewer, session_id: int) -> None:
        self.viewer = viewer
        self.session_id = session_id
        self.message = ActionMessage()
        self.seen = False  # once the session was shown, NotFound means it went away while open
        self.busy = False  # an action runs or just ended: the buttons wait, shown disabled (a double tap acts once)
        self.buttons: list[ui.button] = []  # the buttons shown, to disable while busy
        self.shown: _Shown | None = None  # what the card shows now
        self.counts: Counts | None = None  # its count labels, to be set in place
        self.confirmation: asyncio.TimerHandle | None = None  # the read due after roster changes shown unread
        self.mentee_list = MenteeListWindow(viewer, session_id)
        self.parking = ui.element('div').classes('hidden')  # holds the buttons while the details are rebuilt
        with self.parking:
            self.actions_box = ui.column().classes('w-full gap-3')
        self.actions_shown: tuple[object, ...] | None = None
        self.focus_actions = False  # E1: the next rebuild of the buttons gives the keyboard a place among them
        self.confirm = _confirmation(
            'Delete this session?',
            'The session is cancelled for everyone and its mentees are told. This cannot be undone.',
            ('No, keep it', 'Yes delete'),
            self.delete_confirmed,
        )
        self.confirm_unenroll = unenroll_dialog(self.unenroll_confirmed)
        self.confirm_end = _confirmation(
            'End this session?',
            'The session is completed for everyone: mentees can no longer join. This cannot be undone.',
            ('No, keep it running', 'Yes, end session'),
            self.end_confirmed,
        )
        self.follow = Follow(self._fetch, self._show, moments=_Shown.moments, now=lambda shown: shown.now,
                             session_id=session_id, unread=self._show_unread,
                             shared=Shared(_reads, viewer.user, session_id))  # fmt: skip

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

        self.body = body
        await self.follow.start(lambda error: _Shown(None, app_context().clock(), error.message))

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

    async def _show(self, shown: _Shown) -> None:
        """Set the counts in place if nothing else changed; else rebuild the card (the buttons move along)."""
        if self.shown is None:
            self.body(shown)
            return
        if self.counts is not None and not self.follow.clock_moved and self._only_counts_differ(shown):
            assert shown.view is not None
            self.shown = shown
            self.counts.show(shown.view.summary)
            return
        await asyncio.sleep(0)  # let in-place updates that are ready (other pages' counts) go out first
        if self.follow.page_open:
            self.actions_box.move(self.parking)
            await self.body.refresh(shown)

    def _show_unread(self, change: SessionChanged) -> bool:
        """P2: set the counts the change tells of, if nothing else on this page changes; a read confirms them
        later. False when the page needs a read (the viewer's own enrollment, a rebuild due, nothing shown)."""
        shown = self.shown
        if change.roster is None or shown is None or shown.view is None or self.counts is None:
            return False
        if self.follow.clock_moved or not self.follow.page_open:
            return False
        now = app_context().clock()
        view = queries.view_after_roster_change(shown.view, self.viewer.user, change.roster, now)
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
        if self.follow.page_open:
            background_tasks.create(self.follow.reload(), name='confirm roster change')

    def _only_counts_differ(self, new: _Shown) -> bool:
        old = self.shown
        if old is None or old.card is None or new.view is None:
            return False
        return old.card == new.card and offered(new.view, new.now, self.message) == self.actions_shown

    def _place_actions(self, view: SessionView, now: datetime) -> None:
        """Put the buttons here, rebuilding them only when what they offer has changed."""
        self.message.answered(offered(view, now, None), now)  # a live change may have answered what was said
        buttons = offered(view, now, self.message)
        if buttons != self.actions_shown:
            self.actions_shown = buttons
            self.actions_box.clear()
            with self.actions_box:
                self.buttons = session_actions(view, now, self)
            if self.focus_actions:
                self._focus_actions()
        self.actions_box.move(ui.element('div').classes('w-full'))

    def _focus_actions(self) -> None:
        """E1: the button just used is gone with the rebuild ("Join waitlist" becomes "Leave waitlist"), which
        would drop the keyboard's focus to the top of the page: it goes to the first of the new buttons, unless
        the user has moved it elsewhere meanwhile. Disabled buttons take no focus, so it is tried again
        when they settle."""
        self.actions_box.client.run_javascript(
            f"""requestAnimationFrame(() => {{
            const active = document.activeElement;
            if (active && active !== document.body && active.isConnected) return;
            const button = getHtmlElement({self.actions_box.id})?.querySelector('button:not([disabled])');
            if (button) button.focus({{preventScroll: true}});
            }});"""
        )

    async def _act(self, service: Callable[..., R], done: str | None = None, **extra: object) -> R | None:
        """Run one of the page's services on this session; say beside the buttons what it did (`done`) or why
        not. The buttons are disabled while it runs and a moment after: the one now under the finger may be
        the opposite action (M1). What was asked already holding (a second click elsewhere) counts as done."""
        if self.busy:
            return None
        context = app_context()
        self._hold(True)
        self.message.say()
        self.focus_actions = True
        heard, refused = self.follow.changes_heard, False
        result: R | None = None
        try:
            result = await attempt(
                service, context.uow_factory(), self.viewer.user, self.session_id, context.clock(), **extra
            )
        except AlreadyDone:
            self.message.say(done=done, at=context.clock())
        except DomainError as error:
            show_refusal(error, {error.field or '': self.message})
            self.message.say(error=error.message, at=context.clock())
            refused = True
        else:
            self.message.say(done=done, at=context.clock())
        finally:
            background_tasks.create(self._settle(), name='settle after an action')
        # A change committed here is told to this process before the service returns, and its event
        # reloads the page already; a refusal, or a service that changed nothing, is shown by this reload.
        if refused or self.follow.changes_heard == heard or done:
            await self.follow.reload_fresh()
        return result

    def _hold(self, busy: bool) -> None:
        self.busy = busy
        for button in self.buttons:
            if not button.is_deleted:
                button.set_enabled(not busy)

    async def _settle(self) -> None:
        await asyncio.sleep(SETTLE_SECONDS)
        if self.follow.page_open:
            self._hold(False)
            if self.focus_actions:
                self._focus_actions()
        self.focus_actions = False

    async def start(self) -> None:
        await self._act(running.start_session, rooms=app_context().rooms)  # BigBlueButton opens its room

    async def end(self) -> None:
        self.confirm_end.open()  # irreversible, like Delete: asked first

    async def end_confirmed(self) -> None:
        self.confirm_end.close()
        await self._act(running.end_session)

    async def enroll(self) -> None:
        shown = self.shown.view if self.shown else None
        late = shown is not None and rules.unenroll_closed_note(shown.summary.session, app_context().clock())
        await self._act(enrollment.enroll, ENROLLED_LATE if late else ENROLLED)  # late: the seat cannot go back

    async def unenroll(self) -> None:
        if not self.busy:
            self.confirm_unenroll.open()  # asked first (M1)

    async def unenroll_confirmed(self) -> None:
        self.confirm_unenroll.close()
        await self._act(enrollment.unenroll, UNENROLLED)

    async def join_waitlist(self) -> None:
        await self._act(enrollment.join_waitlist, JOINED_LINE)

    async def leave_waitlist(self) -> None:
        await self._act(enrollment.leave_waitlist, LEFT_LINE)

    async def join(self) -> None:
        info = await self._act(enrollment.join_session, rooms=app_context().rooms)
        if info is None:
            return
        if info.link:
            ui.navigate.to(info.link, new_tab=True)
            return
        bigbluebutton = info.platform is Platform.BIGBLUEBUTTON
        self.message.say(error=NO_BIGBLUEBUTTON if bigbluebutton else 'There is no meeting link yet.')
        await self.follow.reload_fresh()

    def delete(self) -> None:
        self.confirm.open()

    async def delete_confirmed(self) -> None:
        self.confirm.close()
        context = app_context()
        self.follow.stopped = True  # leaving: nothing more to show here
        try:
            await attempt(authoring.delete_session, context.uow_factory(), self.viewer.user, self.session_id,
                          context.clock())  # fmt: skip
        except DomainError as error:
            self.follow.stopped = False
            self.message.say(error=error.message)
            show_refusal(error)
            await self.follow.reload_fresh()
            return
        ui.notify('The session is cancelled.', type='positive', position='top')
        ui.navigate.to('/')

    async def view_list(self) -> None:
        await self.mentee_list.open()
