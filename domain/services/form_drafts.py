"""E2 (issue 22 item 1): keeping, restoring and discarding the draft of an unsaved session form.

A draft belongs to its user: each service reads and writes only the acting user's own draft, and only for a form
they may open (a new session: a mentor; an edit: someone who manages that session), so a tampered session id
reads nothing and writes nothing for anyone else.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from domain import rules
from domain.drafts import LIST_LIMITS, LIST_MAX, TEXT_LIMITS, DraftPart, DraftValue, FormDraft
from domain.entities import User
from domain.errors import InvalidInput
from domain.ports import UnitOfWork
from domain.services._shared import visible_session

NEW_SESSION = 0  # the key of the "Create a new session" form's draft
TOO_LONG = 'This draft is longer than the form allows, so it was not kept.'


def _form_key(uow: UnitOfWork, actor: User, session_id: int | None) -> int:
    """The draft's key, once the actor may open this form: a mentor for a new session, a manager of the session
    for an edit (NotFound or PermissionDenied otherwise, as the form itself)."""
    if session_id is None:
        rules.check_can_create_session(actor)
        return NEW_SESSION
    rules.check_manages_session(actor, visible_session(uow, actor, session_id))
    return session_id


def _fits(limit: int, text: object) -> bool:
    return isinstance(text, str) and len(text) <= limit and rules.storable(text)


def checked_draft(part: DraftPart, draft: FormDraft) -> FormDraft:
    """Refused unless every value is a box this tab has, within the form's own limits."""
    texts, lists = TEXT_LIMITS[part], LIST_LIMITS[part]
    for name, value in draft.values.items():
        if name in texts:
            ok = _fits(texts[name], value)
        elif name in lists and isinstance(value, tuple):
            ok = len(value) <= LIST_MAX and all(_fits(lists[name], item) for item in value)
        else:
            ok = False
        if not ok:
            raise InvalidInput(TOO_LONG)
    return draft


def keep_form_draft(
    uow: UnitOfWork, actor: User, session_id: int | None, part: DraftPart, draft: FormDraft, now: datetime
) -> None:
    """Keep what the actor typed into one tab of the form (replacing their earlier draft of it)."""
    values: dict[str, DraftValue] = dict(checked_draft(part, draft).values)
    with uow:
        key = _form_key(uow, actor, session_id)
        uow.form_drafts.put(actor.id, key, part, FormDraft(values, draft.version, now))
        uow.commit()


def form_draft(uow: UnitOfWork, actor: User, session_id: int | None, part: DraftPart) -> FormDraft | None:
    """The actor's own draft of this tab of the form, if they left one."""
    with uow:
        return uow.form_drafts.get(actor.id, _form_key(uow, actor, session_id), part)


def discard_form_draft(uow: UnitOfWork, actor: User, session_id: int | None, part: DraftPart) -> None:
    """ "Discard": the actor's draft of this tab is gone; the form shows the saved state again."""
    with uow:
        uow.form_drafts.delete(actor.id, _form_key(uow, actor, session_id), part)
        uow.commit()


def drop_saved_draft(uow: UnitOfWork, actor: User, session_id: int | None, part: DraftPart) -> None:
    """Inside a save's transaction: what the draft kept is now saved (or published), so the draft goes."""
    uow.form_drafts.delete(actor.id, NEW_SESSION if session_id is None else session_id, part)


def draft_people(uow: UnitOfWork, actor: User, user_ids: Sequence[int]) -> list[User]:
    """C5, C6: the mentor and mentees a session manager's draft names, as they are now (session managers only, who
    may find anyone in the Mentor and Mentee lists anyway); ids that name no active user are left out."""
    rules.check_session_manager(actor, 'choose the mentor')
    wanted = [user_id for user_id in dict.fromkeys(user_ids) if rules.valid_id(user_id)][: LIST_MAX + 1]
    with uow:
        return [user for user in uow.users.get_many(wanted) if user.active]
