"""T2, U2–U4, M1, M2: the Session Details page — every detail, and the buttons this viewer may use.

It follows its session live (`Follow`, L1): any change to it, by anyone, reloads it, and so does the next
moment the clock alone changes its status or buttons (U3). The open pages of one viewer share one read per
change (P2: 50 tabs of one session), and the card's data made from it. The card (`SessionCard`) is one element
drawn from data: a reload sends what changed; one that finds only the counts changed sends them alone. A
mentee's enrollment tells its new figures with the event: a page shows them at once, without a read, and one read
confirms them once the changes stop (events of two commits may arrive in either order).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from itertools import count

from nicegui import background_tasks

from domain.entities import SessionStatus, SessionView
from domain.errors import NotFound
from domain.ports import SessionChanged
from domain.rules import time_changes
from domain.services import queries
from ui.components.add_to_calendar import add_to_calendar
from ui.components.aftermath_panel import AftermathPanel
from ui.components.anchor import Anchor
from ui.components.details_actions import DetailsActions
from ui.components.session_card import CardData, Counts, SessionCard
from ui.components.session_facts import card_data, counts
from ui.context import Viewer, app_context
from ui.details_loads import SharedReads
from ui.feedback import attempt
from ui.layout import frame
from ui.live import Follow, Shared

NOT_VISIBLE = NotFound().message
GONE = 'This session was cancelled or is no longer visible to you.'
CONFIRM_AFTER_SECONDS = 1.0  # quiet time after the last roster change before a read confirms what is shown
_versions = count(1)  # of the counts a page sends: the browser keeps the newest (session_card.js)


@dataclass
class _Shown:
    view: SessionView | None
    now: datetime
    problem: str | None = None  # a passing fault (database away) while loading: said instead of a crash
    drawn: dict[str, CardData] = field(default_factory=dict)  # the card's data, per time zone

    @cached_property
    def all_but_counts(self) -> tuple[object, ...] | None:
        """Everything the card shows but its counts, and the next moment the clock changes it (U3).

        Worked out once per read, which the open pages of one viewer share."""
        if self.view is None:
            return None
        upcoming = [moment for moment in time_changes(self.view.summary.session) if moment > self.now]
        return replace(self.view, summary=replace(self.view.summary, mentee_count=0)), min(upcoming, default=None)

    def moments(self) -> list[datetime]:
        return [] if self.view is None else time_changes(self.view.summary.session)

    def card_data(self, view: SessionView, time_zone: str) -> CardData:
        """Made once per read and time zone: the open pages of one viewer share it (P11)."""
        if time_zone not in self.drawn:
            self.drawn[time_zone] = card_data(view, time_zone)
        return self.drawn[time_zone]


_reads: SharedReads[_Shown] = SharedReads()


async def session_details_page(viewer: Viewer, session_id: int, back: tuple[str, str] = ('← Home', '/')) -> None:
    """`back`: the back link's text and address (ui/back_link.py)."""
    with frame('Session details', viewer):
        Anchor(*back).classes('text-primary no-underline self-start')
        await _DetailsPage(viewer, session_id).build()
        aftermath = AftermathPanel(viewer, session_id)  # A1, F1: its place on the page, filled by its own read
        add_to_calendar(viewer, session_id)
        await aftermath.start()


class _DetailsPage:
    def __init__(self, viewer: Viewer, session_id: int) -> None:
        self.viewer = viewer
        self.session_id = session_id
        self.seen = False  # once the session was shown, NotFound means it went away while open
        self.shown: _Shown | None = None  # what the card shows now
        self.confirmation: asyncio.TimerHandle | None = None  # the read due after roster changes shown unread
        self.actions = DetailsActions(viewer, session_id, lambda: self.shown.view if self.shown else None)
        self.card = SessionCard(self.actions.act)
        self.follow = Follow(self._fetch, self._show, moments=_Shown.moments, now=lambda shown: shown.now,
                             session_id=session_id, unread=self._show_unread,
                             shared=Shared(_reads, viewer.user, session_id))  # fmt: skip
        self.actions.follow, self.actions.card = self.follow, self.card

    async def build(self) -> None:
        await self.follow.start(lambda error: _Shown(None, app_context().clock(), error.message))

    async def _fetch(self) -> _Shown:
        context = app_context()
        now = context.clock()
        try:
            view = await attempt(
                queries.session_details, context.uow_factory(read_only=True), self.viewer.user, self.session_id, now
            )
        except NotFound:
            return _Shown(None, now)
        return _Shown(view, now)

    async def _show(self, shown: _Shown) -> None:
        """Send only the counts if nothing else changed; else the whole card."""
        view = shown.view
        if view is None:
            self.shown, self.actions.shown = shown, None
            self.card.gone(shown.problem or (GONE if self.seen else NOT_VISIBLE))
            return
        if not self.follow.clock_moved and self._only_counts_differ(shown):
            self.shown = shown
            self._show_counts(view)
            return
        self.shown, self.seen = shown, True
        time_zone = self.viewer.time_zone
        actions = self.actions.actions(view, shown.now)
        self.card.show(shown.card_data(view, time_zone), self._counts(view), actions)

    def _counts(self, view: SessionView) -> Counts:
        """The counts shown now if the figures are the same (nothing to send), else the new ones, numbered."""
        shown = self.card.counts
        new = counts(view.summary, view.status is SessionStatus.COMPLETED, 0 if shown is None else shown['version'])
        if shown is not None and new == shown:
            return shown
        new['version'] = next(_versions)
        return new

    def _show_counts(self, view: SessionView) -> None:
        if (new := self._counts(view)) is not self.card.counts:
            self.card.show_counts(new)

    def _show_unread(self, change: SessionChanged) -> bool:
        """P2: set the counts the change tells of, if nothing else on this page changes; a read confirms them
        later. False when the page needs a read (the viewer's own enrollment, a rebuild due, nothing shown)."""
        shown = self.shown
        if change.roster is None or shown is None or shown.view is None:
            return False
        if self.follow.clock_moved or not self.follow.page_open:
            return False
        now = app_context().clock()
        view = queries.view_after_roster_change(shown.view, self.viewer.user, change.roster, now)
        worked_out = _Shown(view, now)
        if not self._only_counts_differ(worked_out):
            return False
        _reads.forget(self.session_id)  # the confirming read must begin after this change
        self.shown = worked_out
        self._show_counts(view)
        if self.confirmation is not None:
            self.confirmation.cancel()
        self.confirmation = asyncio.get_running_loop().call_later(CONFIRM_AFTER_SECONDS, self._confirm)
        return True

    def _confirm(self) -> None:
        self.confirmation = None
        if self.follow.page_open:
            background_tasks.create(self.follow.reload(), name='confirm roster change')

    def _only_counts_differ(self, new: _Shown) -> bool:
        old = self.shown
        if old is None or old.all_but_counts is None or new.view is None:
            return False
        return old.all_but_counts == new.all_but_counts and self.actions.unchanged(new.view, new.now)
