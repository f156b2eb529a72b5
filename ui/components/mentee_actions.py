"""M1, M2: what a mentee can do from a session tile (Enroll, Un-enroll, Join) and where they stand in a session.

The meeting link never reaches the browser before "Join" is clicked: the click asks the service for it
and opens it in a new tab (M2). A refusal is kept per tile and shown beside its buttons (E2).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import suppress
from datetime import datetime

from nicegui import ui

from domain import rules
from domain.entities import EnrollmentType, Platform, SessionStatus, SessionSummary, User
from domain.errors import AlreadyDone, DomainError, NotFound
from domain.ports import UnitOfWork
from domain.services import enrollment, queries
from ui import icons
from ui.components.mentee_tile import TileAction, TileState
from ui.context import Viewer, app_context
from ui.feedback import attempt, show_refusal

NO_BIGBLUEBUTTON = (
    'BigBlueButton is not configured on this server yet, so there is no meeting link to open. '
    'Please contact your session manager.'
)
INVITED_NOTE = 'You were invited, so only the session manager can take you off this session.'
NO_LINK = 'There is no meeting link yet. Please try again in a moment.'
SETTLE_SECONDS = 1.0  # a tile's buttons wait this long after an action: a double tap does not undo it (M1)


async def member_places(viewer: Viewer, session_ids: set[int], now: datetime) -> dict[int, EnrollmentType]:
    """Whether the viewer is enrolled in or invited to each of these sessions (only those they are in)."""
    if not viewer.user.is_mentee or not session_ids:
        return {}
    context = app_context()
    mine: set[int] = set()
    number, pages = 1, 1
    while number <= pages:
        page = await attempt(queries.my_mentee_sessions, context.uow_factory(read_only=True), viewer.user, now,
                             finished=False, page=number, per_page=100)  # fmt: skip
        mine |= {summary.session.id for summary in page.items}
        number, pages = number + 1, page.page_count
    return await places_of(viewer, mine & session_ids, now)


async def places_of(viewer: Viewer, member_ids: set[int], now: datetime) -> dict[int, EnrollmentType]:
    """Enrolled or invited, for sessions the viewer is in (as the Session Details service tells it)."""
    context = app_context()
    places = {}
    for session_id in sorted(member_ids):
        try:
            view = await attempt(queries.session_details, context.uow_factory(read_only=True), viewer.user, session_id,
                                 now)  # fmt: skip
        except NotFound:  # gone meanwhile: the next refresh drops its tile
            continue
        if view.viewer_enrollment is not None:
            places[session_id] = view.viewer_enrollment
    return places


async def join_and_open(viewer: Viewer, session_id: int) -> str | None:
    """M2 "Join": records the join and opens the meeting in a new tab; returns why not, if it cannot."""
    context = app_context()
    info = await attempt(enrollment.join_session, context.uow_factory(), viewer.user, session_id, context.clock())
    if info.link:
        ui.navigate.to(info.link, new_tab=True)
        return None
    return NO_BIGBLUEBUTTON if info.platform is Platform.BIGBLUEBUTTON else NO_LINK


class TileActions:
    """What a mentee can do from a tile, and the refusal last shown beside each tile's buttons (E2).

    Which buttons show follows the same rules the services enforce; the services still decide.
    """

    def __init__(self, viewer: Viewer, reload: Callable[[], Awaitable[None]]) -> None:
        self.viewer = viewer
        self.reload = reload
        self.errors: dict[int, str] = {}
        self.settling: set[int] = set()  # sessions whose tile has an action running or just done
        self._client = ui.context.client

    def offered(self, summary: SessionSummary, place: EnrollmentType | None, now: datetime) -> list[TileAction]:
        session, user = summary.session, self.viewer.user
        status = rules.status_at(session, now)
        sid = session.id
        actions = []
        if status is SessionStatus.LIVE and place is not None:
            actions.append(TileAction('Join', icons.LOGIN, lambda: self._run(sid, self._join)))
        if place is None and user.is_mentee and user.id != session.mentor_id and rules.enrollment_open(session, now):
            actions.append(
                TileAction('Enroll', icons.HOW_TO_REG, lambda: self._run(sid, self._service(enrollment.enroll)))
            )
        if place is EnrollmentType.ENROLLED and rules.unenroll_allowed(session, now):
            unenroll = self._service(enrollment.unenroll)
            actions.append(TileAction('Un-enroll', icons.PERSON_REMOVE, lambda: self._run(sid, unenroll), outline=True))
        return actions

    def state(self, summary: SessionSummary, places: dict[int, EnrollmentType], now: datetime) -> TileState:
        """The tile of one session for this viewer: their place, their buttons, why not, the last refusal."""
        place = places.get(summary.session.id)
        upcoming = rules.status_at(summary.session, now) is SessionStatus.UPCOMING
        note = INVITED_NOTE if place is EnrollmentType.INVITED and upcoming else None  # why no "Un-enroll" (M1)
        sid = summary.session.id
        actions = self.offered(summary, place, now)
        return TileState(summary, place, actions, note, self.errors.get(sid), settling=sid in self.settling)

    def _service(self, service: Callable[[UnitOfWork, User, int, datetime], None]) -> Callable[[int], Awaitable[None]]:
        async def call(session_id: int) -> None:
            context = app_context()
            with suppress(AlreadyDone):  # what was asked already holds (a second click): nothing to say
                await attempt(service, context.uow_factory(), self.viewer.user, session_id, context.clock())

        return call

    async def _join(self, session_id: int) -> str | None:
        return await join_and_open(self.viewer, session_id)

    async def _run(self, session_id: int, action: Callable[[int], Awaitable[str | None]]) -> None:
        # The clicked button may be gone by the time the service answers (a live change): speak from the page.
        if session_id in self.settling:
            return  # the second tap of a double tap, come before its button was disabled
        self.settling.add(session_id)
        try:
            await self._act(session_id, action)
            await asyncio.sleep(SETTLE_SECONDS)  # the button now under the finger (say Un-enroll) waits
        finally:
            self.settling.discard(session_id)
        with self._client:
            await self.reload()

    async def _act(self, session_id: int, action: Callable[[int], Awaitable[str | None]]) -> None:
        with self._client:
            self.errors.pop(session_id, None)
            try:
                problem = await action(session_id)
            except DomainError as error:
                show_refusal(error)
                problem = error.message
            else:
                if problem:
                    ui.notify(problem, type='warning', position='top', multi_line=True)
            if problem:
                self.errors[session_id] = problem
            await self.reload()
