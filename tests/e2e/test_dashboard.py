"""D1 in a real Chromium (laptop and phone): the open dashboard follows a mentee's enrolment in another
browser without reload, figure and chart; axe-core finds nothing in either theme."""

from __future__ import annotations

import asyncio

import pytest
from playwright.async_api import Browser, Locator, Page, expect

from tests.e2e.conftest import Server, new_page, sign_in
from tests.e2e.test_accessibility import problems

pytestmark = pytest.mark.e2e

OFFICE_HOURS = 'Office hours: ask me anything'  # starts in five minutes: inside this month's period
CHART_SEATS_TAKEN = 'el => getElement(el.id.slice(1)).chart.getOption().series[0].data[1]'


def seats_taken(page: Page) -> Locator:
    return page.locator('[data-testid=dashboard-figures] tr', has_text='Seats taken').locator('td').nth(1)


async def open_dashboard(page: Page, server: Server) -> None:
    await sign_in(page, server, 'manager@demo.test')
    await page.goto(f'{server.url}/dashboard')
    await page.wait_for_function('window.did_handshake === true')
    await expect(page.locator('[data-testid=dashboard-figures]')).to_be_visible()


@pytest.mark.parametrize('phone', [False, True], ids=['laptop', 'phone'])
async def test_d1_a_mentee_enrolling_elsewhere_changes_seats_taken_and_its_chart_without_reload(
    browser: Browser, server: Server, phone: bool
) -> None:
    _, manager = await new_page(browser, phone=phone)
    await open_dashboard(manager, server)
    cell = seats_taken(manager)
    before = int(await cell.inner_text())
    chart = manager.locator('[data-testid=chart-seats]')
    assert await chart.evaluate(CHART_SEATS_TAKEN) == before

    _, mentee = await new_page(browser, phone=phone)
    await sign_in(mentee, server, 'mentee40@demo.test')
    await mentee.goto(f'{server.url}/explore')
    tile = mentee.locator('[data-testid^=mentee-tile-]', has_text=OFFICE_HOURS)
    await tile.get_by_role('button', name='Enroll').click()

    await expect(cell).to_have_text(str(before + 1))
    for _ in range(50):  # the chart is drawn from the same state, right after the table
        if await chart.evaluate(CHART_SEATS_TAKEN) == before + 1:
            break
        await asyncio.sleep(0.1)
    assert await chart.evaluate(CHART_SEATS_TAKEN) == before + 1


@pytest.mark.parametrize('dark', [False, True], ids=['light', 'dark'])
async def test_e1_d1_the_dashboard_is_axe_clean_in_both_themes(browser: Browser, server: Server, dark: bool) -> None:
    found = []
    for phone in (False, True):
        _, page = await new_page(browser, phone=phone)
        if dark:
            await page.emulate_media(color_scheme='dark')
        await open_dashboard(page, server)
        found += await problems(page, '/dashboard' + (' (dark)' if dark else ''), phone)
    assert found == []
