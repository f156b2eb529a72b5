"""U2–U4, M1, M2, W1: what the Session Details page's buttons do — each runs one service on the session and says
beside the buttons what it did or why not (E2); Delete, End session and Un-enroll ask first.

The card (session_card.py) draws the buttons from data and sends back the text of the one clicked (`act`). While an
action runs, and a moment after, they wait, shown disabled: the one now under the finger may be the opposite
action (M1).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from nicegui import background_tasks, ui

from domain import rules
from domain.entities import Platform, SessionView
from domain.errors import AlreadyDone, DomainError
from domain.services import authoring, enrollment, running
from ui.components.confirmation import Confirmation
from ui.components.mentee_actions import NO_BIGBLUEBUTTON
from ui.components.mentee_list import MenteeListWindow
from ui.components.session_actions import offered
from ui.components.session_card import Actions, SessionCard
from ui.components.session_facts import (
    ENROLLED,
    ENROLLED_LATE,
    JOINED_LINE,
    LEFT_LINE,
    UNENROLLED,
    ActionMessage,
    unenroll_dialog,
)
from ui.context import Viewer, app_context
from ui.feedback import attempt, show_refusal
from ui.live import Follow

R = TypeVar('R')
SETTLE_SECONDS = 1.0  # the buttons stay disabled this long after an action: a double tap acts once (M1)


class DetailsActions:
    """The page's buttons' handlers. `follow` and `card`: the page's, set once made."""

    follow: Follow[Any]
    card: SessionCard

    def __init__(self, viewer: Viewer, session_id: int, view: Callable[[], SessionView | None]) -> None:
        self.viewer = viewer
        self.session_id = session_id
        self._view = view  # the session as the page shows it now
        self.message = ActionMessage()
        self.busy = False  # an action runs or just ended: the buttons wait, shown disabled (a double tap acts once)
        self.shown: tuple[object, ...] | None = None  # what the buttons offer (`session_actions.offered`)
        self.focus = False  # E1: the next change of the buttons gives the keyboard a place among them
        self.mentee_list = MenteeListWindow(viewer, session_id)
        self.confirm_delete = Confirmation(
            'Delete this session?',
            'The session is cancelled for everyone and its mentees are told. This cannot be undone.',
            ('No, keep it', 'Yes delete'),
            self.delete_confirmed,
        )
        self.confirm_unenroll = unenroll_dialog(self.unenroll_confirmed)
        self.confirm_end = Confirmation(
            'End this session?',
            'The session is completed for everyone: mentees can no longer join. This cannot be undone.',
            ('No, keep it running', 'Yes, end session'),
            self.end_confirmed,
        )

    def unchanged(self, view: SessionView, now: datetime) -> bool:
        """Whether the buttons would offer what they offer now. Every read and every change worked out comes here,
        the ones that change nothing else too: what was said beside the buttons sees them (`_answered`)."""
        self._answered(view, now)
        return offered(view, now, self.message) == self.shown

    def actions(self, view: SessionView, now: datetime) -> Actions:
        """What the buttons offer now, and what is said beside them."""
        self._answered(view, now)
        shown = offered(view, now, self.message)
        if shown != self.shown:
            self.shown = shown
            if self.focus:
                self._focus()
        return shown[1]

    def _answered(self, view: SessionView, now: datetime) -> None:
        """A live change may have answered what was said beside the buttons (issue 23 item 3)."""
        place = (view.viewer_enrollment, view.waitlist_position is not None)
        self.message.answered(lambda: offered(view, now, None), now, place)

    async def act(self, text: str) -> None:
        """A click on the card's button `text` (the card lets through only those it offers)."""
        handlers: dict[str, Callable[[], Awaitable[None] | None]] = {
            'View list': self.view_list,
            'Edit': self.edit,
            'Start session': self.start,
            'End session': self.end,
            'Join': self.join,
            'Enroll': self.enroll,
            'Un-enroll': self.unenroll,
            'Join waitlist': self.join_waitlist,
            'Leave waitlist': self.leave_waitlist,
            'Delete': self.delete,
        }
        done = handlers[text]()
        if done is not None:
            await done

    def _focus(self) -> None:
        """E1: the button just used is gone with the rebuild ("Join waitlist" becomes "Leave waitlist"), which
        would drop the keyboard's focus to the top of the page: it goes to the first of the new buttons, unless
        the user has moved it elsewhere meanwhile. Disabled buttons take no focus, so it is tried again
        when they settle."""
        self.card.client.run_javascript(
            f"""requestAnimationFrame(() => {{
            const active = document.activeElement;
            if (active && active !== document.body && active.isConnected) return;
            const button = getHtmlElement({self.card.id})?.querySelector('[data-actions] button:not([disabled])');
            if (button) button.focus({{preventScroll: true}});
            }});"""
        )

    async def _act(self, service: Callable[..., R], done: str | None = None, **extra: object) -> R | None:
        """Run one service on this session; say beside the buttons what it did (`done`) or why not. What was
        asked already holding (a second click elsewhere) counts as done."""
        if self.busy:
            return None
        context = app_context()
        self._hold(True)
        self.message.say()
        self.focus = True
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
        self.card.hold(busy)

    async def _settle(self) -> None:
        await asyncio.sleep(SETTLE_SECONDS)
        if self.follow.page_open:
            self._hold(False)
            if self.focus:
                self._focus()
        self.focus = False

    def edit(self) -> None:
        ui.navigate.to(f'/sessions/{self.session_id}/edit')

    async def view_list(self) -> None:
        await self.mentee_list.open()

    async def start(self) -> None:
        await self._act(running.start_session, rooms=app_context().rooms)  # BigBlueButton opens its room

    async def end(self) -> None:
        self.confirm_end.open()  # irreversible, like Delete: asked first

    async def end_confirmed(self) -> None:
        self.confirm_end.close()
        await self._act(running.end_session)

    async def enroll(self) -> None:
        view = self._view()
        late = view is not None and rules.unenroll_closed_note(view.summary.session, app_context().clock())
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
        self.confirm_delete.open()

    async def delete_confirmed(self) -> None:
        self.confirm_delete.close()
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
