"""C1/T1: the Home page with its "My mentoring sessions" tab, live (L1) and following the clock (U3)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from nicegui import ui

from domain.entities import Page, SessionSummary
from domain.rules import time_changes
from domain.services import queries
from ui import icons
from ui.components.pager import Pager
from ui.components.session_tiles import SessionTiles, mentor_tile
from ui.context import Viewer, app_context
from ui.feedback import attempt
from ui.layout import frame
from ui.live import Follow

PER_PAGE = 12
CURRENT, COMPLETED = 'current', 'completed'


@dataclass
class _Lists:
    """What the tab shows: one page of current (upcoming and live) sessions and one of completed ones."""

    now: datetime
    pages: dict[str, Page[SessionSummary]] = field(default_factory=dict)
    problem: str | None = None


async def _load(viewer: Viewer, wanted: dict[str, int]) -> _Lists:
    context = app_context()
    lists = _Lists(now=context.clock())
    for section, number in wanted.items():
        found = await _page(viewer, lists.now, section, number)
        if number > found.page_count:  # the last page emptied while someone looked at it
            wanted[section] = found.page_count
            found = await _page(viewer, lists.now, section, found.page_count)
        lists.pages[section] = found
    return lists


async def _page(viewer: Viewer, now: datetime, section: str, number: int) -> Page[SessionSummary]:
    context = app_context()
    return await attempt(
        queries.my_mentoring_sessions,
        context.uow_factory(read_only=True),
        viewer.user,
        now,
        finished=section == COMPLETED,
        page=number,
        per_page=PER_PAGE,
    )


def _create_button() -> None:
    create = ui.button('Create session', icon=icons.ADD, on_click=lambda: ui.navigate.to('/sessions/new'))
    create.props('no-caps unelevated')


def _empty_state() -> None:
    with ui.card().classes('w-full items-center text-center gap-3 py-10 px-4 bg-slate-50').props('flat bordered'):
        ui.icon(icons.EVENT_AVAILABLE, size='3rem').classes('text-slate-400')
        ui.label('You have no upcoming sessions yet').classes('text-lg font-semibold')
        ui.label('Share what you know: click "Create session" to publish your first mentoring session.').classes(
            'text-gray-700 break-words'
        )
        _create_button()


def _section(
    title: str, page: Page[SessionSummary], viewer: Viewer, now: datetime, on_turn: Callable[[int], Awaitable[None]]
) -> None:
    SessionTiles(title, page.total, (mentor_tile(summary, viewer.time_zone, now) for summary in page.items))
    if page.page_count > 1:  # at most seven numbers: 10,000 sessions must not make 800 buttons (P1)
        Pager(f'{title}: pages', on_turn).show(page.page, page.page_count)


def _not_a_mentor(viewer: Viewer) -> None:
    """Mentees (and others) have no mentoring sessions; point them to where their sessions are."""
    with ui.card().classes('w-full gap-3 p-6'):
        welcome = ui.label(f'Welcome, {viewer.user.name}').classes('text-xl font-semibold break-words')
        welcome.props('role=heading aria-level=1')
        if not viewer.user.is_mentee:
            ui.label('Your account does not mentor or attend sessions.').classes('text-gray-700')
            return
        ui.label('Find a session that fits you, or see the ones you have joined.').classes('text-gray-700')
        with ui.row().classes('gap-3 flex-wrap'):
            explore = ui.button('Explore sessions', icon=icons.TRAVEL_EXPLORE).props('no-caps unelevated')
            explore.on_click(lambda: ui.navigate.to('/explore'))
            ui.button('My sessions', icon=icons.EVENT_NOTE, on_click=lambda: ui.navigate.to('/my-sessions')).props(
                'outline no-caps'
            )


async def home_page(viewer: Viewer) -> None:
    with frame('Home', viewer):
        if not viewer.user.is_mentor:
            _not_a_mentor(viewer)
            return
        ui.label('Home').classes('sr-only').props('role=heading aria-level=1')  # the tab names what it shows
        with _only_tab('My mentoring sessions'):
            await _mentoring_sessions(viewer)


@contextmanager
def _only_tab(title: str) -> Iterator[None]:
    """A tab list with one, selected, tab and its panel: what a screen reader and the eye see of Quasar's tabs,
    without mounting QTabs and QTabPanels, which cost the browser ~30–50 ms of this page's load (P1)."""
    with ui.element('div').classes('w-full border-b border-gray-300').props('role=tablist aria-label=Home'):
        tab = ui.element('div').classes('inline-block px-4 py-3 font-medium text-primary')
        tab.classes('border-b-2 border-current -mb-px')  # the selected tab's indicator
        tab.props('role=tab aria-selected=true tabindex=0 id=home-tab aria-controls=home-panel')
        with tab:
            ui.label(title)
    with (
        ui.element('div')
        .classes('w-full flex flex-col gap-4')
        .props('role=tabpanel id=home-panel aria-labelledby=home-tab')
    ):
        yield


def _whose_sessions(viewer: Viewer) -> str:
    """T1: the list holds the sessions one mentors and those one created; a session manager creates them for
    others too."""
    if viewer.user.is_session_manager:
        return 'Sessions you mentor or created for others, soonest first.'
    return 'Your sessions as a mentor, soonest first.'


async def _mentoring_sessions(viewer: Viewer) -> None:
    wanted = {CURRENT: 1, COMPLETED: 1}
    with ui.row().classes('w-full items-center justify-between gap-3 flex-wrap'):
        ui.label(_whose_sessions(viewer)).classes('text-gray-700')
        _create_button()
    lists = ui.element('div').classes('w-full flex flex-col gap-4')

    def show(shown: _Lists) -> None:
        """Build the lists anew. A plain container, not `ui.refreshable`: its Vue template would start the
        browser's template compiler on every load of Home (P1)."""
        lists.clear()
        with lists:
            if shown.problem:
                ui.label(shown.problem).classes('text-red-800 break-words').props('role=alert')
                return
            current, completed = shown.pages[CURRENT], shown.pages[COMPLETED]
            if current.total:
                _section('Upcoming and live', current, viewer, shown.now, lambda number: turn(CURRENT, number))
            else:
                _empty_state()
            if completed.total:
                _section('Completed', completed, viewer, shown.now, lambda number: turn(COMPLETED, number))

    def moments(shown: _Lists) -> list[datetime]:
        current = shown.pages.get(CURRENT)
        return [moment for summary in (current.items if current else []) for moment in time_changes(summary.session)]

    follow = Follow(lambda: _load(viewer, wanted), show, moments=moments, now=lambda shown: shown.now)

    async def turn(section: str, number: int) -> None:
        wanted[section] = number
        await follow.reload()

    # A failed first read is shown instead of an error page; the next change or reconnect reloads.
    await follow.start(lambda error: _Lists(now=app_context().clock(), problem=error.message))
