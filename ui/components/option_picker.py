"""C8: "+Select Recommended for" (or Categories, Medium) — a window of checkboxes with a search bar,
the chosen items as chips under the field (five at most, then "+N more"), and "+Other" for a new item."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from nicegui import ui

from domain.entities import Option, OptionKind
from domain.errors import DomainError
from domain.rules import CUSTOM_OPTION_MAX, matches_search
from ui.components.session_form_parts import ControlError, ErrorBeside, ErrorText, Window, field_heading

SHOWN_CHIPS = 5
AddCustom = Callable[[OptionKind, str], Awaitable[Option]]


class OptionPicker(ErrorBeside):
    def __init__(self, kind: OptionKind, options: Sequence[str], chosen: Sequence[str], add_custom: AddCustom) -> None:
        self.kind = kind
        self._options = list(dict.fromkeys([*options, *chosen]))
        self._chosen = list(dict.fromkeys(chosen))
        self._add_custom = add_custom
        self._enabled = True
        self._marker = kind.name.lower().replace('_', '-')
        with ui.column().classes('w-full gap-1').mark(f'field-{self._marker}'):
            field_heading(kind.value)
            with ui.row().classes('items-center gap-2 flex-wrap'):
                self._select = ui.button(f'+Select {kind.value}', on_click=self._open_window)
                self._select.props('outline no-caps').mark(f'select-{self._marker}')
                self.focus_target = self._select
                self._other = (
                    ui.button('+Other', on_click=self._open_other)
                    .props('flat no-caps')
                    .mark(f'add-other-{self._marker}')
                )
                self._other.props(f'aria-label="+Other {kind.value}"')
            self._chips = ui.row().classes('items-center gap-1 flex-wrap w-full')
            self._error = ErrorText()
            self._window = Window()
        self._show_chips()

    @property
    def value(self) -> tuple[str, ...]:
        return tuple(self._chosen)

    def set_enabled(self, enabled: bool) -> None:
        self._select.set_enabled(enabled)
        self._other.set_enabled(enabled)
        self._enabled = enabled
        self._show_chips()

    def offer(self, options: Sequence[str]) -> None:
        """R7: the items offered from the next opening of the window on; chosen ones stay offered."""
        self._options = list(dict.fromkeys([*options, *self._chosen]))

    def set_value(self, chosen: Sequence[str]) -> None:
        self._options = list(dict.fromkeys([*self._options, *chosen]))
        self._choose(chosen)

    def _choose(self, chosen: Sequence[str]) -> None:
        self._chosen = list(dict.fromkeys(chosen))
        self.error = None
        self._show_chips()

    def _show_chips(self) -> None:
        self._chips.clear()
        with self._chips:
            if not self._chosen:
                ui.label('Nothing selected yet.').classes('text-sm text-gray-600')
            for item in self._chosen[:SHOWN_CHIPS]:
                chip = ui.chip(item, removable=self._enabled, color='blue-1', text_color='blue-10')
                chip.on_value_change(lambda _, item=item: self._choose([x for x in self._chosen if x != item]))
            hidden = len(self._chosen) - SHOWN_CHIPS
            if hidden > 0:
                more = ui.chip(f'+{hidden} more', color='grey-3', text_color='grey-10', on_click=self._open_window)
                more.props(f'aria-label="+{hidden} more: show all selected {self.kind.value}"')

    def _open_window(self) -> None:
        with self._window.opened(f'Select {self.kind.value}', f'window-{self._marker}'):
            search = ui.input('Search').props('outlined dense clearable type=search autofocus').classes('w-full')
            with ui.column().classes('w-full gap-0 max-h-80 overflow-y-auto'):
                boxes = {option: ui.checkbox(option, value=option in self._chosen) for option in self._options}
                nothing = ui.label('No items match your search.').classes('text-sm text-gray-600 p-2')
                nothing.set_visibility(False)

            def filter_boxes() -> None:
                for option, box in boxes.items():  # every word, accents and case folded, as every search box
                    box.set_visibility(matches_search(search.value or '', option))
                nothing.set_visibility(not any(box.visible for box in boxes.values()))

            def clear_all() -> None:
                for box in boxes.values():
                    box.value = False

            def save() -> None:
                self._choose([option for option, box in boxes.items() if box.value])
                self._window.close()

            search.on_value_change(filter_boxes)
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('Clear all', on_click=clear_all).props('flat no-caps')
                ui.button('Save', on_click=save).props('unelevated no-caps')

    def _open_other(self) -> None:
        with self._window.opened(f'Add another item to {self.kind.value}', f'other-{self._marker}'):
            box = ui.input('New item').props(f'outlined counter maxlength={CUSTOM_OPTION_MAX} autofocus')
            box.classes('w-full')
            error = ControlError(box)

            async def add() -> None:
                try:
                    option = await self._add_custom(self.kind, box.value or '')
                except DomainError as refusal:
                    error.error = refusal.message
                    return
                if option.label not in self._options:
                    self._options.append(option.label)
                self._choose([*self._chosen, option.label])
                self._window.close()

            box.on('keydown.enter', add)
            with ui.row().classes('w-full justify-end'):
                ui.button('Ok', on_click=add).props('unelevated no-caps')
