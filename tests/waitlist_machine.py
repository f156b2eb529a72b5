"""W1: a hypothesis state machine over enroll, un-enroll, join and leave the waitlist, removal by the manager,
seat limit changes and the start; it runs on the fakes (tests/unit) and on SQLite (tests/integration).

A model keeps the line as the machine expects it (first come first served) and how often each mentee was
promoted; after every step the real state must equal the model, and the W1 invariants must hold: never more
enrolled than the limit, never a free seat while someone waits before the start, nobody both enrolled and
waiting, one notice per promotion.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from domain.entities import MeetingInfo, Platform, Role, User
from domain.errors import DomainError
from domain.ports import UnitOfWorkFactory
from domain.services.authoring import create_session, edit_details
from domain.services.enrollment import enroll, join_waitlist, leave_waitlist, unenroll
from domain.services.running import edit_meeting, start_session
from tests.fakes import FakePasswordHasher
from tests.unit.support import NOW, START, make_draft

MENTEES = 6
PROMOTED = 'A seat opened in'
MEET = MeetingInfo(Platform.GOOGLE_MEET, 'https://meet.google.com/abc-defg-hij')
STARTED = START - timedelta(minutes=5)


def seed(factory: UnitOfWorkFactory) -> tuple[User, User, list[User]]:
    """A session manager, a mentor and mentees, added through the repositories."""
    with factory() as uow:
        org = uow.users.add_organization('Acme')
        hashed = FakePasswordHasher().hash('correct horse battery staple')

        def person(name: str, role: Role) -> User:
            return uow.users.add(name, f'{name.lower()}@example.org', org.id, 'Engineer', frozenset({role}), hashed)

        manager = person('Maya', Role.SESSION_MANAGER)
        mentor = person('Tom', Role.MENTOR)
        mentees = [person(f'Mentee{i}', Role.MENTEE) for i in range(MENTEES)]
        uow.commit()
    return manager, mentor, mentees


def waitlist_machine(make_factory: Callable[[], UnitOfWorkFactory]) -> type[RuleBasedStateMachine]:
    class WaitlistMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.uow = make_factory()
            self.manager, self.mentor, self.mentees = seed(self.uow)
            draft = make_draft(seat_limit=2, mentor_id=self.mentor.id)
            self.session = create_session(self.uow(), self.manager, draft, NOW)
            edit_meeting(self.uow(), self.manager, self.session.id, MEET, NOW)
            self.limit = 2
            self.now = NOW
            self.started = False
            self.enrolled: set[int] = set()
            self.line: list[int] = []
            self.promotions = dict.fromkeys((m.id for m in self.mentees), 0)

        def _promote(self) -> None:
            """What the model expects after a seat was freed: the first in line take the free seats."""
            if self.started:
                return
            while self.line and len(self.enrolled) < self.limit:
                first = self.line.pop(0)
                self.enrolled.add(first)
                self.promotions[first] += 1

        def _try(self, call: Callable[[], object]) -> bool:
            try:
                call()
            except DomainError:
                return False
            return True

        @rule(i=st.integers(0, MENTEES - 1))
        def enroll(self, i: int) -> None:
            m = self.mentees[i]
            ok = self._try(lambda: enroll(self.uow(), m, self.session.id, self.now))
            expected = m.id not in self.enrolled and len(self.enrolled) < self.limit
            assert ok == expected
            if ok:
                self.enrolled.add(m.id)

        @rule(i=st.integers(0, MENTEES - 1))
        def unenroll(self, i: int) -> None:
            m = self.mentees[i]
            ok = self._try(lambda: unenroll(self.uow(), m, self.session.id, self.now))
            assert ok == (m.id in self.enrolled and not self.started)
            if ok:
                self.enrolled.discard(m.id)
                self._promote()

        @rule(i=st.integers(0, MENTEES - 1))
        def join(self, i: int) -> None:
            m = self.mentees[i]
            ok = self._try(lambda: join_waitlist(self.uow(), m, self.session.id, self.now))
            free = len(self.enrolled) < self.limit
            assert ok == (m.id not in self.enrolled and m.id not in self.line and not free and not self.started)
            if ok:
                self.line.append(m.id)

        @rule(i=st.integers(0, MENTEES - 1))
        def leave(self, i: int) -> None:
            m = self.mentees[i]
            ok = self._try(lambda: leave_waitlist(self.uow(), m, self.session.id, self.now))
            assert ok == (m.id in self.line)
            if ok:
                self.line.remove(m.id)

        @rule(i=st.integers(0, MENTEES - 1))
        def remove(self, i: int) -> None:
            m = self.mentees[i]
            kept = tuple(sorted(self.enrolled - {m.id}))
            draft = make_draft(seat_limit=self.limit, mentor_id=self.mentor.id, mentee_ids=kept)
            ok = self._try(lambda: edit_details(self.uow(), self.manager, self.session.id, draft, self.now))
            assert ok == (not self.started)
            if ok:
                self.enrolled.discard(m.id)
                self._promote()

        @rule(limit=st.integers(1, 5))
        def change_seat_limit(self, limit: int) -> None:
            draft = make_draft(seat_limit=limit, mentor_id=self.mentor.id)
            ok = self._try(lambda: edit_details(self.uow(), self.manager, self.session.id, draft, self.now))
            assert ok == (not self.started and limit >= len(self.enrolled))
            if ok:
                self.limit = limit
                self._promote()

        @rule()
        def start(self) -> None:
            ok = self._try(lambda: start_session(self.uow(), self.mentor, self.session.id, STARTED))
            assert ok == (not self.started)
            self.started, self.now = True, STARTED

        @invariant()
        def matches_the_model_and_w1_holds(self) -> None:
            with self.uow(read_only=True) as uow:
                enrolled = set(uow.enrollments.mentee_ids(self.session.id))
                line = [user.id for user in uow.waitlist.waiting_users(self.session.id)]
                notices = {
                    m.id: sum(PROMOTED in n.text for n in uow.notifications.for_user(m.id)) for m in self.mentees
                }
            assert len(enrolled) <= self.limit
            assert not (line and len(enrolled) < self.limit and not self.started)
            assert not enrolled & set(line)
            assert enrolled == self.enrolled
            assert line == self.line  # first come first served
            assert notices == self.promotions  # every promotion exactly one notice

    return WaitlistMachine
