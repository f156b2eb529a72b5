"""E2 (issue 22 item 1) through NiceGUI's simulated user: what is typed into the create or edit form, and the
Meeting link tab's link, comes back on the next visit with "Draft restored — discard?"; Discard brings back the
saved state; a save or a submit leaves no draft behind."""

from __future__ import annotations

import asyncio

from nicegui import ui
from nicegui.testing import User

from tests.ui.test_explore import PUBLIC_SPEAKING
from tests.ui.test_session_form_support import PATIENCE, fill_required, session_id, sign_in, type_into
from ui.components.session_form_draft import KEEP_EVERY, RESTORED

KEPT = KEEP_EVERY + 1.0  # the keeper has written what was typed


def box_value(user: User, marker: str) -> str:
    (box,) = user.find(marker=marker).elements
    assert isinstance(box, ui.input)
    return str(box.value or '')


async def test_e2_a_new_sessions_typed_title_comes_back_with_the_line_and_discard_empties_it(user: User) -> None:
    await sign_in(user, 'mentor@demo.test')
    await user.open('/sessions/new')
    await user.should_not_see(RESTORED)
    type_into(user, 'session-title', 'Half-typed title')
    type_into(user, 'description', 'Half a description')
    await asyncio.sleep(KEPT)
    await user.open('/sessions/new')  # a reload, or Home then Back
    await user.should_see(RESTORED, retries=PATIENCE)
    assert box_value(user, 'session-title') == 'Half-typed title'
    assert box_value(user, 'description') == 'Half a description'
    user.find(marker='discard-details').click()
    await user.should_not_see(RESTORED, retries=PATIENCE)
    assert box_value(user, 'session-title') == ''
    await user.open('/sessions/new')
    await user.should_see('Create a new session')
    await user.should_not_see(RESTORED)
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
    await user.should_not_see(RESTORED)
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
    await user.should_not_see(RESTORED)


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
    await user.should_not_see(RESTORED, retries=PATIENCE)
    assert box_value(user, 'session-title') == PUBLIC_SPEAKING
