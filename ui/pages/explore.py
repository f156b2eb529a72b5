"""M1, L1: "Explore sessions" — the Public sessions that have not ended, searchable, filterable and paged.

Seats left and statuses follow every change live (one subscription per open page), the tiles patched in
place (`SessionTiles`); a one-shot timer follows the clock (a session going Live or ending).

The search, the filters and the page live in the address (`/explore?q=…&category=…&medium=…&for=…&page=…`,
replaced as they change), so Back from a session finds them again; a value the lists do not hold is ignored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from nicegui import ui

from domain import rules
from domain.entities import EnrollmentType, OptionKind, Page, SessionSummary
from domain.ports import ExploreQuery
from domain.rules import MAX_PAGE, TITLE_MAX, storable, time_changes
from domain.services import options, queries
from ui import icons
from ui.components.mentee_actions import Lines, TileActions, member_places
from ui.components.pager import Pager
from ui.components.session_tiles import SessionTiles
from ui.context import Viewer, app_context
from ui.feedback import attempt
from ui.layout import frame
from ui.live import Follow

PER_PAGE = 12
FILTERS = (
    (OptionKind.CATEGORIES, 'Category'),
    (OptionKind.MEDIUM, 'Medium'),
    (OptionKind.RECOMMENDED_FOR, 'Recommended for'),
)
PATH = '/explore'
IN_ADDRESS = {OptionKind.CATEGORIES: 'category', OptionKind.MEDIUM: 'medium', OptionKind.RECOMMENDED_FOR: 'for'}


@dataclass
class _Filters:
    text: str = ''
    chosen: dict[OptionKind, str | None] = field(default_factory=dict)
    page: int = 1

    @classmethod
    def from_address(cls, values: Mapping[str, str], labels: dict[OptionKind, list[str]]) -> _Filters:
        """The search of an address; what the lists do not hold (a tampered or outdated value) is left out."""
        text = values.get('q', '')
        page = values.get('page', '')
        return cls(
            text=text if len(text) <= TITLE_MAX and storable(text) else '',
            chosen={kind: values[key] for kind, key in IN_ADDRESS.items() if values.get(key) in labels[kind]},
            page=int(page) if page.isascii() and page.isdigit() and 1 <= int(page) <= MAX_PAGE else 1,
        )

    def address(self) -> str:
        chosen = [(IN_ADDRESS[kind], label) for kind, label in self.chosen.items() if label]
        values = [('q', self.text)] if self.text else []
        values += [*chosen, *([('page', str(self.page))] if self.page > 1 else [])]
        return PATH + (f'?{urlencode(values)}' if values else '')

    def query(self) -> ExploreQuery:
        return ExploreQuery(
            text=self.text,
            category=self.chosen.get(OptionKind.CATEGORIES),
            medium=self.chosen.get(OptionKind.MEDIUM),
            recommended_for=self.chosen.get(OptionKind.RECOMMENDED_FOR),
            page=self.page,
            per_page=PER_PAGE,
        )


@dataclass
class _Shown:
    now: datetime
    found: Page[SessionSummary]
    places: dict[int, EnrollmentType]
    lines: Lines = field(default_factory=dict)  # W1: the full sessions' waitlists


async def _search(viewer: Viewer, filters: _Filters, now: datetime) -> Page[SessionSummary]:
    context = app_context()
    uow_factory = context.uow_factory
    found = await attempt(queries.explore_sessions, uow_factory(read_only=True), viewer.user, filters.query(), now)
    if filters.page > found.page_count:  # the last page emptied while someone looked at it
        filters.page = found.page_count
        found = await attempt(queries.explore_sessions, uow_factory(read_only=True), viewer.user, filters.query(), now)
    return found


async def _load(viewer: Viewer, filters: _Filters) -> _Shown:
    now = app_context().clock()
    found = await _search(viewer, filters, now)
    places = await member_places(viewer, {s.session.id for s in found.items}, now)
    full = [s for s in found.items if rules.may_have_waiting(s.session, s.mentee_count, now)]
    lines: Lines = {}
    if full:  # only a full session can have a line (W1): a page with seats everywhere reads nothing more
        context = app_context()
        lines = await attempt(queries.waitlist_places, context.uow_factory(read_only=True), viewer.user, full, now)
    return _Shown(now, found, places, lines)


async def _option_labels(viewer: Viewer) -> dict[OptionKind, list[str]]:
    context = app_context()
    labels = {}
    for kind, _ in FILTERS:
        found = await attempt(options.list_options, context.uow_factory(read_only=True), viewer.user, kind)
        labels[kind] = [option.label for option in found]
    return labels


def _moments(shown: _Shown) -> list[datetime]:
    return [moment for summary in shown.found.items for moment in time_changes(summary.session)]


def _count_text(total: int) -> str:
    return '1 session found' if total == 1 else f'{total} sessions found'


def _empty() -> ui.card:
    with (
        ui.card().classes('w-full items-center text-center gap-3 py-10 px-4 bg-slate-50').props('flat bordered') as card
    ):
        ui.icon(icons.SEARCH_OFF, size='3rem').classes('text-slate-400').props('aria-hidden=true')
        ui.label('No sessions match your search.').classes('text-lg font-semibold')
        ui.label('Try other words, or clear a filter.').classes('text-gray-700')
    return card


async def explore_page(viewer: Viewer, address: Mapping[str, str] | None = None) -> None:
    """`address`: the query of the page's address (the search to show)."""
    with frame('Explore sessions', viewer):
        ui.label('Explore sessions').classes('text-2xl font-semibold').props('role=heading aria-level=1')
        await _Explore(viewer).build(address or {})


class _Explore:
    """Follows every change live (L1): any session may gain or lose this mentee, so every session change
    and each piece of the mentee's own news (invited, removed) reloads it."""

    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        self.filters = _Filters()

    async def build(self, address: Mapping[str, str]) -> None:
        labels = await _option_labels(self.viewer)
        self.filters = _Filters.from_address(address, labels)
        self.address = self.filters.address()
        self._filter_controls(labels)
        self.count = ui.label().classes('text-gray-700 scroll-mt-24')  # clear of the sticky header
        self.count.props('role=status aria-live=polite data-testid=explore-count')
        self.count.mark('explore-count')
        self.empty = _empty()
        self.grid = SessionTiles(None, 0, [], kind='mentee', on_act=lambda sid, text: self.actions.act(sid, text))
        self.pager = Pager('Result pages', self._turn)
        self.follow = Follow(lambda: _load(self.viewer, self.filters), self._show, moments=_moments,
                             now=lambda shown: shown.now, inbox_of=self.viewer.user.id)  # fmt: skip
        self.actions = TileActions(self.viewer, self.follow.reload)
        await self.follow.start()

    def _filter_controls(self, labels: dict[OptionKind, list[str]]) -> None:
        with ui.row().classes('w-full gap-3 items-end flex-wrap'):
            search = ui.input('Search', placeholder='Title or mentor', value=self.filters.text)
            search.props('clearable type=search outlined dense').classes('grow min-w-0 w-full sm:w-auto')
            search.on_value_change(lambda e: self._change(text=e.value))
            for kind, label in FILTERS:
                choice = ui.select(labels[kind], label=label, clearable=True, value=self.filters.chosen.get(kind))
                choice.props('outlined dense')
                choice.classes('w-full sm:w-48')
                choice.on_value_change(lambda e, kind=kind: self._change(kind=kind, value=e.value))

    def _show(self, shown: _Shown) -> None:
        items = shown.found.items
        self.count.set_text(_count_text(shown.found.total))
        self.empty.set_visibility(not items)
        tiles = [self.actions.tile(summary, shown.places, shown.now, shown.lines) for summary in items]
        self.grid.show(None, shown.found.total, tiles)
        self.pager.show(shown.found.page, shown.found.page_count)
        if self.filters.address() != self.address:  # the address follows the search (Back finds it again)
            self.address = self.filters.address()
            self.count.client.run_javascript(f'history.replaceState(history.state, "", {json.dumps(self.address)})')

    async def _change(self, *, text: str | None = None, kind: OptionKind | None = None, value: object = None) -> None:
        if kind is None:
            self.filters.text = text or ''
        else:
            self.filters.chosen[kind] = value if isinstance(value, str) else None
        self.filters.page = 1
        await self.follow.reload()

    async def _turn(self, number: int) -> None:
        """Another page of results, read from its top (not from the pager at the bottom)."""
        self.filters.page = number
        await self.follow.reload()
        self.count.client.run_javascript(f'getHtmlElement({self.count.id}).scrollIntoView({{block: "start"}})')
