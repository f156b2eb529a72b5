"""E2 (issue 22 item 1) on a phone (390×844, touch) in a real Chromium: what is typed into the session form is
kept on the server, so a reload brings it back with "Draft restored — discard?", Discard brings back the saved
state, the Meeting link tab's typed link survives a reload, and 40 s offline lose nothing."""

from __future__ import annotations

import asyncio
import re
import tempfile
from pathlib import Path

import pytest
from playwright.async_api import Browser, Dialog, Page, expect

from tests.e2e.conftest import Server, new_page, sign_in

RESTORED = 'Draft restored — discard?'
SHOTS = Path(tempfile.gettempdir())
KEPT_MS = 3500  # the form writes its draft at most every 2 s


def leave_without_asking(page: Page) -> None:
    """The form asks before a reload drops unsaved changes (E2): here the answer is "Leave"."""

    async def accept(dialog: Dialog) -> None:
        await dialog.accept()

    page.on('dialog', lambda dialog: asyncio.ensure_future(accept(dialog)))


async def ready(page: Page) -> None:
    await page.wait_for_function('window.did_handshake === true')


@pytest.mark.e2e
async def test_e2_a_reload_brings_the_typed_form_back_with_the_line_and_discard_empties_it(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser, phone=True)
    leave_without_asking(page)
    await sign_in(page, server, 'mentor@demo.test')
    await page.goto(f'{server.url}/sessions/new')
    await ready(page)
    await expect(page.get_by_text(RESTORED)).to_be_hidden()
    await page.get_by_label('Session title').press_sequentially('Maths club for beginners')
    await page.get_by_label('Description').fill('Bring a pencil.')
    await page.wait_for_timeout(KEPT_MS)
    await page.reload()
    await ready(page)
    await expect(page.get_by_text(RESTORED)).to_be_visible()
    await expect(page.get_by_label('Session title')).to_have_value('Maths club for beginners')
    await expect(page.get_by_label('Description')).to_have_value('Bring a pencil.')
    await page.screenshot(path=str(SHOTS / 'draft-restored-phone.png'))
    await page.get_by_role('button', name='Discard').tap()
    await expect(page.get_by_text(RESTORED)).to_be_hidden()
    await expect(page.get_by_label('Session title')).to_have_value('')
    await page.reload()
    await ready(page)
    await expect(page.get_by_label('Session title')).to_have_value('')
    await expect(page.get_by_text(RESTORED)).to_be_hidden()
    await context.close()


@pytest.mark.e2e
async def test_e2_the_meeting_link_typed_on_its_tab_survives_a_reload(server: Server, browser: Browser) -> None:
    context, page = await new_page(browser, phone=True)
    leave_without_asking(page)
    await sign_in(page, server, 'mentor@demo.test')
    await page.get_by_text('Public speaking for first-time presenters').first.tap()
    await page.wait_for_url(re.compile(r'/sessions/\d+$'))
    await page.get_by_role('button', name='Edit').tap()
    await page.wait_for_url(re.compile(r'/sessions/\d+/edit$'))
    await ready(page)
    await page.get_by_role('tab', name='Meeting link').tap()
    await page.get_by_label('Add meeting link').tap()
    await page.get_by_role('option', name='Google Meet').tap()
    await page.get_by_label('Meet link').fill('https://meet.google.com/abc-defg-hij')
    await page.wait_for_timeout(KEPT_MS)
    await page.reload()
    await ready(page)
    await expect(page.get_by_role('tab', name='Meeting link')).to_have_attribute('aria-selected', 'true')
    await expect(page.get_by_text(RESTORED)).to_be_visible()
    await expect(page.get_by_label('Meet link')).to_have_value('https://meet.google.com/abc-defg-hij')
    await context.close()


@pytest.mark.e2e
async def test_e2_forty_seconds_offline_lose_nothing_typed(server: Server, browser: Browser) -> None:
    """A mentor switches apps to copy a Zoom link; the phone is offline longer than the page is kept (30 s)."""
    context, page = await new_page(browser, phone=True)
    leave_without_asking(page)
    await sign_in(page, server, 'mentor@demo.test')
    await page.goto(f'{server.url}/sessions/new')
    await ready(page)
    await page.get_by_label('Session title').press_sequentially('Typed before going offline')
    await page.wait_for_timeout(KEPT_MS)
    await context.set_offline(True)
    await page.wait_for_timeout(40_000)
    await context.set_offline(False)
    await expect(page.get_by_label('Session title')).to_have_value('Typed before going offline', timeout=30_000)
    await ready(page)
    await expect(page.get_by_label('Session title')).to_have_value('Typed before going offline')
    assert 'Traceback' not in server.log(), server.log()
    await context.close()
