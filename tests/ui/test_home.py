"""C1, T1, L1, U3: the Home page's "My mentoring sessions" tab through NiceGUI's simulated user."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from nicegui import ui
from nicegui.testing import User

from persistence.demo_data import DEMO_PASSWORD
from tests.ui.conftest import TEST_TIME_ZONE
from ui.context import app_context, install, utc_now


async def signed_in(user: User, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the sign-in page, waiting as long as argon2 needs on a busy machine."""
    user.javascript_rules[re.compile(r'.*resolvedOptions\(\)\.timeZone.*')] = lambda _: TEST_TIME_ZONE
    await user.open('/login')
    await asyncio.sleep(0.3)  # the page asks the browser for its time zone once connected (a 0.05 s timer)
    user.find('E-mail').type(email)
    user.find('Password').type(password)
    user.find(kind=ui.button, content='Sign in').click()
    await user.should_see('Sign out', retries=50)


def tile_id(user: User, title: str) -> int:
    """The session id a tile's link leads to, as the browser would follow it."""
    (link,) = user.find(kind=ui.link, content=title).elements
    return int(str(link.props['href']).rsplit('/', 1)[-1])


def text_of(user: User, marker: str) -> str:
    (element,) = user.find(marker=marker).elements
    return str(getattr(element, 'text', ''))


def clock_ahead_until(moment: datetime) -> Callable[[], datetime]:
    """Let the app's injected clock run on from a few seconds before `moment` (U3 without waiting an hour)."""
    offset = moment - timedelta(seconds=2) - utc_now()
    clock = lambda: utc_now() + offset  # noqa: E731 - a clock is a function
    install(replace(app_context(), clock=clock))
    return clock


async def test_t1_demo_mentor_sees_upcoming_live_and_completed_tiles_with_status_and_mentee_count(user: User) -> None:
    await signed_in(user, 'mentor@demo.test')
    await user.should_see('My mentoring sessions')
    await user.should_see('Create session')
    await user.should_see('Upcoming and live')
    for title, status, count in (
        ('Science experiments at home', 'Live', 4),
        ('Office hours: ask me anything', 'Upcoming', 2),
        ('Public speaking for first-time presenters', 'Upcoming', 6),
        ('Writing a strong personal statement', 'Completed', 5),
    ):
        with user.scope(marker=f'session-tile-{tile_id(user, title)}'):
            await user.should_see(status)
            await user.should_see(f'Mentee count: {count}')
            await user.should_see(TEST_TIME_ZONE)


async def test_t1_completed_sessions_have_their_own_section_after_the_current_ones(user: User) -> None:
    await signed_in(user, 'mentor@demo.test')
    ordered = sorted(user.find(kind=ui.label).elements, key=lambda e: e.id)
    titles = [e.text for e in ordered if e.text in ('Upcoming and live', 'Completed')]
    assert titles == ['Upcoming and live', 'Completed']
    links = [e.text for e in sorted(user.find(kind=ui.link).elements, key=lambda e: e.id) if e.text]
    assert links.index('Science experiments at home') < links.index('Office hours: ask me anything')
    assert links.index('Public speaking for first-time presenters') < links.index('Writing a strong personal statement')


async def test_t1_tile_without_image_shows_a_placeholder_and_tile_with_image_a_thumbnail_with_alt_text(
    user: User,
) -> None:
    await signed_in(user, 'manager@demo.test')
    images = [e for e in user.find(kind=ui.element).elements if e.tag == 'img']
    assert images == []  # no demo session has an image: every tile shows the neutral placeholder
    await user.should_see('Career change into software')


async def test_t1_clicking_a_tile_opens_the_session_details_page(user: User) -> None:
    await signed_in(user, 'manager@demo.test')
    user.find(kind=ui.link, content='Leading your first team (private cohort)').click()
    await user.should_see('View list')
    await user.should_see('Mentee count')
    assert text_of(user, 'mentee-count') == '4'


async def test_c1_create_session_button_leads_to_the_new_session_page(user: User) -> None:
    await signed_in(user, 'mentor@demo.test')
    user.find(kind=ui.button, content='Create session').click()
    await user.should_see('Create a new session', retries=50)


async def test_t1_mentee_is_pointed_to_explore_sessions_and_my_sessions(user: User) -> None:
    await signed_in(user, 'mentee1@demo.test')
    await user.should_see('Explore sessions')
    await user.should_see('My sessions')
    await user.should_not_see('My mentoring sessions')
    await user.should_not_see('Create session')


async def test_l1_home_tile_shows_the_new_mentee_count_when_a_mentee_enrolls_elsewhere(
    create_user: Callable[[], User],
) -> None:
    mentor, mentee = create_user(), create_user()
    await signed_in(mentor, 'mentor@demo.test')
    tile = f'session-tile-{tile_id(mentor, "Public speaking for first-time presenters")}'
    with mentor.scope(marker=tile):
        await mentor.should_see('Mentee count: 6')
    await signed_in(mentee, 'mentee30@demo.test')
    await mentee.open(f'/sessions/{tile.rsplit("-", 1)[-1]}')
    mentee.find(kind=ui.button, content='Enroll').click()
    await mentee.should_see('Un-enroll', retries=50)
    await mentor.should_see('Mentee count: 7', retries=30)
    with mentor.scope(marker=tile):
        await mentor.should_see('Mentee count: 7')


def end_of(session_id: int) -> datetime:
    """When a session ends, read from the database the app uses (test set-up, not what a user sees)."""
    with app_context().uow_factory(read_only=True) as uow:
        session = uow.sessions.get(session_id)
    assert session is not None
    return session.end_at


async def test_u3_live_tile_moves_to_completed_when_its_end_time_passes_without_a_reload(user: User) -> None:
    await signed_in(user, 'mentor@demo.test')
    science = tile_id(user, 'Science experiments at home')
    clock_ahead_until(end_of(science))
    await user.open('/')
    with user.scope(marker=f'session-tile-{science}'):
        await user.should_see('Live')
    await eventually_in_tile(user, science, 'Completed')


async def eventually_in_tile(user: User, session_id: int, text: str, seconds: float = 8) -> None:
    """Wait until the tile (rebuilt by a live refresh meanwhile) shows `text`."""
    for _ in range(int(seconds * 10)):
        try:
            with user.scope(marker=f'session-tile-{session_id}'):
                await user.should_see(text, retries=1)
            return
        except AssertionError:
            await asyncio.sleep(0.1)
    raise AssertionError(f'tile {session_id} never showed {text!r}')


async def test_t1_more_sessions_than_a_page_are_paged(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules['ui.pages.home'], 'PER_PAGE', 2)  # the module main.py loaded for this test
    await signed_in(user, 'mentor@demo.test')
    await user.should_see('Science experiments at home')  # soonest first: the Live one and the next one
    await user.should_see('Office hours: ask me anything')
    await user.should_not_see('Maths anxiety: strategies that work')
    (pager,) = user.find(kind=ui.pagination).elements
    pager.value = 2
    await user.should_see('Maths anxiety: strategies that work', retries=50)
    await user.should_see('Public speaking for first-time presenters')
    await user.should_not_see('Science experiments at home')


async def test_e1_t1_status_is_told_in_words_and_with_an_icon_never_by_colour_alone(user: User) -> None:
    await signed_in(user, 'mentor@demo.test')
    await user.should_see('Completed')
    chips = [c for c in user.find(kind=ui.chip).elements if str(c.props.get('data-testid', '')).startswith('status-')]
    assert {chip.text for chip in chips} == {'Upcoming', 'Live', 'Completed'}
    assert all(chip.props.get('icon') for chip in chips)
    assert len({chip.props.get('icon') for chip in chips}) == 3  # each status has its own icon, too
