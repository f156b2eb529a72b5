"""M2, L1, U3: "My sessions" — the sessions a mentee is enrolled in or invited to, current ones and completed.

While a session is Live its tile offers "Join"; the meeting link itself is fetched only when "Join" is
clicked and is never part of the page. Everything follows changes live (the tiles patched in place,
`SessionTiles`) and the clock (one-shot timer).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from nicegui import ui

from domain.entities import EnrollmentType, Page, SessionSummary
from domain.rules import time_changes
from domain.services import queries
from ui import icons
from ui.components.feedback_waiting import FeedbackWaiting
from ui.components.mentee_actions import TileActions, places_of
from ui.components.pager import Pager
from ui.components.session_tiles import SessionTiles
from ui.context import Viewer, app_context
from ui.feedback import attempt
from ui.layout import frame
from ui.live import Follow

PER_PAGE = 12
CURRENT, COMPLETED = 'Upcoming and live', 'Completed'
Act = Callable[[int, str], Awaitable[None]]  # a click on a tile's button


@dataclass
class _Shown:
    now: datetime
    pages: dict[str, Page[SessionSummary]] = field(default_factory=dict)
    places: dict[int, EnrollmentType] = field(default_factory=dict)


async def _page(viewer: Viewer, now: datetime, section: str, number: int) -> Page[SessionSummary]:
    context = app_context()
    return await attempt(queries.my_mentee_sessions, context.uow_factory(read_only=True), viewer.user, now,
                         finished=section == COMPLETED, page=number, per_page=PER_PAGE)  # fmt: skip


async def _load(viewer: Viewer, wanted: dict[str, int]) -> _Shown:
    shown = _Shown(now=app_context().clock())
    for section, number in wanted.items():
        found = await _page(viewer, shown.now, section, number)
        if number > found.page_count:  # the last page emptied while someone looked at it
            wanted[section] = found.page_count
            found = await _page(viewer, shown.now, section, found.page_count)
        shown.pages[section] = found
    shown_ids = {summary.session.id for page in shown.pages.values() for summary in page.items}
    shown.places = await places_of(viewer, shown_ids, shown.now)
    return shown


def _moments(shown: _Shown) -> list[datetime]:
    return [moment for summary in shown.pages[CURRENT].items for moment in time_changes(summary.session)]


def _empty() -> ui.card:
    card = ui.card().classes('w-full items-center text-center gap-3 py-10 px-4 bg-slate-50').props('flat bordered')
    with card:
        ui.icon(icons.EVENT_NOTE, size='3rem').classes('text-slate-400').props('aria-hidden=true')
        ui.label('You have no sessions yet').classes('text-lg font-semibold')
        ui.label('Find one that fits you on "Explore sessions" and enroll.').classes('text-gray-700 break-words')
        explore = ui.button('Explore sessions', icon=icons.TRAVEL_EXPLORE, on_click=lambda: ui.navigate.to('/explore'))
        explore.props('no-caps')
    return card


class _Section:
    """A heading with its count, the tiles and their pages."""

    def __init__(self, title: str, on_act: Act, on_turn: Callable[[int], Awaitable[None]]) -> None:
        self.title = title
        with ui.column().classes('w-full gap-3') as self.box:
            self.tiles = SessionTiles(title, 0, [], kind='mentee', empty='None right now.', on_act=on_act)
            self.pager = Pager(f'{title}: pages', on_turn)

    def show(self, page: Page[SessionSummary], shown: _Shown, actions: TileActions) -> None:
        tiles = [actions.tile(summary, shown.places, shown.now) for summary in page.items]
        self.tiles.show(self.title, page.total, tiles)
        self.pager.show(page.page, page.page_count)


async def my_sessions_page(viewer: Viewer) -> None:
    with frame('My sessions', viewer):
        ui.label('My sessions').classes('text-2xl font-semibold').props('role=heading aria-level=1')
        await FeedbackWaiting(viewer).start()  # F1
        await _MySessions(viewer).build()


class _MySessions:
    """Follows every change live (L1): any session may gain or lose this mentee, so every session change
    and each piece of the mentee's own news (invited, removed) reloads it."""

    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        self.wanted = {CURRENT: 1, COMPLETED: 1}

    async def build(self) -> None:
        self.empty = _empty()
        act: Act = lambda sid, text: self.actions.act(sid, text)  # noqa: E731
        self.sections = {title: _Section(title, act, partial(self._turn, title)) for title in self.wanted}
        self.follow = Follow(lambda: _load(self.viewer, self.wanted), self._show, moments=_moments,
                             now=lambda shown: shown.now, inbox_of=self.viewer.user.id)  # fmt: skip
        self.actions = TileActions(self.viewer, self.follow.reload)
        await self.follow.start()

    def _show(self, shown: _Shown) -> None:
        anything = any(page.total for page in shown.pages.values())
        self.empty.set_visibility(not anything)
        for title, section in self.sections.items():
            section.box.set_visibility(anything)
            section.show(shown.pages[title], shown, self.actions)

    async def _turn(self, section: str, number: int) -> None:
        self.wanted[section] = number
        await self.follow.reload()
