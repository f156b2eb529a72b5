"""C7, E3: "Start date" / "End date" — type `YYYY-MM-DD HH:mm`, or pick with a date and a time picker.

The pickers open from an icon button (touch and keyboard) and write into the same text, in the viewer's
time zone, which the form names beside the fields.
"""

from __future__ import annotations

from datetime import datetime

from nicegui import ui

from ui import icons
from ui.components.session_form_parts import ControlError, ErrorBeside
from ui.timefmt import parse_input, skipped_hours, zone

MASK = 'YYYY-MM-DD HH:mm'
UNREADABLE = 'Enter the date and time as YYYY-MM-DD HH:mm, for example 2026-05-04 14:30.'
HINT = 'Type YYYY-MM-DD HH:mm, or pick with the calendar button'


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
            self.focus_target = self.input
            self._error = ControlError(self.input)

    @property
    def text(self) -> str:
        return (self.input.value or '').strip()

    def moment(self, time_zone: str) -> datetime | None:
        """The moment typed or picked, in UTC; None if the box is empty (the form's rules name that) or cannot
        be read, or names a time the clocks skip that day (then why shows beside the field)."""
        if not self.text:
            return None
        skipped = skipped_hours(self.text, time_zone)
        if skipped is not None:
            self.error = (
                f'{self.text} does not exist in {zone(time_zone).key}: the clocks go from {" to ".join(skipped)}.'
            )
            return None
        moment = self.typed(time_zone)
        if moment is None:
            self.error = UNREADABLE
        return moment

    def show_stored(self, text: str, moment: datetime) -> None:
        """Show a stored moment (after a reload), as the field was created with."""
        self._was = moment
        self.input.value = text

    def typed(self, time_zone: str) -> datetime | None:
        """The moment the box shows, if it can be read; nothing is marked."""
        return parse_input(self.text, time_zone, was=self._was)

    def set_enabled(self, enabled: bool) -> None:
        self.input.set_enabled(enabled)
        self._picker.set_enabled(enabled)
