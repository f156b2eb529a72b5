"""U1: a session manager's "+ Add New Mentee" and "Remove", made as the edit form makes them.

The app changes the mentee list of a published session only through `authoring.edit_details`: the form sends
the session's details as they are, with the new list. Tests that only invite or remove someone use this.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from domain import rules
from domain.entities import MentoringSession, SessionDraft, User
from domain.ports import UnitOfWork
from domain.services import authoring


def draft_keeping(session: MentoringSession, mentee_ids: Sequence[int]) -> SessionDraft:
    """The session's details unchanged, with this mentee list."""
    return SessionDraft(
        title=session.title,
        description=session.description,
        start_at=session.start_at,
        end_at=session.end_at,
        time_zone=session.time_zone,
        recommended_for=session.recommended_for,
        categories=session.categories,
        medium=session.medium,
        session_type=session.session_type,
        mentor_id=session.mentor_id,
        seat_limit=session.seat_limit,
        image_id=session.image_id,
        mentee_ids=tuple(mentee_ids),
    )


def change_mentees(
    uows: Callable[[], UnitOfWork],
    actor: User,
    session_id: int,
    now: datetime,
    *,
    invite: Sequence[int] = (),
    remove: Sequence[int] = (),
) -> None:
    """Invite and remove mentees through the edit. The session is read here without asking who may see it, so
    that every refusal comes from the edit itself (for a session that does not exist: NotFound)."""
    session, current = None, []
    if rules.valid_id(session_id):
        with uows() as uow:
            session = uow.sessions.get(session_id)
            current = uow.enrollments.mentee_ids(session_id) if session else []
    wanted = [i for i in current if i not in remove] + [i for i in dict.fromkeys(invite) if i not in current]
    draft = draft_keeping(session, wanted) if session else SessionDraft('', '', now, now, 'UTC', (), (), ())
    authoring.edit_details(uows(), actor, session_id, draft, now)
