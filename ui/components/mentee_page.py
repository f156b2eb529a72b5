"""What the mentee's session lists (Explore, My sessions) share: they follow every change live (L1).

Any session may gain or lose this mentee (another tab enrolls, a manager invites or removes them), so each
session change, each piece of the mentee's own inbox news and each full resync reloads the page, one reload
at a time (`Reloader`). A reload that fails for a passing reason (the database briefly away) keeps what is
shown and says so.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Generic, TypeVar

from nicegui import ui

from domain.errors import DomainError
from ui import live
from ui.components.tile_parts import Reloader
from ui.context import Viewer
from ui.feedback import show_refusal

Shown = TypeVar('Shown')


class LiveMenteePage(ABC, Generic[Shown]):
    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        self.client = ui.context.client
        self.reload = Reloader(self._refresh)

    @abstractmethod
    async def _fetch(self) -> Shown:
        """What the page shows now (raises DomainError when it cannot be read)."""

    @abstractmethod
    def _show(self, shown: Shown) -> None:
        """Put it on the page."""

    def follow_changes(self) -> None:
        live.session_changed.subscribe(lambda _change: self.reload())
        live.inbox_changed.subscribe(self._on_inbox)
        live.everything_changed.subscribe(self.reload)

    async def _on_inbox(self, user_id: int) -> None:
        if user_id == self.viewer.user.id:  # invited to or removed from a session
            await self.reload()

    async def _refresh(self) -> None:
        try:
            shown = await self._fetch()
        except DomainError as error:  # e.g. the database was briefly away: keep what is shown, say so
            with self.client:  # the reload may come from a timer or from a button that is gone
                show_refusal(error)
            return
        if self.reload.page_open:
            self._show(shown)
