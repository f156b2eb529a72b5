"""What the session tiles share (T1): the status chip, the image, the grid; and what keeps a page showing
sessions up to date (L1, U3).

The mentee pages build their tiles from these parts; the mentor's Home tab draws the same look from data
(`session_tiles.py`), with the same chip styles and grid. The helpers at the end serve every page
that shows sessions: `Reloader` runs one reload at a time (an event arriving meanwhile causes exactly one
more), and `refresh_when_time_changes` arms a one-shot timer for the next moment a status or a button
changes by the clock alone — not a polling loop.
"""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta

from nicegui import background_tasks, ui

from domain import rules
from domain.entities import MentoringSession, SessionStatus
from ui import icons
from ui.addresses import image_url

# Colour is never the only signal: every chip says its status in words and has its own icon.
CHIP_STYLE = {
    SessionStatus.UPCOMING: (icons.SCHEDULE, 'blue-1', 'blue-10'),
    SessionStatus.LIVE: (icons.SENSORS, 'green-9', 'white'),  # green-9: AA contrast with white
    SessionStatus.COMPLETED: (icons.TASK_ALT, 'grey-3', 'grey-9'),
}
# A timer set for days ahead is re-armed at least this often, so a clock change cannot strand it.
_LONGEST_WAIT = timedelta(hours=6)
_MARGIN = timedelta(seconds=1)


def status_chip(status: SessionStatus) -> ui.chip:
    icon, color, text_color = CHIP_STYLE[status]
    chip = ui.chip(status.value, icon=icon, color=color, text_color=text_color).props('dense square')
    return chip.classes('font-medium m-0').props(f'data-testid=status-{status.name.lower()}')


def session_image(session: MentoringSession, *, thumbnail: bool, classes: str) -> None:
    """The session's image with alt text, or a neutral placeholder when it has none."""
    if session.image_id is None:
        placeholder = f'{classes} bg-gradient-to-br from-slate-100 to-blue-50 flex items-center justify-center'
        with ui.element('div').classes(placeholder) as box:
            box.props['aria-hidden'] = 'true'
            ui.icon(icons.CO_PRESENT, size='2.5rem').classes('text-slate-400')
        return
    image = ui.element('img').classes(f'{classes} object-cover')
    image.props['src'] = image_url(session.image_id, thumbnail=thumbnail)
    image.props['alt'] = f'Image for {session.title}'
    image.props['loading'] = 'lazy'


def tile_grid() -> ui.element:
    """One column on a phone, two on a tablet, three on a laptop."""
    return ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 lg:grid-cols-3 gap-4')


def time_changes(session: MentoringSession) -> list[datetime]:
    """The moments the session's status, or what people may do with it, changes by the clock alone."""
    return [session.start_at - rules.START_WINDOW, session.start_at - rules.UNENROLL_CUTOFF, session.start_at,
            session.end_at]  # fmt: skip


def refresh_when_time_changes(moments: Iterable[datetime], now: datetime, reload: Callable[[], object]) -> None:
    """A one-shot timer (inside what the next reload rebuilds, so that replaces it) at the next moment."""
    upcoming = [moment for moment in moments if moment > now]
    if not upcoming:
        return
    wait = min(min(upcoming) - now + _MARGIN, _LONGEST_WAIT)
    # The reload runs as its own task: it rebuilds what holds this timer and so deletes it, which would
    # otherwise cancel the reload it is running.
    ui.timer(wait.total_seconds(), lambda: background_tasks.create(_call(reload), name='time change'), once=True)


async def _call(reload: Callable[[], object]) -> None:
    result = reload()
    if isinstance(result, Awaitable):
        await result


class Reloader:
    """Runs `load` one at a time; a request while it runs causes exactly one more run afterwards.

    Events can arrive in bursts; overlapping asynchronous rebuilds would show content twice.
    """

    def __init__(self, load: Callable[[], Awaitable[None]]) -> None:
        self._load = load
        self._running = False
        self._again = False
        self._client = weakref.ref(ui.context.client)

    @property
    def page_open(self) -> bool:
        """False once the browser left the page: a load that was waiting for the database must not show."""
        client = self._client()
        return client is not None and not client.is_deleted

    async def __call__(self, *_: object) -> None:
        if self._running:
            self._again = True
            return
        self._running = True
        try:
            self._again = True
            while self._again and self.page_open:
                self._again = False
                await self._load()
        finally:
            self._running = False
