"""T1, T3, E3 (issue 22, item 12): the small things a mentor and a session manager read — "1 mentee", the Mentee
list window in the CSV's column order, the CSV's file name in the downloader's zone, and Home's line above the
tiles for a session manager who created sessions for others."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from nicegui import ui
from nicegui.testing import User

from domain.services import enrollment
from domain.services.queries import CSV_HEADER
from tests.ui.conftest import TEST_TIME_ZONE, should_not_see_on_page, sign_in_as
from tests.ui.details_card import press
from tests.ui.test_session_details import CAREER_CHANGE, open_session, session_ids
from ui.context import app_context

# The window's column for each of the CSV's (the CSV numbers its rows; the window needs no "No.").
WINDOW_LABEL = {
    'Name': 'Name',
    'Designation': 'Designation',
    'Organization': 'Organization',
    'E-mail ID': 'E-mail',
    'Enrollment Type': 'Enrolled/Invited',
}


async def open_mentee_list(user: User) -> None:
    await press(user, 'View list')
    await user.should_see(marker='mentee-list-summary', retries=50)


async def test_t3_the_mentee_list_window_shows_its_columns_in_the_order_of_the_csv(user: User) -> None:
    await open_session(user, 'manager@demo.test', CAREER_CHANGE)
    await open_mentee_list(user)
    (table,) = user.find(kind=ui.table).elements
    assert [column['label'] for column in table.columns] == [WINDOW_LABEL[name] for name in CSV_HEADER[1:]]


async def test_t3_one_mentee_is_counted_as_1_mentee(user: User, create_user: Callable[[], User]) -> None:
    (session_id,) = await session_ids('manager@demo.test', create_user, CAREER_CHANGE)
    context = app_context()
    for email in ('mentee10@demo.test', 'mentee11@demo.test'):  # two of its three leave
        with context.uow_factory(read_only=True) as uow:
            mentee = uow.users.by_email(email)
        assert mentee is not None
        await asyncio.to_thread(enrollment.unenroll, context.uow_factory(), mentee, session_id, context.clock())
    await open_session(user, 'manager@demo.test', CAREER_CHANGE)
    await open_mentee_list(user)
    await user.should_see('1 mentee: 1 enrolled, 0 invited')
    await should_not_see_on_page(user, '1 mentees')


async def test_t3_e3_the_csv_file_name_tells_the_time_in_the_downloaders_zone(user: User) -> None:
    session_id = await open_session(user, 'manager@demo.test', CAREER_CHANGE)
    await open_mentee_list(user)
    user.find(kind=ui.button, content='Download').click()
    response = await user.download.next(timeout=10)
    now = app_context().clock().astimezone(ZoneInfo(TEST_TIME_ZONE))
    found = re.search(rf'mentee_list_{session_id}_(\S+)\.csv', response.headers['content-disposition'])
    assert found is not None, response.headers['content-disposition']
    named = datetime.strptime(found.group(1), '%Y-%m-%d_%H-%M-%S').replace(tzinfo=ZoneInfo(TEST_TIME_ZONE))
    assert abs(named - now) < timedelta(minutes=1), (named, now)  # UTC is an hour or two away from Berlin


async def test_t1_home_says_whose_sessions_a_session_manager_sees(user: User, create_user: Callable[[], User]) -> None:
    await sign_in_as(user, 'manager@demo.test')
    await user.should_see('Sessions you mentor or created for others, soonest first.')
    await should_not_see_on_page(user, 'Your sessions as a mentor')
    mentor = create_user()
    await sign_in_as(mentor, 'mentor@demo.test')
    await mentor.should_see('Your sessions as a mentor, soonest first.')
