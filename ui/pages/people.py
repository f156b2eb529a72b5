"""R5 "People", for org admins: search, filter and page through everyone; add, edit, deactivate, reactivate;
organizations managed in place. Live: every change shows on every open People page (L1)."""

from __future__ import annotations

from dataclasses import replace

from nicegui import ui

from domain.entities import Organization, Page, Role, User
from domain.errors import DomainError
from domain.ports import UserQuery
from domain.services import directory, invitations, people
from ui import icons, live
from ui.components.organizations_panel import organizations_panel
from ui.components.pager import Pager
from ui.components.person_form import ROLE_LABELS, open_person_form
from ui.components.session_form_parts import Window
from ui.context import Viewer, app_context
from ui.feedback import attempt, call_or_show, show_refusal
from ui.layout import frame

ALL = ''
ACTIVE_CHOICES = {'active': 'Active', 'inactive': 'Deactivated', ALL: 'Everyone'}
PER_PAGE = {10: '10', 20: '20', 50: '50'}


async def people_page(viewer: Viewer) -> None:
    with frame('People', viewer):
        ui.label('People').classes('text-2xl font-semibold').props('role=heading aria-level=1')
        await _People(viewer).build()


def _roles_text(user: User) -> str:
    return ', '.join(ROLE_LABELS[role].split(' (')[0] for role in Role if role in user.roles)


class _People:
    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        self.query = UserQuery(per_page=10, active=None)
        self.organizations: list[Organization] = []
        self.designations: list[str] = []
        self.client = ui.context.client
        # The house's live mechanism; People follows its own event (no session change concerns it).
        self.follow: live.Follow[Page[User] | None] = live.Follow(
            self._read, self._show_all, concerns=None, also=(live.people_changed,)
        )
        self.built = False
        self.window = Window()
        self.link_window = Window()  # its own: the form's window closes after Save

    async def build(self) -> None:
        await self.follow.start(self._refuse)

    def _refuse(self, error: DomainError) -> None:
        self.follow.stopped = True  # refused: the page shows why, and follows nothing more
        ui.label(error.message).classes('text-negative')

    def _build(self) -> None:
        """The page's controls, on its first read (in the page's place)."""
        with ui.row().classes('w-full items-center gap-2 flex-wrap'):
            search = ui.input('Search').props('outlined dense clearable type=search').classes('grow').mark('search')
            search.on('keydown.enter', lambda: self._filter(text=search.value or ''))
            search.on('clear', lambda: self._filter(text=''))
            ui.button('Search', on_click=lambda: self._filter(text=search.value or '')).props('outline no-caps')
            ui.button('Add person', icon=icons.PERSON_ADD, on_click=self._add).props('unelevated no-caps')
            ui.button('Add from CSV', icon=icons.UPLOAD_FILE, on_click=lambda: ui.navigate.to('/people/upload')).props(
                'outline no-caps'
            )  # R5 bulk add (ui/pages/bulk_upload.py PEOPLE_PAGE)
        self._filters()
        self.summary = ui.label('').props('role=status aria-live=polite').classes('text-sm text-gray-700')
        self.list = ui.column().classes('w-full gap-2').props('role=list aria-label="People"')
        self.pager = Pager('People pages', self._turn)
        self.org_panel = ui.column().classes('w-full')
        self.built = True

    def _filters(self) -> None:
        roles = {ALL: 'All roles', **{role.value: ROLE_LABELS[role].split(' (')[0] for role in Role}}
        with ui.element('div').classes('grid grid-cols-1 sm:grid-cols-2 gap-2 w-full'):
            ui.select(roles, label='Role', value=ALL, on_change=lambda e: self._filter(role=e.value)).props(
                'outlined dense'
            )
            self.org_filter = ui.select(
                self._org_options(), label='Organization', value=0, on_change=lambda e: self._filter(org=e.value)
            )
            self.org_filter.props('outlined dense')
            self.designation_filter = ui.select(
                self._designation_options(),
                label='Designation',
                value=ALL,
                on_change=lambda e: self._filter(designation=e.value),
            ).props('outlined dense')
            ui.select(
                ACTIVE_CHOICES, label='Status', value=ALL, on_change=lambda e: self._filter(active=e.value)
            ).props('outlined dense')
            ui.select(PER_PAGE, label='Items per page', value=10, on_change=lambda e: self._filter(per_page=e.value))

    def _org_options(self) -> dict[int, str]:
        return {0: 'All organizations', **{o.id: o.name for o in self.organizations}}

    def _designation_options(self) -> dict[str, str]:
        return {ALL: 'All designations', **{d: d for d in self.designations}}

    def _fill_filters(self) -> None:
        """New options after a change elsewhere; a chosen filter that no longer exists falls back to 'All'."""
        organizations, designations = self._org_options(), self._designation_options()
        org = self.org_filter.value if self.org_filter.value in organizations else 0
        self.org_filter.set_options(organizations, value=org)
        designation = self.designation_filter.value if self.designation_filter.value in designations else ALL
        self.designation_filter.set_options(designations, value=designation)

    async def _filter(self, **changes: object) -> None:
        query = self.query
        if 'text' in changes:
            query = replace(query, text=str(changes['text']))
        if 'role' in changes:
            value = changes['role']
            query = replace(query, role=Role(value) if value in {r.value for r in Role} else None)
        if 'org' in changes:
            value = changes['org']
            query = replace(query, organization_id=value if isinstance(value, int) and value > 0 else None)
        if 'designation' in changes:
            query = replace(query, designation=str(changes['designation'] or '') or None)
        if 'active' in changes:
            query = replace(query, active={'active': True, 'inactive': False}.get(str(changes['active'])))
        if 'per_page' in changes and isinstance(changes['per_page'], int):
            query = replace(query, per_page=changes['per_page'])
        self.query = replace(query, page=1)
        await self.follow.reload()

    async def _turn(self, page: int) -> None:
        self.query = replace(self.query, page=page)
        await self.follow.reload()

    async def _read(self) -> Page[User]:
        context = app_context()
        found = await attempt(people.find_people, context.uow_factory(read_only=True), self.viewer.user, self.query)
        self.organizations = await attempt(
            directory.list_organizations, context.uow_factory(read_only=True), self.viewer.user
        )
        self.designations = await attempt(
            directory.list_designations, context.uow_factory(read_only=True), self.viewer.user
        )
        return found

    def _show_all(self, found: Page[User] | None) -> None:
        if found is None:  # refused
            return
        if not self.built:
            self._build()
        self._fill_filters()
        self._show(found)
        self._show_organizations()

    def _show(self, found: Page[User]) -> None:
        pages = max(1, -(-found.total // found.per_page))
        self.summary.text = f'{found.total} people' if found.total != 1 else '1 person'
        self.list.clear()
        with self.list:
            if not found.items:
                ui.label('Nobody matches.').classes('text-gray-700')
            for user in found.items:
                self._row(user)
        self.pager.show(found.page, pages)

    def _row(self, user: User) -> None:
        with ui.card().classes('w-full p-3 gap-1').props('role=listitem'):
            with ui.row().classes('w-full items-center gap-2 flex-wrap'):
                ui.label(user.name).classes('font-medium')
                ui.label(user.email).classes('text-gray-700 break-all')
                if not user.active:
                    ui.chip('Deactivated', color='grey-8', text_color='white').props('dense square').classes('m-0')
            facts = [user.organization_name, user.designation, _roles_text(user)]
            ui.label(' · '.join(f for f in facts if f)).classes('text-sm text-gray-700')
            with ui.row().classes('gap-2 flex-wrap'):
                edit = ui.button('Edit', on_click=lambda _, u=user: self._edit(u)).props('outline dense no-caps')
                edit.props['aria-label'] = f'Edit {user.name}'
                toggle_text = 'Deactivate' if user.active else 'Reactivate'
                toggle = ui.button(toggle_text, on_click=lambda _, u=user: self._toggle(u)).mark('toggle-active')
                toggle.props('outline dense no-caps')
                toggle.props['aria-label'] = f'{toggle_text} {user.name}'
                if user.active:
                    again = ui.button('Send invitation again', on_click=lambda _, u=user: self._invite(u))
                    again.props('flat dense no-caps').props['aria-label'] = f'Send invitation again to {user.name}'

    def _show_organizations(self) -> None:
        self.org_panel.clear()
        with self.org_panel:
            organizations_panel(self.viewer, self.organizations)

    async def _add(self) -> None:
        context = app_context()

        async def save(form: people.PersonForm) -> None:
            added = await attempt(
                people.add_person,
                context.uow_factory(),
                self.viewer.user,
                form,
                context.settings.public_address,
                context.clock(),
            )
            with self.client:
                self._announce_link(added.user, added.link)

        open_person_form(self.window, 'Add person', self.organizations, self.designations, None, save)

    async def _edit(self, user: User) -> None:
        context = app_context()

        async def save(form: people.PersonForm) -> None:
            await attempt(people.change_person, context.uow_factory(), self.viewer.user, user.id, form)
            ui.notify(f'{form.name} saved.', type='positive')

        open_person_form(self.window, f'Edit {user.name}', self.organizations, self.designations, user, save)

    async def _toggle(self, user: User) -> None:
        context = app_context()
        now = context.clock()
        try:
            await attempt(
                people.set_person_active, context.uow_factory(), self.viewer.user, user.id, not user.active, now
            )
        except DomainError as error:
            show_refusal(error)
            return
        ui.notify(f'{user.name} is {"deactivated" if user.active else "active again"}.', type='positive')

    async def _invite(self, user: User) -> None:
        context = app_context()
        link = await call_or_show(
            invitations.invite_again, context.uow_factory(), self.viewer.user, user.id, context.settings.public_address,
            context.clock(),
        )  # fmt: skip
        if link is not None:
            self._announce_link(user, link)

    def _announce_link(self, user: User, link: str) -> None:
        """R6: with mail, the link goes by mail only; without, the admin sees it once, to pass on."""
        if app_context().mailer is not None:
            ui.notify(f'An invitation is on its way to {user.email}.', type='positive')
            return
        with self.link_window.opened('Pass this link on', 'invitation-link'):
            ui.label(
                f'No mail server is configured, so pass this link to {user.name} yourself. It is shown only now; '
                'it works once, for 7 days.'
            )
            ui.input('Invitation link', value=link).props('outlined readonly').classes('w-full')
