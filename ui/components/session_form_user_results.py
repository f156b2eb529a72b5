"""The rows, paging and refusal message of an open Mentor list / Mentee list window (C5, C6)."""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from nicegui import ui

from domain.entities import Page, User
from domain.errors import DomainError
from domain.ports import UserQuery
from ui import icons
from ui.components.session_form_parts import ErrorText, Window


class Picks(Protocol):
    """What the window needs from its picker."""

    @property
    def multiple(self) -> bool: ...
    @property
    def error(self) -> str | None: ...
    def is_chosen(self, user: User) -> bool: ...
    def try_add(self, user: User) -> bool: ...
    def remove(self, user: User) -> None: ...
    async def find(self, query: UserQuery) -> Page[User] | None: ...


class UserResults:
    """The rows, the window's own refusal message and the pager of one open window."""

    def __init__(self, picker: Picks, window: Window) -> None:
        self._picker = picker
        self._window = window
        self._page: Page[User] | None = None
        self._query = UserQuery()

    def build(self) -> None:
        self.error = ErrorText()
        self.rows = ui.column().classes('w-full gap-0 max-h-96 overflow-y-auto').props('role=list')

    def build_pager(self) -> None:
        with ui.row().classes('items-center gap-1 no-wrap'):
            self.previous = ui.button(icon=icons.CHEVRON_LEFT, on_click=lambda: self._turn(-1))
            self.previous.props('flat round dense aria-label="Previous page"').mark('previous-page')
            self.where = ui.label('').classes('text-sm text-gray-700 whitespace-nowrap')
            self.next = ui.button(icon=icons.CHEVRON_RIGHT, on_click=lambda: self._turn(1))
            self.next.props('flat round dense aria-label="Next page"').mark('next-page')

    async def load(self, query: UserQuery) -> None:
        self._query = query
        try:
            page = await self._picker.find(query)
        except DomainError as refusal:
            self.error.error = refusal.message
            return
        if page is None or self.rows.is_deleted:
            return
        self._page = page
        self.show()

    async def _turn(self, step: int) -> None:
        if self._page is not None:
            await self.load(replace(self._query, page=self._page.page + step))

    def show(self) -> None:
        page = self._page
        if page is None:
            return
        self.rows.clear()
        with self.rows:
            if not page.items:
                ui.label('No one matches your search.').classes('text-sm text-gray-600 p-2')
            for user in page.items:
                self._row(user)
        self.where.set_text(f'Page {page.page} of {page.page_count} · {page.total} found')
        self.previous.set_enabled(page.page > 1)
        self.next.set_enabled(page.page < page.page_count)

    def _row(self, user: User) -> None:
        picker = self._picker
        with ui.row().classes('w-full items-center gap-2 py-2 border-b border-gray-200 no-wrap').props('role=listitem'):
            with ui.column().classes('gap-0 grow min-w-0'):
                person(user)
            if picker.multiple and picker.is_chosen(user):
                ui.button('Remove', on_click=lambda: self._remove(user)).props('outline no-caps')
            else:
                ui.button('Add', on_click=lambda: self._add(user)).props('unelevated no-caps')

    def _add(self, user: User) -> None:
        if not self._picker.try_add(user):
            self.error.error = self._picker.error
            return
        self.error.error = None
        if self._picker.multiple:
            self.show()
        else:
            self._window.close()

    def _remove(self, user: User) -> None:
        self._picker.remove(user)
        self.error.error = None
        self.show()


def person(user: User) -> None:
    ui.label(user.name).classes('font-medium break-words')
    ui.label(user.email).classes('text-sm text-gray-700 break-all')
    ui.label(f'{user.organization_name} · {user.designation}').classes('text-xs text-gray-600 break-words')
