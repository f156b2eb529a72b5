"""Page buttons under a list of sessions (T1, M1): previous, the page numbers, next.

Quasar's QPagination mounts a QBtn for each number, and Home shows two of them: about a tenth of a blank
page's load time (P1). The browser draws these from plain data as plain buttons (pager.js), with the numbers
QPagination showed: the first and the last page always, the current one with its neighbours, never more than
seven numbers, a gap as "…". Each button is 44 px tall (E1: a touch target) and at least 36 px wide, so seven
numbers fit a phone's width.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui.element import Element
from nicegui.events import GenericEventArguments

from ui import icons

SLOTS = 7


def page_numbers(page: int, page_count: int, slots: int = SLOTS) -> list[int | None]:
    """The page numbers to show, None for a gap: `page`, its neighbours, the first and the last."""
    if page_count <= slots:
        return list(range(1, page_count + 1))
    if page <= slots - 3:
        return [*range(1, slots - 1), None, page_count]
    if page >= page_count - (slots - 4):
        return [1, None, *range(page_count - (slots - 3), page_count + 1)]
    side = (slots - 5) // 2
    return [1, None, *range(page - side, page + side + 1), None, page_count]


class Pager(Element, component='pager.js'):
    """Shown only when there is more than one page; `on_turn` gets the page the user picked."""

    def __init__(self, label: str, on_turn: Callable[[int], Awaitable[None]]) -> None:
        super().__init__()
        self._on_turn = on_turn
        self._props.update(label=label, icons={'previous': icons.CHEVRON_LEFT, 'next': icons.CHEVRON_RIGHT})
        self.classes('self-center')
        self.on('turn', self._turned)
        self.show(1, 1)

    @property
    def page(self) -> int:
        return int(self._props['page'])

    @property
    def page_count(self) -> int:
        return int(self._props['count'])

    def show(self, page: int, page_count: int) -> None:
        self._props.update(page=page, count=page_count, numbers=page_numbers(page, page_count))
        self.set_visibility(page_count > 1)

    async def turn(self, page: object) -> None:
        """Show another page, as a click on its button does; anything but another page's number is ignored
        (the browser is not trusted to send only those)."""
        if isinstance(page, int) and not isinstance(page, bool) and 1 <= page <= self.page_count and page != self.page:
            await self._on_turn(page)

    async def _turned(self, event: GenericEventArguments) -> None:
        await self.turn(event.args)
