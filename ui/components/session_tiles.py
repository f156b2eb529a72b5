"""T1: a section of the mentor's Home tab — heading, count and session tiles — as ONE NiceGUI element (P1, P6).

Fifteen NiceGUI elements per tile made the Home page cost 8× a blank page in server memory (each element
costs the server several kB). Here the browser draws the section from plain data (session_tiles.js); the
texts it shows are made here, once, and `texts` lists them (the tests read what a section shows there).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TypedDict

from nicegui.element import Element

from domain import rules
from domain.entities import SessionSummary
from ui import icons
from ui.addresses import image_url
from ui.components.tile_parts import CHIP_STYLE
from ui.timefmt import show_range

# Sent once per list, not with every tile: a chip's SVG path is up to 600 characters (P1).
STATUS_ICONS = {status.name.lower(): icon for status, (icon, _, _) in CHIP_STYLE.items()}
ICONS = {'placeholder': icons.CO_PRESENT, 'when': icons.EVENT, 'mentees': icons.GROUPS, 'status': STATUS_ICONS}


class TileData(TypedDict):
    """One tile, as the browser draws it: every text exactly as shown."""

    id: int
    title: str
    when: str
    status: str  # the word on the chip
    status_key: str  # upcoming | live | completed: the chip's data-testid and its icon in STATUS_ICONS
    color: str
    text_color: str
    type: str
    mentees: str
    image: str | None  # the thumbnail's address, or None for the placeholder


def tile_data(summary: SessionSummary, time_zone: str, now: datetime) -> TileData:
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
        type=session.session_type.value,
        mentees=f'Mentee count: {summary.mentee_count}',
        image=None if session.image_id is None else image_url(session.image_id, thumbnail=True),
    )


def shown_texts(tile: TileData) -> list[str]:
    """The texts a tile shows, in reading order."""
    return [tile['status'], tile['type'], tile['title'], tile['when'], tile['mentees']]


class SessionTiles(Element, component='session_tiles.js'):
    """A level-2 heading with the list's total, then tiles that open the Session Details page: one column
    on a phone, two on a tablet, three on a laptop (the grid of tile_parts.tile_grid)."""

    def __init__(self, heading: str, total: int, tiles: Iterable[TileData]) -> None:
        super().__init__()
        self.classes('w-full flex flex-col gap-4')
        self._props['icons'] = ICONS
        self.show(heading, total, tiles)

    @property
    def heading(self) -> str:
        return str(self._props['heading'])

    @property
    def tiles(self) -> list[TileData]:
        return list(self._props['tiles'])

    def show(self, heading: str, total: int, tiles: Iterable[TileData]) -> None:
        """Show these (e.g. after a live change) without building the element anew."""
        self._props.update(heading=heading, total=total, tiles=list(tiles))
        self.update()

    @property
    def texts(self) -> list[str]:
        """Every text the section shows, in reading order."""
        shown = [text for tile in self.tiles for text in shown_texts(tile)]
        return [self.heading, f'({self._props["total"]})', *shown]
