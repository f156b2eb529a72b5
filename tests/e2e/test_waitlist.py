"""W1, L1 in a real Chromium on a phone (390×844, touch): mentees waiting for a full Public session see their
place; when an enrolled mentee leaves in another browser, the first in line is enrolled and the next moves up,
on their open pages, without reload."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import Server, new_page, sign_in

pytestmark = pytest.mark.e2e

CAREER_CHANGE = 'Career change into software'  # the demo's full Public session: 3 of 3 seats, mentee10–12
ENROLLED = 'You are enrolled in this session.'


async def open_page(page: Page, server: Server, path: str) -> None:
    await page.goto(f'{server.url}{path}')
    await page.wait_for_function('window.did_handshake === true')


async def session_path(page: Page, server: Server, title: str) -> str:
    await open_page(page, server, '/explore')
    href = await page.get_by_role('link', name=title, exact=True).first.get_attribute('href')
    assert href is not None and href.startswith('/sessions/'), href
    return href


async def mentee_on(browser: Browser, server: Server, email: str, path: str) -> tuple[BrowserContext, Page]:
    context, page = await new_page(browser, phone=True)
    await sign_in(page, server, email)
    await open_page(page, server, path)
    return context, page


async def test_w1_l1_on_a_phone_the_first_in_line_is_enrolled_live_when_another_browser_frees_a_seat(
    server: Server, browser: Browser
) -> None:
    first_context, first = await new_page(browser, phone=True)
    await sign_in(first, server, 'mentee1@demo.test')
    path = await session_path(first, server, CAREER_CHANGE)
    await open_page(first, server, path)
    await expect(first.get_by_text('session seats full', exact=True)).to_be_visible()
    await expect(first.get_by_role('button', name='Enroll', exact=True)).to_have_count(0)
    await first.get_by_role('button', name='Join waitlist').tap()
    first_place = first.get_by_test_id('waitlist-position')
    await expect(first_place).to_have_text('You are number 1 on the waitlist.')

    second_context, second = await mentee_on(browser, server, 'mentee2@demo.test', path)
    await second.get_by_role('button', name='Join waitlist').tap()
    second_place = second.get_by_test_id('waitlist-position')
    await expect(second_place).to_have_text('You are number 2 on the waitlist.')
    await expect(first_place).to_have_text('You are number 1 on the waitlist.')  # still first

    leaver_context, leaver = await mentee_on(browser, server, 'mentee10@demo.test', path)  # one of the three
    await expect(leaver.get_by_text(ENROLLED)).to_be_visible()
    await leaver.get_by_role('button', name='Un-enroll').tap()
    await leaver.get_by_role('dialog').get_by_role('button', name='Yes, un-enroll').tap()  # M1: Un-enroll asks first
    await expect(leaver.get_by_role('button', name='Join waitlist')).to_be_visible()  # the seat is taken again

    # No reload: the open pages follow the change.
    await expect(first.get_by_text(ENROLLED)).to_be_visible(timeout=5_000)
    await expect(first_place).to_have_count(0)
    await expect(first.get_by_role('button', name='Leave waitlist')).to_have_count(0)
    await expect(first.get_by_role('button', name='Un-enroll')).to_be_visible()
    await expect(second_place).to_have_text('You are number 1 on the waitlist.', timeout=5_000)
    await expect(second.get_by_text(ENROLLED)).to_have_count(0)

    await second.get_by_role('button', name='Leave waitlist').tap()
    await expect(second_place).to_have_count(0)
    await expect(second.get_by_role('button', name='Join waitlist')).to_be_visible()
    assert 'Traceback' not in server.log()
    for context in (first_context, second_context, leaver_context):
        await context.close()
