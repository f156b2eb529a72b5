"""R8 "Profile": name, designation, time zone, password, and a link to the mail choices (N4)."""

from __future__ import annotations

import zoneinfo

from nicegui import ui

from domain.errors import DomainError
from domain.services import directory, profile
from ui.context import Viewer, app_context
from ui.feedback import Fields, attempt, clear_errors, show_refusal
from ui.layout import frame

ZONES = sorted(zoneinfo.available_timezones())


async def profile_page(viewer: Viewer) -> None:
    context = app_context()
    mine = await attempt(profile.my_profile, context.uow_factory(read_only=True), viewer.user)
    designations = await attempt(directory.list_designations, context.uow_factory(read_only=True), viewer.user)
    with frame('Profile', viewer):
        ui.label('Profile').classes('text-2xl font-semibold').props('role=heading aria-level=1')
        _details(viewer, mine, designations)
        _password(viewer)
        with ui.row().classes('items-center gap-2'):
            ui.label('Which e-mails you get:')
            ui.link('Mail settings', '/settings/mail').classes('text-primary')


def _details(viewer: Viewer, mine: profile.Profile, designations: list[str]) -> None:
    with ui.card().classes('w-full gap-3'):
        ui.label(f'Signed in as {mine.email}').classes('text-sm text-gray-700')
        name = ui.input('Name', value=mine.name).props('outlined').classes('w-full')
        options = sorted({*designations, mine.designation} - {''})
        designation = (
            ui.select(
                options,
                label='Designation',
                value=mine.designation or None,
                with_input=True,
                new_value_mode='add-unique',
            )
            .props('outlined')
            .classes('w-full')
        )
        zones = ZONES if mine.time_zone in ZONES else [mine.time_zone, *ZONES]
        zone = ui.select(zones, label='Time zone', value=mine.time_zone, with_input=True).props('outlined')
        zone.classes('w-full')
        fields: Fields = {'name': name, 'designation': designation, 'time_zone': zone}

        async def save() -> None:
            clear_errors(fields)
            context = app_context()
            try:
                await attempt(
                    profile.update_profile,
                    context.uow_factory(),
                    viewer.user,
                    name.value or '',
                    designation.value if isinstance(designation.value, str) else '',
                    zone.value if isinstance(zone.value, str) else '',
                )
            except DomainError as error:
                show_refusal(error, fields)
                return
            ui.notify('Profile saved.', type='positive')

        ui.button('Save profile', on_click=save).props('unelevated no-caps')


def _password(viewer: Viewer) -> None:
    with ui.card().classes('w-full gap-3'):
        ui.label('Change password').classes('text-lg font-medium').props('role=heading aria-level=2')
        current = ui.input('Current password', password=True, password_toggle_button=True)
        current.props('outlined autocomplete=current-password').classes('w-full')
        new = ui.input('New password', password=True, password_toggle_button=True)
        new.props('outlined autocomplete=new-password').classes('w-full')
        repeated = ui.input('Repeat the new password', password=True, password_toggle_button=True)
        repeated.props('outlined autocomplete=new-password').classes('w-full')
        fields: Fields = {'current': current, 'password': new, 'repeat': repeated}

        async def change() -> None:
            clear_errors(fields)
            context = app_context()
            try:
                await attempt(
                    profile.change_password,
                    context.uow_factory,
                    context.hasher,
                    viewer.user,
                    current.value or '',
                    new.value or '',
                    repeated.value or '',
                    context.clock(),
                )
            except DomainError as error:
                show_refusal(error, fields)
                return
            ui.navigate.to('/auth/signed-out')  # every login ended, this one too: sign in with the new password

        ui.button('Change password', on_click=change).props('unelevated no-caps').mark('change-password')
