"""E2 (issue 22 item 1) through NiceGUI's simulated user: what is typed into the create or edit form, and the
Meeting link tab's link, comes back on the next visit with "Draft restored — discard?"; Discard brings back the
saved state; a save or a submit leaves no draft behind."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from nicegui import ui
from nicegui.testing import User

from tests.ui.conftest import should_not_see_on_page, should_see_on_page
from tests.ui.test_explore import PUBLIC_SPEAKING
from tests.ui.test_session_form import add_person
from tests.ui.test_session_form_support import (
    PATIENCE,
    fill_required,
    session_id,
    should_see_beside,
    sign_in,
    type_into,
)
from ui.components.session_form_draft import CHANGED_SINCE, KEEP_EVERY, RESTORED

KEPT = KEEP_EVERY + 1.0  # the keeper has written what was typed


def box_value(user: User, marker: str) -> str:
    (box,) = user.find(marker=marker).elements
    assert isinstance(box, ui.input)
    return str(box.value or '')


async def test_e2_a_new_sessions_typed_title_comes_back_with_the_line_and_discard_empties_it(user: User) -> None:
    await sign_in(user, 'mentor@demo.test')
    await user.open('/sessions/new')
    await should_not_see_on_page(user, RESTORED)
    type_into(user, 'session-title', 'Half-typed title')
    type_into(user, 'description', 'Half a description')
    await asyncio.sleep(KEPT)
    await user.open('/sessions/new')  # a reload, or Home then Back
    await user.should_see(RESTORED, retries=PATIENCE)
    assert box_value(user, 'session-title') == 'Half-typed title'
    assert box_value(user, 'description') == 'Half a description'
    user.find(marker='discard-details').click()
    await should_not_see_on_page(user, RESTORED, retries=PATIENCE)
    assert box_value(user, 'session-title') == ''
    await user.open('/sessions/new')
    await user.should_see('Create a new session')
    await should_not_see_on_page(user, RESTORED)
    assert box_value(user, 'session-title') == ''


async def test_e2_publishing_leaves_no_draft_for_the_next_new_session(user: User) -> None:
    await sign_in(user, 'mentor@demo.test')
    await user.open('/sessions/new')
    await fill_required(user, title='Published from a draft')
    await asyncio.sleep(KEPT)
    user.find('Publish and add link').click()
    await user.should_see('Edit session details', retries=PATIENCE)
    await user.open('/sessions/new')
    await user.should_see('Create a new session')
    await should_not_see_on_page(user, RESTORED)
    assert box_value(user, 'session-title') == ''


async def test_e2_the_meeting_links_typed_link_comes_back_on_its_tab_and_is_gone_once_submitted(user: User) -> None:
    await sign_in(user, 'mentor@demo.test')
    edit = f'/sessions/{session_id("mentor@demo.test", PUBLIC_SPEAKING)}/edit?tab=meeting'
    await user.open(edit)
    user.find(marker='platform').click()
    user.find('Zoom').click()
    type_into(user, 'zoom-link', 'https://us02web.zoom.us/j/84512345679')
    await asyncio.sleep(KEPT)
    await user.open(edit)
    await user.should_see(RESTORED, retries=PATIENCE)
    assert box_value(user, 'zoom-link') == 'https://us02web.zoom.us/j/84512345679'
    type_into(user, 'meeting-id', '845 1234 5679')
    user.find('Submit').click()
    await user.should_see('The meeting information is', retries=PATIENCE)
    await user.open(edit)
    await user.should_see('Meeting link')
    await should_not_see_on_page(user, RESTORED)


async def test_e2_an_edits_typed_title_comes_back_and_discard_brings_back_the_saved_one(user: User) -> None:
    await sign_in(user, 'mentor@demo.test')
    edit = f'/sessions/{session_id("mentor@demo.test", PUBLIC_SPEAKING)}/edit'
    await user.open(edit)
    type_into(user, 'session-title', 'A better title, not saved yet')
    await asyncio.sleep(KEPT)
    await user.open(edit)
    await user.should_see(RESTORED, retries=PATIENCE)
    assert box_value(user, 'session-title') == 'A better title, not saved yet'
    user.find(marker='discard-details').click()
    await should_not_see_on_page(user, RESTORED, retries=PATIENCE)
    assert box_value(user, 'session-title') == PUBLIC_SPEAKING


async def test_e2_the_draft_follows_the_user_to_another_device(user: User, create_user: Callable[[], User]) -> None:
    await sign_in(user, 'mentor@demo.test')
    await user.open('/sessions/new')
    type_into(user, 'session-title', 'Started on the phone')
    await asyncio.sleep(KEPT)
    laptop = create_user()
    await sign_in(laptop, 'mentor@demo.test')
    await laptop.open('/sessions/new')
    await laptop.should_see(RESTORED, retries=PATIENCE)
    assert box_value(laptop, 'session-title') == 'Started on the phone'
    someone_else = create_user()
    await sign_in(someone_else, 'manager@demo.test')
    await someone_else.open('/sessions/new')
    await someone_else.should_see('Create a new session')
    await should_not_see_on_page(someone_else, RESTORED)
    assert box_value(someone_else, 'session-title') == ''


async def test_u1_a_draft_restored_after_someone_elses_save_keeps_their_changes_where_nothing_was_typed(
    user: User, create_user: Callable[[], User]
) -> None:
    await sign_in(user, 'mentor@demo.test')
    session = session_id('mentor@demo.test', PUBLIC_SPEAKING)
    await user.open(f'/sessions/{session}/edit')
    type_into(user, 'description', 'My better description')
    await asyncio.sleep(KEPT)
    manager = create_user()
    await sign_in(manager, 'manager@demo.test')
    await manager.open(f'/sessions/{session}/edit')
    type_into(manager, 'session-title', 'Renamed by the manager')
    manager.find('Save').click()
    await manager.should_see('The session details are updated.', retries=PATIENCE)
    await user.open(f'/sessions/{session}/edit')  # the mentor comes back to the draft
    await user.should_see(RESTORED, retries=PATIENCE)
    await user.should_see(CHANGED_SINCE)
    assert box_value(user, 'session-title') == 'Renamed by the manager'  # not reverted by the draft
    assert box_value(user, 'description') == 'My better description'  # nothing typed is lost
    user.find('Save').click()
    await user.should_see('The session details are updated.', retries=PATIENCE)
    await user.open(f'/sessions/{session}')
    await should_see_on_page(user, 'Renamed by the manager')
    await should_see_on_page(user, 'My better description')


async def test_c5_c6_e2_a_managers_chosen_mentor_mentees_and_seat_limit_come_back_and_discard_clears_them(
    user: User,
) -> None:
    await sign_in(user, 'manager@demo.test')
    await user.open('/sessions/new')
    await add_person(user, '+ Add mentor', 'window-mentor', 'Daniel')
    await add_person(user, '+ Add mentee', 'window-mentees', 'Zoë')
    user.find('Done').click()
    user.find(marker='seat-limit').clear().type('12')
    await asyncio.sleep(KEPT)
    await user.open('/sessions/new')
    await user.should_see(RESTORED, retries=PATIENCE)
    await should_see_beside(user, 'mentor', 'Daniel Okafor')
    await should_see_beside(user, 'mentees', 'Zoë Müller')
    (seats,) = user.find(marker='seat-limit').elements
    assert isinstance(seats, ui.number) and seats.value == 12
    user.find(marker='discard-details').click()
    await user.should_see('No mentor added yet: you will be the mentor.', retries=PATIENCE)
    await should_not_see_on_page(user, 'Zoë Müller')
