"""T1, M1, M2: a list of session tiles — optional heading and count, then the tiles — as ONE NiceGUI element (P1, P6).

The one tile renderer of the app: the mentor's Home lists and the mentee's Explore and My sessions lists.
Fifteen NiceGUI elements per tile made the Home page cost 8× a blank page in server memory (each element
costs the server several kB). Here the browser draws the list from plain data (session_tiles.js); the
texts it shows are made here, once, and `texts` lists them (the tests read what a list shows there).

A mentee's tile carries more: their place, seats left, the waitlist, buttons, and what to say beside them.
A live change sends new data; the browser patches the tiles in place (keyed by session and by button), so a
button that is still offered stays the same button. A click is sent back as `act` with the session and the
button's text, and is acted on only if that button is still offered (`act`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import NotRequired, TypedDict

from nicegui.element import Element
from nicegui.events import GenericEventArguments

from domain import rules
from domain.entities import SessionSummary
from ui import icons
from ui.addresses import image_url
from ui.components.tile_parts import CHIP_STYLE
from ui.timefmt import show_range

# Sent once per list, not with every tile: a chip's SVG path is up to 600 characters (P1). Each list gets only
# the icons its tiles show.
STATUS_ICONS = {status.name.lower(): icon for status, (icon, _, _) in CHIP_STYLE.items()}
ICONS = {'placeholder': icons.CO_PRESENT, 'when': icons.EVENT, 'mentees': icons.GROUPS, 'status': STATUS_ICONS}
# A mentee's tiles show more lines, their place and buttons: these go only to their lists.
MENTEE_ICONS = {
    **ICONS,
    'mentor': icons.PERSON,
    'seats': icons.EVENT_SEAT,
    'waitlist': icons.GROUPS,
    'place': {'enrolled': icons.HOW_TO_REG, 'invited': icons.MAIL},
    'actions': {
        'Join': icons.LOGIN,
        'Enroll': icons.HOW_TO_REG,
        'Join waitlist': icons.HOW_TO_REG,
        'Leave waitlist': icons.PERSON_REMOVE,
        'Un-enroll': icons.PERSON_REMOVE,
    },
}


class Place(TypedDict):
    key: str  # enrolled | invited: the chip's data-testid and its icon
    text: str


class Button(TypedDict):
    text: str  # also its icon's key in ICONS['actions']
    outline: bool


class TileData(TypedDict):
    """One tile, as the browser draws it: every text exactly as shown; what a list does not show is left out."""

    id: int
    title: str
    when: str
    status: str  # the word on the chip
    status_key: str  # upcoming | live | completed: the chip's data-testid and its icon in STATUS_ICONS
    color: str
    text_color: str
    image: str | None  # the thumbnail's address, or None for the placeholder
    type: NotRequired[str]
    mentees: NotRequired[str]
    place: NotRequired[Place]
    mentor: NotRequired[str]
    seats: NotRequired[str]
    waitlist: NotRequired[str]
    actions: NotRequired[list[Button]]
    settling: NotRequired[bool]  # an action on it runs or just ended: its buttons wait (M1)
    notes: NotRequired[list[str]]
    done: NotRequired[str]
    error: NotRequired[str]


def tile_data(summary: SessionSummary, time_zone: str, now: datetime) -> TileData:
    """What every tile shows: picture, status, title, time."""
    session = summary.session
    status = rules.status_at(session, now)
    _, color, text_color = CHIP_STYLE[status]
    return TileData(
        id=session.id,
        title=session.title,
        when=show_range(session.start_at, session.end_at, time_zone),
        status=status.value,
        status_key=status.name.lower(),
        color=color,
        text_color=text_color,
        image=None if session.image_id is None else image_url(session.image_id, thumbnail=True),
    )


def mentor_tile(summary: SessionSummary, time_zone: str, now: datetime) -> TileData:
    """T1: a tile of the mentor's Home lists, with the session type and the mentee count."""
    tile = tile_data(summary, time_zone, now)
    tile['type'] = summary.session.session_type.value
    tile['mentees'] = f'Mentee count: {summary.mentee_count}'
    return tile


def shown_texts(tile: TileData) -> list[str]:
    """The texts a tile shows, in reading order."""
    place = tile['place']['text'] if 'place' in tile else None
    lines = [tile['status'], place, tile.get('type'), tile['title'], tile.get('mentor'), tile['when']]
    lines += [tile.get('mentees'), tile.get('seats'), tile.get('waitlist')]
    lines += [button['text'] for button in tile.get('actions', [])]
    lines += [*tile.get('notes', []), tile.get('done'), tile.get('error')]
    return [line for line in lines if line is not None]


class SessionTiles(Element, component='session_tiles.js'):
    """A level-2 heading with the list's total (without a heading: the tiles alone), then tiles that open the
    Session Details page: one column on a phone, two on a tablet, three on a laptop. `kind` names the tiles'
    data-testid (`session-tile-<id>`, `mentee-tile-<id>`); only a `session` tile is a link as a whole (a
    mentee's has buttons). `on_act(session id, button text)`: a click on a tile's button."""

    def __init__(
        self,
        heading: str | None,
        total: int,
        tiles: Iterable[TileData],
        *,
        kind: str = 'session',
        empty: str | None = None,
        on_act: Callable[[int, str], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__()
        self.classes('w-full flex flex-col gap-4')
        self._props.update(icons=ICONS if kind == 'session' else MENTEE_ICONS, kind=kind, empty=empty)
        self._on_act = on_act
        self.on('act', self._acted)
        self.show(heading, total, tiles)

    @property
    def heading(self) -> str | None:
        return self._props['heading']  # type: ignore[no-any-return]

    @property
    def total(self) -> int:
        return int(self._props['total'])

    @property
    def tiles(self) -> list[TileData]:
        return list(self._props['tiles'])

    def show(self, heading: str | None, total: int, tiles: Iterable[TileData]) -> None:
        """Show these (e.g. after a live change) without building the element anew. The tiles as a tuple:
        NiceGUI keeps it as it is, where a list and its tiles' dicts would each be copied into a change-watching
        collection of its own, page by page (as session_card.py's data)."""
        self._props.update(heading=heading, total=total, tiles=tuple(tiles))
        self.update()

    @property
    def texts(self) -> list[str]:
        """Every text the list shows, in reading order."""
        shown = [text for tile in self.tiles for text in shown_texts(tile)]
        head = [] if self.heading is None else [self.heading, f'({self.total})']
        none = [self._props['empty']] if self._props['empty'] and not self.tiles else []
        return [*head, *none, *shown]

    async def act(self, session_id: object, text: object) -> None:
        """A click on a tile's button, as the browser sends it; anything but a button this list shows now, not
        waiting, is ignored (the browser is not trusted to send only those)."""
        for tile in self.tiles:
            if tile['id'] == session_id and not tile.get('settling'):
                if any(button['text'] == text for button in tile.get('actions', [])) and self._on_act:
                    await self._on_act(tile['id'], str(text))
                return

    async def _acted(self, event: GenericEventArguments) -> None:
        args = event.args if isinstance(event.args, dict) else {}
        await self.act(args.get('id'), args.get('action'))
