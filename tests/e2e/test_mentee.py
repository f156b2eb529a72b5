"""M1, M2, L1, E1 in a real Chromium against `python main.py --demo`: the mentee's pages, live."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, Locator, Page, Route, expect

from tests.e2e.conftest import Server, new_page, sign_in

pytestmark = pytest.mark.e2e

PUBLIC_SPEAKING = 'Public speaking for first-time presenters'  # Daniel's, 6 of 20 seats taken
CAREER_CHANGE = 'Career change into software'  # Priya's, 3 of 3 seats taken
SCIENCE = 'Science experiments at home'  # Daniel's, Live, Google Meet
MEET_LINK = 'https://meet.google.com/abc-defg-hij'


async def open_page(page: Page, server: Server, path: str) -> None:
    await page.goto(f'{server.url}{path}')
    await page.wait_for_function('window.did_handshake === true')


async def tile_id(page: Page, title: str) -> int:
    href = await page.get_by_role('link', name=title, exact=True).first.get_attribute('href')
    assert href is not None
    return int(href.rsplit('/', 1)[-1])


async def no_sideways_scrolling(page: Page) -> bool:
    return bool(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'))


async def test_l1_m1_a_mentee_enrolls_from_explore_and_the_mentors_open_pages_count_it_without_reload(
    server: Server, browser: Browser
) -> None:
    mentor_context, home = await new_page(browser)
    await sign_in(home, server, 'mentor@demo.test')
    session_id = await tile_id(home, PUBLIC_SPEAKING)
    await expect(home.get_by_test_id(f'session-tile-{session_id}')).to_contain_text('Mentee count: 6')
    details = await mentor_context.new_page()
    await open_page(details, server, f'/sessions/{session_id}')
    await expect(details.get_by_test_id('mentee-count')).to_have_text('6')

    mentee_context, mentee = await new_page(browser, phone=True)
    await sign_in(mentee, server, 'mentee31@demo.test')
    await open_page(mentee, server, '/explore')
    tile = mentee.get_by_test_id(f'mentee-tile-{session_id}')
    await expect(tile.get_by_test_id(f'seats-left-{session_id}')).to_have_text('14 seats left')
    await tile.get_by_role('button', name='Enroll').click()
    await expect(tile.get_by_test_id('place-enrolled')).to_contain_text('Enrolled')
    await expect(tile.get_by_test_id(f'seats-left-{session_id}')).to_have_text('13 seats left')

    await expect(details.get_by_test_id('mentee-count')).to_have_text('7', timeout=3_000)  # no reload
    await expect(home.get_by_test_id(f'session-tile-{session_id}')).to_contain_text('Mentee count: 7', timeout=3_000)

    full = await tile_id(mentee, CAREER_CHANGE)
    full_tile = mentee.get_by_test_id(f'mentee-tile-{full}')
    await expect(full_tile.get_by_test_id(f'seats-left-{full}')).to_have_text('session seats full')
    await expect(full_tile.get_by_role('button', name='Enroll')).to_have_count(0)  # issue 23 item 2
    await expect(full_tile.get_by_role('button', name='Join waitlist')).to_be_visible()  # W1
    await expect(full_tile.get_by_test_id(f'waitlist-count-{full}')).to_have_text('Waitlist: 0')
    await expect(full_tile.get_by_test_id('place-enrolled')).to_have_count(0)
    assert await no_sideways_scrolling(mentee)
    await mentee_context.close()
    await mentor_context.close()


async def test_m2_join_opens_the_meeting_in_a_new_tab_only_while_live_and_the_link_is_never_in_the_page(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser)

    async def meeting(route: Route) -> None:  # no network here: stand in for Google Meet
        await route.fulfill(status=200, content_type='text/html', body='<title>Meeting</title>')

    await context.route('https://meet.google.com/**', meeting)
    await sign_in(page, server, 'mentee19@demo.test')
    await open_page(page, server, '/my-sessions')
    science = await tile_id(page, SCIENCE)
    tile = page.get_by_test_id(f'mentee-tile-{science}')
    await expect(tile.get_by_test_id('status-live')).to_be_visible()
    await expect(tile.get_by_test_id('place-enrolled')).to_contain_text('Enrolled')
    assert 'meet.google.com' not in await page.content()
    async with context.expect_page() as opening:
        await tile.get_by_role('button', name='Join').click()
    meeting_tab = await opening.value
    await meeting_tab.wait_for_load_state()
    assert meeting_tab.url == MEET_LINK
    await context.close()

    context, page = await new_page(browser)
    await sign_in(page, server, 'mentee1@demo.test')  # enrolled in an Upcoming session with a Zoom link
    await open_page(page, server, '/my-sessions')
    upcoming = page.get_by_test_id(f'mentee-tile-{await tile_id(page, PUBLIC_SPEAKING)}')
    await expect(upcoming.get_by_test_id('status-upcoming')).to_be_visible()
    await expect(upcoming.get_by_role('button', name='Join')).to_have_count(0)
    assert 'zoom.us' not in await page.content()
    await context.close()


@pytest.mark.parametrize('phone', [True, False], ids=['phone', 'laptop'])
async def test_e1_explore_my_sessions_and_inbox_fit_the_screen_without_sideways_scrolling(
    server: Server, browser: Browser, phone: bool
) -> None:
    context, page = await new_page(browser, phone=phone)
    await sign_in(page, server, 'mentee13@demo.test')  # invited to the private cohort (seeded, so no notice)
    for path, heading in (('/explore', 'Explore sessions'), ('/my-sessions', 'My sessions'), ('/inbox', 'Inbox')):
        await open_page(page, server, path)
        await expect(page.get_by_role('heading', name=heading, exact=True)).to_be_visible()
        assert await no_sideways_scrolling(page), path
    await expect(page.get_by_role('link', name='Inbox, 0 unread')).to_be_visible()
    await open_page(page, server, '/explore')
    await page.get_by_label('Search').fill('career')
    await expect(page.get_by_role('link', name=CAREER_CHANGE)).to_be_visible()
    await expect(page.get_by_role('link', name=PUBLIC_SPEAKING)).to_have_count(0)
    await context.close()


async def double_tap(page: Page, button: Locator, gap_ms: int = 250) -> None:
    """Two real taps on the spot where the button is, the second one `gap_ms` after the first (a thumb's double tap)."""
    await button.scroll_into_view_if_needed()
    box = await button.bounding_box()
    assert box is not None
    x, y = box['x'] + box['width'] / 2, box['y'] + box['height'] / 2
    await page.touchscreen.tap(x, y)
    await page.wait_for_timeout(gap_ms)
    await page.touchscreen.tap(x, y)


async def test_m1_a_double_tap_on_enroll_on_a_phone_enrolls_once_and_quietly(server: Server, browser: Browser) -> None:
    context, page = await new_page(browser, phone=True)
    await sign_in(page, server, 'mentee32@demo.test')
    await open_page(page, server, '/explore')
    session_id = await tile_id(page, PUBLIC_SPEAKING)
    tile = page.get_by_test_id(f'mentee-tile-{session_id}')
    await expect(tile.get_by_test_id(f'seats-left-{session_id}')).to_have_text('14 seats left')
    await double_tap(page, tile.get_by_role('button', name='Enroll'))
    await page.wait_for_timeout(1_500)  # whatever the second tap did has landed
    await expect(tile.get_by_test_id('place-enrolled')).to_contain_text('Enrolled')
    await expect(tile.get_by_test_id(f'seats-left-{session_id}')).to_have_text('13 seats left')
    await expect(page.get_by_text('already in this session')).to_have_count(0)
    await expect(tile.get_by_test_id(f'tile-error-{session_id}')).to_have_count(0)
    await expect(tile.get_by_role('button', name='Un-enroll')).to_be_enabled()  # usable again a moment later
    await context.close()
