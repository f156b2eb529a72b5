"""C10, U2, U3: meeting information, starting, ending and the background jobs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.entities import MeetingInfo, Platform, SessionStatus
from domain.errors import InvalidInput, PermissionDenied, WrongState
from domain.ports import InboxChanged, SessionChanged
from domain.services.authoring import delete_session
from domain.services.enrollment import enroll, join_session
from domain.services.queries import my_mentoring_sessions, session_details
from domain.services.running import (
    complete_due_sessions,
    edit_meeting,
    end_session,
    send_starting_soon_notices,
    start_session,
)
from tests.fakes import FakeMeetingRooms
from tests.unit.support import END, NOW, START, publish, texts

ZOOM = MeetingInfo(Platform.ZOOM, 'https://us02web.zoom.us/j/12345678901', '123-4567-8901', 'pass')
MEET = MeetingInfo(Platform.GOOGLE_MEET, 'https://meet.google.com/abc-defg-hij')


def test_c10_default_meeting_platform_is_bigbluebutton(uow, people) -> None:
    assert publish(uow, people.mentor, meeting=None).meeting == MeetingInfo(Platform.BIGBLUEBUTTON)


def test_c10_mentor_sets_a_zoom_meeting_with_a_clean_id(uow, people, publisher) -> None:
    session = publish(uow, people.mentor)
    saved = edit_meeting(uow, people.mentor, session.id, ZOOM, NOW)
    assert saved.meeting.meeting_id == '12345678901'
    assert session_details(uow, people.mentor, session.id, NOW).meeting == saved.meeting
    assert publisher.events[-1] == SessionChanged(session.id)


def test_c10_bad_link_is_refused_on_the_link_field_and_nothing_changes(uow, people) -> None:
    session = publish(uow, people.mentor, meeting=None)
    with pytest.raises(InvalidInput) as refusal:
        edit_meeting(uow, people.mentor, session.id, MeetingInfo(Platform.WHATSAPP, 'https://evil.example'), NOW)
    assert refusal.value.field == 'link'
    assert session_details(uow, people.mentor, session.id, NOW).meeting == MeetingInfo()


def test_u2_meeting_can_change_while_live_but_not_after_completion(uow, people) -> None:
    session = publish(uow, people.mentor)
    start_session(uow, people.mentor, session.id, START)
    assert edit_meeting(uow, people.mentor, session.id, MEET, START + timedelta(minutes=5)).meeting == MEET
    with pytest.raises(WrongState, match='has ended'):
        edit_meeting(uow, people.mentor, session.id, ZOOM, END)


def test_c10_only_managers_of_the_session_change_the_meeting(uow, people) -> None:
    session = publish(uow, people.mentor)
    for outsider in (people.other_mentor, people.mentees[0]):
        with pytest.raises(PermissionDenied):
            edit_meeting(uow, outsider, session.id, MEET, NOW)
    assert edit_meeting(uow, people.manager, session.id, MEET, NOW).meeting == MEET


def test_u2_mentor_starts_from_10_minutes_before_and_it_shows_live(uow, people, publisher) -> None:
    session = publish(uow, people.mentor)
    enroll(uow, people.mentees[0], session.id, NOW)
    with pytest.raises(WrongState, match='from 10 minutes before'):
        start_session(uow, people.mentor, session.id, START - timedelta(minutes=11))
    at = START - timedelta(minutes=10)
    assert start_session(uow, people.mentor, session.id, at).started_at == at
    assert session_details(uow, people.mentees[0], session.id, at).status is SessionStatus.LIVE
    assert texts(uow, people.mentees[0]) == ['Career talk is Live now. Join from the session page.']
    assert InboxChanged(people.mentees[0].id) in publisher.events


def test_u2_only_the_sessions_own_mentor_starts_it(uow, people) -> None:
    session = publish(uow, people.manager, mentor_id=people.mentor.id)
    for other in (people.manager, people.other_mentor):
        with pytest.raises(PermissionDenied, match="Only the session's mentor can start it"):
            start_session(uow, other, session.id, START)


def test_u2_starting_twice_is_refused(uow, people) -> None:
    session = publish(uow, people.mentor)
    start_session(uow, people.mentor, session.id, START)
    with pytest.raises(WrongState, match='already started'):
        start_session(uow, people.mentor, session.id, START + timedelta(minutes=1))


def test_u3_mentor_ends_a_live_session_and_it_shows_completed(uow, people) -> None:
    session = publish(uow, people.mentor)
    start_session(uow, people.mentor, session.id, START)
    at = START + timedelta(minutes=40)
    assert end_session(uow, people.mentor, session.id, at).completed_at == at
    assert session_details(uow, people.mentor, session.id, at).status is SessionStatus.COMPLETED
    finished = my_mentoring_sessions(uow, people.mentor, at, finished=True)
    assert [t.session.id for t in finished.items] == [session.id]


def test_u3_ending_needs_a_live_session_and_its_mentor(uow, people) -> None:
    session = publish(uow, people.mentor)
    with pytest.raises(WrongState, match='only while it is Live'):
        end_session(uow, people.mentor, session.id, START)
    start_session(uow, people.mentor, session.id, START)
    with pytest.raises(PermissionDenied, match='end it'):
        end_session(uow, people.manager, session.id, START)
    end_session(uow, people.mentor, session.id, START + timedelta(minutes=1))
    with pytest.raises(WrongState, match='only while it is Live'):
        end_session(uow, people.mentor, session.id, START + timedelta(minutes=2))


def test_u3_background_job_completes_each_ended_session_once(uow, people, publisher) -> None:
    ended = publish(uow, people.mentor)
    later = publish(uow, people.other_mentor, start_at=END, end_at=END + timedelta(hours=1))
    assert complete_due_sessions(uow, END - timedelta(seconds=1)) == []
    assert complete_due_sessions(uow, END) == [ended.id]
    assert SessionChanged(ended.id) in publisher.events
    assert complete_due_sessions(uow, END + timedelta(minutes=1)) == []
    assert complete_due_sessions(uow, END + timedelta(hours=2)) == [later.id]
    assert session_details(uow, people.mentor, ended.id, END).summary.session.completed_at == END


def test_u3_background_job_skips_sessions_the_mentor_ended_and_deleted_ones(uow, people) -> None:
    ended = publish(uow, people.mentor)
    deleted = publish(uow, people.other_mentor)
    start_session(uow, people.mentor, ended.id, START)
    end_session(uow, people.mentor, ended.id, START + timedelta(minutes=30))
    delete_session(uow, people.other_mentor, deleted.id, NOW)
    assert complete_due_sessions(uow, END + timedelta(hours=1)) == []


def test_starting_soon_notice_reaches_mentor_and_mentees_once(uow, people, publisher) -> None:
    session = publish(uow, people.manager, mentor_id=people.mentor.id, mentee_ids=(people.mentees[0].id,))
    enroll(uow, people.mentees[1], session.id, NOW)
    assert send_starting_soon_notices(uow, START - timedelta(minutes=16)) == []
    assert send_starting_soon_notices(uow, START - timedelta(minutes=15)) == [session.id]
    assert send_starting_soon_notices(uow, START - timedelta(minutes=14)) == []
    notice = 'Career talk starts in 15 minutes, at 2030-01-08 09:00 UTC.'
    for person in (people.mentor, people.mentees[0], people.mentees[1]):
        assert texts(uow, person)[0] == notice
        assert InboxChanged(person.id) in publisher.events
    assert texts(uow, people.mentees[1]).count(notice) == 1


def test_starting_soon_notice_counts_the_minutes_left(uow, people) -> None:
    publish(uow, people.mentor)
    send_starting_soon_notices(uow, START - timedelta(seconds=30))
    assert texts(uow, people.mentor) == ['Career talk starts in 1 minute, at 2030-01-08 09:00 UTC.']


def test_c10_u2_starting_on_bigbluebutton_without_a_server_asks_for_another_platform(uow, people) -> None:
    session = publish(uow, people.mentor, meeting=None)
    with pytest.raises(WrongState, match='BigBlueButton is not available') as refusal:
        start_session(uow, people.mentor, session.id, START)
    assert refusal.value.field == 'link'
    assert session_details(uow, people.mentor, session.id, START).status is SessionStatus.UPCOMING


def test_m2_on_bigbluebutton_the_mentor_joins_as_moderator_and_mentees_as_attendees(uow, people) -> None:
    rooms = FakeMeetingRooms()
    session = publish(uow, people.mentor, meeting=None)
    enroll(uow, people.mentees[0], session.id, NOW)
    start_session(uow, people.mentor, session.id, START, rooms=rooms)
    assert rooms.opened == [session.id]
    mentor_link = join_session(uow, people.mentor, session.id, START, rooms=rooms).link
    mentee_link = join_session(uow, people.mentees[0], session.id, START, rooms=rooms).link
    assert mentor_link.endswith(f'user={people.mentor.id}&role=MODERATOR')
    assert mentee_link.endswith(f'user={people.mentees[0].id}&role=VIEWER')


def test_c10_e2_bigbluebutton_without_a_configured_server_is_refused_at_submit_naming_the_others(uow, people) -> None:
    session = publish(uow, people.mentor, meeting=MEET)
    with pytest.raises(InvalidInput) as refusal:
        edit_meeting(
            uow, people.mentor, session.id, MeetingInfo(Platform.BIGBLUEBUTTON), NOW, bigbluebutton_available=False
        )
    assert refusal.value.field == 'platform'
    assert 'Google Meet, WhatsApp or Zoom' in refusal.value.message
    assert session_details(uow, people.mentor, session.id, NOW).meeting == MEET
    bigbluebutton = MeetingInfo(Platform.BIGBLUEBUTTON)
    assert edit_meeting(uow, people.mentor, session.id, bigbluebutton, NOW, bigbluebutton_available=True).meeting == (
        bigbluebutton
    )
