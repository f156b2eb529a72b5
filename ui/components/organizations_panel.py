"""R5: organizations, managed in place on the People page: add one, rename one."""

from __future__ import annotations

from collections.abc import Sequence

from nicegui import ui

from domain.entities import Organization
from domain.errors import DomainError
from domain.services import people
from ui import icons
from ui.context import Viewer, app_context
from ui.feedback import attempt, show_refusal


def organizations_panel(viewer: Viewer, organizations: Sequence[Organization]) -> None:
    with ui.expansion('Organizations', icon=icons.APARTMENT).classes('w-full').props('dense'):
        for organization in organizations:
            _rename_row(viewer, organization)
        with ui.row().classes('w-full items-start gap-2 no-wrap'):
            name = ui.input('New organization').props('outlined dense').classes('grow')

            async def add() -> None:
                context = app_context()
                try:
                    await attempt(people.add_organization, context.uow_factory(), viewer.user, name.value or '')
                except DomainError as error:
                    show_refusal(error, {'organization': name})

            ui.button('Add organization', on_click=add).props('outline no-caps')


def _rename_row(viewer: Viewer, organization: Organization) -> None:
    with ui.row().classes('w-full items-start gap-2 no-wrap'):
        name = ui.input(f'Name of {organization.name}', value=organization.name).props('outlined dense')
        name.classes('grow')

        async def rename() -> None:
            context = app_context()
            try:
                await attempt(
                    people.rename_organization, context.uow_factory(), viewer.user, organization.id, name.value or ''
                )
            except DomainError as error:
                show_refusal(error, {'organization': name})

        button = ui.button('Rename', on_click=rename).props('outline no-caps')
        button.props['aria-label'] = f'Rename {organization.name}'
