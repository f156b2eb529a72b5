"""A1, F1, L1, E1 in real Chromium against `python main.py --demo`: a session completes (made to end in a few
seconds, as the completion test of test_live.py does), its attendee rates it on a phone from the inbox, and the
mentor's open session page shows the new average and the comment — as text — without a reload. The new windows
(the Mentee list with attendance, My sessions' request, both feedback forms, the summary) are axe-clean in light and
dark mode."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from domain.entities import MeetingInfo, Platform
from domain.services import enrollment, running
from tests.e2e.conftest import Server, new_page, sign_in
from tests.e2e.test_accessibility import problems
from tests.e2e.test_live import Backstage, open_page

pytestmark = pytest.mark.e2e

TITLE = 'Rate me in a moment'
XSS = '<img src=x onerror="document.title=`pwned`">'


def _rating_count(backstage: Backstage, email: str) -> int:
    with backstage.factory(read_only=True) as uow:
        return uow.feedback.mentor_ratings(backstage.user(email).id).count


async def _axe(page: Page, where: str, phone: bool) -> list[str]:
    found = []
    for scheme in ('light', 'dark'):  # E1: both schemes
        await page.emulate_media(color_scheme=scheme)
        await page.wait_for_timeout(300)
        found += await problems(page, f'{where} ({scheme})', phone)
    await page.emulate_media(color_scheme='light')
    return found


async def test_f1_an_attendee_rates_on_a_phone_and_the_mentors_open_page_shows_the_new_average(
    server: Server, browser: Browser, tmp_path: Path
) -> None:
    backstage = Backstage(f'sqlite:///{tmp_path / "mentor.db"}')
    end_at = datetime.now(UTC) + timedelta(seconds=25)
    start_at = end_at - timedelta(minutes=30)
    session_id = backstage.create(TITLE, start_at, 30, seat_limit=10, now=start_at - timedelta(minutes=1))
    manager, mentee = backstage.user('manager@demo.test'), backstage.user('mentee31@demo.test')
    enrollment.enroll(backstage.factory(), mentee, session_id, start_at)
    running.edit_meeting(backstage.factory(), manager, session_id, MeetingInfo(Platform.GOOGLE_MEET,
                         'https://meet.google.com/abc-defg-hij'), start_at)  # fmt: skip
    running.start_session(backstage.factory(), manager, session_id, start_at)
    enrollment.join_session(backstage.factory(), mentee, session_id, start_at + timedelta(minutes=1))  # A1
    before = _rating_count(backstage, 'manager@demo.test')

    mentor_context, mentor = await new_page(browser)
    await sign_in(mentor, server, 'manager@demo.test')
    await open_page(mentor, server, f'/sessions/{session_id}')
    await expect(mentor.get_by_test_id('mentor-rating')).to_contain_text(f'from {before} ratings')
    await expect(mentor.get_by_test_id('attendance-count')).to_have_text('1 / 1 enrolled')
    await mentor.get_by_role('button', name='View list').click()
    await expect(mentor.get_by_test_id('attendance-summary')).to_have_text('1 / 1 attended')
    found = await _axe(mentor, 'Mentee list with attendance', False)
    await mentor.keyboard.press('Escape')

    phone_context, phone = await new_page(browser, phone=True)
    await sign_in(phone, server, 'mentee31@demo.test')
    await open_page(phone, server, '/inbox')
    wait_ms = (end_at - datetime.now(UTC)).total_seconds() * 1000 + 8_000
    await expect(phone.get_by_text(f'How was {TITLE}?')).to_be_visible(timeout=wait_ms)  # the clock completed it
    await open_page(phone, server, '/my-sessions')
    await expect(phone.get_by_test_id('feedback-waiting')).to_contain_text(f'How was {TITLE}?')
    found += await _axe(phone, 'My sessions asking for feedback', True)
    await open_page(phone, server, '/inbox')
    await phone.get_by_role('link', name='Give feedback').first.click()
    await phone.wait_for_function('window.did_handshake === true')
    await expect(phone.get_by_role('heading', name=f'How was {TITLE}?')).to_be_visible()
    found += await _axe(phone, 'Feedback form', True)
    await phone.get_by_role('radio', name='5 – excellent').click()
    await phone.get_by_label('What went well? (optional)').fill(XSS)
    await phone.get_by_role('button', name='Submit').click()
    await expect(phone.get_by_test_id('give-feedback')).to_have_text('Change your feedback')

    await expect(mentor.get_by_test_id('mentor-rating')).to_contain_text(f'from {before + 1} ratings')  # no reload
    await expect(mentor.get_by_text(f'Went well: {XSS}')).to_be_visible()  # a comment is text, never markup
    assert await mentor.title() != 'pwned'
    found += await _axe(mentor, 'Session page with its rating summary', False)
    await mentor.get_by_test_id('give-feedback').click()  # the mentor's own short form
    await expect(mentor.get_by_text('How engaged were the mentees?')).to_be_visible()
    found += await _axe(mentor, "Mentor's short form", False)
    assert found == []
    assert 'Traceback' not in server.log()
    backstage.close()
    for context in (mentor_context, phone_context):
        await context.close()
