"""U2–U4, M1, M2: the buttons of the Session Details page — those the service's `may_*` flags offer this viewer,
never decided here — with the un-enroll note and a refusal beside them (E2)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

from nicegui import ui

from domain import rules
from domain.entities import SessionStatus, SessionView
from ui import icons
from ui.components.session_facts import WAITING_FOR_MENTOR, enrollment_line, unenroll_note


class ActionMessage:
    """Where a refusal of one of the page's buttons, or what it did, is shown: beside the buttons (E2).

    Each is kept with the buttons the page offered when it was first shown: a live change that alters them
    (a seat freed, the viewer's place changed) answers it, and it goes (issue 23 item 3)."""

    def __init__(self) -> None:
        self.error: str | None = None
        self.done: str | None = None
        self.seen: tuple[object, ...] | None = None
        self.at: datetime | None = None  # when they were said: a read begun before cannot answer them

    def say(self, *, error: str | None = None, done: str | None = None, at: datetime | None = None) -> None:
        self.error, self.done, self.seen, self.at = error, done, None, at

    def answered(self, offered_now: tuple[object, ...], read_at: datetime) -> None:
        """Forget the messages if what the buttons offer changed since they were first shown."""
        if self.error is None and self.done is None:
            return
        if self.at is not None and read_at < self.at:
            return
        if self.seen is None:
            self.seen = offered_now
        elif self.seen != offered_now:
            self.say()


class Handlers(Protocol):
    message: ActionMessage
    busy: bool

    def view_list(self) -> Awaitable[None]: ...
    def start(self) -> Awaitable[None]: ...
    def end(self) -> Awaitable[None]: ...
    def join(self) -> Awaitable[None]: ...
    def enroll(self) -> Awaitable[None]: ...
    def unenroll(self) -> Awaitable[None]: ...
    def join_waitlist(self) -> Awaitable[None]: ...
    def leave_waitlist(self) -> Awaitable[None]: ...
    def delete(self) -> None: ...


def offered(view: SessionView, now: datetime, message: ActionMessage | None) -> tuple[object, ...]:
    """Everything the buttons show: they are rebuilt only when this changes (a rebuilt button drops a click
    that is on its way)."""
    flags = (view.may_manage, view.may_edit_details or view.may_edit_meeting, view.may_start, view.may_end)
    more = (view.may_join, view.may_enroll, view.may_unenroll, view.may_delete)
    waitlist = (view.may_join_waitlist, view.waitlist_position, seats_full_shown(view))
    told = (None, None) if message is None else (message.error, message.done)
    notes = (unenroll_note(view, now), rules.waiting_for_mentor(view.summary.session, now))
    return (*flags, *more, *waitlist, view.viewer_enrollment, view.status, *notes, *told)


def seats_full_shown(view: SessionView) -> bool:
    """M1: "session seats full" where "Enroll" would be, for someone not in a full session still to come or live."""
    session = view.summary.session
    return (
        view.viewer_enrollment is None
        and not view.may_manage
        and view.status is not SessionStatus.COMPLETED
        and rules.seats_full(view.summary.mentee_count, session.seat_limit)
    )


def session_actions(view: SessionView, now: datetime, page: Handlers) -> list[ui.button]:
    """The buttons (disabled while the page's last action runs or settles, M1), with what to say beside them, built
    into the current container: the page's box of buttons, a column (no column of their own: P11)."""
    session_id = view.summary.session.id
    note = unenroll_note(view, now)
    edit: Callable[[], object] = lambda: ui.navigate.to(f'/sessions/{session_id}/edit')  # noqa: E731
    buttons = [
        ('View list', icons.GROUPS, view.may_manage, page.view_list, 'outline'),
        ('Edit', icons.EDIT, view.may_edit_details or view.may_edit_meeting, edit, 'outline'),
        ('Start session', icons.PLAY_ARROW, view.may_start, page.start, 'unelevated'),
        ('End session', icons.STOP, view.may_end, page.end, 'unelevated'),
        ('Join', icons.LOGIN, view.may_join, page.join, 'unelevated'),
        ('Enroll', icons.HOW_TO_REG, view.may_enroll, page.enroll, 'unelevated'),
        ('Un-enroll', icons.PERSON_REMOVE, view.may_unenroll, page.unenroll, 'outline'),
        ('Join waitlist', icons.HOW_TO_REG, view.may_join_waitlist, page.join_waitlist, 'unelevated'),
        ('Leave waitlist', icons.PERSON_REMOVE, view.waitlist_position is not None, page.leave_waitlist, 'outline'),
        ('Delete', icons.DELETE, view.may_delete, page.delete, 'outline color=negative'),
    ]
    shown = [button for button in buttons if button[2]]
    waiting = rules.waiting_for_mentor(view.summary.session, now) and not view.may_start  # the mentor: Start
    message = page.message
    said = note or message.error or message.done or waiting or seats_full_shown(view)
    if not shown and not said and view.viewer_enrollment is None:
        return []
    made = []
    if waiting:
        ui.label(WAITING_FOR_MENTOR).classes('font-medium text-gray-800 break-words').props(
            'role=status data-testid=waiting-for-mentor'
        ).mark('waiting-for-mentor')
    enrollment_line(view)
    waitlist_lines(view)
    with ui.row().classes('w-full gap-2 flex-wrap items-center'):
        for text, icon, _, handler, props in shown:
            made.append(ui.button(text, icon=icon, on_click=handler).props(f'no-caps {props}'))
        if note:
            ui.button('Un-enroll', icon=icons.PERSON_REMOVE).props('no-caps outline disable')
    if note:
        ui.label(note).classes('text-gray-700 break-words').props('data-testid=unenroll-note').mark('unenroll-note')
    if message.done:
        done = ui.label(message.done).classes('text-green-900 font-medium break-words')
        done.props('role=status data-testid=action-done').mark('action-done')
    if message.error:
        refusal = ui.label(message.error).classes('text-red-800 break-words')
        refusal.props('role=alert data-testid=action-error').mark('action-error')
    for button in made:
        button.set_enabled(not page.busy)
    return made


def waitlist_lines(view: SessionView) -> None:
    """W1: a full session says so; a mentee in line sees their place."""
    if seats_full_shown(view) or view.waitlist_position is not None:
        ui.label('session seats full').classes('font-medium text-gray-800').mark('seats-full')
    if view.waitlist_position is not None:
        place = ui.label(f'You are number {view.waitlist_position} on the waitlist.').classes('font-medium')
        place.props('data-testid=waitlist-position').mark('waitlist-position')
