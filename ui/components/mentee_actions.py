"""M1, M2: what a mentee's session tile shows — their place, seats left, the waitlist — and what they can do from
it (Enroll, Un-enroll, Join, the waitlist), as data for the one tile renderer (`session_tiles.py`).

The meeting link never reaches the browser before "Join" is clicked: the click asks the service for it
and opens it in a new tab (M2). A refusal is kept per tile and shown beside its buttons (E2).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from nicegui import ui

from domain import rules
from domain.entities import EnrollmentType, MentoringSession, Platform, SessionStatus, SessionSummary, User
from domain.errors import AlreadyDone, DomainError, NotFound
from domain.ports import UnitOfWork
from domain.services import enrollment, queries
from ui.components.session_facts import (
    ENROLLED,
    ENROLLED_LATE,
    JOINED_LINE,
    LEFT_LINE,
    UNENROLLED,
    WAITING_FOR_MENTOR,
    ActionMessage,
    unenroll_dialog,
)
from ui.components.session_tiles import Button, TileData, tile_data
from ui.context import Viewer, app_context
from ui.feedback import attempt

NO_BIGBLUEBUTTON = (
    'BigBlueButton is not configured on this server yet, so there is no meeting link to open. '
    'Please contact your session manager.'
)
INVITED_NOTE = 'You were invited, so only the session manager can take you off this session.'
NO_LINK = 'There is no meeting link yet. Please try again in a moment.'
SETTLE_SECONDS = 1.0  # a tile's buttons wait this long after an action: a double tap does not undo it (M1)
_PLACE = {EnrollmentType.ENROLLED: 'Enrolled', EnrollmentType.INVITED: 'Invited'}
_PAST_PLACE = {EnrollmentType.ENROLLED: 'Was enrolled', EnrollmentType.INVITED: 'Was invited'}  # a completed session


@dataclass(frozen=True)
class TileAction:
    text: str  # its icon: session_tiles.ICONS['actions']
    handler: Callable[[], Awaitable[None]]
    outline: bool = False


def seats_text(summary: SessionSummary) -> str:
    left = summary.seats_left
    if left == 0:
        return 'session seats full'
    return '1 seat left' if left == 1 else f'{left} seats left'


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


WAITLIST_PLACE = 'You are number {} on the waitlist.'

Lines = dict[int, tuple[int | None, int]]  # W1: per full session with an open line, the viewer's place and its length


class TileActions:
    """What a mentee can do from a tile, and the refusal last shown beside each tile's buttons (E2).

    Which buttons show follows the same rules the services enforce; the services still decide.
    """

    def __init__(self, viewer: Viewer, reload: Callable[[], Awaitable[None]]) -> None:
        self.viewer = viewer
        self.reload = reload
        self.said: dict[int, ActionMessage] = {}  # per session, what its tile's last action said
        self.settling: set[int] = set()  # sessions whose tile has an action running or just done
        self.handlers: dict[int, dict[str, Callable[[], Awaitable[None]]]] = {}  # per session, its buttons' actions
        self._client = ui.context.client
        self._unenrolling: int | None = None  # the session the Un-enroll dialog asks about
        self._dialog = unenroll_dialog(self._unenroll_confirmed)

    def offered(
        self, summary: SessionSummary, place: EnrollmentType | None, now: datetime, line: tuple[int | None, int] | None
    ) -> list[TileAction]:
        session, sid = summary.session, summary.session.id
        waiting_at = line[0] if line is not None else None
        choices = rules.seat_choices(self.viewer.user, session, summary.mentee_count, place, waiting_at, now)
        actions = []
        if rules.may_join(self.viewer.user, session, place, now):
            actions.append(TileAction('Join', lambda: self._run(sid, self._join)))
        if choices.enroll:
            enroll = partial(self._enroll, session)
            actions.append(TileAction('Enroll', lambda: self._run(sid, lambda _: enroll())))
        if choices.join_waitlist:  # full: the waitlist instead (W1)
            join = self._service(enrollment.join_waitlist, JOINED_LINE)
            actions.append(TileAction('Join waitlist', lambda: self._run(sid, join)))
        if choices.leave_waitlist:
            leave = self._service(enrollment.leave_waitlist, LEFT_LINE)
            actions.append(TileAction('Leave waitlist', lambda: self._run(sid, leave), True))
        if choices.unenroll:
            actions.append(TileAction('Un-enroll', lambda: self._ask_unenroll(sid), outline=True))
        return actions

    def tile(
        self, summary: SessionSummary, places: dict[int, EnrollmentType], now: datetime, lines: Lines | None = None
    ) -> TileData:
        """The tile of one session for this viewer: their place, their buttons, why not, the last refusal."""
        session, sid = summary.session, summary.session.id
        place = places.get(sid)
        entry = (lines or {}).get(sid)
        line = None if place is not None else entry  # the viewer's own place in line: only while not in it
        waiting_at = line[0] if line is not None else None
        status = rules.status_at(session, now)
        notes = []
        if rules.waiting_for_mentor(session, now):
            notes.append(WAITING_FOR_MENTOR)
        if place is EnrollmentType.INVITED and status is SessionStatus.UPCOMING:
            notes.append(INVITED_NOTE)  # why no "Un-enroll" (M1)
        closed = rules.unenroll_closed_note(session, now) if place is EnrollmentType.ENROLLED else None
        if closed:
            notes.append(closed)
        if waiting_at is not None:
            notes.append(WAITLIST_PLACE.format(waiting_at))
        actions = self.offered(summary, place, now, line)
        self.handlers[sid] = {action.text: action.handler for action in actions}
        seats_full = rules.seats_full(summary.mentee_count, session.seat_limit)
        shown = (place, status, seats_full, tuple(action.text for action in actions), waiting_at)
        tile = tile_data(summary, self.viewer.time_zone, now)
        tile['mentor'], tile['notes'], tile['settling'] = f'Mentor: {summary.mentor_name}', notes, sid in self.settling
        tile['actions'] = [Button(text=action.text, outline=action.outline) for action in actions]
        if place is not None:
            past = status is SessionStatus.COMPLETED  # not "Enrolled" as if still to come
            tile['place'] = {'key': place.name.lower(), 'text': (_PAST_PLACE if past else _PLACE)[place]}
        if status is not SessionStatus.COMPLETED:
            tile['seats'] = seats_text(summary)
        if entry is not None:
            tile['waitlist'] = f'Waitlist: {entry[1]}'  # W1: how many wait, for a full session whose line is open
        if (message := self.said.get(sid)) is not None:
            message.answered(lambda: shown, now, (place, waiting_at is not None))
            if message.error:
                tile['error'] = message.error
            if message.done:
                tile['done'] = message.done
        return tile

    async def act(self, session_id: int, text: str) -> None:
        """A click on one of a tile's buttons (`SessionTiles.act` has checked that the tile shows it)."""
        handler = self.handlers.get(session_id, {}).get(text)
        if handler is not None:
            await handler()

    def _service(
        self, service: Callable[[UnitOfWork, User, int, datetime], object], done: str
    ) -> Callable[[int], Awaitable[None]]:
        async def call(session_id: int) -> None:
            context = app_context()
            with suppress(AlreadyDone):  # what was asked already holds (a second click): nothing else to say
                await attempt(service, context.uow_factory(), self.viewer.user, session_id, context.clock())
            self._say(session_id, done=done)

        return call

    async def _enroll(self, session: MentoringSession) -> None:
        """Enrolling inside the un-enroll cut-off says at once that the seat cannot be given back (M1)."""
        context = app_context()
        with suppress(AlreadyDone):  # a second click: enrolled already, nothing else to say
            await attempt(enrollment.enroll, context.uow_factory(), self.viewer.user, session.id, context.clock())
        late = rules.unenroll_closed_note(session, context.clock()) is not None
        self._say(session.id, done=ENROLLED_LATE if late else ENROLLED)

    def _say(self, session_id: int, *, error: str | None = None, done: str | None = None) -> None:
        self.said.setdefault(session_id, ActionMessage()).say(error=error, done=done, at=app_context().clock())

    async def _ask_unenroll(self, session_id: int) -> None:
        if session_id in self.settling:
            return  # the second tap of a double tap: the first one's action holds
        self._unenrolling = session_id
        self._dialog.open()

    async def _unenroll_confirmed(self) -> None:
        self._dialog.close()
        session_id, self._unenrolling = self._unenrolling, None
        if session_id is not None:
            await self._run(session_id, self._service(enrollment.unenroll, UNENROLLED))

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
            self.said.pop(session_id, None)
            try:
                problem = await action(session_id)
            except DomainError as error:  # said beside the tile's buttons, not over the navigation bar (E2)
                problem = error.message
            if problem:
                self._say(session_id, error=problem)
            await self.reload()
