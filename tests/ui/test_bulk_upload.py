"""B1: the "Bulk upload" page as a simulated session manager: upload, progress, the result table."""

from __future__ import annotations

import asyncio
from datetime import date

from nicegui import ui
from nicegui.testing import User

from persistence.demo_data import MANAGER_EMAIL, MENTOR_EMAIL
from tests.bulk_files import create_row, csv_bytes
from tests.ui.conftest import follow_header_link, should_not_see_on_page, sign_in_as

DAY = date(2031, 3, 3)


async def upload(user: User, name: str, data: bytes) -> None:
    uploader = user.find(marker='bulk-upload').elements.pop()
    assert isinstance(uploader, ui.upload)
    await uploader.handle_uploads([ui.upload.SmallFileUpload(name, 'text/csv', data)])


async def results_table(user: User) -> list[dict[str, object]]:
    for _ in range(200):
        try:
            tables = [e for e in user.find(marker='bulk-results').elements if isinstance(e, ui.table)]
        except AssertionError:  # not shown yet
            tables = []
        if tables:
            return list(tables[0].rows)
        await asyncio.sleep(0.05)
    raise AssertionError('no result table')


async def test_b1_a_manager_uploads_a_file_and_sees_each_rows_fate(user: User) -> None:
    await sign_in_as(user, MANAGER_EMAIL)
    await follow_header_link(user, 'Bulk upload')
    await user.should_see('Download sample CSV')
    rows = [create_row(n, MENTOR_EMAIL, DAY) for n in range(4)]
    rows[2]['Date'] = '3 March'
    await upload(user, 'week.csv', csv_bytes(rows))
    await user.should_see('Upload of week.csv', retries=50)
    table = await results_table(user)
    assert [(r['row'], r['outcome']) for r in table] == [
        (2, 'Created'),
        (3, 'Created'),
        (4, 'Refused'),
        (5, 'Created'),
    ]
    assert table[2]['message'] == 'Row 4, column Date: Write the date as YYYY-MM-DD.'
    await user.should_see('4 of 4 rows')
    await user.should_see('1 row refused.')
    await user.should_see('Download results')
    # Reopened later, the page shows the latest upload as stored.
    await user.open('/bulk-upload')
    await user.should_see('Upload of week.csv')
    assert len(await results_table(user)) == 4


async def test_b1_a_bad_file_gets_one_clear_message_and_no_job(user: User) -> None:
    await sign_in_as(user, MANAGER_EMAIL)
    await user.open('/bulk-upload')
    await upload(user, 'sheet.xlsx', b'PK\x03\x04\x00\x00\x00binary')
    await user.should_see('This is not a CSV file.')
    await should_not_see_on_page(user, 'Upload of')


async def test_b1_plain_mentors_are_told_they_may_not_upload(user: User) -> None:
    await sign_in_as(user, MENTOR_EMAIL)
    await user.open('/bulk-upload')
    await user.should_see('upload sessions in bulk')
    await should_not_see_on_page(user, 'Download sample CSV')


async def test_b1_cancel_stops_the_upload_after_the_current_row(user: User) -> None:
    await sign_in_as(user, MANAGER_EMAIL)
    await user.open('/bulk-upload')
    rows = [create_row(n, MENTOR_EMAIL, DAY) for n in range(1000)]
    await upload(user, 'many.csv', csv_bytes(rows))
    await user.should_see('Cancel upload', retries=50)
    user.find('Cancel upload').click()
    await user.should_see('Cancelled: the rows after the last one done were not run.', retries=300)
    table = await results_table(user)
    assert 0 < len(table) < 1000
    await user.should_see(f'{len(table)} of 1,000 rows')
