"""The mentee list of a session as session managers change it (C6, U1): checks, invitations, removals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from domain import rules
from domain.entities import Enrollment, EnrollmentType, MailKind, MentoringSession
from domain.errors import InvalidInput
from domain.ports import UnitOfWork
from domain.services._shared import notify


def checked_new_mentees(uow: UnitOfWork, mentor_id: int, mentee_ids: Iterable[int]) -> tuple[int, ...]:
    """C6: the ids without repeats, each an existing mentee who is not the session's mentor."""
    ids = tuple(dict.fromkeys(mentee_ids))
    for mentee_id in ids:
        rules.check_not_own_mentor(mentor_id, mentee_id)
    found = {user.id: user for user in uow.users.get_many([i for i in ids if rules.valid_id(i)])}
    for mentee_id in ids:
        user = found.get(mentee_id)
        if user is None:
            raise InvalidInput('One of the chosen mentees no longer exists. Choose again.', 'mentees')
        if not user.is_mentee:
            raise InvalidInput(f'{user.name} is not a mentee.', 'mentees')
    return ids


def check_not_mentee(mentor_id: int, mentee_ids: Sequence[int]) -> None:
    """C6: the session's mentor can never be its mentee."""
    for mentee_id in mentee_ids:
        rules.check_not_own_mentor(mentor_id, mentee_id)


def invite(uow: UnitOfWork, session: MentoringSession, mentee_ids: Sequence[int], now: datetime) -> None:
    """Add the mentees as Invited and tell each of them."""
    for mentee_id in mentee_ids:
        uow.enrollments.add(Enrollment(session.id, mentee_id, EnrollmentType.INVITED, now))
    notify(uow, mentee_ids, MailKind.INVITED, session, now)


def remove(uow: UnitOfWork, session: MentoringSession, mentee_ids: Sequence[int], now: datetime) -> None:
    """Take the mentees out of the session and tell each of them."""
    for mentee_id in mentee_ids:
        uow.enrollments.remove(session.id, mentee_id)
    notify(uow, mentee_ids, MailKind.REMOVED, session, now)
