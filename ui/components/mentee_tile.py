"""M1, M2, L1: sessions as a mentee sees them — seats left, their place in it, and buttons — kept up to date in place.

A live refresh updates the tiles that are already on screen instead of rebuilding them: a button that
is still offered stays the same element, so a click made while someone else's change arrives is not lost.
Only when the list itself changes (other sessions, another order, a new image) is the grid rebuilt.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from nicegui import ui

from domain import rules
from domain.entities import EnrollmentType, SessionStatus, SessionSummary
from ui import icons
from ui.components.anchor import Anchor
from ui.components.tile_parts import session_image, status_chip, tile_grid
from ui.context import Viewer
from ui.timefmt import show_range

_PLACE_ICON = {EnrollmentType.ENROLLED: icons.HOW_TO_REG, EnrollmentType.INVITED: icons.MAIL}
_PAST_PLACE = {EnrollmentType.ENROLLED: 'Was enrolled', EnrollmentType.INVITED: 'Was invited'}  # a completed session


@dataclass(frozen=True)
class TileAction:
    text: str
    icon: str
    handler: Callable[[], Awaitable[None]]
    outline: bool = False


@dataclass(frozen=True)
class TileState:
    """Everything one tile shows."""

    summary: SessionSummary
    place: EnrollmentType | None = None
    actions: Sequence[TileAction] = ()
    notes: Sequence[str] = ()  # why a button is missing, where the viewer stands (M1, W1), each on its line
    error: str | None = None
    settling: bool = False  # an action on it runs or just ended: its buttons wait (a double tap acts once, M1)
    waitlist: int | None = None  # W1: how many wait, for a full session whose line is open (Explore)
    done: str | None = None  # what the viewer's last action on it did (M1: "You un-enrolled …")


def seats_text(summary: SessionSummary) -> str:
    left = summary.seats_left
    if left == 0:
        return 'session seats full'
    return '1 seat left' if left == 1 else f'{left} seats left'


def place_chip(place: EnrollmentType, *, past: bool = False) -> None:
    """The viewer's place; for a completed session in the past tense (not "Enrolled" as if still to come)."""
    text = _PAST_PLACE[place] if past else place.value
    chip = ui.chip(text, icon=_PLACE_ICON[place], color='teal-1', text_color='teal-10')
    chip.props(f'dense square data-testid=place-{place.name.lower()}').classes('m-0 font-medium')


def _line(icon: str, testid: str | None = None) -> tuple[ui.row, ui.label]:
    with ui.row().classes('items-start gap-1 no-wrap text-sm text-gray-700 w-full') as row:
        ui.icon(icon, size='1.1rem').classes('mt-[2px]').props('aria-hidden=true')
        label = ui.label().classes('break-words min-w-0')
        if testid:
            label.props(f'data-testid={testid}').mark(testid)
    return row, label


class MenteeTile:
    """One session as a card; the title links to the Session Details page."""

    def __init__(self, state: TileState, viewer: Viewer, now: datetime) -> None:
        session = state.summary.session
        self.viewer = viewer
        self.sid = session.id
        self.offered: tuple[str, ...] | None = None
        self.shown_buttons: list[ui.button] = []
        card = ui.card().tight().classes('w-full h-full')
        card.props(f'data-testid=mentee-tile-{self.sid}').mark(f'mentee-tile mentee-tile-{self.sid}')
        with card:
            session_image(session, thumbnail=True, classes='w-full rounded-t')
            with ui.column().classes('w-full gap-2 p-4 grow'):
                self.chips = ui.row().classes('w-full items-center gap-2 flex-wrap')
                self.title = Anchor(session.title, f'/sessions/{self.sid}').classes('w-full break-words line-clamp-3')
                self.title.classes('text-lg font-semibold text-gray-900 no-underline hover:underline')
                _, self.mentor = _line(icons.PERSON)
                _, self.when = _line(icons.EVENT)
                self.seats_line, self.seats = _line(icons.EVENT_SEAT, f'seats-left-{self.sid}')
                self.waitlist_line, self.waitlist = _line(icons.GROUPS, f'waitlist-count-{self.sid}')
                self.buttons = ui.row().classes('w-full gap-2 flex-wrap mt-auto pt-1')
                self.messages = ui.column().classes('w-full gap-1')
        self.update(state, now)

    def update(self, state: TileState, now: datetime) -> None:
        summary, session = state.summary, state.summary.session
        status = rules.status_at(session, now)
        self.chips.clear()
        with self.chips:
            status_chip(status)
            if state.place is not None:
                place_chip(state.place, past=status is SessionStatus.COMPLETED)
        self.title.set_text(session.title)
        self.mentor.set_text(f'Mentor: {summary.mentor_name}')
        self.when.set_text(show_range(session.start_at, session.end_at, self.viewer.time_zone))
        self.seats.set_text(seats_text(summary))
        self.seats_line.set_visibility(status is not SessionStatus.COMPLETED)
        self.waitlist.set_text(f'Waitlist: {state.waitlist}')
        self.waitlist_line.set_visibility(state.waitlist is not None)
        self._buttons(state.actions, state.settling)
        self.messages.clear()
        with self.messages:
            for note in state.notes:
                ui.label(note).classes('text-sm text-gray-700 break-words').props(f'data-testid=tile-note-{self.sid}')
            if state.done:
                done = ui.label(state.done).classes('text-sm text-green-900 font-medium break-words')
                done.props(f'role=status data-testid=tile-done-{self.sid}').mark(f'tile-done-{self.sid}')
            if state.error:
                refusal = ui.label(state.error).classes('text-sm text-red-800 font-medium break-words')
                refusal.props(f'role=alert data-testid=tile-error-{self.sid}').mark(f'tile-error-{self.sid}')

    def _buttons(self, actions: Sequence[TileAction], settling: bool) -> None:
        offered = tuple(action.text for action in actions)
        if offered != self.offered:  # else keep them (their handlers act on this session either way)
            self.offered = offered
            self.buttons.clear()
            with self.buttons:
                self.shown_buttons = [
                    ui.button(action.text, icon=action.icon, on_click=action.handler).props(
                        f'no-caps {"outline" if action.outline else "unelevated"}'
                    )
                    for action in actions
                ]
            self.buttons.set_visibility(bool(actions))
        for button in self.shown_buttons:
            button.set_enabled(not settling)


class TileGrid:
    """The tiles of one list: one column on a phone, two on a tablet, three on a laptop."""

    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        self.grid = tile_grid()
        self.tiles: dict[int, MenteeTile] = {}
        self.shape: tuple[tuple[int, str | None], ...] | None = None

    def show(self, states: Sequence[TileState], now: datetime) -> None:
        shape = tuple((state.summary.session.id, state.summary.session.image_id) for state in states)
        if shape != self.shape:
            self.shape = shape
            self.grid.clear()
            with self.grid:
                self.tiles = {state.summary.session.id: MenteeTile(state, self.viewer, now) for state in states}
        else:
            for state in states:
                self.tiles[state.summary.session.id].update(state, now)
        self.grid.set_visibility(bool(states))
