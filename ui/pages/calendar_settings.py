"""N3 "Calendar" settings: the user's personal feed address (webcal) — make one, replace it, turn it off.

The address holds a secret token that is stored only as a hash, so it can be shown just once, right after it
was made; afterwards the page says the feed is on and offers a new address (which retires the old one).
"""

from __future__ import annotations

from datetime import datetime

from nicegui import ui

from domain.errors import DomainError
from domain.services import calendars
from ui import icons
from ui.calendar_route import feed_address
from ui.context import Viewer, app_context
from ui.feedback import attempt, call_or_show, show_refusal
from ui.layout import frame
from ui.timefmt import show

CALENDAR_SETTINGS_PATH = '/settings/calendar'
INTRO = (
    'Subscribe to your sessions in your calendar app (Google Calendar, Apple Calendar, Outlook …): the sessions '
    'you mentor and those you are enrolled in or invited to appear there and stay up to date. Anyone who has the '
    'address can see these sessions, so keep it to yourself.'
)


async def calendar_settings_page(viewer: Viewer) -> None:
    with frame('Calendar', viewer):
        ui.label('Calendar').classes('text-2xl font-semibold').props('role=heading aria-level=1')
        ui.label(INTRO).classes('text-gray-700 max-w-prose')
        await _FeedSettings(viewer).build()


class _FeedSettings:
    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        self.address: str | None = None  # known only on the page that made it

    async def build(self) -> None:
        @ui.refreshable
        def card(active_since: datetime | None) -> None:
            with ui.card().classes('w-full max-w-2xl gap-3 p-4').props('data-testid=calendar-feed'):
                ui.label('Your calendar feed').classes('text-lg font-semibold').props('role=heading aria-level=2')
                if active_since is None:
                    self._off()
                elif self.address is not None:
                    self._new_address(self.address)
                else:
                    self._on(active_since)

        self.card = card
        card(await self._active_since())

    async def _active_since(self) -> datetime | None:
        context = app_context()
        feed = await call_or_show(calendars.active_feed, context.uow_factory(read_only=True), self.viewer.user)
        return None if feed is None else feed.created_at

    def _off(self) -> None:
        ui.label('Your calendar feed is off.').props('data-testid=feed-state')
        ui.button('Turn on', icon=icons.EVENT_AVAILABLE, on_click=self._create).props('no-caps unelevated')

    def _on(self, since: datetime) -> None:
        made = show(since, self.viewer.time_zone)
        ui.label(f'Your calendar feed is on. Its address was made on {made}.').props('data-testid=feed-state')
        ui.label(
            'For your safety the address is shown only once, when it is made. If you lost it, create a new '
            'address: the old one stops working.'
        ).classes('text-gray-700')
        self._buttons()

    def _new_address(self, address: str) -> None:
        ui.label('Your calendar feed is on. Copy this address into your calendar app now:').props(
            'data-testid=feed-state'
        )
        field = ui.input('Feed address', value=address).props('readonly outlined data-testid=feed-address')
        field.mark('feed-address')
        field.classes('w-full')
        with ui.row().classes('gap-2 flex-wrap'):
            ui.button('Copy', icon=icons.CONTENT_COPY, on_click=lambda: self._copy(address)).props('no-caps unelevated')
            ui.link('Open in calendar app', address).classes('text-primary self-center py-2')
        ui.label('It is shown only this once.').classes('text-gray-700')
        self._buttons()

    def _buttons(self) -> None:
        with ui.row().classes('gap-2 flex-wrap'):
            ui.button('Create a new address', icon=icons.AUTORENEW, on_click=self._create).props('no-caps outline')
            ui.button('Turn off', icon=icons.EVENT_BUSY, on_click=self._turn_off).props(
                'no-caps outline color=negative'
            )

    def _copy(self, address: str) -> None:
        ui.clipboard.write(address)
        ui.notify('Address copied.', type='positive')

    async def _create(self) -> None:
        context = app_context()
        token = await call_or_show(calendars.new_feed_token, context.uow_factory(), self.viewer.user, context.clock())
        if token is not None:
            self.address = feed_address(token)
            self.card.refresh(context.clock())

    async def _turn_off(self) -> None:
        context = app_context()
        try:
            await attempt(calendars.turn_off_feed, context.uow_factory(), self.viewer.user, context.clock())
        except DomainError as error:
            show_refusal(error)
            return
        self.address = None
        self.card.refresh(None)
        ui.notify('Your calendar feed is off. The old address no longer works.')
