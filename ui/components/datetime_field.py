"""C7, E3: "Start date" / "End date" — type `YYYY-MM-DD HH:mm`, or pick with a date and a time picker.

Picking is a window with the calendar and the clock side by side (one above the other on a phone, where the
window fills the screen), and "Done" always in view below them. It opens from the calendar button (mouse,
keyboard, touch) and from a tap on the box itself, as the user guide says; a mouse click in the box puts the
caret there to type. Both write into the same text, in the viewer's time zone, which the form names beside
the fields.

Why not the browser's own `datetime-local` input: it cannot hold the typed `YYYY-MM-DD HH:mm` text (typing
goes segment by segment in the browser's locale order), and its picker is drawn by the browser, outside the
page, where neither the tests nor axe can see it.
"""

from __future__ import annotations

import weakref
from datetime import datetime

from nicegui import Client, ui

from ui import icons
from ui.components.session_form_parts import ControlError, ErrorBeside
from ui.timefmt import parse_input, skipped_hours, zone

MASK = 'YYYY-MM-DD HH:mm'
UNREADABLE = 'Enter the date and time as YYYY-MM-DD HH:mm, for example 2026-05-04 14:30.'
HINT = 'Type YYYY-MM-DD HH:mm, or pick with the calendar button'

# A tap (not a mouse click) on the box opens the picker; the box loses the focus first, so that no on-screen
# keyboard comes up behind the window, nor again when it closes.
TAP_OPENS = '(event) => { if (event.pointerType === "touch") { event.target.blur(); emit(); } }'

PICKER_CSS = """
.q-dialog__inner > .datetime-picker { max-width: none; display: flex; flex-direction: column; overflow-y: auto; }
.datetime-picker__title { display: flex; flex-wrap: wrap; align-items: baseline; column-gap: 12px;
  padding: 12px 16px 4px; }
.datetime-picker__pickers { display: flex; flex-direction: row; align-items: flex-start; }
.datetime-picker__done { display: flex; justify-content: flex-end; padding: 8px; margin-top: auto; }
.datetime-picker .q-date, .datetime-picker .q-time { box-shadow: none; }
.datetime-picker .q-date__view { min-height: 0; }
@media (max-width: 599.98px) {
  .q-dialog__inner:has(> .datetime-picker) { padding: 0; }
  .q-dialog__inner > .datetime-picker { width: 100vw; max-width: 100vw; height: 100%; max-height: 100%;
    border-radius: 0; }
  .datetime-picker__pickers { flex-direction: column; align-items: center; }
  .datetime-picker .q-date { width: 100%; max-width: 360px; min-width: 0; }
  .datetime-picker .q-date__view { padding: 4px 12px; }
  .datetime-picker .q-time { width: 100%; max-width: 290px; min-width: 0; }
  .datetime-picker .q-time__header { min-height: 0; padding: 4px; font-size: 1.75rem; }
}
"""
_styled: weakref.WeakSet[Client] = weakref.WeakSet()


class DateTimeField(ErrorBeside):
    def __init__(self, label: str, value: str = '', *, marker: str, was: datetime | None = None) -> None:
        self._was = was  # the stored moment the box shows, kept as it is when the text is left unchanged
        self._label = label
        client = ui.context.client
        if client not in _styled:
            ui.add_css(PICKER_CSS)
            _styled.add(client)
        with ui.column().classes('w-full gap-1').mark(f'field-{marker}'):
            self.input = ui.input(label, value=value, placeholder='YYYY-MM-DD HH:mm')
            # The hint takes its own lines below the box (not Quasar's fixed-height strip, which a wrapped hint
            # overflows onto the next field on a phone).
            self.input.props(f'hint="{HINT}" hide-bottom-space outlined autocomplete=off').classes('w-full')
            self.input.mark(marker)
            self.input.on('click', self.open_picker, js_handler=TAP_OPENS)
            with self.input.add_slot('append'):
                self._picker = ui.button(icon=icons.EVENT, on_click=self.open_picker)
                self._picker.props(f'flat round dense aria-label="Pick {label.lower()}"')
            self._dialog = self._picker_window()
            self.focus_target = self.input
            self._error = ControlError(self.input)

    def _picker_window(self) -> ui.dialog:
        title = f'{self._label} and time'  # not the box's own name, which the box alone answers to
        dialog = ui.dialog().props(f'aria-label="{title}"')
        with dialog, ui.element('div').classes('q-card datetime-picker'):
            with ui.element('div').classes('datetime-picker__title'):
                ui.label(title).classes('text-lg font-semibold').props('role=heading aria-level=2')
                shown = ui.label().classes('text-base text-gray-700').props('aria-live=polite')
                shown.bind_text_from(self.input, 'value', backward=lambda text: text or 'Pick a day and a time')
            with ui.element('div').classes('datetime-picker__pickers'):
                ui.date(mask=MASK).bind_value(self.input).props('minimal flat')
                ui.time(mask=MASK).bind_value(self.input).props('format24h flat')
            with ui.element('div').classes('datetime-picker__done'):
                done = ui.button('Done', icon=icons.CHECK, on_click=dialog.close)
                done.props('unelevated no-caps size=lg')
        return dialog

    def open_picker(self) -> None:
        if self.input.enabled:
            self._dialog.open()

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
