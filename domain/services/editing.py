"""U1: what an edit of a session's details amounts to, checked before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, replace

from domain import rules
from domain.calendar import next_calendar_sequence
from domain.entities import MentoringSession, SessionDraft, User
from domain.errors import InvalidInput
from domain.ports import UnitOfWork
from domain.services import roster
from domain.services.session_form import CleanForm, checked_seat_limit, chosen_mentor


@dataclass(frozen=True)
class EditPlan:
    """The session as it will be, and which mentees are invited, removed and kept."""

    session: MentoringSession
    invited: tuple[int, ...]
    removed: tuple[int, ...]
    kept: tuple[int, ...]


def _edited_mentor(uow: UnitOfWork, actor: User, session: MentoringSession, draft: SessionDraft) -> int:
    if draft.mentor_id is None or draft.mentor_id == session.mentor_id:
        return session.mentor_id
    rules.check_session_manager(actor, 'choose the mentor')
    return chosen_mentor(uow, draft.mentor_id).id


def _edited_seat_limit(actor: User, session: MentoringSession, draft: SessionDraft) -> int:
    if draft.seat_limit is None or draft.seat_limit == session.seat_limit:
        return session.seat_limit
    rules.check_session_manager(actor, 'set the seat limit')
    return checked_seat_limit(draft.seat_limit)


def _wanted_mentees(actor: User, draft: SessionDraft, current: tuple[int, ...]) -> tuple[int, ...]:
    if draft.mentee_ids is None or set(draft.mentee_ids) == set(current):
        return current
    rules.check_session_manager(actor, 'change the mentee list')
    return tuple(dict.fromkeys(draft.mentee_ids))


def _check_seats(seat_limit: int, kept: int, invited: int) -> None:
    if kept > seat_limit:
        mentees = '1 mentee' if kept == 1 else f'{kept} mentees'
        raise InvalidInput(f'The seat limit cannot be below the {mentees} already in the session.', 'seat_limit')
    rules.check_seat_available(kept, seat_limit, 'mentees', joining=invited)


def edited_session_plan(
    uow: UnitOfWork, actor: User, session: MentoringSession, draft: SessionDraft, form: CleanForm
) -> EditPlan:
    """C5, C6, C11, U1: the new mentor, seat limit and mentee list, refused unless the actor may choose them."""
    mentor_id = _edited_mentor(uow, actor, session, draft)
    seat_limit = _edited_seat_limit(actor, session, draft)
    current = tuple(uow.enrollments.mentee_ids(session.id))
    wanted = _wanted_mentees(actor, draft, current)
    invited = roster.checked_new_mentees(uow, mentor_id, [i for i in wanted if i not in current])
    kept = tuple(i for i in current if i in wanted)
    removed = tuple(i for i in current if i not in wanted)
    roster.check_not_mentee(mentor_id, kept)
    _check_seats(seat_limit, len(kept), len(invited))
    rules.check_private_has_mentee(session.session_type, len(kept) + len(invited))
    updated = replace(
        session,
        title=form.title,
        description=form.description,
        start_at=form.start_at,
        end_at=form.end_at,
        time_zone=form.time_zone,
        recommended_for=form.recommended_for,
        categories=form.categories,
        medium=form.medium,
        mentor_id=mentor_id,
        seat_limit=seat_limit,
        image_id=draft.image_id,
        details_version=session.details_version + 1,
    )
    return EditPlan(next_calendar_sequence(session, updated), invited, removed, kept)
