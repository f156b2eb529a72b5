"""A Hypothesis state machine over the services: any sequence of creates, edits, invitations, enrollments,
removals, starts, ends, deletions and clock ticks keeps the product's invariants (C6, C7, M1, U2–U4):

- enrolled + invited ≤ seat limit, for every session;
- no mentor has two overlapping (not deleted) sessions;
- a session's status only moves forward (Upcoming → Live → Completed; a deleted one stays deleted);
- a deleted session has no enrollments left.

Every service call either succeeds or raises a DomainError. Subclasses say which unit of work to use
(`new_uows`): the in-memory fakes (tests/unit) or a real SQLite database (tests/integration).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import ClassVar

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from domain import rules
from domain.entities import MentoringSession, Role, SessionStatus, SessionType, User
from domain.errors import DomainError
from domain.services import authoring, enrollment, running
from tests.mentee_list_edits import change_mentees
from tests.security_support import MEET, NOW, Uows, add_person, draft_for

ORDER = {SessionStatus.UPCOMING: 0, SessionStatus.LIVE: 1, SessionStatus.COMPLETED: 2}
picks = st.integers(0, 1_000)
offsets = st.integers(-5, 180)  # minutes from the machine's `now`
lengths = st.one_of(st.sampled_from([30, 45, 60, 90, 24 * 60]), st.sampled_from([15, 25 * 60]))
seats = st.integers(1, 4)


class ServiceMachine(RuleBasedStateMachine):
    new_uows: ClassVar[Callable[[], Uows]]

    def __init__(self) -> None:
        super().__init__()
        self.uows = type(self).new_uows()
        self.now = NOW
        self.session_ids: list[int] = []
        self.seen: dict[int, tuple[int, bool]] = {}  # status rank, deleted
        self.mentees: list[User] = []
        self.mentors: list[User] = []
        self.manager: User | None = None

    @initialize()
    def people(self) -> None:
        tag = uuid.uuid4().hex[:6]
        self.mentees = [add_person(self.uows, f'Mentee {n} {tag}', {Role.MENTEE}) for n in range(5)]
        self.mentors = [add_person(self.uows, f'Mentor {n} {tag}', {Role.MENTOR}) for n in range(2)]
        self.manager = add_person(self.uows, f'Manager {tag}', {Role.MENTOR, Role.SESSION_MANAGER})

    # --- helpers -----------------------------------------------------------------------------------

    def _try(self, call: Callable[[], object]) -> object:
        try:
            return call()
        except DomainError as refusal:
            assert refusal.message.strip()
            return refusal

    def _pick(self, items: list[int] | list[User], index: int) -> object:
        return items[index % len(items)] if items else None

    def _session(self, index: int) -> int:
        return self.session_ids[index % len(self.session_ids)] if self.session_ids else 0

    def _managers(self) -> list[User]:
        assert self.manager is not None
        return [*self.mentors, self.manager]

    def _read(self, session_id: int) -> tuple[MentoringSession | None, int]:
        with self.uows() as uow:
            return uow.sessions.get(session_id), len(uow.enrollments.mentee_ids(session_id))

    # --- rules -------------------------------------------------------------------------------------

    @rule(
        who=picks,
        mentor=picks,
        offset=offsets,
        length=lengths,
        seat_limit=seats,
        invited=st.lists(picks, max_size=5),
        private=st.booleans(),
    )
    def create(self, who, mentor, offset, length, seat_limit, invited, private) -> None:
        actor = self._managers()[who % 3]
        start = self.now + timedelta(minutes=offset)
        private = private and actor.is_session_manager
        draft = draft_for(
            'Session',
            start,
            session_type=SessionType.PRIVATE if private else SessionType.PUBLIC,
            mentor_id=self._managers()[mentor % 3].id if actor.is_session_manager else None,
            mentee_ids=tuple(self.mentees[i % 5].id for i in invited) if actor.is_session_manager else None,
            seat_limit=seat_limit if actor.is_session_manager else None,
        )
        draft = replace(draft, end_at=start + timedelta(minutes=length))
        created = self._try(lambda: authoring.create_session(self.uows(), actor, draft, self.now))
        if isinstance(created, MentoringSession):
            self.session_ids.append(created.id)
            running.edit_meeting(self.uows(), actor, created.id, MEET, self.now)  # startable without BigBlueButton

    @rule(which=picks, offset=offsets, length=lengths, seat_limit=seats, wanted=st.lists(picks, max_size=5))
    @precondition(lambda self: bool(self.session_ids))
    def edit(self, which, offset, length, seat_limit, wanted) -> None:
        session, _ = self._read(self._session(which))
        if session is None:
            return
        start = self.now + timedelta(minutes=offset)
        draft = draft_for(
            'Session edited',
            start,
            session_type=session.session_type,
            seat_limit=seat_limit,
            mentee_ids=tuple(self.mentees[i % 5].id for i in wanted),
            image_id=session.image_id,
        )
        draft = replace(draft, end_at=start + timedelta(minutes=length))
        assert self.manager is not None
        manager = self.manager
        self._try(lambda: authoring.edit_details(self.uows(), manager, session.id, draft, self.now))

    @rule(mentee=picks, which=picks)
    @precondition(lambda self: bool(self.session_ids))
    def enroll(self, mentee, which) -> None:
        self._try(lambda: enrollment.enroll(self.uows(), self.mentees[mentee % 5], self._session(which), self.now))

    @rule(mentee=picks, which=picks)
    @precondition(lambda self: bool(self.session_ids))
    def unenroll(self, mentee, which) -> None:
        self._try(lambda: enrollment.unenroll(self.uows(), self.mentees[mentee % 5], self._session(which), self.now))

    @rule(which=picks, invited=st.lists(picks, min_size=1, max_size=5))
    @precondition(lambda self: bool(self.session_ids))
    def invite(self, which, invited) -> None:
        assert self.manager is not None
        manager, ids = self.manager, [self.mentees[i % 5].id for i in invited]
        self._try(lambda: change_mentees(self.uows, manager, self._session(which), self.now, invite=ids))

    @rule(which=picks, mentee=picks)
    @precondition(lambda self: bool(self.session_ids))
    def remove(self, which, mentee) -> None:
        assert self.manager is not None
        manager, mentee_id = self.manager, self.mentees[mentee % 5].id
        self._try(lambda: change_mentees(self.uows, manager, self._session(which), self.now, remove=[mentee_id]))

    @rule(which=picks, mentee=picks)
    @precondition(lambda self: bool(self.session_ids))
    def join(self, which, mentee) -> None:
        self._try(
            lambda: enrollment.join_session(self.uows(), self.mentees[mentee % 5], self._session(which), self.now)
        )

    @rule(which=picks, start=st.booleans(), wait=st.booleans())
    @precondition(lambda self: bool(self.session_ids))
    def start_or_end(self, which, start, wait) -> None:
        session, _ = self._read(self._session(which))
        if session is None:
            return
        if wait and session.start_at - timedelta(minutes=5) > self.now:  # until the mentor may start it
            self.tick_to(session.start_at - timedelta(minutes=5))
        mentor = next((m for m in self._managers() if m.id == session.mentor_id), self._managers()[0])
        service = running.start_session if start else running.end_session
        self._try(lambda: service(self.uows(), mentor, session.id, self.now))

    @rule(which=picks, who=picks)
    @precondition(lambda self: bool(self.session_ids))
    def delete(self, which, who) -> None:
        actor = self._managers()[who % 3]
        self._try(lambda: authoring.delete_session(self.uows(), actor, self._session(which), self.now))

    @rule(minutes=st.one_of(st.sampled_from([1, 5, 9, 11, 30, 61]), st.just(24 * 60)))
    def tick(self, minutes) -> None:
        self.tick_to(self.now + timedelta(minutes=minutes))

    def tick_to(self, moment: datetime) -> None:
        """The clock moves forward; the background jobs run, as every app instance runs them each second."""
        self.now = moment
        running.complete_due_sessions(self.uows(), self.now)
        running.send_starting_soon_notices(self.uows(), self.now)

    # --- invariants --------------------------------------------------------------------------------

    @invariant()
    def seats_deletions_and_status(self) -> None:
        live: list[MentoringSession] = []
        for session_id in self.session_ids:
            session, taken = self._read(session_id)
            assert session is not None
            assert taken <= session.seat_limit, f'session {session_id}: {taken} in {session.seat_limit} seats'
            deleted = session.deleted_at is not None
            if deleted:
                assert taken == 0, f'deleted session {session_id} still has {taken} mentees'
            else:
                live.append(session)
            rank = ORDER[rules.status_at(session, self.now)]
            before_rank, before_deleted = self.seen.get(session_id, (0, False))
            assert rank >= before_rank, f'session {session_id} went back in status'
            assert deleted or not before_deleted, f'session {session_id} came back from deletion'
            self.seen[session_id] = (rank, deleted)
        for a in live:
            for b in live:
                if a.id < b.id and a.mentor_id == b.mentor_id:
                    assert not rules.intervals_overlap(a.start_at, a.end_at, b.start_at, b.end_at), (a.id, b.id)
