"""C5, C6: "+ Add mentor" / "+ Add mentee" — the Mentor list and Mentee list windows.

A window has a Search box, organization and designation filters, "Items per page" with paging, and "Add"
per row. The chosen people show under the field: the mentor with a way to remove them; each mentee as
their name, which opens the window again with "Remove".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace

from nicegui import ui

from domain.entities import Organization, Page, Role, User
from domain.errors import DomainError
from domain.ports import UserQuery
from ui import icons
from ui.components.session_form_parts import ErrorBeside, ErrorText, Window, field_heading
from ui.components.session_form_user_results import UserResults, person

FindUsers = Callable[[UserQuery], Awaitable[Page[User]]]
CheckAdd = Callable[[Sequence[User]], None]  # raises a DomainError (e.g. "session seats full") to refuse
PER_PAGE = {5: '5', 10: '10', 20: '20', 50: '50'}
ALL_ORGANIZATIONS = 'All organizations'
ALL_DESIGNATIONS = 'All designations'


@dataclass(frozen=True)
class PickerSetup:
    role: Role
    heading: str
    button_text: str
    window_title: str
    marker: str
    multiple: bool
    organizations: Sequence[Organization]
    designations: Sequence[str]
    empty_text: str = ''


class UserPicker(ErrorBeside):
    def __init__(
        self, setup: PickerSetup, find_users: FindUsers, chosen: Sequence[User], check_add: CheckAdd | None = None
    ) -> None:
        self.setup = setup
        self._find = find_users
        self._check_add = check_add
        self._chosen = list(chosen)
        self._enabled = True
        self._removable = True
        self._loads = 0
        with ui.column().classes('w-full gap-1').mark(f'field-{setup.marker}'):
            field_heading(setup.heading)
            self._shown = ui.row().classes('items-center gap-2 flex-wrap w-full')
            self._button = ui.button(setup.button_text, on_click=self._open_window)
            self.focus_target = self._button
            self._button.props('outline no-caps').mark(f'open-{setup.marker}')
            self._error = ErrorText()
            self._window = Window()
        self._show_chosen()

    @property
    def value(self) -> tuple[User, ...]:
        return tuple(self._chosen)

    def set_value(self, chosen: Sequence[User]) -> None:
        """E2: show these people as chosen (a restored draft, or the saved ones again)."""
        self._chosen = list(chosen)
        self.error = None
        self._show_chosen()

    def set_enabled(self, enabled: bool, *, removable: bool = True) -> None:
        self._enabled, self._removable = enabled, removable
        self._button.set_enabled(enabled)
        self._show_chosen()

    @property
    def multiple(self) -> bool:
        return self.setup.multiple

    def is_chosen(self, user: User) -> bool:
        return any(chosen.id == user.id for chosen in self._chosen)

    def _show_chosen(self) -> None:
        self._shown.clear()
        with self._shown:
            if not self._chosen and self.setup.empty_text:
                ui.label(self.setup.empty_text).classes('text-sm text-gray-600')
            for user in self._chosen:
                if self.setup.multiple:
                    name = ui.button(user.name, on_click=lambda _, user=user: self._open_chosen(user))
                    name.props('outline rounded dense no-caps').classes('px-3').mark('chosen-user')
                    name.set_enabled(self._enabled)
                else:
                    ui.chip(user.name, icon=icons.PERSON, color='blue-1', text_color='blue-10')
                    if self._enabled and self._removable:
                        remove = ui.button(icon=icons.CLOSE, on_click=lambda _, user=user: self.remove(user))
                        remove.props('flat round dense').mark('remove-chosen')
                        remove.props['aria-label'] = f'Remove {user.name}'  # user text: never in a props string

    def try_add(self, user: User) -> bool:
        if self.setup.multiple and self._check_add is not None:
            try:
                self._check_add(self._chosen)
            except DomainError as refusal:
                self.error = refusal.message
                return False
        self._chosen = [*self._chosen, user] if self.setup.multiple else [user]
        self.error = None
        self._show_chosen()
        return True

    def remove(self, user: User) -> None:
        self._chosen = [chosen for chosen in self._chosen if chosen.id != user.id]
        self.error = None
        self._show_chosen()

    def _open_chosen(self, user: User) -> None:
        with self._window.opened(self.setup.window_title, f'window-{self.setup.marker}'):
            person(user)

            def remove() -> None:
                self.remove(user)
                self._window.close()

            with ui.row().classes('w-full justify-end'):
                ui.button('Remove', on_click=remove, color='negative').props('unelevated no-caps')

    async def _open_window(self) -> None:
        setup = self.setup
        query = UserQuery(role=setup.role, per_page=10)
        with self._window.opened(setup.window_title, f'window-{setup.marker}'):
            results = UserResults(self, self._window)
            search = ui.input('Search').props('outlined dense clearable type=search autofocus').classes('w-full')
            with ui.element('div').classes('grid grid-cols-1 sm:grid-cols-2 gap-2 w-full'):
                organizations = {0: ALL_ORGANIZATIONS, **{org.id: org.name for org in setup.organizations}}
                organization = ui.select(organizations, label='Organization', value=0).props('outlined dense')
                designations = {'': ALL_DESIGNATIONS, **{name: name for name in setup.designations}}
                designation = ui.select(designations, label='Designation', value='').props('outlined dense')
            results.build()
            with ui.row().classes('w-full items-center gap-2 flex-wrap'):
                per_page = ui.select(PER_PAGE, label='Items per page', value=10).props('outlined dense')
                per_page.classes('w-36')
                results.build_pager()
                if setup.multiple:
                    ui.button('Done', on_click=self._window.close).props('unelevated no-caps').classes('ml-auto')

        async def filters_changed() -> None:
            nonlocal query
            query = replace(
                query,
                text=search.value or '',
                organization_id=organization.value or None,
                designation=designation.value or None,
                per_page=int(per_page.value or 10),
                page=1,
            )
            await results.load(query)

        for control in (search, organization, designation, per_page):
            control.on_value_change(filters_changed)
        await results.load(query)

    async def find(self, query: UserQuery) -> Page[User] | None:
        """One page of users for the window; the newest request wins when several overlap."""
        self._loads += 1
        ticket = self._loads
        page = await self._find(query)
        return page if ticket == self._loads else None
