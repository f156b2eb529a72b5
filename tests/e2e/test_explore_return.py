"""M1, E1 (issue 23 items 8 and 11) in a real Chromium on a phone against `python main.py --demo`: Explore keeps
its search and filters in the address, so Back from a session returns to them, and the details page's back link
says where it goes."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect
from sqlalchemy import inspect, text

from persistence.database import make_engine
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


async def test_m1_back_from_a_session_finds_the_search_and_filters_in_the_address(
    server: Server, browser: Browser
) -> None:
    """Issue 23 item 8: the search and the filters live in the address, so Back returns to them."""
    _, page = await new_page(browser, phone=True)
    await sign_in(page, server, 'mentee31@demo.test')
    await open_page(page, server, '/explore?category=Communication')
    await expect(page.get_by_label('Category')).to_have_value('Communication')  # the filter, from the address
    await page.get_by_label('Search').fill('Presenters  PUBLIC')  # every word, in any order, any case
    await page.wait_for_url(f'{server.url}/explore?q=Presenters++PUBLIC&category=Communication')
    await expect(page.get_by_test_id('explore-count')).to_have_text('1 session found')
    await page.get_by_role('link', name=PUBLIC_SPEAKING, exact=True).click()
    await page.wait_for_url(f'{server.url}/sessions/*')
    await page.go_back()
    await page.wait_for_function('window.did_handshake === true')
    await expect(page.get_by_label('Search')).to_have_value('Presenters  PUBLIC')
    await expect(page.get_by_label('Category')).to_have_value('Communication')
    await expect(page.get_by_test_id('explore-count')).to_have_text('1 session found')
    await expect(page.get_by_role('link', name=PUBLIC_SPEAKING, exact=True)).to_be_visible()


async def test_m1_tampered_address_values_are_ignored_and_the_page_still_shows(
    server: Server, browser: Browser
) -> None:
    _, page = await new_page(browser, phone=True)
    await sign_in(page, server, 'mentee31@demo.test')
    for query in (
        'category=%3Cscript%3E&medium=Nope&for=&page=abc',
        'page=-3&q=%00',
        'page=99999999999&q=' + 'x' * 300,
    ):
        await open_page(page, server, f'/explore?{query}')
        await expect(page.get_by_role('heading', name='Explore sessions')).to_be_visible()
        await expect(page.get_by_label('Search')).to_have_value('')
        await expect(page.get_by_test_id('explore-count')).not_to_have_text('0 sessions found')
    assert 'Traceback' not in server.log()


def _twice_as_many_public_sessions(database: Path) -> None:
    """A copy of every Public session, written behind the app's back: two long pages of results on a phone."""
    engine = make_engine(f'sqlite:///{database}')
    try:
        columns = ', '.join(c['name'] for c in inspect(engine).get_columns('sessions') if c['name'] != 'id')
        copy = f"INSERT INTO sessions ({columns}) SELECT {columns} FROM sessions WHERE session_type = 'Public'"  # noqa: S608
        with engine.begin() as connection:
            connection.execute(text(copy))
    finally:
        engine.dispose()


async def test_m1_a_new_page_of_results_starts_at_the_top_of_the_list(
    server: Server, browser: Browser, tmp_path: Path
) -> None:
    """Issue 23 item 8: turning the page from the pager at the bottom shows the new page from its top, just
    below the header."""
    _twice_as_many_public_sessions(tmp_path / 'mentor.db')
    _, page = await new_page(browser, phone=True)
    await sign_in(page, server, 'mentee31@demo.test')
    await open_page(page, server, '/explore')
    next_page = page.get_by_role('button', name='Next page')
    await next_page.scroll_into_view_if_needed()
    await next_page.click()
    await page.wait_for_url(f'{server.url}/explore?page=2')
    await expect(page.get_by_role('button', name='Page 2')).to_have_attribute('aria-current', 'page')
    await page.wait_for_function(
        """() => { const top = document.querySelector('[data-testid=explore-count]').getBoundingClientRect().top;
                   const header = document.querySelector('header').getBoundingClientRect().bottom;
                   return top >= header && top < header + 120; }"""
    )
