"""E1 in a real Chromium: the session manager creates a session with the keyboard alone (Tab, Enter, Space)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import Server, new_page, sign_in

pytestmark = pytest.mark.e2e

FOCUSED_NAME = """() => { const e = document.activeElement; if (!e || e === document.body) return '';
    const label = e.labels && e.labels.length ? e.labels[0].innerText : '';
    return (e.getAttribute('aria-label') || label || e.innerText || '').trim(); }"""


def local(days: int, hour: int) -> str:
    moment = datetime.now(ZoneInfo('Europe/Berlin')) + timedelta(days=days)
    return moment.replace(hour=hour, minute=0).strftime('%Y-%m-%d %H:%M')


async def tab_to(page: Page, name: str) -> None:
    """Presses Tab until the focused control's accessible name starts with `name`."""
    seen: list[str] = []
    for _ in range(80):
        await page.keyboard.press('Tab')
        focused = str(await page.evaluate(FOCUSED_NAME))
        if focused.startswith(name) or name in focused.splitlines():  # a button's text follows its icon's
            return
        seen.append(focused)
    raise AssertionError(f'Tab never reached {name!r}; it reached {seen}')


async def pick_with_keyboard(page: Page, field: str, option: str) -> None:
    await tab_to(page, f'+Select {field}')
    await page.keyboard.press('Enter')
    await expect(page.get_by_role('dialog')).to_be_visible()
    await tab_to(page, option)
    await page.keyboard.press('Space')
    await tab_to(page, 'Save')
    await page.keyboard.press('Enter')
    await expect(page.get_by_role('dialog')).to_be_hidden()


async def test_e1_the_create_session_flow_works_with_the_keyboard_alone(server: Server, browser: Browser) -> None:
    context, page = await new_page(browser)
    await sign_in(page, server, 'manager@demo.test')
    await tab_to(page, 'Create session')
    await page.keyboard.press('Enter')
    await page.wait_for_url(f'{server.url}/sessions/new')
    await page.wait_for_function('window.did_handshake === true')
    await tab_to(page, 'Session title')
    await page.keyboard.type('Keyboard only')
    await tab_to(page, 'Description')
    await page.keyboard.type('Made without a mouse.')
    await tab_to(page, 'Start date')
    await page.keyboard.type(local(days=12, hour=17))
    await tab_to(page, 'End date')
    await page.keyboard.type(local(days=12, hour=18))
    await pick_with_keyboard(page, 'Recommended for', 'Students')
    await pick_with_keyboard(page, 'Categories', 'Communication')
    await pick_with_keyboard(page, 'Medium', 'English')
    await tab_to(page, 'Publish and add link')
    await page.keyboard.press('Enter')
    await page.wait_for_url(re.compile(r'/sessions/\d+/edit\?tab=meeting$'))
    await context.close()


FOCUS_IN_WINDOW = "() => !!document.activeElement && !!document.activeElement.closest('[role=dialog]')"
FOCUS_ON = """name => { const e = document.activeElement; if (!e || e.closest('[role=dialog]')) return false;
    return (e.innerText || e.getAttribute('aria-label') || '').includes(name); }"""


async def test_e1_windows_take_focus_close_on_escape_and_give_focus_back(server: Server, browser: Browser) -> None:
    context, page = await new_page(browser)
    await sign_in(page, server, 'manager@demo.test')
    await page.goto(f'{server.url}/sessions/new')
    await page.wait_for_function('window.did_handshake === true')
    for opener in ('+ Add mentor', '+ Add mentee', '+Select Recommended for', '+Select Categories', '+Select Medium'):
        await page.get_by_role('button', name=opener, exact=True).first.focus()
        await page.keyboard.press('Enter')
        await expect(page.get_by_role('dialog')).to_be_visible()
        await page.wait_for_function(FOCUS_IN_WINDOW, timeout=5_000)
        await page.keyboard.press('Escape')
        await expect(page.get_by_role('dialog')).to_have_count(0)
        await page.wait_for_function(FOCUS_ON, arg=opener, timeout=5_000)
    await context.close()
