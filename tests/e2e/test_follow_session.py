"""T1–T3, U1, U4, L1, E1 in a real Chromium against `python main.py --demo`."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import Server, new_page, sign_in

pytestmark = pytest.mark.e2e

PRIVATE_COHORT = 'Leading your first team (private cohort)'
PUBLIC_SPEAKING = 'Public speaking for first-time presenters'
CSV_HEADER = ['No.', 'Name', 'Designation', 'Organization', 'E-mail ID', 'Enrollment Type']


async def open_from_home(page: Page, server: Server, title: str) -> int:
    """Click the session's tile on "My mentoring sessions"; the Session Details page opens."""
    await expect(page.get_by_role('tab', name='My mentoring sessions')).to_be_visible()
    link = page.get_by_role('link', name=title, exact=True)
    href = await link.get_attribute('href')
    assert href is not None
    session_id = int(href.rsplit('/', 1)[-1])
    await page.get_by_test_id(f'session-tile-{session_id}').click()
    await page.wait_for_url(f'{server.url}/sessions/{session_id}')
    await page.wait_for_function('window.did_handshake === true')
    return session_id


async def no_sideways_scrolling(page: Page) -> bool:
    return bool(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'))


async def test_t1_t2_t3_u1_u4_manager_follows_the_private_cohort_downloads_its_list_and_deletes_it(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser)
    await sign_in(page, server, 'manager@demo.test')
    session_id = await open_from_home(page, server, PRIVATE_COHORT)
    await expect(page.get_by_role('heading', name=PRIVATE_COHORT)).to_be_visible()
    await expect(page.get_by_test_id('mentee-count')).to_have_text('4')
    await expect(page.get_by_test_id('when')).to_contain_text('(Europe/Berlin)')

    await page.get_by_role('button', name='View list').click()
    window = page.get_by_role('dialog')
    await expect(window.get_by_text('Mentee list', exact=True)).to_be_visible()
    await expect(window.get_by_role('cell', name='Invited')).to_have_count(4)
    async with page.expect_download() as waiting:
        await window.get_by_role('button', name='Download').click()
    download = await waiting.value
    assert re.fullmatch(rf'mentee_list_{session_id}_\d{{4}}-\d\d-\d\d_\d\d-\d\d-\d\d\.csv', download.suggested_filename)
    rows = list(csv.reader(io.StringIO((await download.path()).read_bytes().decode('utf-8-sig'))))
    assert rows[0] == CSV_HEADER
    assert sorted(row[1] for row in rows[1:]) == ['Fatima Al-Sayed', "Liam O'Connor", 'Mei Chen', 'Noah Fischer']
    assert [row[0] for row in rows[1:]] == ['1', '2', '3', '4']
    assert {row[5] for row in rows[1:]} == {'Invited'}
    assert all(row[4].endswith('@demo.test') for row in rows[1:])
    await window.get_by_role('button', name='Close').click()

    await page.get_by_role('button', name='Edit').click()
    await page.wait_for_url(f'{server.url}/sessions/{session_id}/edit')
    await expect(page.get_by_text('Edit session details').first).to_be_visible()
    await page.wait_for_function('window.did_handshake === true')
    edited = f'{PRIVATE_COHORT}, part 2'
    await page.get_by_label('Session title').fill(edited)
    await page.get_by_role('button', name='Save', exact=True).click()
    await expect(page.get_by_text('The session details are updated.').first).to_be_visible()

    await page.goto(f'{server.url}/sessions/{session_id}')
    await page.wait_for_function('window.did_handshake === true')
    await expect(page.get_by_role('heading', name=edited)).to_be_visible()
    await page.get_by_role('button', name='Delete').click()
    await page.get_by_role('button', name='Yes delete').click()
    await page.wait_for_url(f'{server.url}/')
    await expect(page.get_by_role('tab', name='My mentoring sessions')).to_be_visible()
    await expect(page.get_by_role('link', name='Career change into software')).to_be_visible()
    await expect(page.get_by_role('link', name=edited)).to_have_count(0)
    await context.close()


# What the server's `SessionCard.show_counts` makes the browser run, with counts of our choosing.
SEND_COUNTS = """(counts) => {
  const card = document.querySelector('[data-testid=mentee-count]').closest('.q-card');
  runMethod(Number(card.id.slice(1)), 'show_counts', [counts]);
}"""


async def test_l1_mentor_s_open_page_shows_the_new_mentee_count_when_a_mentee_enrolls_in_another_browser(
    server: Server, browser: Browser
) -> None:
    mentor_context, mentor = await new_page(browser)
    await sign_in(mentor, server, 'mentor@demo.test')
    session_id = await open_from_home(mentor, server, PUBLIC_SPEAKING)
    await expect(mentor.get_by_test_id('mentee-count')).to_have_text('6')

    mentee_context, mentee = await new_page(browser, phone=True)
    await sign_in(mentee, server, 'mentee30@demo.test')
    await mentee.goto(f'{server.url}/sessions/{session_id}')
    await mentee.wait_for_function('window.did_handshake === true')
    await expect(mentee.get_by_test_id('seats-left')).to_have_text('14 of 20')
    await mentee.get_by_role('button', name='Enroll', exact=True).click()
    await expect(mentee.get_by_text('You are enrolled in this session.')).to_be_visible()

    await expect(mentor.get_by_test_id('mentee-count')).to_have_text('7', timeout=3_000)  # no reload
    await expect(mentor.get_by_test_id('seats-left')).to_have_text('13 of 20')
    # P11: the counts come alone, numbered; counts older than what the page was last sent never show (events of
    # two commits, or a rebuild of the card and a count, may arrive in either order).
    for version, shown in ((0, '7'), (10**12, '999')):
        await mentor.evaluate(SEND_COUNTS, {'version': version, 'mentees': '999', 'seats': '0 of 20'})
        await expect(mentor.get_by_test_id('mentee-count')).to_have_text(shown)
    await mentee_context.close()
    await mentor_context.close()


async def test_e1_home_and_session_details_fit_a_phone_without_sideways_scrolling(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser, phone=True)
    await sign_in(page, server, 'mentor@demo.test')
    await expect(page.get_by_role('link', name=PUBLIC_SPEAKING)).to_be_visible()
    assert await no_sideways_scrolling(page)
    await open_from_home(page, server, PUBLIC_SPEAKING)
    await expect(page.get_by_test_id('mentee-count')).to_have_text('6')
    assert await no_sideways_scrolling(page)
    await page.get_by_role('button', name='View list').click()
    await expect(page.get_by_role('dialog').get_by_text('Zoë Müller')).to_be_visible()
    assert await no_sideways_scrolling(page)
    await context.close()
