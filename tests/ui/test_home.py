"""C1, T1, L1, U3: the Home page's "My mentoring sessions" tab through NiceGUI's simulated user."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User

from domain.ports import SessionChanged
from tests.ui.conftest import TEST_TIME_ZONE, should_not_see_on_page, should_see_on_page, sign_in_as
from tests.ui.details_card import press, said
from ui import live
from ui.components.pager import Pager
from ui.components.session_tiles import STATUS_ICONS, SessionTiles, TileData, shown_texts
from ui.context import app_context, install, utc_now


def tiles(user: User) -> list[TileData]:
    """Every tile on the page, in page order: what the browser draws from each tile list's data."""
    return [tile for grid in sorted(user.find(kind=SessionTiles).elements, key=lambda e: e.id) for tile in grid.tiles]


def tile_id(user: User, title: str) -> int:
    """The session id a tile's link leads to (the browser builds /sessions/<id> from it)."""
    (found,) = [tile['id'] for tile in tiles(user) if tile['title'] == title]
    return found


def tile_texts(user: User, session_id: int) -> list[str]:
    """The texts the tile of that session shows; [] when there is no such tile."""
    return [text for tile in tiles(user) if tile['id'] == session_id for text in shown_texts(tile)]


async def should_see_in_tile(user: User, session_id: int, text: str, retries: int = 3) -> None:
    """As `should_see`, within the one tile (a part of a text suffices, as there)."""
    for _ in range(retries):
        if any(text in shown for shown in tile_texts(user, session_id)):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f'tile {session_id} shows {tile_texts(user, session_id)}, not {text!r}')


def clock_ahead_until(moment: datetime) -> Callable[[], datetime]:
    """Let the app's injected clock run on from a few seconds before `moment` (U3 without waiting an hour)."""
    offset = moment - timedelta(seconds=2) - utc_now()
    clock = lambda: utc_now() + offset  # noqa: E731 - a clock is a function
    install(replace(app_context(), clock=clock))
    return clock


async def test_t1_demo_mentor_sees_upcoming_live_and_completed_tiles_with_status_and_mentee_count(user: User) -> None:
    await sign_in_as(user, 'mentor@demo.test')
    await user.should_see('My mentoring sessions')
    await user.should_see('Create session')
    await should_see_on_page(user, 'Upcoming and live')
    for title, status, count in (
        ('Science experiments at home', 'Live', 4),
        ('Office hours: ask me anything', 'Upcoming', 2),
        ('Public speaking for first-time presenters', 'Upcoming', 6),
        ('Writing a strong personal statement', 'Completed', 5),
    ):
        session_id = tile_id(user, title)
        await should_see_in_tile(user, session_id, status)
        await should_see_in_tile(user, session_id, f'Mentee count: {count}')
        await should_see_in_tile(user, session_id, TEST_TIME_ZONE)


async def test_t1_completed_sessions_have_their_own_section_after_the_current_ones(user: User) -> None:
    await sign_in_as(user, 'mentor@demo.test')
    sections = sorted(user.find(kind=SessionTiles).elements, key=lambda e: e.id)
    assert [section.heading for section in sections] == ['Upcoming and live', 'Completed']
    links = [tile['title'] for tile in tiles(user)]
    assert links.index('Science experiments at home') < links.index('Office hours: ask me anything')
    assert links.index('Public speaking for first-time presenters') < links.index('Writing a strong personal statement')


async def test_t1_x1_demo_tiles_show_thumbnails_of_their_pictures(user: User) -> None:
    await sign_in_as(user, 'manager@demo.test')
    await should_see_on_page(user, 'Career change into software')
    images = [t['image'] for t in tiles(user)]
    assert images and all(image and image.startswith('/images/') and image.endswith('?thumbnail=1') for image in images)


async def test_t1_clicking_a_tile_opens_the_session_details_page(user: User) -> None:
    await sign_in_as(user, 'manager@demo.test')
    # Where the tile's link and a click on its card lead (the click itself: tests/e2e/test_follow_session.py).
    await user.open(f'/sessions/{tile_id(user, "Leading your first team (private cohort)")}')
    await should_see_on_page(user, 'View list')
    await should_see_on_page(user, 'Mentee count')
    assert said(user, 'mentee-count') == '4'


async def test_c1_create_session_button_leads_to_the_new_session_page(user: User) -> None:
    await sign_in_as(user, 'mentor@demo.test')
    user.find(kind=ui.button, content='Create session').click()
    await user.should_see('Create a new session', retries=50)


async def test_t1_mentee_is_pointed_to_explore_sessions_and_my_sessions(user: User) -> None:
    await sign_in_as(user, 'mentee1@demo.test')
    await user.should_see('Explore sessions')
    await user.should_see('My sessions')
    await should_not_see_on_page(user, 'My mentoring sessions')
    await should_not_see_on_page(user, 'Create session')


async def test_l1_home_tile_shows_the_new_mentee_count_when_a_mentee_enrolls_elsewhere(
    create_user: Callable[[], User],
) -> None:
    mentor, mentee = create_user(), create_user()
    await sign_in_as(mentor, 'mentor@demo.test')
    session_id = tile_id(mentor, 'Public speaking for first-time presenters')
    await should_see_in_tile(mentor, session_id, 'Mentee count: 6')
    await sign_in_as(mentee, 'mentee30@demo.test')
    await mentee.open(f'/sessions/{session_id}')
    await press(mentee, 'Enroll')
    await should_see_on_page(mentee, 'Un-enroll', retries=50)
    await should_see_on_page(mentor, 'Mentee count: 7', retries=30)
    await should_see_in_tile(mentor, session_id, 'Mentee count: 7')


async def test_l1_a_change_committed_while_home_reads_its_first_lists_still_reaches_the_page(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page follows the changes from before its first read: one that lands between that read and the page
    being built is read once more, not left out until the next change."""
    queries = sys.modules['domain.services.queries']  # the module main.py loaded for this test
    read_lists = queries.my_mentoring_sessions
    renamed: list[int] = []

    def a_change_lands_after_the_read(*args: Any, **kwargs: Any) -> Any:
        found = read_lists(*args, **kwargs)
        if not renamed and found.items:  # Home's first read, after the sign-in
            session = found.items[0].session
            with app_context().uow_factory() as uow:
                uow.sessions.update(replace(session, title='Renamed while Home read its lists'))
                uow.commit()
            live.deliver([SessionChanged(session.id)])  # as the event bus does after the commit
            renamed.append(session.id)
        return found

    monkeypatch.setattr(queries, 'my_mentoring_sessions', a_change_lands_after_the_read)
    await sign_in_as(user, 'mentor@demo.test')
    assert renamed, 'Home read no list'
    await should_see_in_tile(user, renamed[0], 'Renamed while Home read its lists', retries=30)


def end_of(session_id: int) -> datetime:
    """When a session ends, read from the database the app uses (test set-up, not what a user sees)."""
    with app_context().uow_factory(read_only=True) as uow:
        session = uow.sessions.get(session_id)
    assert session is not None
    return session.end_at


async def test_u3_live_tile_moves_to_completed_when_its_end_time_passes_without_a_reload(user: User) -> None:
    await sign_in_as(user, 'mentor@demo.test')
    science = tile_id(user, 'Science experiments at home')
    clock_ahead_until(end_of(science))
    await user.open('/')
    await should_see_in_tile(user, science, 'Live')
    await eventually_in_tile(user, science, 'Completed')


async def eventually_in_tile(user: User, session_id: int, text: str, seconds: float = 8) -> None:
    """Wait until the tile (rebuilt by a live refresh meanwhile) shows `text`."""
    await should_see_in_tile(user, session_id, text, retries=int(seconds * 10))


async def test_t1_more_sessions_than_a_page_are_paged(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules['ui.pages.home'], 'PER_PAGE', 2)  # the module main.py loaded for this test
    await sign_in_as(user, 'mentor@demo.test')
    await should_see_on_page(user, 'Science experiments at home')  # soonest first: the Live one and the next one
    await should_see_on_page(user, 'Office hours: ask me anything')
    await should_not_see_on_page(user, 'Maths anxiety: strategies that work')
    pager = sorted(user.find(kind=Pager).elements, key=lambda e: e.id)[0]  # the upcoming list's; Completed has its own
    for tampered in ('2', 99, 0, -1, True, 1.5, None, [2]):  # what a tampered browser might send: ignored
        await pager.turn(tampered)
    await should_see_on_page(user, 'Science experiments at home')
    assert pager.page == 1
    await pager.turn(2)
    await should_see_on_page(user, 'Maths anxiety: strategies that work', retries=50)
    await should_see_on_page(user, 'Public speaking for first-time presenters')
    await should_not_see_on_page(user, 'Science experiments at home')


async def test_e1_t1_status_is_told_in_words_and_with_an_icon_never_by_colour_alone(user: User) -> None:
    await sign_in_as(user, 'mentor@demo.test')
    await should_see_on_page(user, 'Completed')
    chips = {(tile['status'], STATUS_ICONS[tile['status_key']]) for tile in tiles(user)}
    assert {word for word, _ in chips} == {'Upcoming', 'Live', 'Completed'}
    assert all(icon for _, icon in chips)
    assert len(chips) == 3  # each status has its own icon, too
