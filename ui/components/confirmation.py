"""A window that asks before an irreversible action (M1), built the first time it is opened (P11).

Most open pages never ask: a dialog built with every page cost the server about 20 KiB per page for its seven
elements (docs/performance.md, P11). `open()` builds it where it was created, then shows it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui


class Confirmation:
    """Title, text, then two buttons: the first closes the window, the second acts (`on_yes`)."""

    def __init__(self, title: str, text: str, buttons: tuple[str, str], on_yes: Callable[[], Awaitable[None]]) -> None:
        self.title, self.text, self.buttons, self.on_yes = title, text, buttons, on_yes
        self._place = ui.context.slot.parent  # where the page would have built it
        self._dialog: ui.dialog | None = None

    def open(self) -> None:
        if self._dialog is None or self._dialog.is_deleted:
            with self._place:
                self._dialog = self._build()
        self._dialog.open()

    def close(self) -> None:
        if self._dialog is not None:
            self._dialog.close()

    def _build(self) -> ui.dialog:
        keep, act = self.buttons
        with ui.dialog() as dialog, ui.card().classes('gap-4 p-6 max-w-md'):
            ui.label(self.title).classes('text-lg font-semibold').props('role=heading aria-level=2')
            ui.label(self.text)
            with ui.row().classes('w-full justify-end gap-2 flex-wrap'):
                ui.button(keep, on_click=dialog.close).props('flat no-caps')
                ui.button(act, color='negative', on_click=self.on_yes).props('no-caps')
        dialog.props(f'aria-label="{self.title}"')
        return dialog
