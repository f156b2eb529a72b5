"""M1, P4: the lean `enroll` (one seat check, one conditional write) admits and refuses exactly as the enroll of
before did — the same refusal, the same message, the same seats — for every kind of actor, session and moment.

The oracle below is that earlier enroll: `visible_session`, then each rule on the full entities.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain import rules
from domain.entities import Enrollment, EnrollmentType, MailKind, Role, SessionType, User
from domain.errors import AlreadyDone, DomainError, PermissionDenied, WrongState
from domain.ports import RosterChange, SessionChanged, UnitOfWork
from domain.services import authoring, enrollment
from domain.services._shared import queue_mail, visible_session
from tests.fakes import InMemoryData, InMemoryUnitOfWork, RecordingEventPublisher
from tests.security_support import NOW, add_person, draft_for, seed_cast


def enroll_as_before(uow: UnitOfWork, actor: User, session_id: int, now: datetime) -> None:
    with uow:
        if not actor.is_mentee:
            raise PermissionDenied('Only mentees can enroll in sessions.')
        session = visible_session(uow, actor, session_id, lock=True)
        if uow.enrollments.get(session.id, actor.id) is not None:
            raise AlreadyDone(enrollment.ALREADY_IN)  # a WrongState that a page may take as done (issue 23.1)
        if session.session_type is not SessionType.PUBLIC:
            raise PermissionDenied('Only invited mentees can attend a Private session.')
        if actor.id == session.mentor_id:
            raise PermissionDenied('You are the mentor of this session.')
        if not rules.enrollment_open(session, now):
            raise WrongState('This session has ended.')
        rules.check_seat_available(uow.enrollments.seats_taken(session.id), session.seat_limit)
        uow.enrollments.add(Enrollment(session.id, actor.id, EnrollmentType.ENROLLED, now))
        queue_mail(uow, [actor.id], MailKind.ENROLLED, f'You enrolled in {session.title}.', now, session.id)  # N1
        count = uow.enrollments.seats_taken(session.id)  # counted anew: the event's figure must match the roster
        uow.record(SessionChanged(session.id, RosterChange(actor.id, EnrollmentType.ENROLLED, count)))
        uow.commit()


@dataclass
class World:
    template: InMemoryData
    people: list[User]
    session_ids: list[int]

    def fresh(self) -> tuple[InMemoryUnitOfWork, RecordingEventPublisher]:
        publisher = RecordingEventPublisher()
        uow = InMemoryUnitOfWork(publisher)
        uow.committed = copy.deepcopy(self.template)
        return uow, publisher


def _build_world() -> World:
    """The security cast, plus a mentee who mentors, a mentee who is an org admin, and sessions that are
    full, deleted, live and mentored by that mentee."""
    uow = InMemoryUnitOfWork()
    cast = seed_cast(lambda: uow)
    mentoring_mentee = add_person(lambda: uow, 'Mo Mentoringmentee', {Role.MENTOR, Role.MENTEE})
    admin_mentee = add_person(lambda: uow, 'Ida Adminmentee', {Role.ORG_ADMIN, Role.MENTEE})
    manager = cast['session manager']
    start = NOW + timedelta(days=2)
    own = authoring.create_session(uow, mentoring_mentee, draft_for('Own session', start), NOW)
    full = authoring.create_session(uow, manager, draft_for('Full', start + timedelta(hours=2), seat_limit=1), NOW)
    enrollment.enroll(uow, cast['another mentee'], full.id, NOW)
    gone = authoring.create_session(uow, manager, draft_for('Deleted', start + timedelta(hours=4)), NOW)
    uow.sessions.update(replace(uow.sessions.get(gone.id) or gone, deleted_at=NOW))
    live = authoring.create_session(uow, manager, draft_for('Live', start + timedelta(hours=6)), NOW)
    uow.sessions.update(replace(uow.sessions.get(live.id) or live, started_at=start + timedelta(hours=6)))
    people = [*cast.people.values(), mentoring_mentee, admin_mentee]
    session_ids = [cast.public.id, cast.private.id, own.id, full.id, gone.id, live.id]
    return World(uow.committed, people, session_ids)


WORLD = _build_world()
# Before everything; during the first hours of day 2 (some sessions upcoming, one live, some ended); long after.
MOMENTS = [NOW + timedelta(days=2, hours=h, minutes=30) for h in (-48, 0, 2, 6)] + [NOW + timedelta(days=9)]


Enroll = Callable[[UnitOfWork, User, int, datetime], None]


def outcome(enroll: Enroll, uow: UnitOfWork, actor: User, session_id: int, now: datetime) -> tuple[str, ...]:
    """What the actor hears: the refusal's kind, message and field, or that they are in."""
    try:
        enroll(uow, actor, session_id, now)
    except DomainError as refusal:
        return type(refusal).__name__, refusal.message, str(refusal.field)
    return ('enrolled',)


def test_m1_enroll_admits_and_refuses_as_before_for_every_actor_session_and_moment() -> None:
    """Every combination, each tried twice (the second time: "already in", or the same refusal again)."""
    session_ids = [*WORLD.session_ids, 0, -1, 404, 2**40]
    for actor, session_id, now in itertools.product(WORLD.people, session_ids, MOMENTS):
        lean_uow, lean_events = WORLD.fresh()
        old_uow, old_events = WORLD.fresh()
        for attempt in (1, 2):
            lean = outcome(enrollment.enroll, lean_uow, actor, session_id, now)
            old = outcome(enroll_as_before, old_uow, actor, session_id, now)
            assert lean == old, (actor.name, session_id, now, attempt)
        assert lean_uow.committed.enrollments == old_uow.committed.enrollments
        assert lean_events.events == old_events.events
        assert lean_uow.committed.outbox == old_uow.committed.outbox
