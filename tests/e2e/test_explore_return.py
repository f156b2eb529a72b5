"""M1, E1 (issue 23 items 8 and 11) in a real Chromium on a phone against `python main.py --demo`: Explore keeps
its search and filters in the address, so Back from a session returns to them, and the details page's back link
says where it goes."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import Server, new_page, sign_in

pytestmark = pytest.mark.e2e

PUBLIC_SPEAKING = 'Public speaking for first-time presenters'  # Daniel's


async def open_page(page: Page, server: Server, path: str) -> None:
    await page.goto(f'{server.url}{path}')
    await page.wait_for_function('window.did_handshake === true')


async def test_m1_the_details_back_link_names_explore_when_one_came_from_there_and_home_otherwise(
    server: Server, browser: Browser
) -> None:
    _, page = await new_page(browser, phone=True)
    await sign_in(page, server, 'mentee31@demo.test')
    await open_page(page, server, '/explore')
    await page.get_by_role('link', name=PUBLIC_SPEAKING, exact=True).first.click()
    await page.wait_for_url(f'{server.url}/sessions/*')
    back = page.get_by_role('link', name='← Explore sessions')
    await expect(back).to_be_visible()
    await expect(page.get_by_role('link', name='← Home')).to_have_count(0)
    await back.click()
    await page.wait_for_url(f'{server.url}/explore')
    await expect(page.get_by_role('heading', name='Explore sessions')).to_be_visible()

    details = await page.get_by_role('link', name=PUBLIC_SPEAKING, exact=True).first.get_attribute('href')
    await open_page(page, server, f'{details}')  # typed in: no list to go back to
    await expect(page.get_by_role('link', name='← Home')).to_be_visible()
    await expect(page.get_by_role('link', name='← Explore sessions')).to_have_count(0)
