"""R5: "Add people from CSV" as a simulated org admin (the bulk upload page's second kind): upload, each row's
fate, the people added on People; everyone else is told they may not."""

from __future__ import annotations

from nicegui.testing import User

from domain.bulk_people import PEOPLE_COLUMNS
from persistence.demo_data import ADMIN_EMAIL, MANAGER_EMAIL
from tests.bulk_files import csv_bytes
from tests.ui.conftest import SLOW, should_not_see_on_page, sign_in_as
from tests.ui.test_bulk_upload import results_table, upload
from tests.ui.test_my_sessions import account


def _person(name: str, email: str, roles: str = 'mentee') -> dict[str, str]:
    organization = account(ADMIN_EMAIL).organization_name
    return {'Name': name, 'E-mail': email, 'Organization': organization, 'Designation': 'Analyst', 'Roles': roles}


async def test_r5_an_org_admin_adds_people_from_a_csv_and_sees_each_rows_fate(user: User) -> None:
    await sign_in_as(user, ADMIN_EMAIL)
    await user.open('/people')
    user.find('Add from CSV').click()
    await user.should_see('Download sample CSV', retries=SLOW)
    rows = [
        _person('Uma Upload', 'uma@demo.test', 'mentor; Session Manager'),
        _person('Again', ' MANAGER@demo.test '),
        _person('Tampered', 'tampered@demo.test', 'mentee;owner'),
        _person('No Address', 'nobody-at-all'),
    ]
    await upload(user, 'staff.csv', csv_bytes(rows, 'cp1252', PEOPLE_COLUMNS, ';'))
    await user.should_see('Upload of staff.csv', retries=SLOW)
    table = await results_table(user)
    assert [(r['row'], r['outcome']) for r in table] == [
        (2, 'Added'),
        (3, 'Already exists'),
        (4, 'Refused'),
        (5, 'Refused'),
    ]
    assert table[1]['message'] == 'manager@demo.test already belongs to Priya Raman.'
    assert str(table[2]['message']).startswith('Row 4, column Roles: "owner" is not a role')
    assert str(table[3]['message']).startswith('Row 5, column E-mail: Not a valid e-mail address')
    await user.should_see('2 rows refused.')
    await user.open('/people')
    user.find(marker='search').type('uma').trigger('keydown.enter')
    await user.should_see('uma@demo.test', retries=SLOW)


async def test_r5_a_sessions_file_is_refused_as_a_whole_on_the_people_upload(user: User) -> None:
    await sign_in_as(user, ADMIN_EMAIL)
    await user.open('/people/upload')
    await upload(user, 'week.csv', csv_bytes([{'Action': 'Create'}]))
    await user.should_see('Unknown columns: Action', retries=SLOW)
    await should_not_see_on_page(user, 'Upload of')


async def test_r5_only_org_admins_may_add_people_from_csv(user: User) -> None:
    await sign_in_as(user, MANAGER_EMAIL)
    await user.open('/people/upload')
    await user.should_see('Only an org admin can add people in bulk.', retries=SLOW)
    await should_not_see_on_page(user, 'Download sample CSV')
