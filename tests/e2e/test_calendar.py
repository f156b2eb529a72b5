"""N3 and E1 in a real Chromium against `python main.py --demo`: the personal calendar feed follows an enrollment
made on a phone and dies when revoked; "Add to calendar" downloads the session; the Calendar page passes axe at
both sizes in both themes."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from icalendar import Calendar
from playwright.async_api import Browser, Page, expect

from tests.e2e import test_accessibility as axe_suite
from tests.e2e.conftest import Server, new_page, sign_in
from tests.e2e.test_mentee import PUBLIC_SPEAKING, open_page, tile_id

pytestmark = pytest.mark.e2e


def fetch(url: str, etag: str | None = None) -> tuple[int, bytes, str]:
    """What a calendar app gets: status, body and ETag, with no cookie at all."""
    request = urllib.request.Request(url, headers={'If-None-Match': etag} if etag else {})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.read(), response.headers.get('ETag', '')
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get('ETag', '')


def summaries(body: bytes) -> list[str]:
    return [str(event['SUMMARY']) for event in Calendar.from_ical(body).walk('VEVENT')]


async def new_address(page: Page, server: Server, button: str) -> str:
    """Press the button; the http address behind the new webcal one the page shows (a calendar app's view)."""
    field = page.get_by_test_id('feed-address')
    old = await field.input_value() if await field.count() else ''
    await page.get_by_role('button', name=button).click()
    await expect(field).to_have_value(re.compile(r'^webcal://'))
    await expect(field).not_to_have_value(old)
    return server.url + '/calendar/' + (await field.input_value()).rsplit('/calendar/', 1)[1]


async def test_n3_the_feed_shows_an_enrollment_made_on_a_phone_and_404s_once_revoked(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser, phone=True)
    await sign_in(page, server, 'mentee31@demo.test')
    await open_page(page, server, '/settings/calendar')
    await expect(page.get_by_test_id('feed-state')).to_have_text('Your calendar feed is off.')
    feed = await new_address(page, server, 'Turn on')
    status, body, before = fetch(feed)
    assert status == 200
    assert PUBLIC_SPEAKING not in summaries(body)

    await open_page(page, server, '/explore')
    session_id = await tile_id(page, PUBLIC_SPEAKING)
    tile = page.get_by_test_id(f'mentee-tile-{session_id}')
    await tile.get_by_role('button', name='Enroll').click()
    await expect(tile.get_by_test_id('place-enrolled')).to_contain_text('Enrolled')

    status, body, etag = fetch(feed)
    assert status == 200
    assert PUBLIC_SPEAKING in summaries(body)
    assert etag != before
    assert fetch(feed, etag)[0] == 304  # a calendar app polling with its ETag gets no body

    await open_page(page, server, '/settings/calendar')
    await expect(page.get_by_test_id('feed-state')).to_contain_text('Your calendar feed is on')
    renewed = await new_address(page, server, 'Create a new address')
    assert fetch(feed)[0] == 404
    assert fetch(renewed)[0] == 200
    await page.get_by_role('button', name='Turn off').click()
    await expect(page.get_by_test_id('feed-state')).to_have_text('Your calendar feed is off.')
    assert fetch(renewed)[0] == 404
    await context.close()


async def test_n3_add_to_calendar_on_the_session_page_downloads_its_ics(server: Server, browser: Browser) -> None:
    context, page = await new_page(browser, phone=True)
    await sign_in(page, server, 'mentee1@demo.test')
    await open_page(page, server, '/explore')
    session_id = await tile_id(page, PUBLIC_SPEAKING)
    await open_page(page, server, f'/sessions/{session_id}')
    async with page.expect_download() as waiting:
        await page.get_by_role('button', name='Add to calendar').click()
    download = await waiting.value
    assert download.suggested_filename == f'session-{session_id}.ics'
    path = await download.path()
    assert summaries(path.read_bytes()) == [PUBLIC_SPEAKING]
    await context.close()


async def calendar_page_problems(browser: Browser, server: Server, phone: bool, dark: bool) -> list[str]:
    context, page = await new_page(browser, phone=phone)
    if dark:
        await page.emulate_media(color_scheme='dark')
    await sign_in(page, server, 'mentee1@demo.test')
    await axe_suite.visit(page, server, '/settings/calendar')
    theme = 'dark' if dark else 'light'
    found = await axe_suite.problems(page, f'/settings/calendar off ({theme})', phone)
    await page.get_by_role('button', name='Turn on').click()
    await expect(page.get_by_test_id('feed-address')).to_be_visible()
    found += await axe_suite.problems(page, f'/settings/calendar new address ({theme})', phone)
    await axe_suite.visit(page, server, '/settings/calendar')
    found += await axe_suite.problems(page, f'/settings/calendar on ({theme})', phone)
    await page.get_by_role('button', name='Turn off').click()
    await expect(page.get_by_test_id('feed-state')).to_have_text('Your calendar feed is off.')
    await context.close()
    return found


async def test_e1_n3_the_calendar_page_has_no_serious_violation_at_both_sizes_in_both_themes(
    server: Server, browser: Browser
) -> None:
    found: list[str] = []
    for phone in axe_suite.SIZES:
        for dark in (False, True):
            found += await calendar_page_problems(browser, server, phone, dark)
    assert not found, '\n'.join(found)
