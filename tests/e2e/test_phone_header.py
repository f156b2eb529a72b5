"""E1 (issue 23 item 10) in a real Chromium: on a phone (390×844) the header is one row with a Menu, not two or
three rows of links; the navigation links and the page-number buttons are at least 44 px tall; on a laptop
(1280×800) the links stay in the bar."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import Server, new_page, sign_in
from tests.e2e.test_accessibility import problems

pytestmark = pytest.mark.e2e

ONE_ROW = 64  # px: the tallest one-row header (a 44 px target and its padding)
TOUCH = 44  # px: the smallest height of a touch target


async def _height(page: Page, selector: str) -> float:
    return float(await page.evaluate(f'document.querySelector({selector!r}).getBoundingClientRect().height'))


async def _short_sides(page: Page, selector: str) -> list[str]:
    """Every visible element matching `selector` that is less than TOUCH px tall, with its text and height."""
    return list(
        await page.evaluate(
            """([selector, touch]) => [...document.querySelectorAll(selector)]
                .filter((e) => e.offsetParent !== null)
                .map((e) => [e.getAttribute('aria-label') || e.textContent.trim(), e.getBoundingClientRect().height])
                .filter(([, height]) => height < touch).map(([name, height]) => `${name}: ${height}px`)""",
            [selector, TOUCH],
        )
    )


async def test_e1_the_phone_header_is_one_row_with_a_menu_of_44_px_links(server: Server, browser: Browser) -> None:
    _, page = await new_page(browser, phone=True)
    for email in ('admin@demo.test', 'mentee31@demo.test'):  # the longest list of links, and a mentee's
        await page.context.clear_cookies()
        await sign_in(page, server, email)
        await page.goto(f'{server.url}/explore' if email.startswith('mentee') else f'{server.url}/people')
        await page.wait_for_function('window.did_handshake === true')
        assert await _height(page, 'header') <= ONE_ROW, email
        links = page.get_by_role('navigation', name='Main').get_by_role('link')
        await expect(links.first).to_be_hidden()
        menu = page.get_by_role('button', name='Menu')
        await expect(menu).to_have_attribute('aria-expanded', 'false')
        await menu.click()
        await expect(menu).to_have_attribute('aria-expanded', 'true')
        await expect(links.first).to_be_visible()
        opened = page.locator(f'#{await menu.get_attribute("aria-controls")}')  # the menu it names
        await expect(opened.get_by_role('button', name='Sign out')).to_be_visible()
        assert await _height(page, 'header') <= ONE_ROW  # the menu drops over the page, the bar stays one row
        assert await _short_sides(page, 'header nav a, header a[href="/inbox"], header .q-btn') == [], email
        await expect(page.get_by_role('button', name='Sign out')).to_be_visible()
        assert await problems(page, f'open menu of {email}', phone=True) == []  # axe-core, with the menu open
        await page.keyboard.press('Escape')
        await expect(menu).to_have_attribute('aria-expanded', 'false')
        await expect(links.first).to_be_hidden()
        await expect(menu).to_be_focused()  # back where the keyboard left for the menu
    assert await _short_sides(page, 'nav[aria-label="Result pages"] button') == []  # the mentee's Explore


async def test_e1_on_a_laptop_the_links_stay_in_a_one_row_bar(server: Server, browser: Browser) -> None:
    _, page = await new_page(browser)
    await sign_in(page, server, 'admin@demo.test')
    assert await _height(page, 'header') <= ONE_ROW
    await expect(page.get_by_role('button', name='Menu')).to_be_hidden()
    await expect(page.get_by_role('navigation', name='Main').get_by_role('link', name='People')).to_be_visible()
    await expect(page.get_by_role('button', name='Sign out')).to_be_visible()
    assert await _short_sides(page, 'header nav a, header a[href="/inbox"]') == []
