"""M1, U4: a dialog that asks before an irreversible action (Delete, End session, Un-enroll)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui


def confirm_dialog(title: str, text: str, buttons: tuple[str, str], on_yes: Callable[[], Awaitable[None]]) -> ui.dialog:
    """The first button keeps things as they are and closes it; the second acts (`on_yes` closes it)."""
    keep, act = buttons
    with ui.dialog() as dialog, ui.card().classes('gap-4 p-6 max-w-md'):
        ui.label(title).classes('text-lg font-semibold').props('role=heading aria-level=2')
        ui.label(text)
        with ui.row().classes('w-full justify-end gap-2 flex-wrap'):
            ui.button(keep, on_click=dialog.close).props('flat no-caps')
            ui.button(act, color='negative', on_click=on_yes).props('no-caps')
    dialog.props(f'aria-label="{title}"')
    return dialog
