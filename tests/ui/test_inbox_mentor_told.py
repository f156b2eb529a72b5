"""U1, E3 (issue 22 item 7): a session manager reschedules a mentor's session or takes it over, and the mentor's
inbox says so with the session's time in the mentor's own zone (the simulated browser answers Europe/Berlin)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from nicegui.testing import User

from domain.entities import MentoringSession
from domain.services import authoring
from tests.mentee_list_edits import draft_keeping
from tests.ui.conftest import should_not_see_on_page, sign_in_as
from tests.ui.test_explore import PUBLIC_SPEAKING
from tests.ui.test_inbox import session_id_of
from tests.ui.test_my_sessions import account
from ui.context import app_context
from ui.timefmt import show


def stored(session_id: int) -> MentoringSession:
    with app_context().uow_factory(read_only=True) as uow:
        session = uow.sessions.get(session_id)
    assert session is not None
    return session


def edit_as_manager(session_id: int, **changes: Any) -> None:
    context = app_context()
    with context.uow_factory(read_only=True) as uow:
        mentees = uow.enrollments.mentee_ids(session_id)
    draft = replace(draft_keeping(stored(session_id), mentees), **changes)
    authoring.edit_details(context.uow_factory(), account('manager@demo.test'), session_id, draft, context.clock())


async def test_u1_e3_the_mentor_reads_a_managers_reschedule_in_their_own_zone(
    user: User, create_user: Callable[[], User]
) -> None:
    public = await session_id_of(create_user, 'mentor@demo.test', PUBLIC_SPEAKING)
    session = stored(public)
    later = session.start_at + timedelta(days=1)
    edit_as_manager(public, start_at=later, end_at=session.end_at + timedelta(days=1))
    await sign_in_as(user, 'mentor@demo.test')
    await user.open('/inbox')
    await user.should_see(f'{PUBLIC_SPEAKING} was rescheduled to {show(later, "Europe/Berlin")}.')
    await should_not_see_on_page(user, 'UTC.')


async def test_u1_the_replaced_mentor_is_told_in_their_zone_without_a_link_to_the_session(
    user: User, create_user: Callable[[], User]
) -> None:
    public = await session_id_of(create_user, 'mentor@demo.test', PUBLIC_SPEAKING)
    start = stored(public).start_at
    edit_as_manager(public, mentor_id=account('manager@demo.test').id)
    await sign_in_as(user, 'mentor@demo.test')
    await user.open('/inbox')
    await user.should_see(f'You are no longer the mentor of {PUBLIC_SPEAKING} on {show(start, "Europe/Berlin")}.')
    await should_not_see_on_page(user, 'View session')
