"""T1, T2, T3, M1, M2: session lists, the Session Details page and the mentee list."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from domain.entities import (
    EnrollmentType,
    MeetingInfo,
    MentoringSession,
    Platform,
    Role,
    SessionStatus,
    SessionSummary,
    SessionType,
)
from domain.errors import NotFound, PermissionDenied
from domain.ports import ExploreQuery
from domain.services._shared import visible_session
from domain.services.authoring import create_session, delete_session
from domain.services.enrollment import enroll, join_waitlist, unenroll
from domain.services.queries import (
    explore_sessions,
    mentee_list,
    mentee_list_csv,
    my_mentee_sessions,
    my_mentoring_sessions,
    session_details,
    view_after_roster_change,
)
from domain.services.running import edit_meeting, end_session, start_session
from tests.unit.support import END, NOW, START, make_draft, publish

MEET = MeetingInfo(Platform.GOOGLE_MEET, 'https://meet.google.com/abc-defg-hij')
DAY = timedelta(days=1)


def on_day(uow, actor, day: int, **changes):
    return publish(uow, actor, start_at=START + day * DAY, end_at=END + day * DAY, **changes)


def titles(page) -> list[str]:
    return [summary.session.title for summary in page.items]


# --- T1, M2 ---------------------------------------------------------------------------------------


def test_t1_upcoming_and_live_soonest_first_completed_most_recent_first(uow, people) -> None:
    for day, title in [(2, 'Third'), (0, 'First'), (1, 'Second')]:
        on_day(uow, people.mentor, day, title=title)
    assert titles(my_mentoring_sessions(uow, people.mentor, NOW, finished=False)) == ['First', 'Second', 'Third']
    later = END + 2 * DAY
    assert titles(my_mentoring_sessions(uow, people.mentor, later, finished=True)) == ['Third', 'Second', 'First']
    assert my_mentoring_sessions(uow, people.mentor, later, finished=False).total == 0


def test_t1_tiles_carry_the_mentee_count_and_the_live_session_stays_in_the_current_list(uow, people) -> None:
    session = publish(uow, people.mentor)
    enroll(uow, people.mentees[0], session.id, NOW)
    start_session(uow, people.mentor, session.id, START)
    page = my_mentoring_sessions(uow, people.mentor, START, finished=False)
    assert [(t.session.id, t.mentee_count, t.mentor_name) for t in page.items] == [(session.id, 1, 'Tom Mentor')]


def test_t1_list_is_paged(uow, people) -> None:
    for day in range(5):
        on_day(uow, people.mentor, day, title=f'Talk {day}')
    page = my_mentoring_sessions(uow, people.mentor, NOW, finished=False, page=2, per_page=2)
    assert titles(page) == ['Talk 2', 'Talk 3']
    assert (page.total, page.page_count) == (5, 3)


def test_t1_only_mentors_have_mentoring_sessions(uow, people) -> None:
    with pytest.raises(PermissionDenied):
        my_mentoring_sessions(uow, people.mentees[0], NOW, finished=False)


def test_t1_another_mentors_sessions_are_not_in_my_list(uow, people) -> None:
    publish(uow, people.other_mentor)
    assert my_mentoring_sessions(uow, people.mentor, NOW, finished=False).total == 0


def test_m2_mentee_sees_enrolled_and_invited_sessions(uow, people) -> None:
    ana = people.mentees[0]
    on_day(uow, people.manager, 0, title='Invited', session_type=SessionType.PRIVATE, mentee_ids=(ana.id,))
    enrolled = on_day(uow, people.mentor, 1, title='Enrolled')
    on_day(uow, people.other_mentor, 2, title='Not mine')
    enroll(uow, ana, enrolled.id, NOW)
    assert titles(my_mentee_sessions(uow, ana, NOW, finished=False)) == ['Invited', 'Enrolled']
    assert titles(my_mentee_sessions(uow, ana, END + DAY, finished=True)) == ['Enrolled', 'Invited']


# --- M1 -------------------------------------------------------------------------------------------


def test_m1_explore_lists_public_sessions_not_ended_with_seats_left(uow, people) -> None:
    public = on_day(uow, people.manager, 1, title='Public', seat_limit=3)
    on_day(
        uow, people.manager, 0, title='Private', session_type=SessionType.PRIVATE, mentee_ids=(people.mentees[0].id,)
    )
    enroll(uow, people.mentees[1], public.id, NOW)
    page = explore_sessions(uow, people.mentees[2], ExploreQuery(), NOW)
    assert titles(page) == ['Public']
    assert page.items[0].seats_left == 2
    assert explore_sessions(uow, people.mentees[2], ExploreQuery(), END + 2 * DAY).total == 0


def test_m1_explore_searches_title_and_mentor_name_ignoring_case(uow, people) -> None:
    on_day(uow, people.mentor, 0, title='Data Science basics')
    on_day(uow, people.other_mentor, 1, title='Leadership')
    mentee = people.mentees[0]
    assert titles(explore_sessions(uow, mentee, ExploreQuery(text=' science '), NOW)) == ['Data Science basics']
    assert titles(explore_sessions(uow, mentee, ExploreQuery(text='OLGA'), NOW)) == ['Leadership']


def test_m1_explore_filters_by_category_medium_and_recommended_for(uow, people) -> None:
    on_day(uow, people.mentor, 0, title='A', categories=('Leadership',), medium=('Hindi',))
    on_day(uow, people.mentor, 1, title='B', recommended_for=('Team leads',))
    mentee = people.mentees[0]
    assert titles(explore_sessions(uow, mentee, ExploreQuery(category='Leadership'), NOW)) == ['A']
    assert titles(explore_sessions(uow, mentee, ExploreQuery(medium='Hindi'), NOW)) == ['A']
    assert titles(explore_sessions(uow, mentee, ExploreQuery(recommended_for='Team leads'), NOW)) == ['B']


def test_m1_explore_page_size_is_kept_within_bounds(uow, people) -> None:
    assert explore_sessions(uow, people.mentees[0], ExploreQuery(page=0, per_page=10_000), NOW).per_page == 100


# --- T2 -------------------------------------------------------------------------------------------


def test_t2_mentor_sees_everything_and_may_manage_before_the_start(uow, people) -> None:
    session = publish(uow, people.mentor)
    edit_meeting(uow, people.mentor, session.id, MEET, NOW)
    view = session_details(uow, people.mentor, session.id, NOW)
    assert (view.status, view.mentor, view.meeting) == (SessionStatus.UPCOMING, people.mentor, MEET)
    assert view.may_manage and view.may_edit_details and view.may_edit_meeting and view.may_delete
    assert not (view.may_start or view.may_end or view.may_enroll or view.may_join)
    assert session_details(uow, people.mentor, session.id, START - timedelta(minutes=10)).may_start


def test_t2_mentee_sees_no_link_before_live_and_may_enroll(uow, people) -> None:
    session = publish(uow, people.mentor)
    edit_meeting(uow, people.mentor, session.id, MEET, NOW)
    view = session_details(uow, people.mentees[0], session.id, NOW)
    assert view.meeting is None
    assert view.may_enroll and not (view.may_manage or view.may_unenroll or view.may_join)


def test_m2_enrolled_mentee_gets_the_link_and_may_join_only_while_live(uow, people) -> None:
    session = publish(uow, people.mentor)
    edit_meeting(uow, people.mentor, session.id, MEET, NOW)
    ana = people.mentees[0]
    enroll(uow, ana, session.id, NOW)
    before = session_details(uow, ana, session.id, NOW)
    assert before.viewer_enrollment is EnrollmentType.ENROLLED
    assert (before.meeting, before.may_join, before.may_unenroll, before.may_enroll) == (None, False, True, False)
    start_session(uow, people.mentor, session.id, START)
    live = session_details(uow, ana, session.id, START)
    assert (live.status, live.meeting, live.may_join, live.may_unenroll) == (SessionStatus.LIVE, MEET, True, False)
    assert session_details(uow, people.mentor, session.id, START).may_end
    end_session(uow, people.mentor, session.id, START + timedelta(minutes=30))
    done = session_details(uow, ana, session.id, START + timedelta(minutes=31))
    assert (done.status, done.meeting, done.may_join) == (SessionStatus.COMPLETED, None, False)


def test_t2_other_mentor_sees_a_public_session_but_not_its_link(uow, people) -> None:
    session = publish(uow, people.mentor)
    view = session_details(uow, people.other_mentor, session.id, NOW)
    assert view.meeting is None
    assert not (view.may_manage or view.may_enroll or view.may_delete)


def test_t2_w1_full_session_offers_the_waitlist_instead_of_enroll_and_the_place_in_line(uow, people) -> None:
    session = publish(uow, people.manager, seat_limit=1)
    enroll(uow, people.mentees[0], session.id, NOW)
    view = session_details(uow, people.mentees[1], session.id, NOW)
    assert view.summary.seats_left == 0
    assert view.may_join_waitlist and not view.may_enroll
    join_waitlist(uow, people.mentees[1], session.id, NOW)
    view = session_details(uow, people.mentees[1], session.id, NOW)
    assert (view.waitlist_position, view.waitlist_size, view.may_join_waitlist) == (1, 1, False)
    assert not session_details(uow, people.mentees[0], session.id, NOW).may_join_waitlist  # enrolled already


def test_m1_w1_a_full_session_that_started_offers_neither_enroll_nor_the_waitlist(uow, people) -> None:
    """Issue 23 item 2: the page says "session seats full" instead of an "Enroll" that could only be refused."""
    session = publish(uow, people.manager, seat_limit=1)
    enroll(uow, people.mentees[0], session.id, NOW)
    view = session_details(uow, people.mentees[1], session.id, START)
    assert not view.may_enroll and not view.may_join_waitlist
    assert view.says_seats_full


def test_m1_session_seats_full_is_said_to_whoever_could_not_take_a_seat_until_the_session_completes(
    uow, people
) -> None:
    session = publish(uow, people.manager, seat_limit=1)
    assert not session_details(uow, people.mentees[1], session.id, NOW).says_seats_full  # a seat is free
    enroll(uow, people.mentees[0], session.id, NOW)
    saying = {
        'another mentee': session_details(uow, people.mentees[1], session.id, NOW).says_seats_full,
        'the enrolled mentee': session_details(uow, people.mentees[0], session.id, NOW).says_seats_full,
        'its session manager': session_details(uow, people.manager, session.id, NOW).says_seats_full,
        'another mentee, once completed': session_details(uow, people.mentees[1], session.id, END).says_seats_full,
    }
    assert saying == {
        'another mentee': True,
        'the enrolled mentee': False,
        'its session manager': False,
        'another mentee, once completed': False,
    }


def test_t2_private_session_is_not_found_for_outsiders_and_unknown_ids_too(uow, people) -> None:
    session = publish(uow, people.manager, session_type=SessionType.PRIVATE, mentee_ids=(people.mentees[0].id,))
    assert session_details(uow, people.mentees[0], session.id, NOW).viewer_enrollment is EnrollmentType.INVITED
    for outsider in (people.mentees[1], people.other_mentor):
        with pytest.raises(NotFound, match='does not exist or is not visible'):
            session_details(uow, outsider, session.id, NOW)
    with pytest.raises(NotFound):
        session_details(uow, people.manager, 999, NOW)


def details_as_before(uow, viewer, session_id: int):
    """What session_details read before P2, call by call: NotFound, or (summary, mentor, enrollment)."""
    try:
        with uow:
            session = visible_session(uow, viewer, session_id)
            mentor = uow.users.get(session.mentor_id)
            assert mentor is not None
            seats_taken = len(uow.enrollments.mentee_ids(session.id))
            return (
                SessionSummary(session, mentor_name=mentor.name, mentee_count=seats_taken),
                mentor,
                uow.enrollments.get(session.id, viewer.id),
            )
    except NotFound:
        return NotFound


def details_now(uow, viewer, session_id: int):
    try:
        view = session_details(uow, viewer, session_id, NOW)
    except NotFound:
        return NotFound
    enrollment = uow.enrollments.get(session_id, viewer.id)
    assert view.viewer_enrollment == (None if enrollment is None else enrollment.enrollment_type)
    return view.summary, view.mentor, enrollment


def test_p2_details_in_one_read_show_and_hide_what_the_call_by_call_reads_did(uow, people) -> None:
    """T2, M1 visibility kept by P2's single read: public, private (invited or enrolled), deleted, unknown ids."""
    public = publish(uow, people.mentor)
    enroll(uow, people.mentees[0], public.id, NOW)
    private = publish(uow, people.manager, session_type=SessionType.PRIVATE, mentee_ids=(people.mentees[1].id,))
    deleted = on_day(uow, people.mentor, 1)
    delete_session(uow, people.mentor, deleted.id, NOW)
    viewers = [people.manager, people.mentor, people.other_mentor, *people.mentees, people.admin]
    found = 0
    for session_id in (public.id, private.id, deleted.id, 0, -1, 999, 2**63):
        for viewer in viewers:
            before = details_as_before(uow, viewer, session_id)
            assert details_now(uow, viewer, session_id) == before, (session_id, viewer.name)
            found += before is not NotFound
    assert found == len(viewers) + 3  # the public one for all; the private one for its manager, invitee, admin


@pytest.mark.parametrize('moment', [NOW, START - timedelta(minutes=5), START + timedelta(minutes=5)])
def test_p2_the_view_after_a_roster_change_is_the_view_a_read_gives(uow, people, publisher, moment) -> None:
    """M1, P2: an open page works out its new view from the event's roster change instead of reading it; for
    every viewer, after an enrollment and after an un-enrollment, it equals what session_details reads."""
    session = publish(uow, people.mentor)
    enroll(uow, people.mentees[1], session.id, NOW)
    if moment > START:
        start_session(uow, people.mentor, session.id, START)
    viewers = [people.manager, people.mentor, people.other_mentor, *people.mentees, people.admin]
    for change in (enroll, unenroll) if moment < START else (enroll,):  # no un-enrolling once it started
        before = {viewer.id: session_details(uow, viewer, session.id, moment) for viewer in viewers}
        change(uow, people.mentees[0], session.id, NOW)
        roster = publisher.events[-1].roster
        assert roster is not None
        for viewer in viewers:
            worked_out = view_after_roster_change(before[viewer.id], viewer, roster, moment)
            assert worked_out == session_details(uow, viewer, session.id, moment), (change.__name__, viewer.name)


# --- T3 -------------------------------------------------------------------------------------------


def crowded_session(uow, people) -> MentoringSession:
    session = create_session(
        uow, people.manager, make_draft(mentor_id=people.mentor.id, mentee_ids=(people.mentees[1].id,)), NOW
    )
    enroll(uow, people.mentees[0], session.id, NOW)
    return session


def test_t3_mentee_list_shows_each_mentee_and_how_they_came(uow, people) -> None:
    session = crowded_session(uow, people)
    entries = mentee_list(uow, people.mentor, session.id)
    assert [(e.mentee.name, e.mentee.organization_name, e.mentee.designation, e.enrollment_type) for e in entries] == [
        ('Ana Mentee', 'Acme', 'Analyst', EnrollmentType.ENROLLED),
        ('Björn Mentee', 'Globex', 'Engineer', EnrollmentType.INVITED),
    ]


def test_t3_only_mentor_creator_and_session_managers_see_the_mentee_list(uow, people) -> None:
    session = crowded_session(uow, people)
    assert len(mentee_list(uow, people.manager, session.id)) == 2
    for outsider in (people.other_mentor, people.mentees[0]):
        with pytest.raises(PermissionDenied):
            mentee_list(uow, outsider, session.id)
        with pytest.raises(PermissionDenied):
            mentee_list_csv(uow, outsider, session.id, NOW)


def test_t3_csv_has_the_agreed_name_columns_and_a_byte_order_mark(uow, people) -> None:
    session = crowded_session(uow, people)
    at = datetime(2030, 1, 7, 14, 5, 9, tzinfo=UTC)
    filename, data = mentee_list_csv(uow, people.mentor, session.id, at)
    assert filename == f'mentee_list_{session.id}_2030-01-07_14-05-09.csv'
    assert data.startswith(b'\xef\xbb\xbf')
    rows = list(csv.reader(io.StringIO(data.decode('utf-8-sig'))))
    assert rows == [
        ['No.', 'Name', 'Designation', 'Organization', 'E-mail ID', 'Enrollment Type'],
        ['1', 'Ana Mentee', 'Analyst', 'Acme', 'ana@example.org', 'Enrolled'],
        ['2', 'Björn Mentee', 'Engineer', 'Globex', 'björn@example.org', 'Invited'],
    ]


def test_t3_csv_neutralises_formulas_in_names(uow, people) -> None:
    evil = uow.users.add('=HYPERLINK("http://x")', 'evil@example.org', 1, '+cmd', frozenset({Role.MENTEE}), 'x')
    session = publish(uow, people.mentor)
    enroll(uow, evil, session.id, NOW)
    _, data = mentee_list_csv(uow, people.mentor, session.id, NOW)
    row = list(csv.reader(io.StringIO(data.decode('utf-8-sig'))))[1]
    assert row[1:3] == ['\'=HYPERLINK("http://x")', "'+cmd"]
