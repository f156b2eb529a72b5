"""M1, L1: "Explore sessions" as simulated mentees: search, filters, paging, seats left, enrolling."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from nicegui import ui
from nicegui.testing import User

import ui.pages.explore as explore_module
from tests.ui.conftest import sign_in_as
from ui.components.pager import Pager
from ui.components.session_tiles import SessionTiles, TileData, shown_texts

PUBLIC_SPEAKING = 'Public speaking for first-time presenters'  # Daniel's, 6 of 20 seats taken
MATHS = 'Maths anxiety: strategies that work'  # Daniel's, English and Hindi
CAREER_CHANGE = 'Career change into software'  # Priya's, 3 of 3 seats taken
OFFICE_HOURS = 'Office hours: ask me anything'  # Daniel's, starts in 5 minutes
SCIENCE = 'Science experiments at home'  # Daniel's, Live
PRIVATE_COHORT = 'Leading your first team (private cohort)'
COMPLETED = 'Writing a strong personal statement'
CURRENT_PUBLIC = (PUBLIC_SPEAKING, MATHS, CAREER_CHANGE, OFFICE_HOURS, SCIENCE)
LATER_PUBLIC = 8  # X1: the demo's sessions of the following weeks


def tiles(user: User) -> list[TileData]:
    """Every session tile shown on the page (the lists draw them from data: `SessionTiles`)."""
    try:
        lists = user.find(kind=SessionTiles).elements
    except AssertionError:  # none shown
        return []
    return [tile for grid in lists for tile in grid.tiles]


def tile(user: User, session_id: int) -> TileData:
    (found,) = [tile for tile in tiles(user) if tile['id'] == session_id]
    return found


def tile_of(user: User, title: str) -> int:
    """The id of the session whose tile shows this title (its link leads to /sessions/<id>)."""
    (session_id,) = [tile['id'] for tile in tiles(user) if tile['title'] == title]
    return session_id


def click_in_tile(user: User, session_id: int, button: str) -> None:
    """A click on a tile's button, as the browser sends it."""
    user.find(kind=SessionTiles).trigger('act', {'id': session_id, 'action': button})


async def explore(user: User, email: str) -> None:
    await sign_in_as(user, email)
    await user.open('/explore')
    await user.should_see(marker='explore-count', retries=50)


def visible_titles(user: User) -> set[str]:
    titles = (*CURRENT_PUBLIC, PRIVATE_COHORT, COMPLETED)
    return {tile['title'] for tile in tiles(user) if tile['title'] in titles}


async def until_titles(user: User, expected: set[str]) -> None:
    for _ in range(50):
        if visible_titles(user) == expected:
            return
        await asyncio.sleep(0.1)
    assert visible_titles(user) == expected


async def in_tile(user: User, session_id: int, text: str, retries: int = 50) -> None:
    for _ in range(retries):
        if any(text in shown for found in tiles(user) if found['id'] == session_id for shown in shown_texts(found)):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f'tile {session_id} never showed {text!r}')


def buttons_in_tile(user: User, session_id: int) -> list[str]:
    return [button['text'] for button in tile(user, session_id).get('actions', [])]


def choose(user: User, select_label: str, item: str) -> None:
    user.find(kind=ui.select, content=select_label).click()
    user.find(item).click()


async def test_m1_explore_shows_public_upcoming_and_live_sessions_with_seats_left(user: User) -> None:
    await explore(user, 'mentee31@demo.test')
    assert visible_titles(user) == set(CURRENT_PUBLIC)  # no Private session, nothing completed
    await user.should_see(f'{len(CURRENT_PUBLIC) + LATER_PUBLIC} sessions found')
    await in_tile(user, tile_of(user, PUBLIC_SPEAKING), '14 seats left')
    await in_tile(user, tile_of(user, PUBLIC_SPEAKING), 'Mentor: Daniel Okafor')
    await in_tile(user, tile_of(user, PUBLIC_SPEAKING), 'Europe/Berlin')
    await in_tile(user, tile_of(user, CAREER_CHANGE), 'session seats full')
    await in_tile(user, tile_of(user, SCIENCE), 'Live')


async def test_m1_search_box_finds_sessions_by_title_and_by_mentor(user: User) -> None:
    await explore(user, 'mentee31@demo.test')
    user.find('Search').type('maths')
    await until_titles(user, {MATHS})
    user.find('Search').clear().type('priya')
    await until_titles(user, {CAREER_CHANGE})
    user.find('Search').clear().type('no such session anywhere')
    await user.should_see('No sessions match your search.', retries=50)


async def test_m1_category_medium_and_recommended_for_filters_narrow_the_list(user: User) -> None:
    await explore(user, 'mentee31@demo.test')
    choose(user, 'Category', 'Career guidance')
    await until_titles(user, {CAREER_CHANGE, OFFICE_HOURS})
    choose(user, 'Recommended for', 'Career changers')
    await until_titles(user, {CAREER_CHANGE})
    (category,) = user.find(kind=ui.select, content='Category').elements
    category.set_value(None)  # the select's clear button
    choose(user, 'Recommended for', 'Early-career professionals')
    await until_titles(user, {PUBLIC_SPEAKING})
    (recommended,) = user.find(kind=ui.select, content='Recommended for').elements
    recommended.set_value(None)
    choose(user, 'Medium', 'Hindi')
    await until_titles(user, {MATHS})


def page_titles(user: User) -> set[str]:
    """The titles of every session tile shown, the demo's later sessions included."""
    return {tile['title'] for tile in tiles(user)}


async def test_m1_results_are_paged(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(explore_module, 'PER_PAGE', 2)
    await explore(user, 'mentee31@demo.test')
    first = page_titles(user)
    assert len(first) == 2
    (pager,) = user.find(kind=Pager).elements
    found = len(CURRENT_PUBLIC) + LATER_PUBLIC
    assert pager.page_count == -(-found // 2)
    await pager.turn(pager.page_count)
    for _ in range(50):
        if len(page_titles(user)) == 1:
            break
        await asyncio.sleep(0.1)
    last = page_titles(user)
    assert len(last) == 1
    assert not last & first
    await user.should_see(f'{found} sessions found')


async def test_m1_mentee_enrolls_from_the_tile_and_sees_the_seat_taken(user: User) -> None:
    await explore(user, 'mentee31@demo.test')
    session_id = tile_of(user, PUBLIC_SPEAKING)
    click_in_tile(user, session_id, 'Enroll')
    await in_tile(user, session_id, '13 seats left')
    await in_tile(user, session_id, 'Enrolled')
    await in_tile(user, session_id, 'Un-enroll')
    assert buttons_in_tile(user, session_id) == ['Un-enroll']


async def test_m1_a_full_session_says_session_seats_full_and_offers_no_enroll(user: User) -> None:
    """Issue 23 item 2: the full state instead of an "Enroll" that could only be refused (the waitlist: W1)."""
    await explore(user, 'mentee31@demo.test')
    session_id = tile_of(user, CAREER_CHANGE)
    await in_tile(user, session_id, 'session seats full')
    assert 'Enroll' not in buttons_in_tile(user, session_id)
    assert not [text for text in shown_texts(tile(user, session_id)) if 'Enrolled' in text]


async def test_m2_the_mentor_of_a_live_session_may_join_from_its_tile_as_from_its_page(user: User) -> None:
    """The tile offers "Join" by the page's rule (rules.may_join): to the session's mentor as well."""
    await explore(user, 'mentor@demo.test')
    assert buttons_in_tile(user, tile_of(user, SCIENCE)) == ['Join']  # Daniel's, Live
    assert buttons_in_tile(user, tile_of(user, PUBLIC_SPEAKING)) == []  # Daniel's, not started
    assert buttons_in_tile(user, tile_of(user, CAREER_CHANGE)) == []  # Priya's


async def test_m1_private_sessions_stay_out_of_explore_even_for_invited_mentees(user: User) -> None:
    await explore(user, 'mentee13@demo.test')  # invited to the private cohort
    assert PRIVATE_COHORT not in visible_titles(user)
    await explore(user, 'mentee31@demo.test')
    assert PRIVATE_COHORT not in visible_titles(user)


async def test_l1_an_open_explore_page_shows_the_new_seats_left_when_another_mentee_enrolls(
    create_user: Callable[[], User],
) -> None:
    watcher, enroller = create_user(), create_user()
    await explore(watcher, 'mentee31@demo.test')
    session_id = tile_of(watcher, PUBLIC_SPEAKING)
    await in_tile(watcher, session_id, '14 seats left')
    await explore(enroller, 'mentee32@demo.test')
    click_in_tile(enroller, session_id, 'Enroll')
    await in_tile(enroller, session_id, 'Enrolled')
    await in_tile(watcher, session_id, '13 seats left', retries=10)  # within a second, no reload
