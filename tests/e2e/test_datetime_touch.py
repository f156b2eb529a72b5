"""C7, E1 in a real Chromium: Start date and End date are picked by touch on a phone (390×844) in a few taps,
with the calendar, the clock and "Done" all in view; on a laptop "Done" is in view too, and typing
`YYYY-MM-DD HH:mm` still works."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, Locator, Page, expect

from tests.e2e.conftest import Server, new_page, sign_in

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get('MENTOR_SHOTS')  # a folder to keep the screenshots in, to look at them


async def shot(page: Page, name: str) -> None:
    if SHOTS:
        await page.screenshot(path=str(Path(SHOTS) / f'{name}.png'))


async def in_view(page: Page, element: Locator) -> None:
    """The element is drawn wholly inside the window, not in a scrolled-away part of it."""
    await expect(element).to_be_in_viewport(ratio=1)
    box = await element.bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None
    assert box['y'] >= 0 and box['y'] + box['height'] <= size['height'], box


async def open_form(page: Page, server: Server) -> None:
    await sign_in(page, server, 'mentor@demo.test')
    await page.goto(f'{server.url}/sessions/new')
    await page.wait_for_function('window.did_handshake === true')


async def test_c7_e1_on_a_phone_a_tap_on_the_start_date_box_opens_a_full_screen_picker(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser, phone=True)
    await open_form(page, server)
    box = page.get_by_label('Start date', exact=True)
    await box.tap()
    window = page.get_by_role('dialog', name='Start date and time')
    await expect(window).to_be_visible()
    await page.wait_for_timeout(400)  # the opening transition ends
    await shot(page, 'picker-phone-open')
    card = window.locator('.datetime-picker')
    card_box = await card.bounding_box()
    assert card_box is not None and card_box['width'] >= 389 and card_box['height'] >= 843, card_box
    calendar, clock = window.locator('.q-date'), window.locator('.q-time')
    done = window.get_by_role('button', name='Done')
    for part in (calendar, clock, done):
        await in_view(page, part)
    # Tap 1: a day; taps 2 and 3: the hour, then the minute on the clock; tap 4: Done.
    await calendar.get_by_role('button', name='28', exact=True).tap()
    await expect(box).to_have_value(re.compile(r'^\d{4}-\d{2}-28 00:00$'))
    await clock.locator('.q-time__clock-position', has_text=re.compile(r'^17$')).tap()
    await expect(box).to_have_value(re.compile(r'^\d{4}-\d{2}-28 17:00$'))
    await clock.locator('.q-time__clock-position', has_text=re.compile(r'^30$')).tap()
    await expect(box).to_have_value(re.compile(r'^\d{4}-\d{2}-28 17:30$'))
    await shot(page, 'picker-phone-picked')
    await done.tap()
    await expect(window).to_be_hidden()
    await expect(box).not_to_be_focused()  # no on-screen keyboard comes up over the form
    await shot(page, 'picker-phone-closed')
    await context.close()


async def test_c7_e1_on_a_laptop_the_picker_shows_done_and_a_click_in_the_box_types(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser)
    await open_form(page, server)
    box = page.get_by_label('End date', exact=True)
    await box.click()
    await expect(page.get_by_role('dialog')).to_have_count(0)  # a mouse click puts the caret in the box
    await page.keyboard.type('2031-05-04 14:30')
    await expect(box).to_have_value('2031-05-04 14:30')
    await page.keyboard.press('Tab')  # to the calendar button, opened with the keyboard
    await expect(page.get_by_role('button', name='Pick end date')).to_be_focused()
    await page.keyboard.press('Enter')
    window = page.get_by_role('dialog', name='End date and time')
    await expect(window).to_be_visible()
    await page.wait_for_timeout(400)
    await shot(page, 'picker-laptop-open')
    await expect(window.get_by_text('2031-05-04 14:30')).to_be_visible()  # what was typed
    done = window.get_by_role('button', name='Done')
    for part in (window.locator('.q-date'), window.locator('.q-time'), done):
        await in_view(page, part)
    await done.focus()
    await page.keyboard.press('Enter')
    await expect(window).to_be_hidden()
    await expect(page.get_by_role('button', name='Pick end date')).to_be_focused()  # the keyboard goes back
    await context.close()


CLEARANCE = 8  # CSS px between a hint's last line and what follows it


async def test_c7_e1_on_a_phone_the_date_hints_keep_clear_of_what_follows_them(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser, phone=True)
    await open_form(page, server)

    def field(name: str) -> Locator:
        return page.locator('.q-field', has=page.get_by_label(name, exact=True))

    start_hint, end_hint = (field(name).locator('.q-field__bottom') for name in ('Start date', 'End date'))
    note = page.get_by_text('The session duration should be at least 30 minutes.')
    await start_hint.scroll_into_view_if_needed()
    await shot(page, 'hint-phone')
    for hint, following in ((start_hint, field('End date')), (end_hint, note)):
        hint_box, next_box = await hint.bounding_box(), await following.bounding_box()
        assert hint_box is not None and next_box is not None
        assert hint_box['y'] + hint_box['height'] + CLEARANCE <= next_box['y'], (hint_box, next_box)
    await context.close()
