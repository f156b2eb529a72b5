"""U2, U3, U4, L1: the inbox and its unread badge in the header, as simulated users."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from nicegui import ui
from nicegui.testing import User

from domain.services import authoring
from tests.mentee_list_edits import change_mentees
from tests.ui.conftest import page_header, should_not_see_on_page, sign_in_as
from tests.ui.test_explore import OFFICE_HOURS, PRIVATE_COHORT, PUBLIC_SPEAKING
from tests.ui.test_home import tile_id
from tests.ui.test_my_sessions import account
from ui.context import app_context
from ui.jobs import run_due_jobs


def badge(user: User) -> tuple[str, bool, str]:
    """What the header shows: the badge's number, whether it is visible, and the link's spoken name."""
    header = page_header(user)
    return str(header.unread), header.unread > 0, header.inbox_label


async def until_badge(user: User, expected: tuple[str, bool, str], seconds: float = 1.5) -> None:
    for _ in range(int(seconds * 20)):
        if badge(user) == expected:
            return
        await asyncio.sleep(0.05)
    assert badge(user) == expected


async def session_id_of(create_user: Callable[[], User], email: str, title: str) -> int:
    helper = create_user()
    await sign_in_as(helper, email)
    return tile_id(helper, title)  # from the mentor's Home tile


async def test_l1_the_badge_counts_new_notices_live_for_their_reader_only_and_opening_the_inbox_reads_them(
    user: User, create_user: Callable[[], User]
) -> None:
    private = await session_id_of(create_user, 'manager@demo.test', PRIVATE_COHORT)
    bystander = create_user()
    await sign_in_as(user, 'mentee31@demo.test')
    await sign_in_as(bystander, 'mentee32@demo.test')
    await until_badge(user, ('0', False, 'Inbox, 0 unread'))
    context = app_context()
    manager, invitee = account('manager@demo.test'), account('mentee31@demo.test')
    change_mentees(context.uow_factory, manager, private, context.clock(), invite=[invitee.id])
    await until_badge(user, ('1', True, 'Inbox, 1 unread'))  # within a second, no reload
    await until_badge(bystander, ('0', False, 'Inbox, 0 unread'))
    await user.open('/inbox')  # the badge's link
    await user.should_see(f'You were invited to {PRIVATE_COHORT} on', retries=50)
    await user.should_see('New')
    await user.should_see('Europe/Berlin')  # when it arrived, in the reader's zone
    await until_badge(user, ('0', False, 'Inbox, 0 unread'))  # opened, so read
    await user.open('/inbox')
    await should_not_see_on_page(user, 'New')


async def test_u4_a_cancelled_session_arrives_in_the_open_inbox_with_its_title_and_time(
    user: User, create_user: Callable[[], User]
) -> None:
    public = await session_id_of(create_user, 'mentor@demo.test', PUBLIC_SPEAKING)
    await sign_in_as(user, 'mentee1@demo.test')
    await user.open('/inbox')
    await user.should_see('Your inbox is empty.')
    context = app_context()
    authoring.delete_session(context.uow_factory(), account('mentor@demo.test'), public, context.clock())
    await user.should_see(f'{PUBLIC_SPEAKING} on', retries=20)
    await user.should_see('(Europe/Berlin) was cancelled.')  # the session's time, in the reader's zone (E3)
    await until_badge(user, ('0', False, 'Inbox, 0 unread'))  # seen on the open inbox: read


async def test_e3_a_notice_gives_the_session_time_in_the_readers_zone(
    user: User, create_user: Callable[[], User]
) -> None:
    public = await session_id_of(create_user, 'mentor@demo.test', PUBLIC_SPEAKING)
    await sign_in_as(user, 'mentee1@demo.test')  # the browser answers Europe/Berlin
    context = app_context()
    authoring.delete_session(context.uow_factory(), account('mentor@demo.test'), public, context.clock())
    await user.open('/inbox')
    await user.should_see('(Europe/Berlin) was cancelled.')
    await should_not_see_on_page(user, 'UTC was cancelled.')
    await should_not_see_on_page(user, 'View session')  # U4: it would lead to "does not exist"


async def test_u1_a_removed_mentee_is_told_in_the_inbox(user: User, create_user: Callable[[], User]) -> None:
    private = await session_id_of(create_user, 'manager@demo.test', PRIVATE_COHORT)
    await sign_in_as(user, 'mentee13@demo.test')
    context = app_context()
    removed = account('mentee13@demo.test')
    manager = account('manager@demo.test')
    change_mentees(context.uow_factory, manager, private, context.clock(), remove=[removed.id])
    await until_badge(user, ('1', True, 'Inbox, 1 unread'))
    await user.open('/inbox')
    await user.should_see(f'You were removed from {PRIVATE_COHORT}')
    await should_not_see_on_page(user, 'View session')  # U1: the session is gone for them; the notice is all there is


async def test_u2_the_starting_soon_job_tells_mentees_and_the_badge_shows_it(user: User) -> None:
    await sign_in_as(user, 'mentee17@demo.test')  # enrolled in the session that starts in five minutes
    await until_badge(user, ('0', False, 'Inbox, 0 unread'))
    await run_due_jobs()  # what the app timer runs every second outside the user simulation
    await until_badge(user, ('1', True, 'Inbox, 1 unread'))
    await user.open('/inbox')
    await user.should_see(f'{OFFICE_HOURS} starts in')
    await run_due_jobs()  # once only
    await user.open('/inbox')
    assert len(user.find(kind=ui.card, marker='notice').elements) == 1
