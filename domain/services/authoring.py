"""Creating, editing and deleting sessions, and their images (C1–C8, C11, U1, U4)."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import datetime

from domain import rules
from domain.calendar import next_calendar_sequence
from domain.drafts import DraftPart
from domain.entities import MailKind, MentoringSession, SessionDraft, SessionType, User
from domain.errors import NotFound, PermissionDenied
from domain.ports import ProcessedImage, SessionChanged, UnitOfWork
from domain.services import roster
from domain.services._shared import notify, visible_session
from domain.services.editing import edited_session_plan
from domain.services.enrollment import close_waitlist, promote_waiting
from domain.services.form_drafts import drop_saved_draft
from domain.services.session_form import check_image, check_no_overlap, checked_seat_limit, chosen_mentor, clean_form

_IMAGE_ID = re.compile(r'[0-9a-f]{32}')  # what upload_image hands out


def _plain_mentor_choices(actor: User, draft: SessionDraft, default_seat_limit: int) -> None:
    """C4–C6, C11: a plain mentor's session is their own, Public, uninvited and of the default size."""
    if draft.session_type is SessionType.PRIVATE:
        rules.check_session_manager(actor, 'create a Private session')
    if draft.mentor_id is not None and draft.mentor_id != actor.id:
        rules.check_session_manager(actor, 'choose the mentor')
    if draft.mentee_ids:
        rules.check_session_manager(actor, 'invite mentees')
    if draft.seat_limit is not None and draft.seat_limit != default_seat_limit:
        rules.check_session_manager(actor, 'set the seat limit')


def _manager_choices(
    uow: UnitOfWork, actor: User, draft: SessionDraft, default_seat_limit: int
) -> tuple[int, int, tuple[int, ...]]:
    """C5, C6, C11: the mentor, the seat limit and the invited mentees a session manager chose."""
    mentor = chosen_mentor(uow, draft.mentor_id if draft.mentor_id is not None else actor.id)
    seat_limit = checked_seat_limit(draft.seat_limit if draft.seat_limit is not None else default_seat_limit)
    mentee_ids = roster.checked_new_mentees(uow, mentor.id, draft.mentee_ids or ())
    rules.check_seat_available(0, seat_limit, 'mentees', joining=len(mentee_ids))
    return mentor.id, seat_limit, mentee_ids


def create_session(
    uow: UnitOfWork, actor: User, draft: SessionDraft, now: datetime, default_seat_limit: int = 20
) -> MentoringSession:
    """C1–C8, C11: check the draft and publish the session; invited mentees are told.

    A plain mentor's session has themself as mentor, is Public, has the default seat limit and no
    invitations; asking for anything else is refused. Session managers choose all of these.
    """
    with uow:
        rules.check_can_create_session(actor)
        if not actor.is_session_manager:
            _plain_mentor_choices(actor, draft, default_seat_limit)
        form = clean_form(draft, now)
        if actor.is_session_manager:
            mentor_id, seat_limit, mentee_ids = _manager_choices(uow, actor, draft, default_seat_limit)
        else:
            mentor_id, seat_limit, mentee_ids = actor.id, default_seat_limit, ()
        rules.check_private_has_mentee(form.session_type, len(mentee_ids))
        check_image(uow, actor, draft.image_id)
        check_no_overlap(uow, mentor_id, form.start_at, form.end_at)
        session = uow.sessions.add(
            MentoringSession(
                id=0,
                title=form.title,
                description=form.description,
                session_type=form.session_type,
                mentor_id=mentor_id,
                creator_id=actor.id,
                start_at=form.start_at,
                end_at=form.end_at,
                time_zone=form.time_zone,
                seat_limit=seat_limit,
                recommended_for=form.recommended_for,
                categories=form.categories,
                medium=form.medium,
                image_id=draft.image_id,
                created_at=now,
            )
        )
        roster.invite(uow, session, mentee_ids, now)
        if mentor_id != actor.id:
            notify(uow, [mentor_id], MailKind.MENTOR_ASSIGNED, session, now)
        drop_saved_draft(uow, actor, None, DraftPart.DETAILS)  # E2: published, so the draft is done
        uow.record(SessionChanged(session.id))
        uow.commit()
        return session


def edit_details(uow: UnitOfWork, actor: User, session_id: int, draft: SessionDraft, now: datetime) -> MentoringSession:
    """U1: change a session's details until it starts; same checks as on create (C3–C8, C11).

    `draft.image_id` None removes the image. `draft.mentee_ids` None leaves the mentee list as it is;
    otherwise (session managers only) new ids are invited and missing ones removed. Mentees who stay
    are told when the session is rescheduled or edited.
    """
    with uow:
        session = visible_session(uow, actor, session_id, lock=True)
        rules.check_manages_session(actor, session)
        rules.check_details_editable(session, now)
        rules.check_not_stale(session.details_version, draft.version)
        rules.check_type_unchanged(session.session_type, draft.session_type)
        plan = edited_session_plan(uow, actor, session, draft, clean_form(draft, now))
        check_image(uow, actor, draft.image_id, session.image_id)
        check_no_overlap(uow, plan.session.mentor_id, plan.session.start_at, plan.session.end_at, session.id)
        uow.sessions.update(plan.session)
        roster.remove(uow, plan.session, plan.removed, now)
        roster.invite(uow, plan.session, plan.invited, now)
        promote_waiting(uow, plan.session, now)  # W1: seats freed by removals or a raised limit
        _tell_about_edit(uow, actor, session, plan.session, plan.kept, now)
        if session.image_id is not None and session.image_id != plan.session.image_id:
            _drop_unused_image(uow, session.image_id)
        drop_saved_draft(uow, actor, session.id, DraftPart.DETAILS)  # E2: saved, so the draft is done
        uow.record(SessionChanged(session.id))
        uow.commit()
        return plan.session


def _tell_about_edit(
    uow: UnitOfWork,
    actor: User,
    before: MentoringSession,
    after: MentoringSession,
    kept: tuple[int, ...],
    now: datetime,
) -> None:
    """U1, N1: mentees who stay hear of a reschedule or an edit; a mentor hears when someone else (a session
    manager) reschedules their session, makes them its mentor, or gives it another mentor (E3: as data, so each
    reads the time in their own zone)."""
    replaced = after.mentor_id != before.mentor_id
    if replaced and after.mentor_id != actor.id:
        notify(uow, [after.mentor_id], MailKind.MENTOR_ASSIGNED, after, now)
    if replaced and before.mentor_id != actor.id:
        notify(uow, [before.mentor_id], MailKind.MENTOR_REPLACED, before, now)  # the session as they knew it
    if (before.start_at, before.end_at) != (after.start_at, after.end_at):
        mentor = () if replaced or after.mentor_id == actor.id else (after.mentor_id,)
        notify(uow, [*kept, *mentor], MailKind.RESCHEDULED, after, now)
    elif rules.details_told_as_edited(before, after):
        notify(uow, kept, MailKind.EDITED, after, now)


def _drop_unused_image(uow: UnitOfWork, image_id: str) -> None:
    if uow.sessions.with_image(image_id) is None:
        uow.images.delete(image_id)


def upload_image(uow: UnitOfWork, actor: User, image: ProcessedImage) -> str:
    """C2: store an image the server already checked and scaled; return its new id."""
    with uow:
        if not actor.is_mentor:
            raise PermissionDenied('Only mentors can add session images.')
        image_id = uuid.uuid4().hex
        uow.images.add(image_id, actor.id, image.full, image.thumbnail, image.content_type)
        uow.commit()
        return image_id


def image_for_viewer(uow: UnitOfWork, actor: User, image_id: str, *, thumbnail: bool) -> tuple[bytes, str]:
    """C2: an image's bytes and content type, for its uploader or anyone who may see a session showing it."""
    with uow:
        found = uow.images.get(image_id, thumbnail=thumbnail) if _IMAGE_ID.fullmatch(image_id) else None
        if found is None or not _may_see_image(uow, actor, image_id):
            raise NotFound('This image does not exist or is not visible to you.')
        return found


def _may_see_image(uow: UnitOfWork, actor: User, image_id: str) -> bool:
    if uow.images.owner(image_id) == actor.id:
        return True
    session = uow.sessions.with_image(image_id)
    if session is None:
        return False
    is_participant = uow.enrollments.get(session.id, actor.id) is not None
    return rules.may_see_session(actor, session, is_participant)


def delete_session(uow: UnitOfWork, actor: User, session_id: int, now: datetime) -> None:
    """U4: cancel a session until it starts; it leaves every list and its mentees are told."""
    with uow:
        session = visible_session(uow, actor, session_id, lock=True)
        rules.check_manages_session(actor, session)
        rules.check_deletable(session, now)
        uow.sessions.update(next_calendar_sequence(session, replace(session, deleted_at=now)))
        mentee_ids = uow.enrollments.remove_all(session.id)
        close_waitlist(uow, session, now, 'the session was cancelled.')
        told = [*mentee_ids, *([session.mentor_id] if session.mentor_id != actor.id else [])]
        notify(uow, told, MailKind.CANCELLED, session, now)
        uow.record(SessionChanged(session.id))
        uow.commit()
