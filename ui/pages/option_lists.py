"""R7 "Option lists", for org admins: add, rename, retire and restore the items of Recommended for, Categories
and Medium. A retired item stays on the sessions that have it and is offered in no picker.
Live: every change shows on every open Option lists page (L1); what an admin is typing is never touched."""

from __future__ import annotations

import re

from nicegui import ui

from domain.entities import Option, OptionKind
from domain.errors import DomainError
from domain.rules import CUSTOM_OPTION_MAX
from domain.services import options
from ui import icons, live
from ui.components.session_form_parts import ControlError, Window
from ui.context import Viewer, app_context
from ui.feedback import attempt, show_refusal
from ui.layout import frame

TITLE = 'Option lists'
PAGE_PATH = '/option-lists'
INTRO = (
    'The items mentors choose from for Recommended for, Categories and Medium. A retired item stays on the '
    'sessions that have it and is no longer offered; restore it to offer it again. A new name shows on every '
    'session that has the item.'
)
Lists = dict[OptionKind, list[Option]]


def marker(kind: OptionKind) -> str:
    return kind.name.lower().replace('_', '-')


def item_marker(option: Option) -> str:
    """The (Python-only) marker of an item's row, for tests: option-medium-hindi."""
    return f'option-{marker(option.kind)}-' + (re.sub(r'\W+', '-', option.label.lower()).strip('-') or 'x')


async def option_lists_page(viewer: Viewer) -> None:
    with frame(TITLE, viewer):
        ui.label(TITLE).classes('text-2xl font-semibold').props('role=heading aria-level=1')
        await _OptionLists(viewer).build()


class _OptionLists:
    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        self.follow: live.Follow[Lists | None] = live.Follow(
            self._read, self._show, concerns=None, also=(live.options_changed,)
        )
        self.window = Window()
        self.lists: dict[OptionKind, ui.column] = {}

    async def _read(self) -> Lists:
        context = app_context()
        return {
            kind: await attempt(options.managed_options, context.uow_factory(read_only=True), self.viewer.user, kind)
            for kind in OptionKind
        }

    async def build(self) -> None:
        await self.follow.start(self._refuse)

    def _refuse(self, refusal: DomainError) -> None:
        self.follow.stopped = True  # refused: the page shows why, and follows nothing more
        ui.label(refusal.message).classes('text-negative').props('role=alert').mark('refusal')

    def _build(self) -> None:
        """The three lists' cards, on the first read (in the page's place)."""
        ui.label(INTRO).classes('text-gray-700 max-w-prose')
        with ui.element('div').classes('grid grid-cols-1 lg:grid-cols-3 gap-4 w-full'):
            for kind in OptionKind:
                self._section(kind)

    def _section(self, kind: OptionKind) -> None:
        with ui.card().classes('w-full gap-2 p-4').props(f'data-testid=list-{marker(kind)}'):
            ui.label(kind.value).classes('text-lg font-semibold').props('role=heading aria-level=2')
            self.lists[kind] = ui.column().classes('w-full gap-1').props(f'role=list aria-label="{kind.value}"')
            with ui.row().classes('w-full items-start gap-2 no-wrap'):
                box = ui.input(f'New item for {kind.value}')
                box.props(f'outlined dense maxlength={CUSTOM_OPTION_MAX}').classes('grow')
                box.props(f'data-testid=new-{marker(kind)}').mark(f'new-{marker(kind)}')
                error = ControlError(box)

                async def add(kind: OptionKind = kind, box: ui.input = box, error: ControlError = error) -> None:
                    context = app_context()
                    try:
                        added = await attempt(
                            options.add_option, context.uow_factory(), self.viewer.user, kind, box.value or ''
                        )
                    except DomainError as refusal:
                        show_refusal(refusal, {'option': error})
                        return
                    box.value = ''
                    ui.notify(f'"{added.label}" added to {kind.value}.', type='positive')

                box.on('keydown.enter', add)
                button = ui.button('Add', icon=icons.ADD, on_click=add).props('unelevated no-caps')
                button.props['aria-label'] = f'Add to {kind.value}'

    def _show(self, found: Lists | None) -> None:
        if found is None:  # refused
            return
        if not self.lists:
            self._build()
        for kind, items in found.items():
            column = self.lists[kind]
            column.clear()
            with column:
                if not items:
                    ui.label('No items yet.').classes('text-sm text-gray-700')
                for option in items:
                    self._item(option)

    def _item(self, option: Option) -> None:
        with ui.row().classes('w-full items-center gap-1 no-wrap').props('role=listitem').mark(item_marker(option)):
            label = ui.label(option.label).classes('grow break-words min-w-0')
            if option.retired:
                label.classes('text-gray-700 line-through')
                ui.chip('Retired', color='grey-8', text_color='white').props('dense square').classes('m-0')
            rename = ui.button('Rename', on_click=lambda _, o=option: self._rename(o))
            rename.props('flat dense no-caps').props['aria-label'] = f'Rename {option.label}'
            text = 'Restore' if option.retired else 'Retire'
            toggle = ui.button(text, on_click=lambda _, o=option: self._toggle(o))
            toggle.props('flat dense no-caps').props['aria-label'] = f'{text} {option.label}'

    def _rename(self, option: Option) -> None:
        kind = option.kind
        with self.window.opened(f'Rename “{option.label}” in {kind.value}', 'rename-option'):
            box = ui.input('New name', value=option.label)
            box.props(f'outlined maxlength={CUSTOM_OPTION_MAX} autofocus').classes('w-full')
            error = ControlError(box)
            hint = f'At most {CUSTOM_OPTION_MAX} characters. Every session that has this item shows the new name.'
            ui.label(hint).classes('text-sm text-gray-700')

            async def save() -> None:
                context = app_context()
                try:
                    renamed = await attempt(
                        options.rename_option, context.uow_factory(), self.viewer.user, kind, option.label,
                        box.value or '',
                    )  # fmt: skip
                except DomainError as refusal:
                    show_refusal(refusal, {'option': error})
                    return
                self.window.close()
                ui.notify(f'Renamed to "{renamed.label}".', type='positive')

            box.on('keydown.enter', save)
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('Cancel', on_click=self.window.close).props('flat no-caps')
                ui.button('Save', on_click=save).props('unelevated no-caps')

    async def _toggle(self, option: Option) -> None:
        context = app_context()
        try:
            await attempt(
                options.set_option_retired, context.uow_factory(), self.viewer.user, option.kind, option.label,
                not option.retired,
            )  # fmt: skip
        except DomainError as refusal:
            show_refusal(refusal)
            return
        done = 'restored' if option.retired else 'retired: it stays on its sessions and is no longer offered'
        ui.notify(f'"{option.label}" {done}.', type='positive')
