"""E1 in a real Chromium: the session manager creates a session with the keyboard alone (Tab, Enter, Space)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import pytest
from PIL import Image, ImageChops
from playwright.async_api import Browser, FloatRect, Page, expect

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
    # Day 13: the demo's sessions of the next weeks fall every third day from the sixth (X1), at an hour that
    # follows the clock's, so on day 12 the manager's own demo session sat at 17:00 when run in the afternoon.
    await tab_to(page, 'Start date')
    await page.keyboard.type(local(days=13, hour=17))
    await tab_to(page, 'End date')
    await page.keyboard.type(local(days=13, hour=18))
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


# The focused control and the box its focus indicator is drawn in: a Quasar field shows focus on the field.
FOCUSED_CONTROL = """() => { const e = document.activeElement;
    if (!e || e === document.body) return null;
    const box = (e.closest('.q-field') || e).getBoundingClientRect();
    return { name: (e.getAttribute('aria-label') || e.innerText || e.tagName).trim().split('\\n')[0],
             focus_visible: e.matches(':focus-visible'),
             x: box.x, y: box.y, width: box.width, height: box.height }; }"""
INDICATOR_MARGIN = 6  # CSS px around the control: an outline may be drawn outside its box


@dataclass(frozen=True)
class FocusedControl:
    name: str
    focus_visible: bool
    x: float
    y: float
    width: float
    height: float

    async def look(self, page: Page) -> Image.Image:
        """A screenshot of the control and the margin around it."""
        left, top = max(0.0, self.x - INDICATOR_MARGIN), max(0.0, self.y - INDICATOR_MARGIN)
        margin = 2 * INDICATOR_MARGIN
        clip: FloatRect = {'x': left, 'y': top, 'width': self.width + margin, 'height': self.height + margin}
        return Image.open(io.BytesIO(await page.screenshot(clip=clip, animations='disabled', caret='hide')))


def changed_pixels(focused: Image.Image, unfocused: Image.Image) -> int:
    difference = ImageChops.difference(focused.convert('RGB'), unfocused.convert('RGB')).convert('L')
    return difference.point(lambda value: 255 if value > 24 else 0).histogram()[255]


async def check_every_tab_stop(page: Page) -> list[str]:
    """Tabs through until focus comes back to the first stop; asserts each stop's focus is visible."""
    checked: list[str] = []
    for _ in range(60):
        await page.keyboard.press('Tab')
        found = await page.evaluate(FOCUSED_CONTROL)
        if found is None or (checked and found['name'] == checked[0]):  # round the whole cycle
            break
        control = FocusedControl(**found)
        assert control.focus_visible, f'{control.name!r} is focused but not :focus-visible'
        focused = await control.look(page)
        await page.evaluate('document.activeElement.blur()')
        unfocused = await control.look(page)
        ring = 2 * (control.width + control.height)
        assert changed_pixels(focused, unfocused) >= ring, f'the focus on {control.name!r} is not visible'
        checked.append(control.name)
        await page.keyboard.press('Tab')  # blur() keeps the place in the Tab order: forward and back to it
        await page.keyboard.press('Shift+Tab')
    return checked


@pytest.mark.parametrize('scheme', ['light', 'dark'])
async def test_e1_every_control_the_keyboard_reaches_shows_visible_focus(
    server: Server, browser: Browser, scheme: Literal['light', 'dark']
) -> None:
    """E1 "visible focus": on the create page and in a picker window, each Tab stop matches :focus-visible and
    looks different while focused — at least a one-pixel ring's worth of pixels around it change."""
    context, page = await new_page(browser)
    await page.emulate_media(color_scheme=scheme, reduced_motion='reduce')
    await sign_in(page, server, 'manager@demo.test')
    await page.goto(f'{server.url}/sessions/new')
    await page.wait_for_function('window.did_handshake === true')
    on_page = await check_every_tab_stop(page)
    assert {'Mentor sessions', 'Session title', 'Session type', 'Start date', 'Publish and add link'} <= set(on_page)
    await page.get_by_role('button', name='+Select Categories', exact=True).focus()
    await page.keyboard.press('Enter')
    await page.wait_for_function(FOCUS_IN_WINDOW, timeout=5_000)
    in_window = await check_every_tab_stop(page)
    assert {'Save', 'Clear all'} <= set(in_window), in_window
    await context.close()


CAREER_CHANGE = 'Career change into software'  # the demo's full Public session
FOCUS_ON_BUTTON = """name => { const e = document.activeElement;
    return !!e && e.tagName === 'BUTTON' && e.innerText.includes(name); }"""


@pytest.mark.parametrize('scheme', ['light', 'dark'])
async def test_e1_w1_a_mentee_joins_and_leaves_the_waitlist_with_the_keyboard_alone_and_sees_the_focus(
    server: Server, browser: Browser, scheme: Literal['light', 'dark']
) -> None:
    """E1, W1: on a full session's details page, Tab and Enter join the waitlist and leave it again, the focus
    staying on the button that takes the used one's place; every Tab stop of the page, "Leave waitlist" among
    them, shows visible focus."""
    context, page = await new_page(browser)
    await page.emulate_media(color_scheme=scheme, reduced_motion='reduce')
    await sign_in(page, server, 'mentee1@demo.test')
    await page.goto(f'{server.url}/explore')
    await page.wait_for_function('window.did_handshake === true')
    path = await page.get_by_role('link', name=CAREER_CHANGE, exact=True).first.get_attribute('href')
    await page.goto(f'{server.url}{path}')
    await page.wait_for_function('window.did_handshake === true')
    await tab_to(page, 'Join waitlist')
    await page.keyboard.press('Enter')
    await expect(page.get_by_test_id('waitlist-position')).to_have_text('You are number 1 on the waitlist.')
    # The used button is replaced: the keyboard stays among the buttons instead of falling back to the top.
    await page.wait_for_function(FOCUS_ON_BUTTON, arg='Leave waitlist', timeout=5_000)
    await page.reload()  # the Tab cycle from the top of the page, as a mentee in line finds it
    await page.wait_for_function('window.did_handshake === true')
    on_page = await check_every_tab_stop(page)
    assert 'Leave waitlist' in on_page, on_page
    await tab_to(page, 'Leave waitlist')
    await page.keyboard.press('Enter')
    await expect(page.get_by_test_id('waitlist-position')).to_have_count(0)
    await expect(page.get_by_role('button', name='Join waitlist')).to_be_visible()
    await page.wait_for_function(FOCUS_ON_BUTTON, arg='Join waitlist', timeout=5_000)
    await context.close()
