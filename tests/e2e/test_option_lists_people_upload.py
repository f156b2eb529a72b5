"""R7 and R5's bulk add in a real Chromium against one shared `python main.py --demo`: an org admin adds, renames
and retires option list items (live on a second open page; the retired item leaves the session form's picker),
adds people from a CSV on a phone and downloads the results; both pages pass axe-core at both sizes and themes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from playwright.async_api import Browser, Locator, Page, expect

from domain.bulk_people import PEOPLE_COLUMNS
from persistence.demo_data import ADMIN_EMAIL, MANAGER_EMAIL
from tests.bulk_files import csv_bytes
from tests.e2e.conftest import Server, new_page, sign_in, start_server, stop_server
from tests.e2e.test_accessibility import SIZES, close_window, problems, visit
from tests.e2e.test_bulk_upload import upload

pytestmark = pytest.mark.e2e


@pytest.fixture(scope='module')
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One demo server for every test of this module (each test uses its own items and addresses)."""
    running = start_server(tmp_path_factory.mktemp('option-lists'))
    yield running
    stop_server(running)


def _item(page: Page, kind: str, label: str) -> Locator:
    return page.get_by_test_id(f'list-{kind}').get_by_role('listitem').filter(has_text=label)


async def test_r7_an_org_admin_adds_renames_and_retires_items_live_and_the_picker_follows(
    demo: Server, browser: Browser
) -> None:
    context, page = await new_page(browser)
    await sign_in(page, demo, ADMIN_EMAIL)
    await page.get_by_role('link', name='Option lists').click()
    await expect(page.get_by_role('heading', name='Option lists', level=1)).to_be_visible()
    watcher_context, watcher = await new_page(browser)
    await sign_in(watcher, demo, ADMIN_EMAIL)
    await visit(watcher, demo, '/option-lists')

    box = page.get_by_test_id('new-categories')
    await box.fill('  robotics  ')
    await box.press('Enter')
    await expect(_item(page, 'categories', 'robotics')).to_have_count(1)
    await expect(_item(watcher, 'categories', 'robotics')).to_have_count(1)  # L1: live on the other page
    await box.fill('ROBOTICS')
    await box.press('Enter')
    await expect(page.get_by_text('"robotics" is already in Categories.')).to_be_visible()
    await expect(box).to_have_value('ROBOTICS')  # nothing typed is lost

    await page.get_by_role('button', name='Rename robotics').click()
    window = page.get_by_role('dialog')
    await window.get_by_label('New name').fill('Robotics & coding')
    await window.get_by_role('button', name='Save').click()
    await expect(page.get_by_role('dialog')).to_have_count(0)
    await expect(_item(watcher, 'categories', 'Robotics & coding')).to_have_count(1)
    await page.get_by_role('button', name='Retire Robotics & coding').click()
    await expect(_item(watcher, 'categories', 'Robotics & coding').get_by_text('Retired')).to_be_visible()
    await watcher_context.close()
    await context.close()

    context, page = await new_page(browser)
    await sign_in(page, demo, MANAGER_EMAIL)
    await visit(page, demo, '/sessions/new')
    await page.get_by_role('button', name='+Select Categories').click()
    window = page.get_by_role('dialog')
    await expect(window.get_by_role('checkbox', name='Leadership')).to_be_visible()
    await expect(window.get_by_role('checkbox', name='Robotics & coding')).to_have_count(0)
    await context.close()


def _people_file() -> bytes:
    rows = [
        {'Name': 'Pia Phone', 'E-mail': 'pia@demo.test', 'Organization': 'Northwind Learning Trust', 'Roles': 'mentee'},
        {
            'Name': '=cmd()',
            'E-mail': 'MANAGER@demo.test',
            'Organization': 'Northwind Learning Trust',
            'Roles': 'mentee',
        },
        {'Name': 'Root', 'E-mail': 'root@demo.test', 'Organization': 'Northwind Learning Trust', 'Roles': 'admin'},
    ]
    return csv_bytes(rows, 'utf-8-sig', PEOPLE_COLUMNS, ';')


async def test_r5_an_org_admin_adds_people_from_a_csv_on_a_phone_and_downloads_the_results(
    demo: Server, browser: Browser
) -> None:
    context, page = await new_page(browser, phone=True)
    await sign_in(page, demo, ADMIN_EMAIL)
    await visit(page, demo, '/people')
    await page.get_by_role('button', name='Add from CSV').click()
    await expect(page.get_by_role('heading', name='Add people from CSV', level=1)).to_be_visible()
    async with page.expect_download() as sample:
        await page.get_by_role('link', name='Download sample CSV').click()
    header = (await (await sample.value).path()).read_text(encoding='utf-8-sig').splitlines()[0]
    assert header == ','.join(PEOPLE_COLUMNS)

    await upload(page, 'staff.csv', _people_file())
    await page.wait_for_url('**/people/upload/*')
    await expect(page.get_by_test_id('bulk-status')).to_have_text('Finished.', timeout=30_000)
    await expect(page.get_by_test_id('bulk-refused')).to_have_text('1 row refused.')
    table = page.get_by_test_id('bulk-results')
    await expect(table.get_by_text('manager@demo.test already belongs to Priya Raman.')).to_be_visible()
    await expect(table.get_by_text('Row 4, column Roles: "admin" is not a role', exact=False)).to_be_visible()
    async with page.expect_download() as results:
        await page.get_by_role('link', name='Download results').click()
    text = (await (await results.value).path()).read_text(encoding='utf-8-sig')
    lines = list(csv.DictReader(io.StringIO(text)))
    assert [line['Status'] for line in lines] == ['Added', 'Already exists', 'Refused']
    assert lines[1]['Name'] == "'=cmd()"  # formula-safe
    await visit(page, demo, '/people')
    await page.get_by_label('Search').fill('pia@demo.test')
    await page.get_by_label('Search').press('Enter')
    await expect(page.get_by_text('Pia Phone')).to_be_visible()
    await context.close()


async def _pages_problems(browser: Browser, server: Server, phone: bool, dark: bool) -> list[str]:
    context, page = await new_page(browser, phone=phone)
    if dark:
        await page.emulate_media(color_scheme='dark')
    await sign_in(page, server, ADMIN_EMAIL)
    await visit(page, server, '/option-lists')
    found = await problems(page, '/option-lists', phone)
    await page.get_by_role('button', name='Retire Swahili').click()
    await expect(_item(page, 'medium', 'Swahili').get_by_text('Retired')).to_be_visible()
    await page.get_by_test_id('new-medium').fill('English')
    await page.get_by_test_id('new-medium').press('Enter')
    await expect(page.get_by_text('"English" is already in Medium.')).to_be_visible()
    found += await problems(page, '/option-lists [retired item, refusal]', phone)
    await page.get_by_role('button', name='Rename English').click()
    await expect(page.get_by_role('dialog')).to_be_visible()
    await page.wait_for_timeout(400)
    found += await problems(page, '/option-lists [Rename]', phone)
    await close_window(page)
    await page.get_by_role('button', name='Restore Swahili').click()
    await expect(_item(page, 'medium', 'Swahili').get_by_text('Retired')).to_have_count(0)
    await visit(page, server, '/people/upload')
    found += await problems(page, '/people/upload', phone)
    await upload(page, 'a11y.csv', _people_file())
    await page.wait_for_url('**/people/upload/*')
    await page.wait_for_function('window.did_handshake === true')
    await expect(page.get_by_test_id('bulk-status')).to_have_text('Finished.', timeout=30_000)
    found += await problems(page, '/people/upload/{job} [results]', phone)
    await context.close()
    return found


@pytest.mark.parametrize('dark', [False, True], ids=['light', 'dark'])
@pytest.mark.parametrize('phone', SIZES, ids=['laptop-1280x800', 'phone-390x844'])
async def test_e1_r5_r7_option_lists_and_people_upload_have_no_accessibility_violation(
    demo: Server, browser: Browser, phone: bool, dark: bool
) -> None:
    assert await _pages_problems(browser, demo, phone, dark) == []
