"""T2, T3, U2–U4, M1, M2, L1: the Session Details page and the Mentee list window, as a simulated user."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections.abc import Callable

import pytest
from nicegui import ui
from nicegui.testing import User

from domain import rules
from domain.entities import EnrollmentType, MeetingInfo, Platform
from domain.ports import RosterChange, SessionChanged
from domain.services import running
from tests.ui.conftest import should_not_see_on_page, should_see_on_page, sign_in_as
from tests.ui.details_card import offered, press, said, the_card, until_not_offered, until_offered
from tests.ui.test_home import clock_ahead_until, end_of, tile_id
from ui import live
from ui.components.session_card import SessionCard
from ui.context import app_context
from ui.pages import session_details

PRIVATE_COHORT = 'Leading your first team (private cohort)'
CAREER_CHANGE = 'Career change into software'  # the manager's Public session, 3 of 3 seats taken
PUBLIC_SPEAKING = 'Public speaking for first-time presenters'  # Daniel's, 6 enrolled
OFFICE_HOURS = 'Office hours: ask me anything'  # Daniel's, starts in 5 minutes
SCIENCE = 'Science experiments at home'  # Daniel's, Live, Google Meet
ENROLLED = EnrollmentType.ENROLLED
CSV_HEADER = ['No.', 'Name', 'Designation', 'Organization', 'E-mail ID', 'Enrollment Type']


async def open_session(user: User, email: str, title: str) -> int:
    """Sign in as a mentor and open the page a session's tile on "My mentoring sessions" leads to."""
    await sign_in_as(user, email)
    session_id = tile_id(user, title)
    await user.open(f'/sessions/{session_id}')
    await should_see_on_page(user, 'Mentee count', retries=50)  # the card is there
    return session_id


async def session_ids(email: str, create_user: Callable[[], User], *titles: str) -> list[int]:
    helper = create_user()
    await sign_in_as(helper, email)
    return [tile_id(helper, title) for title in titles]


async def test_t2_details_show_every_detail_mentee_count_and_view_list(user: User) -> None:
    await open_session(user, 'manager@demo.test', PRIVATE_COHORT)
    for text in (PRIVATE_COHORT, 'Upcoming', 'Private session', 'Priya Raman', 'Europe/Berlin', 'Description',
                 'a practical, friendly session', 'Recommended for', 'Team leads', 'Categories', 'Leadership',
                 'Medium', 'English', 'Meeting platform', 'BigBlueButton', 'View list', 'Edit', 'Delete'):  # fmt: skip
        await should_see_on_page(user, text)
    assert said(user, 'mentee-count') == '4'
    assert said(user, 'seats-left') == '16 of 20'
    await should_not_see_on_page(user, 'Start session')  # three days ahead: not yet startable (U2)


async def test_t2_a_missing_session_says_so_instead_of_failing(user: User) -> None:
    await sign_in_as(user, 'mentor@demo.test')
    response = await user.http_client.get('/sessions/99999')
    assert response.status_code == 404
    assert 'This session does not exist or is not visible to you.' in response.text
    assert 'Back to Home' in response.text


async def test_t2_a_session_address_that_is_no_number_gets_the_same_not_found_page(user: User) -> None:
    await sign_in_as(user, 'mentor@demo.test')
    for path in ('/sessions/abc', '/sessions/abc/edit', '/sessions/abc/feedback', '/sessions/12abc'):
        response = await user.http_client.get(path)
        assert response.status_code == 404
        assert 'This session does not exist or is not visible to you.' in response.text
        assert 'Back to Home' in response.text
        assert 'HTTPException' not in response.text


async def test_t2_a_private_session_is_not_visible_to_a_mentee_who_was_not_invited(
    user: User, create_user: Callable[[], User]
) -> None:
    (private,) = await session_ids('manager@demo.test', create_user, PRIVATE_COHORT)
    await sign_in_as(user, 'mentee1@demo.test')
    for path in (f'/sessions/{private}', f'/sessions/{private}/edit'):
        response = await user.http_client.get(path)
        assert response.status_code == 404
        assert 'This session does not exist or is not visible to you.' in response.text
        assert PRIVATE_COHORT not in response.text


async def test_t3_view_list_shows_each_mentee_with_enrolled_or_invited(user: User) -> None:
    await open_session(user, 'manager@demo.test', PRIVATE_COHORT)
    await press(user, 'View list')
    await user.should_see('Mentee list')
    await user.should_see(marker='mentee-list-summary', retries=50)
    (table,) = user.find(kind=ui.table).elements
    names = {row['name']: row for row in table.rows}
    assert set(names) == {'Noah Fischer', 'Fatima Al-Sayed', "Liam O'Connor", 'Mei Chen'}
    assert {row['kind'] for row in table.rows} == {'Invited'}
    assert names['Mei Chen']['email'] == 'mentee16@demo.test'
    assert [column['label'] for column in table.columns] == [
        'Name', 'Designation', 'Organization', 'E-mail', 'Enrolled/Invited'
    ]  # fmt: skip


async def test_w1_t3_the_mentee_list_window_shows_the_waitlist_in_order_and_the_manager_removes_one(
    user: User, create_user: Callable[[], User]
) -> None:
    (session_id,) = await session_ids('manager@demo.test', create_user, CAREER_CHANGE)
    for email in ('mentee1@demo.test', 'mentee2@demo.test'):
        mentee = create_user()
        await sign_in_as(mentee, email)
        await mentee.open(f'/sessions/{session_id}')
        await press(mentee, 'Join waitlist')
        await should_see_on_page(mentee, 'on the waitlist.', retries=50)
    await open_session(user, 'manager@demo.test', CAREER_CHANGE)
    await press(user, 'View list')
    await user.should_see('Waitlist (2)', retries=50)
    await user.should_see('1. ', retries=5)
    first, second = sorted(label.text for label in user.find(kind=ui.label, content='@demo.test)').elements)
    assert first.startswith('1. ') and 'mentee1@demo.test' in first
    assert second.startswith('2. ') and 'mentee2@demo.test' in second
    user.find(marker='waitlist-remove-2').click()  # the second in line
    await user.should_see('Waitlist (1)', retries=50)
    await should_not_see_on_page(user, 'mentee2@demo.test')


async def test_t3_download_gives_the_mentee_list_as_csv_with_the_agreed_header_and_file_name(user: User) -> None:
    session_id = await open_session(user, 'manager@demo.test', CAREER_CHANGE)
    await press(user, 'View list')
    await user.should_see('Download', retries=30)
    user.find(kind=ui.button, content='Download').click()
    response = await user.download.next(timeout=10)
    assert response.status_code == 200
    assert response.headers['content-type'] == 'text/csv; charset=utf-8'
    assert response.headers['x-content-type-options'] == 'nosniff'
    disposition = response.headers['content-disposition']
    assert re.fullmatch(rf'attachment; filename="mentee_list_{session_id}_\d{{4}}-\d\d-\d\d_\d\d-\d\d-\d\d\.csv"',
                        disposition), disposition  # fmt: skip
    rows = list(csv.reader(io.StringIO(response.content.decode('utf-8-sig'))))
    assert rows[0] == CSV_HEADER
    assert [row[0] for row in rows[1:]] == ['1', '2', '3']
    assert {row[1] for row in rows[1:]} == {'Inés Fernández', 'Rahul Verma', 'Chloé Dubois'}
    assert {row[5] for row in rows[1:]} == {'Enrolled'}


@pytest.mark.parametrize(
    ('email', 'title', 'status'),
    [
        ('mentee1@demo.test', CAREER_CHANGE, 403),  # a mentee may see the Public session, not its list
        ('mentee1@demo.test', PRIVATE_COHORT, 404),  # nor may they learn that a Private one exists
        ('mentor@demo.test', CAREER_CHANGE, 403),  # another mentor
        ('mentor@demo.test', PRIVATE_COHORT, 404),
    ],
)
async def test_t3_only_the_sessions_managers_may_download_its_mentee_list(
    user: User, create_user: Callable[[], User], email: str, title: str, status: int
) -> None:
    (session_id,) = await session_ids('manager@demo.test', create_user, title)
    await sign_in_as(user, email)
    response = await user.http_client.get(f'/sessions/{session_id}/mentees.csv')
    assert response.status_code == status
    assert title not in response.text
    assert 'mentee' not in response.text.lower()


async def test_t3_anonymous_download_is_sent_to_sign_in(user: User) -> None:
    response = await user.http_client.get('/sessions/1/mentees.csv')
    assert response.status_code == 303
    assert response.headers['location'].startswith('/login')


async def test_u2_mentor_starts_the_session_in_its_start_window_and_it_shows_live(user: User) -> None:
    await open_session(user, 'mentor@demo.test', OFFICE_HOURS)
    await should_see_on_page(user, 'Upcoming')
    await press(user, 'Start session')
    await should_see_on_page(user, 'End session', retries=50)
    await should_see_on_page(user, 'Live')
    await should_not_see_on_page(user, 'Start session')
    await until_not_offered(user, 'Delete')  # U4: only until it starts


async def test_u4_delete_after_yes_delete_cancels_the_session_and_it_leaves_the_home_tab(user: User) -> None:
    await open_session(user, 'mentor@demo.test', PUBLIC_SPEAKING)
    await press(user, 'Delete')
    await user.should_see('No, keep it')
    user.find(kind=ui.button, content='Yes delete').click()
    await user.should_see('The session is cancelled.', retries=50)
    await user.should_see('My mentoring sessions', retries=50)
    await should_not_see_on_page(user, PUBLIC_SPEAKING)


async def test_u4_no_keep_it_keeps_the_session(user: User) -> None:
    await open_session(user, 'mentor@demo.test', PUBLIC_SPEAKING)
    await press(user, 'Delete')
    user.find(kind=ui.button, content='No, keep it').click()
    await user.open('/')
    await should_see_on_page(user, PUBLIC_SPEAKING)


async def test_m1_mentee_enrolls_then_un_enrolls_and_the_seats_follow(
    user: User, create_user: Callable[[], User]
) -> None:
    (session_id,) = await session_ids('mentor@demo.test', create_user, PUBLIC_SPEAKING)
    await sign_in_as(user, 'mentee30@demo.test')
    await user.open(f'/sessions/{session_id}')
    assert said(user, 'seats-left') == '14 of 20'
    await press(user, 'Enroll')
    await should_see_on_page(user, 'You are enrolled in this session.', retries=50)
    assert said(user, 'seats-left') == '13 of 20'
    await asyncio.sleep(1.2)  # the buttons wait a moment after an action, shown disabled (M1: a double tap)
    await press(user, 'Un-enroll')
    await user.should_see('Un-enroll from this session?')  # the window is built when first asked for (P11)
    user.find(kind=ui.button, content='Yes, un-enroll').click()  # asked first (issue 23 item 5)
    await should_see_on_page(user, 'Enroll', retries=50)
    await should_not_see_on_page(user, 'You are enrolled in this session.', retries=50)


async def test_m1_w1_a_full_session_says_seats_full_and_offers_the_waitlist_instead_of_enroll(
    user: User, create_user: Callable[[], User]
) -> None:
    (session_id,) = await session_ids('manager@demo.test', create_user, CAREER_CHANGE)
    await sign_in_as(user, 'mentee1@demo.test')
    await user.open(f'/sessions/{session_id}')
    await should_see_on_page(user, 'session seats full', retries=50)
    await should_not_see_on_page(user, 'Enroll')
    await press(user, 'Join waitlist')
    await should_see_on_page(user, 'You are number 1 on the waitlist.', retries=50)
    await asyncio.sleep(1.2)  # the buttons wait a moment after an action, shown disabled (M1: a double tap)
    await press(user, 'Leave waitlist')
    await should_see_on_page(user, 'Join waitlist', retries=50)
    await should_not_see_on_page(user, 'on the waitlist.', retries=50)


async def test_w1_l1_a_mentee_in_line_is_enrolled_live_when_a_seat_is_freed_elsewhere(
    user: User, create_user: Callable[[], User]
) -> None:
    (session_id,) = await session_ids('manager@demo.test', create_user, CAREER_CHANGE)
    await sign_in_as(user, 'mentee1@demo.test')
    await user.open(f'/sessions/{session_id}')
    await press(user, 'Join waitlist')
    await should_see_on_page(user, 'You are number 1 on the waitlist.', retries=50)
    leaver = create_user()
    await sign_in_as(leaver, 'mentee10@demo.test')  # one of the three enrolled
    await leaver.open(f'/sessions/{session_id}')
    await should_see_on_page(leaver, 'You are enrolled in this session.', retries=50)
    await press(leaver, 'Un-enroll')
    await leaver.should_see('Un-enroll from this session?')  # the window is built when first asked for (P11)
    leaver.find(kind=ui.button, content='Yes, un-enroll').click()  # asked first (issue 23 item 5)
    await should_see_on_page(leaver, 'Join waitlist', retries=50)  # the freed seat went to the first in line at once
    await should_see_on_page(user, 'You are enrolled in this session.', retries=50)
    await should_not_see_on_page(user, 'on the waitlist.')
    await should_not_see_on_page(user, 'You joined the waitlist.')  # said of the line, answered by the seat (E2)


async def test_m1_an_invited_mentee_is_told_why_there_is_no_un_enroll(
    user: User, create_user: Callable[[], User]
) -> None:
    (session_id,) = await session_ids('manager@demo.test', create_user, PRIVATE_COHORT)
    await sign_in_as(user, 'mentee13@demo.test')
    await user.open(f'/sessions/{session_id}')
    await should_see_on_page(user, 'You are invited to this session.')
    await should_see_on_page(user, 'only the session manager can take you off its list')
    await should_not_see_on_page(user, 'View list')


async def test_m2_enrolled_mentee_joins_a_live_session_and_the_meeting_link_opens_in_a_new_tab(
    user: User, create_user: Callable[[], User], monkeypatch: pytest.MonkeyPatch
) -> None:
    (session_id,) = await session_ids('mentor@demo.test', create_user, SCIENCE)
    await sign_in_as(user, 'mentee19@demo.test')
    await user.open(f'/sessions/{session_id}')
    await should_see_on_page(user, 'https://meet.google.com/abc-defg-hij')  # Live: the link is shown to its mentees
    opened: list[tuple[object, bool]] = []
    monkeypatch.setattr(user.navigate, 'to', lambda target, new_tab=False: opened.append((target, new_tab)))
    await press(user, 'Join')
    for _ in range(50):
        if opened:
            break
        await asyncio.sleep(0.1)
    assert opened == [('https://meet.google.com/abc-defg-hij', True)]


async def test_m2_a_mentee_does_not_see_the_link_before_the_session_is_live(
    user: User, create_user: Callable[[], User]
) -> None:
    (session_id,) = await session_ids('mentor@demo.test', create_user, PUBLIC_SPEAKING)
    await sign_in_as(user, 'mentee1@demo.test')
    await user.open(f'/sessions/{session_id}')
    await should_see_on_page(user, 'The meeting link is shown here once the mentor starts the session.')
    await should_not_see_on_page(user, 'zoom.us')


async def test_l1_mentor_s_open_details_page_shows_the_new_mentee_count_when_a_mentee_enrolls(
    create_user: Callable[[], User],
) -> None:
    mentor, mentee = create_user(), create_user()
    session_id = await open_session(mentor, 'mentor@demo.test', PUBLIC_SPEAKING)
    assert said(mentor, 'mentee-count') == '6'
    await press(mentor, 'View list')
    await mentor.should_see('6 mentees: 6 enrolled, 0 invited', retries=30)
    await sign_in_as(mentee, 'mentee30@demo.test')
    await mentee.open(f'/sessions/{session_id}')
    await press(mentee, 'Enroll')
    await mentor.should_see('7 mentees: 7 enrolled, 0 invited', retries=50)  # the open Mentee list window too
    assert said(mentor, 'mentee-count') == '7'
    (table,) = mentor.find(kind=ui.table).elements
    assert 'Leila Karimi' in {row['name'] for row in table.rows}


async def wait_for_text(user: User, marker: str, text: str) -> None:
    for _ in range(50):
        if said(user, marker) == text:
            return
        await asyncio.sleep(0.1)
    assert said(user, marker) == text


async def test_p2_l1_an_enrollment_sets_the_counts_in_place_on_every_open_page_of_the_mentor(
    create_user: Callable[[], User],
) -> None:
    first_tab, second_tab, mentee = create_user(), create_user(), create_user()
    session_id = await open_session(first_tab, 'mentor@demo.test', PUBLIC_SPEAKING)
    await open_session(second_tab, 'mentor@demo.test', PUBLIC_SPEAKING)  # one viewer, two pages: one read
    tabs = (first_tab, second_tab)
    cards_before = [(the_card(tab), the_card(tab).card, the_card(tab).actions) for tab in tabs]
    await sign_in_as(mentee, 'mentee30@demo.test')
    await mentee.open(f'/sessions/{session_id}')
    await press(mentee, 'Enroll')
    for tab in (first_tab, second_tab):
        await wait_for_text(tab, 'mentee-count', '7')
        assert said(tab, 'seats-left') == '13 of 20'
    # Only the figures changed: the same card, its data and buttons untouched; the counts were sent alone (P2).
    assert [(the_card(tab), the_card(tab).card, the_card(tab).actions) for tab in tabs] == cards_before


async def test_p2_l1_a_roster_change_shows_its_figures_at_once_and_a_read_confirms_them_afterwards(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The figures an enrollment's event carries are shown without a read; when the changes stop, one read
    confirms them, so that a page never keeps figures from events that arrived out of order."""
    monkeypatch.setattr(session_details, 'CONFIRM_AFTER_SECONDS', 0.3)
    session_id = await open_session(user, 'mentor@demo.test', PUBLIC_SPEAKING)
    assert (said(user, 'mentee-count'), said(user, 'seats-left')) == ('6', '14 of 20')
    # An event out of step with the database (as when an older commit's event arrives last): only a page that
    # shows the event's figures without reading can show 9.
    live.deliver([SessionChanged(session_id, RosterChange(mentee_id=999, enrollment=ENROLLED, mentee_count=9))])
    await wait_for_text(user, 'seats-left', '11 of 20')
    assert said(user, 'mentee-count') == '9'
    await wait_for_text(user, 'mentee-count', '6')  # the confirming read
    assert said(user, 'seats-left') == '14 of 20'


async def test_u3_details_page_turns_completed_when_the_end_time_passes_without_a_reload(user: User) -> None:
    session_id = await open_session(user, 'mentor@demo.test', SCIENCE)
    clock_ahead_until(end_of(session_id))
    await user.open(f'/sessions/{session_id}')
    await should_see_on_page(user, 'End session')
    await should_see_on_page(user, 'Completed', retries=60)
    await should_not_see_on_page(user, 'End session')
    await should_not_see_on_page(user, 'Join')


async def test_u3_mentor_ends_a_live_session_and_it_shows_completed(user: User) -> None:
    await open_session(user, 'mentor@demo.test', SCIENCE)
    await press(user, 'End session')
    await user.should_see('End this session?')  # the window is built when first asked for (P11)
    user.find(kind=ui.button, content='Yes, end session').click()
    await should_see_on_page(user, 'Completed', retries=50)
    await until_not_offered(user, 'End session')


def use_bigbluebutton(session_id: int, mentor_email: str) -> None:
    """Test set-up through the service a mentor uses: the session's platform becomes BigBlueButton."""
    context = app_context()
    with context.uow_factory(read_only=True) as uow:
        mentor = uow.users.by_email(mentor_email)
    assert mentor is not None
    running.edit_meeting(
        context.uow_factory(), mentor, session_id, MeetingInfo(Platform.BIGBLUEBUTTON), context.clock()
    )


async def test_u2_e2_starting_on_bigbluebutton_without_a_configured_server_says_so_beside_the_buttons(
    user: User,
) -> None:
    session_id = await open_session(user, 'mentor@demo.test', OFFICE_HOURS)
    use_bigbluebutton(session_id, 'mentor@demo.test')
    await should_see_on_page(user, 'BigBlueButton', retries=50)  # the open page followed the change (L1)
    await press(user, 'Start session')
    await should_see_on_page(user, rules.BIGBLUEBUTTON_UNAVAILABLE, retries=50)
    assert said(user, 'action-error') == rules.BIGBLUEBUTTON_UNAVAILABLE
    await should_see_on_page(user, 'Upcoming')


async def test_u4_l1_an_open_details_page_says_so_when_the_session_is_deleted_elsewhere(
    create_user: Callable[[], User],
) -> None:
    watcher, manager = create_user(), create_user()
    session_id = await open_session(watcher, 'mentor@demo.test', PUBLIC_SPEAKING)
    await sign_in_as(manager, 'manager@demo.test')  # a session manager manages every session
    await manager.open(f'/sessions/{session_id}')
    await press(manager, 'Delete')
    await manager.should_see('Delete this session?')  # the window is built when first asked for (P11)
    manager.find(kind=ui.button, content='Yes delete').click()
    # The simulation sends ui.navigate to whichever user was touched last: let the manager's page leave first.
    await manager.should_see('Create session', retries=50)
    await should_see_on_page(watcher, 'This session was cancelled or is no longer visible to you.', retries=50)
    await until_not_offered(watcher, 'View list')


async def test_s1_a_change_reaches_only_the_pages_of_its_session(
    user: User, create_user: Callable[[], User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """S1: an update costs what the pages that show its session cost: a page of another session (its card and
    its mentee list) is not even called, and the session's page still shows the change. P11: a Mentee list
    window never opened is not built and hears nothing."""
    heard: list[object] = []  # the page of each call
    on_session = live.Follow._on_session

    def counting(follow: live.Follow[object], change: SessionChanged) -> object:
        heard.append(ui.context.client)
        return on_session(follow, change)

    monkeypatch.setattr(live.Follow, '_on_session', counting)
    shown = await open_session(user, 'mentor@demo.test', PUBLIC_SPEAKING)
    other_page = create_user()
    await open_session(other_page, 'mentor@demo.test', SCIENCE)
    live.deliver([SessionChanged(shown, RosterChange(mentee_id=999, enrollment=ENROLLED, mentee_count=9))])
    await wait_for_text(user, 'mentee-count', '9')
    # The shown session's card and its aftermath (A1, F1); its Mentee list follows once it was opened (P11).
    assert heard.count(user.client) == 2
    assert other_page.client not in heard


async def test_u3_end_session_asks_first_and_keep_it_running_keeps_it_live(user: User) -> None:
    await open_session(user, 'mentor@demo.test', SCIENCE)
    await press(user, 'End session')
    await user.should_see('End this session?', retries=50)
    user.find(kind=ui.button, content='No, keep it running').click()
    await should_see_on_page(user, 'Live')
    await should_not_see_on_page(user, 'Completed')
    await press(user, 'End session')
    await user.should_see('End this session?')  # the window is built when first asked for (P11)
    user.find(kind=ui.button, content='Yes, end session').click()
    await should_see_on_page(user, 'Completed', retries=50)


async def test_p11_an_open_session_details_page_holds_few_elements(user: User) -> None:
    """P11: each NiceGUI element costs the server about 5 KiB for as long as its page is open (docs/performance.md,
    P11). The mentor's page of an upcoming session, with the header every page has, its buttons and the aftermath
    panel: 142 elements at first, 60 before the header's links and names became markup, 43 before the header and
    the card were each drawn from data by one element, 11 since (a blank page has 5)."""
    await open_session(user, 'mentor@demo.test', PUBLIC_SPEAKING)
    await user.should_see('After the session', retries=50)  # the aftermath panel's read is in
    assert user.client is not None
    assert len(user.client.elements) <= 11
    assert list(the_card(user).descendants()) == []
    assert {'View list', 'Edit', 'Delete'} <= set(the_card(user).texts)


async def test_m1_u4_the_card_acts_only_on_a_button_it_offers_now(user: User, create_user: Callable[[], User]) -> None:
    """The browser is not trusted to send only the buttons it was shown: a mentee's page sent "Delete" or "Edit"
    does nothing, and neither does a second "Enroll" while the first settles (M1: a double tap acts once)."""
    (session_id,) = await session_ids('mentor@demo.test', create_user, PUBLIC_SPEAKING)
    await sign_in_as(user, 'mentee30@demo.test')
    await user.open(f'/sessions/{session_id}')
    await should_see_on_page(user, 'Enroll', retries=50)  # the card offers it
    for forged in ('Delete', 'Edit', 'Start session', 'Un-enroll', 'no such button'):
        user.find(kind=SessionCard).trigger('act', {'action': forged})
    user.find(kind=SessionCard).trigger('act', 'not even an object')
    await asyncio.sleep(0.3)
    await should_not_see_on_page(user, 'Delete this session?')
    assert (said(user, 'mentee-count'), offered(user)) == ('6', ['Enroll'])  # still here, nothing done
    await press(user, 'Enroll')
    await should_see_on_page(user, 'You are enrolled.', retries=50)
    assert offered(user) == []  # waiting a moment, shown disabled
    user.find(kind=SessionCard).trigger('act', {'action': 'Un-enroll'})  # the double tap's second half
    await asyncio.sleep(0.1)
    await should_not_see_on_page(user, 'Un-enroll from this session?')
    await until_offered(user, 'Un-enroll')
    assert said(user, 'mentee-count') == '7'
