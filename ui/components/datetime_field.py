"""C7, E3: "Start date" / "End date" — type `YYYY-MM-DD HH:mm`, or pick with a date and a time picker.

The pickers open from an icon button (touch and keyboard) and write into the same text, in the viewer's
time zone, which the form names beside the fields.
"""

from __future__ import annotations

from datetime import datetime

from nicegui import ui

from ui import icons
from ui.components.session_form_parts import ControlError, ErrorBeside
from ui.timefmt import parse_input

MASK = 'YYYY-MM-DD HH:mm'
UNREADABLE = 'Enter the date and time as YYYY-MM-DD HH:mm, for example 2026-05-04 14:30.'
HINT = 'Type YYYY-MM-DD HH:mm, or pick with the calendar button'
MISSING = 'Choose a date and time.'


class DateTimeField(ErrorBeside):
    def __init__(self, label: str, value: str = '', *, marker: str, was: datetime | None = None) -> None:
        self._was = was  # the stored moment the box shows, kept as it is when the text is left unchanged
        with ui.column().classes('w-full gap-1').mark(f'field-{marker}'):
            self.input = ui.input(label, value=value, placeholder='YYYY-MM-DD HH:mm').props(f'hint="{HINT}"')
            self.input.props('outlined autocomplete=off').classes('w-full').mark(marker)
            with self.input.add_slot('append'):
                picker = ui.button(icon=icons.EVENT).props(f'flat round dense aria-label="Pick {label.lower()}"')
                with picker, ui.menu().props('anchor="bottom end" self="top end"') as menu:
                    with ui.element('div').classes('flex flex-wrap gap-2 p-2 justify-center'):
                        ui.date(mask=MASK).bind_value(self.input).props('minimal')
                        ui.time(mask=MASK).bind_value(self.input).props('format24h')
                    with ui.row().classes('w-full justify-end p-2'):
                        ui.button('Done', icon=icons.CHECK, on_click=menu.close).props('unelevated no-caps')
            self._picker = picker
            self._error = ControlError(self.input)

    @property
    def text(self) -> str:
        return (self.input.value or '').strip()

    def moment(self, time_zone: str) -> datetime | None:
        """The moment typed or picked, in UTC; shows why beside the field and gives None if it cannot be read."""
        if not self.text:
            self.error = MISSING
            return None
        moment = parse_input(self.text, time_zone, was=self._was)
        if moment is None:
            self.error = UNREADABLE
        return moment

    def set_enabled(self, enabled: bool) -> None:
        self.input.set_enabled(enabled)
        self._picker.set_enabled(enabled)
