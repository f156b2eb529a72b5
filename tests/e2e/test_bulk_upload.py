"""B1 in a real Chromium against `python main.py --demo`: a session manager uploads 200 rows (3 of them bad),
watches the progress bar move and downloads the results; the page passes axe at both sizes and both themes."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from playwright.async_api import Browser, FilePayload, Page, expect

from persistence.demo_data import MANAGER_EMAIL, MENTOR_EMAIL
from tests.bulk_files import create_row, csv_bytes
from tests.e2e.conftest import Server, new_page, sign_in
from tests.e2e.test_accessibility import problems

pytestmark = pytest.mark.e2e

DAY = date(2031, 5, 5)
BAD_ROWS = {10: {'Date': 'tomorrow'}, 77: {'Title': ''}, 150: {'Mentor e-mail': 'nobody@demo.test'}}


def two_hundred_rows() -> bytes:
    rows = [create_row(n, MENTOR_EMAIL, DAY, **BAD_ROWS.get(n, {})) for n in range(200)]
    rows[5]['Title'] = '=HYPERLINK("http://evil.example")'
    return csv_bytes(rows, 'utf-8-sig')


async def upload(page: Page, name: str, data: bytes) -> None:
    chooser = page.get_by_test_id('bulk-upload').locator('input[type=file]')
    await chooser.set_input_files(FilePayload(name=name, mimeType='text/csv', buffer=data))


async def progress_values(page: Page) -> list[int]:
    """aria-valuenow of the progress bar, read every 100 ms until the upload has finished."""
    bar = page.get_by_role('progressbar', name='Upload progress')
    await expect(bar).to_be_visible()
    seen: list[int] = []
    for _ in range(600):
        seen.append(int(await bar.get_attribute('aria-valuenow') or '0'))
        if await page.get_by_test_id('bulk-status').inner_text() == 'Finished.':
            seen.append(int(await bar.get_attribute('aria-valuenow') or '0'))
            return seen
        await page.wait_for_timeout(100)
    raise AssertionError(f'the upload did not finish; the bar showed {seen[-5:]}')


async def test_b1_a_manager_uploads_200_rows_watches_the_bar_and_downloads_the_results(
    server: Server, browser: Browser
) -> None:
    context, page = await new_page(browser)
    await sign_in(page, server, MANAGER_EMAIL)
    await page.get_by_role('link', name='Bulk upload').click()
    await expect(page.get_by_role('heading', name='Bulk upload', level=1)).to_be_visible()
    async with page.expect_download() as sample:
        await page.get_by_role('link', name='Download sample CSV').click()
    header = (await (await sample.value).path()).read_text(encoding='utf-8-sig').splitlines()[0]
    assert header.startswith('Action,Session ID,Title,Description,Type,Mentor e-mail,Mentee e-mails,Date')

    await upload(page, 'two-hundred.csv', two_hundred_rows())
    seen = await progress_values(page)
    assert seen[-1] == 200
    assert any(0 < value < 200 for value in seen), f'the bar did not move: {sorted(set(seen))}'
    bar = page.get_by_role('progressbar', name='Upload progress')
    await expect(bar).to_have_attribute('aria-valuetext', '200 of 200 rows')
    await expect(page.get_by_test_id('bulk-count')).to_have_text('200 of 200 rows')
    await expect(page.get_by_test_id('bulk-refused')).to_have_text('3 rows refused.')
    await expect(page.get_by_role('status').filter(has_text='Finished. 200 of 200 rows')).to_have_count(1)

    async with page.expect_download() as results:
        await page.get_by_role('link', name='Download results').click()
    text = (await (await results.value).path()).read_text(encoding='utf-8-sig')
    lines = list(csv.DictReader(io.StringIO(text)))
    assert len(lines) == 200
    refused = [number for number, line in enumerate(lines) if line['Status'] == 'Refused']
    assert refused == sorted(BAD_ROWS)
    assert lines[10]['Message'] == 'Row 12, column Date: Write the date as YYYY-MM-DD.'
    assert lines[5]['Title'] == '\'=HYPERLINK("http://evil.example")'
    results_path = page.url.removeprefix(server.url) + '/results.csv'
    assert re.fullmatch(r'/bulk-upload/\d+/results\.csv', results_path), results_path
    await context.close()

    # R1, T3: the results are the uploader's alone; anonymous requests go to sign-in.
    context, page = await new_page(browser)
    anonymous = await page.request.get(f'{server.url}{results_path}', max_redirects=0)
    assert anonymous.status == 303 and '/login' in anonymous.headers['location']
    await sign_in(page, server, MENTOR_EMAIL)
    other = await page.request.get(f'{server.url}{results_path}')
    assert other.status == 404 and 'Bulk session' not in await other.text()
    await context.close()


async def _finished_job_page(browser: Browser, server: Server, *, phone: bool, dark: bool) -> tuple[Page, object]:
    context, page = await new_page(browser, phone=phone)
    if dark:
        await page.emulate_media(color_scheme='dark')
    await sign_in(page, server, MANAGER_EMAIL)
    await page.goto(f'{server.url}/bulk-upload')
    await page.wait_for_function('window.did_handshake === true')
    return page, context


async def test_b1_the_page_passes_axe_at_both_sizes_and_both_themes(server: Server, browser: Browser) -> None:
    page, context = await _finished_job_page(browser, server, phone=False, dark=False)
    rows = [create_row(n, MENTOR_EMAIL, DAY) for n in range(3)] + [create_row(3, MENTOR_EMAIL, DAY, Date='x')]
    await upload(page, 'small.csv', csv_bytes(rows))
    await expect(page.get_by_test_id('bulk-status')).to_have_text('Finished.')
    await context.close()  # type: ignore[attr-defined]
    found: list[str] = []
    for phone in (False, True):
        for dark in (False, True):
            page, context = await _finished_job_page(browser, server, phone=phone, dark=dark)
            await expect(page.get_by_test_id('bulk-results')).to_be_visible()
            found += await problems(page, f'/bulk-upload{" (dark)" if dark else ""}', phone)
            await context.close()  # type: ignore[attr-defined]
    assert found == [], '\n'.join(found)
