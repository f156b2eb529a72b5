"""U2–U4, M1, M2: the buttons of the Session Details page — those the service's `may_*` flags offer this viewer,
never decided here — with the un-enroll note and a refusal beside them (E2)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

from nicegui import ui

from domain.entities import SessionView
from ui import icons
from ui.components.session_facts import enrollment_line, unenroll_note


class ActionMessage:
    """Where a refusal of one of the page's buttons is shown: beside the buttons (E2)."""

    def __init__(self) -> None:
        self.error: str | None = None


class Handlers(Protocol):
    message: ActionMessage

    def view_list(self) -> Awaitable[None]: ...
    def start(self) -> Awaitable[None]: ...
    def end(self) -> Awaitable[None]: ...
    def join(self) -> Awaitable[None]: ...
    def enroll(self) -> Awaitable[None]: ...
    def unenroll(self) -> Awaitable[None]: ...
    def join_waitlist(self) -> Awaitable[None]: ...
    def leave_waitlist(self) -> Awaitable[None]: ...
    def delete(self) -> None: ...


def offered(view: SessionView, now: datetime, error: str | None) -> tuple[object, ...]:
    """Everything the buttons show: they are rebuilt only when this changes (a rebuilt button drops a click
    that is on its way)."""
    flags = (view.may_manage, view.may_edit_details or view.may_edit_meeting, view.may_start, view.may_end)
    more = (view.may_join, view.may_enroll, view.may_unenroll, view.may_delete)
    waitlist = (view.may_join_waitlist, view.waitlist_position)
    return (*flags, *more, *waitlist, view.viewer_enrollment, view.status, unenroll_note(view, now), error)


def session_actions(view: SessionView, now: datetime, page: Handlers) -> None:
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
    if not shown and not note and not page.message.error and view.viewer_enrollment is None:
        return
    with ui.column().classes('w-full gap-3'):
        enrollment_line(view)
        waitlist_lines(view)
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


def waitlist_lines(view: SessionView) -> None:
    """W1: a full session says so; a mentee in line sees their place."""
    if view.may_join_waitlist or view.waitlist_position is not None:
        ui.label('session seats full').classes('font-medium text-gray-800').mark('seats-full')
    if view.waitlist_position is not None:
        place = ui.label(f'You are number {view.waitlist_position} on the waitlist.').classes('font-medium')
        place.props('data-testid=waitlist-position').mark('waitlist-position')
