"""M1, M2, U3, L1: "My sessions" as simulated mentees: chips, un-enrolling, Join only while Live."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from nicegui import ui
from nicegui.testing import User

from domain.entities import User as Account
from domain.services import queries
from tests.mentee_list_edits import change_mentees
from tests.ui.conftest import sign_in_as
from tests.ui.test_explore import (
    COMPLETED,
    OFFICE_HOURS,
    PRIVATE_COHORT,
    PUBLIC_SPEAKING,
    SCIENCE,
    buttons_in_tile,
    click_in_tile,
    in_tile,
    tile_of,
    visible_titles,
)
from tests.ui.test_home import clock_ahead_until, end_of, tile_id
from ui.components.session_tiles import SessionTiles
from ui.context import app_context

MEET_LINK = 'https://meet.google.com/abc-defg-hij'


def account(email: str) -> Account:
    with app_context().uow_factory(read_only=True) as uow:
        found = uow.users.by_email(email)
    assert found is not None
    return found


async def my_sessions(user: User, email: str) -> None:
    await sign_in_as(user, email)
    await user.open('/my-sessions')
    await user.should_see('My sessions', retries=50)


def section_count(user: User, section: str) -> str:
    (found,) = [
        tiles for tiles in user.find(kind=SessionTiles).elements if (tiles.heading or '').lower().startswith(section)
    ]
    return f'({found.total})'


async def page_shows_nowhere(user: User, text: str) -> None:
    """Neither the page as served nor any element sent to the browser afterwards contains `text`."""
    response = await user.http_client.get('/my-sessions')
    assert response.status_code == 200
    assert text not in response.text
    assert user.client is not None
    for element in user.client.layout.descendants():
        assert text not in str(element.props)
        assert text not in str(getattr(element, 'text', ''))


async def test_m2_invited_and_enrolled_sessions_carry_their_chip_and_only_enrolled_ones_offer_un_enroll(
    user: User,
) -> None:
    await my_sessions(user, 'mentee13@demo.test')
    private = tile_of(user, PRIVATE_COHORT)
    await in_tile(user, private, 'Invited')
    await in_tile(user, private, 'only the session manager can take you off this session')
    assert buttons_in_tile(user, private) == []
    await my_sessions(user, 'mentee1@demo.test')
    public = tile_of(user, PUBLIC_SPEAKING)
    await in_tile(user, public, 'Enrolled')
    assert buttons_in_tile(user, public) == ['Un-enroll']


async def test_m2_completed_sessions_have_their_own_section(user: User) -> None:
    await my_sessions(user, 'mentee23@demo.test')
    assert visible_titles(user) == {COMPLETED}
    assert section_count(user, 'completed') == '(1)'
    assert section_count(user, 'upcoming') == '(0)'
    await in_tile(user, tile_of(user, COMPLETED), 'Completed')
    await in_tile(user, tile_of(user, COMPLETED), 'Was enrolled')  # past tense once completed (issue 23 item 7)


async def test_m1_an_enrolled_mentee_un_enrolls_and_the_session_leaves_my_sessions(user: User) -> None:
    await my_sessions(user, 'mentee1@demo.test')
    public = tile_of(user, PUBLIC_SPEAKING)
    click_in_tile(user, public, 'Un-enroll')
    await user.should_see('Un-enroll from this session?')  # the window is built when first asked for (P11)
    user.find(kind=ui.button, content='Yes, un-enroll').click()  # asked first (issue 23 item 5)
    await user.should_see('You have no sessions yet', retries=50)
    await user.open('/explore')
    await in_tile(user, public, '15 seats left')
    assert buttons_in_tile(user, public) == ['Enroll']


async def test_m2_join_shows_only_while_live_and_opens_the_meeting_in_a_new_tab_and_records_the_join(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    await my_sessions(user, 'mentee19@demo.test')
    science = tile_of(user, SCIENCE)
    assert buttons_in_tile(user, science) == ['Join']
    await page_shows_nowhere(user, MEET_LINK)  # not even while Live: only the click fetches it
    opened: list[tuple[object, bool]] = []
    monkeypatch.setattr(user.navigate, 'to', lambda target, new_tab=False: opened.append((target, new_tab)))
    click_in_tile(user, science, 'Join')
    for _ in range(50):
        if opened:
            break
        await asyncio.sleep(0.1)
    assert opened == [(MEET_LINK, True)]
    mentees = queries.mentee_list(app_context().uow_factory(read_only=True), account('mentor@demo.test'), science)
    joined = {entry.mentee.email: entry.joined_at for entry in mentees}
    assert joined['mentee19@demo.test'] is not None
    assert joined['mentee20@demo.test'] is None


async def test_m2_before_the_session_is_live_there_is_no_join_and_the_link_is_not_in_the_page(user: User) -> None:
    await my_sessions(user, 'mentee1@demo.test')
    assert 'Join' not in buttons_in_tile(user, tile_of(user, PUBLIC_SPEAKING))
    await page_shows_nowhere(user, 'zoom.us')
    await my_sessions(user, 'mentee17@demo.test')  # starts in five minutes, not yet started
    assert buttons_in_tile(user, tile_of(user, OFFICE_HOURS)) == []
    await page_shows_nowhere(user, 'meet.google.com')


async def test_u3_a_live_tile_turns_completed_when_its_end_time_passes_without_a_reload(user: User) -> None:
    await my_sessions(user, 'mentee19@demo.test')
    science = tile_of(user, SCIENCE)
    clock_ahead_until(end_of(science))
    await user.open('/my-sessions')
    await in_tile(user, science, 'Live')
    await in_tile(user, science, 'Completed', retries=80)
    assert buttons_in_tile(user, science) == []
    assert section_count(user, 'completed') == '(1)'


async def test_l1_an_invitation_appears_on_the_open_my_sessions_page_without_a_reload(
    user: User, create_user: Callable[[], User]
) -> None:
    helper = create_user()
    await sign_in_as(helper, 'manager@demo.test')  # only to learn the private session's id from its tile
    private = tile_id(helper, PRIVATE_COHORT)
    await my_sessions(user, 'mentee31@demo.test')
    await user.should_see('You have no sessions yet')
    context = app_context()
    manager, mentee = account('manager@demo.test'), account('mentee31@demo.test')
    change_mentees(context.uow_factory, manager, private, context.clock(), invite=[mentee.id])
    await in_tile(user, private, 'Invited')
