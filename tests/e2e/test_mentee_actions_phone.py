"""M1, W1 (issue 23 item 1) in a real Chromium on a phone: on the Session Details page a double tap acts once —
the button that appears under the finger (Enroll → Un-enroll, Join waitlist → Leave waitlist) waits, shown
disabled, and nothing goes wrong on the server."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import Server, new_page, sign_in
from tests.e2e.test_accessibility import problems
from tests.e2e.test_mentee import CAREER_CHANGE, PUBLIC_SPEAKING, double_tap, open_page, tile_id

pytestmark = pytest.mark.e2e


async def details_of(page: Page, server: Server, title: str) -> None:
    await open_page(page, server, '/explore')
    await open_page(page, server, f'/sessions/{await tile_id(page, title)}')


async def test_m1_a_double_tap_on_the_details_pages_enroll_enrolls_once_and_un_enroll_then_asks(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser, phone=True)
    await sign_in(page, server, 'mentee32@demo.test')
    await details_of(page, server, PUBLIC_SPEAKING)
    await expect(page.get_by_test_id('seats-left')).to_have_text('14 of 20')
    await double_tap(page, page.get_by_role('button', name='Enroll', exact=True))
    unenroll = page.get_by_role('button', name='Un-enroll')
    await expect(unenroll).to_be_disabled()  # under the finger, it waits a moment (shown so)
    await page.wait_for_timeout(1_500)  # whatever the second tap did has landed
    await expect(page.get_by_text('You are enrolled in this session.')).to_be_visible()
    await expect(page.get_by_test_id('seats-left')).to_have_text('13 of 20')
    await expect(page.get_by_test_id('action-error')).to_have_count(0)
    await expect(page.get_by_test_id('action-done')).to_have_text('You are enrolled.')
    await expect(unenroll).to_be_enabled()

    await unenroll.tap()
    dialog = page.get_by_role('dialog')
    await expect(dialog.get_by_text('Un-enroll from this session?')).to_be_visible()
    await dialog.get_by_role('button', name='Yes, un-enroll').tap()
    await expect(page.get_by_test_id('action-done')).to_have_text(
        'You un-enrolled: your seat is free for someone else.'
    )
    await expect(page.get_by_test_id('seats-left')).to_have_text('14 of 20')
    assert 'Traceback' not in server.log(), server.log()
    await context.close()


async def test_w1_a_double_tap_on_join_waitlist_lines_up_once_and_stays_in_line(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser, phone=True)
    await sign_in(page, server, 'mentee32@demo.test')
    await details_of(page, server, CAREER_CHANGE)  # 3 of 3 seats taken
    await expect(page.get_by_text('session seats full')).to_be_visible()
    await expect(page.get_by_role('button', name='Enroll', exact=True)).to_have_count(0)
    await double_tap(page, page.get_by_role('button', name='Join waitlist'))
    await page.wait_for_timeout(1_500)
    await expect(page.get_by_test_id('waitlist-position')).to_have_text('You are number 1 on the waitlist.')
    await expect(page.get_by_role('button', name='Leave waitlist')).to_be_enabled()
    await expect(page.get_by_test_id('action-error')).to_have_count(0)
    assert 'Traceback' not in server.log(), server.log()
    await context.close()


@pytest.mark.parametrize('dark', [False, True], ids=['light', 'dark'])
async def test_e1_w1_the_cards_waitlist_messages_and_the_un_enroll_window_have_no_accessibility_violation(
    server: Server, browser: Browser, dark: bool
) -> None:
    """The new controls (Join/Leave waitlist on a card, "Waitlist: N", the messages beside the buttons, the
    Un-enroll window) join the axe-core checks, on a phone and a laptop."""
    found: list[str] = []
    for phone, email in ((True, 'mentee33@demo.test'), (False, 'mentee34@demo.test')):
        context, page = await new_page(browser, phone=phone)
        if dark:
            await page.emulate_media(color_scheme='dark')
        await sign_in(page, server, email)
        await open_page(page, server, '/explore')
        full = page.get_by_test_id(f'mentee-tile-{await tile_id(page, CAREER_CHANGE)}')
        await full.get_by_role('button', name='Join waitlist').click()
        await expect(full.get_by_text(re.compile(r'You are number \d+ on the waitlist\.'))).to_be_visible()
        roomy = page.get_by_test_id(f'mentee-tile-{await tile_id(page, PUBLIC_SPEAKING)}')
        await roomy.get_by_role('button', name='Enroll').click()
        await expect(roomy.get_by_role('button', name='Un-enroll')).to_be_enabled()
        found += await problems(page, '/explore (waitlist, enrolled)', phone)
        await roomy.get_by_role('button', name='Un-enroll').click()
        await expect(page.get_by_role('dialog')).to_be_visible()
        await page.wait_for_timeout(400)  # the opening transition ends
        found += await problems(page, '/explore [Un-enroll window]', phone)
        await context.close()
    assert not found, '\n'.join(found)
