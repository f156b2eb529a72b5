"""E1 in a real Chromium against `python main.py --demo`: axe-core finds no violation of any impact (minor,
moderate, serious or critical) on any page or open window, at 390×844 and at 1280×800, and no page scrolls
sideways on the phone."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import Server, new_page, sign_in

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / 'node_modules' / 'axe-core' / 'axe.min.js'
RUN_AXE = 'axe.run(document, {resultTypes: ["violations"]})'
NO_SIDEWAYS_SCROLL = 'document.documentElement.scrollWidth <= window.innerWidth'
SIZES = [False, True]
Window = Callable[[Page], Awaitable[None]]


def describe(violation: dict[str, Any]) -> str:
    targets = [str(node.get('target')) for node in violation.get('nodes', [])][:3]
    return f'{violation["impact"]} {violation["id"]}: {violation["help"]} at {", ".join(targets)}'


async def problems(page: Page, where: str, phone: bool) -> list[str]:
    """Every axe violation on the page as it is now, whatever its impact; on a phone, also sideways scrolling."""
    if not await page.evaluate('typeof window.axe !== "undefined"'):
        await page.add_script_tag(path=str(AXE))
    size = '390x844' if phone else '1280x800'
    results = await page.evaluate(RUN_AXE)
    found = [f'{where} @ {size}: {describe(violation)}' for violation in results['violations']]
    if phone and not await page.evaluate(NO_SIDEWAYS_SCROLL):
        found.append(f'{where} @ {size}: the page scrolls sideways')
    return found


async def visit(page: Page, server: Server, path: str) -> None:
    await page.goto(f'{server.url}{path}')
    await page.wait_for_function('window.did_handshake === true')
    await page.wait_for_timeout(300)


async def close_window(page: Page) -> None:
    await page.keyboard.press('Escape')
    await expect(page.get_by_role('dialog')).to_have_count(0)


async def open_by_button(page: Page, name: str) -> None:
    await page.get_by_role('button', name=name, exact=True).first.click()
    await expect(page.get_by_role('dialog')).to_be_visible()
    await page.wait_for_timeout(400)  # the opening transition ends


async def open_session_type(page: Page) -> None:
    await page.get_by_label('Session type', exact=True).first.click()
    await expect(page.get_by_role('dialog')).to_be_visible()
    await page.wait_for_timeout(400)


async def first_session_path(page: Page) -> str:
    href = await page.locator('a[href^="/sessions/"]').first.get_attribute('href')
    assert href is not None and re.fullmatch(r'/sessions/\d+', href), href
    return href


async def check_page(page: Page, server: Server, path: str, phone: bool, windows: dict[str, Window]) -> list[str]:
    await visit(page, server, path)
    found = await problems(page, path, phone)
    for name, open_window in windows.items():
        await open_window(page)
        found += await problems(page, f'{path} [{name}]', phone)
        await close_window(page)
    return found


async def manager_problems(browser: Browser, server: Server, phone: bool, dark: bool = False) -> list[str]:
    context, page = await new_page(browser, phone=phone)
    if dark:
        await page.emulate_media(color_scheme='dark')  # the app follows the system's setting
    await visit(page, server, '/login')
    found = await problems(page, '/login', phone)
    await sign_in(page, server, 'manager@demo.test')
    found += await check_page(page, server, '/', phone, {})
    await page.get_by_role('tab', name='My mentoring sessions').click()
    details = await first_session_path(page)
    form_windows: dict[str, Window] = {
        'Session type': open_session_type,
        'Mentor list': lambda p: open_by_button(p, '+ Add mentor'),
        'Select Recommended for': lambda p: open_by_button(p, '+Select Recommended for'),
        'Mentee list': lambda p: open_by_button(p, '+ Add mentee'),
        'Select Categories': lambda p: open_by_button(p, '+Select Categories'),
        'Select Medium': lambda p: open_by_button(p, '+Select Medium'),
        '+Other pop-up': lambda p: open_by_button(p, '+Other Categories'),
        'Start date picker': lambda p: open_by_button(p, 'Pick start date'),
    }
    found += await check_page(page, server, '/sessions/new', phone, form_windows)
    found += await check_page(page, server, f'{details}/edit', phone, {})
    found += await check_page(page, server, f'{details}/edit?tab=meeting', phone, {})
    found += await check_page(page, server, details, phone, {'View list': lambda p: open_by_button(p, 'View list')})
    await context.close()
    return found


async def mentee_problems(browser: Browser, server: Server, phone: bool, dark: bool = False) -> list[str]:
    context, page = await new_page(browser, phone=phone)
    if dark:
        await page.emulate_media(color_scheme='dark')
    await sign_in(page, server, 'mentee1@demo.test')
    found: list[str] = []
    for path in ('/explore', '/my-sessions', '/inbox'):
        found += await check_page(page, server, path, phone, {})
    await context.close()
    return found


CAREER_CHANGE = 'Career change into software'  # the demo's full Public session


async def waitlist_problems(browser: Browser, server: Server, phone: bool, dark: bool = False) -> list[str]:
    """W1: the details page of a full session as a mentee waiting for a seat, and the session manager's Mentee
    list window with that waitlist."""
    context, page = await new_page(browser, phone=phone)
    if dark:
        await page.emulate_media(color_scheme='dark')
    await sign_in(page, server, 'mentee1@demo.test')
    await visit(page, server, '/explore')
    path = await page.get_by_role('link', name=CAREER_CHANGE, exact=True).first.get_attribute('href')
    assert path is not None
    await visit(page, server, path)
    join = page.get_by_role('button', name='Join waitlist', exact=True)
    if await join.count():  # the first size joins; the next finds the mentee in line already
        await join.click()
    await expect(page.get_by_test_id('waitlist-position')).to_have_text('You are number 1 on the waitlist.')
    await page.wait_for_timeout(300)
    found = await problems(page, f'{path} (waiting)', phone)
    await context.close()
    context, page = await new_page(browser, phone=phone)
    if dark:
        await page.emulate_media(color_scheme='dark')
    await sign_in(page, server, 'manager@demo.test')
    await visit(page, server, path)
    await open_by_button(page, 'View list')
    await expect(page.get_by_test_id('waitlist')).to_be_visible()
    found += await problems(page, f'{path} [View list with a waitlist]', phone)
    await context.close()
    return found


async def test_e1_no_accessibility_violation_of_any_impact_and_no_sideways_scroll_on_any_page_or_window(
    server: Server, browser: Browser
) -> None:
    found: list[str] = []
    for phone in SIZES:
        found += await manager_problems(browser, server, phone)
        found += await mentee_problems(browser, server, phone)
        found += await waitlist_problems(browser, server, phone)
    assert not found, '\n'.join(found)


SMALLEST_TARGET = """names => [...document.querySelectorAll('.q-btn')]
    .filter(b => b.offsetParent && names.some(n => b.innerText.includes(n)))
    .map(b => { const r = b.getBoundingClientRect(); return Math.min(r.width, r.height); })"""
TILE_LEFT_EDGES = """() => [...document.querySelectorAll(
    '[data-testid^="session-tile-"], [data-testid^="mentee-tile-"]')]
    .map(t => Math.round(t.getBoundingClientRect().left))"""


async def smallest_sides(page: Page, server: Server, path: str, names: list[str]) -> list[float]:
    await visit(page, server, path)
    sides: list[float] = await page.evaluate(SMALLEST_TARGET, names)
    assert sides, f'no {names} on {path}'
    return sides


async def test_e1_on_a_phone_primary_actions_are_44px_touch_targets_and_tiles_stack_in_one_column(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser, phone=True)
    await visit(page, server, '/login')
    sides = await page.evaluate(SMALLEST_TARGET, ['Sign in'])
    await sign_in(page, server, 'manager@demo.test')
    await page.get_by_role('tab', name='My mentoring sessions').click()
    details = await first_session_path(page)
    sides += await smallest_sides(page, server, '/', ['Create session'])
    assert len(set(await page.evaluate(TILE_LEFT_EDGES))) == 1, 'the tiles stack in one column'
    sides += await smallest_sides(page, server, details, ['View list', 'Edit'])
    sides += await smallest_sides(page, server, '/sessions/new', ['Add image', 'Add mentor', 'Publish and add link'])
    await context.close()
    context, page = await new_page(browser, phone=True)
    await sign_in(page, server, 'mentee1@demo.test')
    sides += await smallest_sides(page, server, '/explore', ['Enroll'])
    assert len(set(await page.evaluate(TILE_LEFT_EDGES))) == 1, 'the tiles stack in one column'
    assert min(sides) >= 44, sides
    await context.close()


async def test_e1_animations_stop_when_the_system_asks_for_reduced_motion(server: Server, browser: Browser) -> None:
    context, page = await new_page(browser)
    await page.emulate_media(reduced_motion='reduce')
    await sign_in(page, server, 'manager@demo.test')
    duration = await page.evaluate(
        "getComputedStyle(document.querySelector('.q-btn, .q-tab')).transitionDuration.split(',')[0]"
    )
    assert float(duration.removesuffix('s')) <= 0.001, duration
    await context.close()


async def test_e1_dark_mode_follows_the_system_can_be_switched_and_keeps_contrast(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser)
    await page.emulate_media(color_scheme='dark')
    await sign_in(page, server, 'manager@demo.test')
    await page.get_by_role('tab', name='My mentoring sessions').click()
    details = await first_session_path(page)
    found: list[str] = []
    for path in ('/', '/sessions/new', details):
        await visit(page, server, path)
        await expect(page.locator('body.body--dark')).to_have_count(1)  # the system's choice
        found += await problems(page, f'{path} (dark)', False)
    assert not found, '\n'.join(found)
    switch = page.get_by_test_id('theme-switch')
    await expect(switch).to_have_attribute('aria-label', re.compile('follows the system'))
    await switch.click()  # → dark
    await expect(switch).to_have_attribute('aria-label', 'Colour theme: dark. Switch theme')
    await switch.click()  # → light, whatever the system says
    await expect(switch).to_have_attribute('aria-label', 'Colour theme: light. Switch theme')
    await expect(page.locator('body.body--light')).to_have_count(1)
    await visit(page, server, '/')
    await expect(page.locator('body.body--light')).to_have_count(1)  # remembered
    await context.close()


async def test_e1_in_dark_mode_too_no_violation_of_any_impact_on_any_page_or_window_at_both_sizes(
    server: Server, browser: Browser
) -> None:
    found: list[str] = []
    for phone in SIZES:
        found += await manager_problems(browser, server, phone, dark=True)
        found += await mentee_problems(browser, server, phone, dark=True)
        found += await waitlist_problems(browser, server, phone, dark=True)
    assert not found, '\n'.join(found)
