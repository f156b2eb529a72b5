"""The checks a session draft goes through on create and on edit (C3, C5, C7, C8, C11, C2)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from domain import rules
from domain.entities import OptionKind, SessionDraft, SessionType, User
from domain.errors import DomainError, ImageRejected, InvalidInput, ScheduleConflict, refuse_all
from domain.ports import UnitOfWork
from domain.zones import clean_time_zone


@dataclass(frozen=True)
class CleanForm:
    """A draft's own fields after every rule that needs no database has accepted them."""

    title: str
    description: str
    start_at: datetime
    end_at: datetime
    time_zone: str
    recommended_for: tuple[str, ...]
    categories: tuple[str, ...]
    medium: tuple[str, ...]
    session_type: SessionType


MISSING_MOMENT = 'Choose a date and time.'


def form_refusals(draft: SessionDraft, now: datetime) -> list[DomainError]:
    """C3, C7, C8, C11, E2: every problem of the draft's own fields at once, in the form's order.

    Pure: the form also asks it directly when a box could not even be read, so that one press names
    every problem, not only the unreadable one.
    """
    refusals: list[DomainError] = []

    def check(rule: Callable[..., object], *args: Any) -> None:
        try:
            rule(*args)
        except InvalidInput as refusal:
            refusals.append(refusal)

    check(rules.clean_title, draft.title)
    check(rules.clean_description, draft.description)
    if draft.seat_limit is not None:
        check(rules.check_seat_limit, draft.seat_limit)
    if draft.mentee_ids is not None:
        check(rules.check_private_has_mentee, draft.session_type, len(set(draft.mentee_ids)))
    if draft.start_at is None:
        refusals.append(InvalidInput(MISSING_MOMENT, 'start_at'))
    else:
        check(rules.check_start, draft.start_at, now)
    if draft.end_at is None:
        refusals.append(InvalidInput(MISSING_MOMENT, 'end_at'))
    elif draft.start_at is not None:
        check(rules.check_end, draft.start_at, draft.end_at)
    for field, kind, items in _choice_lists(draft):
        check(rules.clean_choices, field, kind, items)
    return refusals


def _choice_lists(draft: SessionDraft) -> tuple[tuple[str, OptionKind, tuple[str, ...]], ...]:
    return (
        ('recommended_for', OptionKind.RECOMMENDED_FOR, draft.recommended_for),
        ('categories', OptionKind.CATEGORIES, draft.categories),
        ('medium', OptionKind.MEDIUM, draft.medium),
    )


def clean_form(draft: SessionDraft, now: datetime) -> CleanForm:
    """C3, C7, C8: the text, the schedule (stored in UTC) and the three option lists; every problem at once."""
    refuse_all(form_refusals(draft, now))
    assert draft.start_at is not None and draft.end_at is not None  # form_refusals refused them otherwise
    return CleanForm(
        title=rules.clean_title(draft.title),
        description=rules.clean_description(draft.description),
        start_at=draft.start_at.astimezone(UTC),
        end_at=draft.end_at.astimezone(UTC),
        time_zone=clean_time_zone(draft.time_zone),
        recommended_for=rules.clean_choices('recommended_for', OptionKind.RECOMMENDED_FOR, draft.recommended_for),
        categories=rules.clean_choices('categories', OptionKind.CATEGORIES, draft.categories),
        medium=rules.clean_choices('medium', OptionKind.MEDIUM, draft.medium),
        session_type=draft.session_type,
    )


def chosen_mentor(uow: UnitOfWork, mentor_id: int) -> User:
    """C5: the mentor must be a user with the mentor role."""
    mentor = uow.users.get(mentor_id) if rules.valid_id(mentor_id) else None
    if mentor is None or not mentor.is_mentor:
        raise InvalidInput('Choose a mentor from the Mentor list.', 'mentor')
    return mentor


def checked_seat_limit(seat_limit: int) -> int:
    """C11: at least one seat."""
    rules.check_seat_limit(seat_limit)
    return seat_limit


def check_no_overlap(
    uow: UnitOfWork, mentor_id: int, start_at: datetime, end_at: datetime, exclude_id: int | None = None
) -> None:
    """C7: a mentor cannot have two overlapping sessions; back-to-back is fine."""
    for other in uow.sessions.mentor_sessions_between(mentor_id, start_at, end_at):
        if other.id != exclude_id and rules.intervals_overlap(start_at, end_at, other.start_at, other.end_at):
            raise ScheduleConflict(f'The mentor already has the session "{other.title}" at that time.', 'start_at')


def check_image(uow: UnitOfWork, actor: User, image_id: str | None, current: str | None = None) -> None:
    """C2: a session shows no image, its current one, or one the actor uploaded."""
    if image_id is None or image_id == current:
        return
    if uow.images.owner(image_id) != actor.id:
        raise ImageRejected('That image is not available any more. Add the image again.')
