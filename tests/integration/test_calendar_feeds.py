"""N3 on both databases: personal feed tokens stored hashed, one active per user, revocable; what a feed lists;
its fingerprint (the ETag) steady while nothing changes and new when a session moves."""

from __future__ import annotations

import hashlib
import threading
import time
from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import Engine, text

from domain.entities import CalendarFeed, EnrollmentType, SessionType
from domain.errors import NotFound, WrongState
from domain.ports import SecondActiveFeed
from domain.services import authoring, calendars
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import HOUR, NOW, add_mentor, add_session, add_user, enroll
from tests.unit.support import make_draft

PUBLIC_URL = 'https://mentor.example.org'


def events_of(feed: calendars.FeedFile) -> dict[str, object]:
    """UID → DTSTART of every event in the feed."""
    calendar = Calendar.from_ical(feed.content)
    return {str(event['UID']): event.decoded('DTSTART') for event in calendar.walk('VEVENT')}


def uid(session_id: int) -> str:
    return f'session-{session_id}@mentor.example.org'


def test_n3_a_feed_token_is_stored_only_as_its_hash(uow_factory: SqlUnitOfWorkFactory, engine: Engine) -> None:
    mentee = add_user(uow_factory, 'Ana Mentee')
    token = calendars.new_feed_token(uow_factory(), mentee, NOW)
    with engine.connect() as connection:
        stored = connection.execute(text('SELECT token_hash, user_id FROM calendar_feeds')).all()
    assert [tuple(row) for row in stored] == [(hashlib.sha256(token.encode()).hexdigest(), mentee.id)]
    assert token not in str(stored)
    assert len(token) >= 43  # 32 random bytes


def test_n3_a_feed_lists_the_sessions_the_user_mentors_enrolled_in_or_was_invited_to(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    mentor = add_mentor(uow_factory)
    other_mentor = add_mentor(uow_factory, 'Otto Other')
    mentee = add_user(uow_factory, 'Ana Mentee')
    enrolled = add_session(uow_factory, mentor, start_at=NOW + 2 * HOUR)
    invited = add_session(uow_factory, other_mentor, start_at=NOW + 5 * HOUR, session_type=SessionType.PRIVATE)
    not_mine = add_session(uow_factory, other_mentor, start_at=NOW + 8 * HOUR)
    deleted = add_session(uow_factory, mentor, start_at=NOW + 11 * HOUR, deleted_at=NOW)
    long_ago = add_session(uow_factory, mentor, start_at=NOW - timedelta(days=90))
    for session, kind in [(enrolled, EnrollmentType.ENROLLED), (invited, EnrollmentType.INVITED)]:
        enroll(uow_factory, session, mentee, kind)
    for session in (deleted, long_ago):
        enroll(uow_factory, session, mentee)

    mentee_feed = calendars.feed_file(
        uow_factory(), calendars.new_feed_token(uow_factory(), mentee, NOW), PUBLIC_URL, NOW
    )
    mentor_feed = calendars.feed_file(
        uow_factory(), calendars.new_feed_token(uow_factory(), mentor, NOW), PUBLIC_URL, NOW
    )

    assert events_of(mentee_feed) == {uid(enrolled.id): enrolled.start_at, uid(invited.id): invited.start_at}
    assert events_of(mentor_feed) == {uid(enrolled.id): enrolled.start_at}
    assert uid(not_mine.id) not in events_of(mentee_feed)


def test_n3_a_new_address_retires_the_old_one_and_turning_off_retires_it_too(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    mentee = add_user(uow_factory, 'Ana Mentee')
    first = calendars.new_feed_token(uow_factory(), mentee, NOW)
    second = calendars.new_feed_token(uow_factory(), mentee, NOW + HOUR)
    with pytest.raises(NotFound):
        calendars.feed_file(uow_factory(), first, PUBLIC_URL, NOW)
    assert calendars.feed_file(uow_factory(), second, PUBLIC_URL, NOW).content.startswith(b'BEGIN:VCALENDAR')
    active = calendars.active_feed(uow_factory(read_only=True), mentee)
    assert active is not None
    assert active.created_at == NOW + HOUR

    calendars.turn_off_feed(uow_factory(), mentee, NOW + 2 * HOUR)
    with pytest.raises(NotFound):
        calendars.feed_file(uow_factory(), second, PUBLIC_URL, NOW)
    assert calendars.active_feed(uow_factory(read_only=True), mentee) is None


@pytest.mark.parametrize('token', ['', 'x' * 43, 'not a token at all', '../../etc/passwd', 'ü' * 43])
def test_n3_an_unknown_or_malformed_token_finds_nothing(uow_factory: SqlUnitOfWorkFactory, token: str) -> None:
    with pytest.raises(NotFound, match=r'No calendar at this address\.'):
        calendars.feed_file(uow_factory(), token, PUBLIC_URL, NOW)


def test_n3_the_database_refuses_a_second_active_feed_for_one_user(uow_factory: SqlUnitOfWorkFactory) -> None:
    mentee = add_user(uow_factory, 'Ana Mentee')
    calendars.new_feed_token(uow_factory(), mentee, NOW)
    with pytest.raises(SecondActiveFeed), uow_factory() as uow:
        uow.calendar_feeds.add(CalendarFeed('f' * 64, mentee.id, NOW))


def test_n3_two_tabs_making_an_address_at_once_leave_one_working_address_and_no_crash(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    """PostgreSQL: the second insert waits for the first transaction, then meets the unique index and is refused
    with a message. SQLite: the second write transaction waits for the first, then replaces its address."""
    mentee = add_user(uow_factory, 'Ana Mentee')
    outcomes: list[str] = []

    def second_tab() -> None:
        try:
            outcomes.append(calendars.new_feed_token(uow_factory(), mentee, NOW))
        except WrongState as refusal:
            outcomes.append(refusal.message)

    first_token = 'first-tab-token-' + 'x' * 30
    with uow_factory() as first_tab:
        first_tab.calendar_feeds.revoke_all(mentee.id, NOW)
        first_tab.calendar_feeds.add(CalendarFeed(calendars.feed_token_hash(first_token), mentee.id, NOW))
        racing = threading.Thread(target=second_tab)
        racing.start()
        time.sleep(0.5)  # the second tab is now waiting on the first one's transaction
        first_tab.commit()
    racing.join(timeout=30)
    assert len(outcomes) == 1
    tokens = [first_token, *(outcome for outcome in outcomes if outcome != calendars.FEED_RACED)]
    assert sum(works(uow_factory, token) for token in tokens) == 1


def works(uow_factory: SqlUnitOfWorkFactory, token: str) -> bool:
    try:
        calendars.feed_file(uow_factory(), token, PUBLIC_URL, NOW)
    except NotFound:
        return False
    return True


def test_n3_the_feed_fingerprint_holds_still_and_changes_with_a_reschedule_whose_sequence_rises(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    mentor = add_mentor(uow_factory)
    session = add_session(uow_factory, mentor, start_at=NOW + 24 * HOUR)
    token = calendars.new_feed_token(uow_factory(), mentor, NOW)
    before = calendars.feed_file(uow_factory(), token, PUBLIC_URL, NOW)
    assert calendars.feed_file(uow_factory(), token, PUBLIC_URL, NOW + HOUR).fingerprint == before.fingerprint

    moved_to = NOW + 26 * HOUR
    draft = make_draft(start_at=moved_to, end_at=moved_to + HOUR, title=session.title, time_zone='Europe/Berlin')
    authoring.edit_details(uow_factory(), mentor, session.id, draft, NOW)

    after = calendars.feed_file(uow_factory(), token, PUBLIC_URL, NOW)
    assert after.fingerprint != before.fingerprint
    assert events_of(after) == {uid(session.id): moved_to}
    [old_event] = Calendar.from_ical(before.content).walk('VEVENT')
    [new_event] = Calendar.from_ical(after.content).walk('VEVENT')
    assert new_event.decoded('SEQUENCE') > old_event.decoded('SEQUENCE')


def test_n3_add_to_calendar_gives_a_visible_session_and_hides_a_private_one(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    mentor = add_mentor(uow_factory)
    mentee = add_user(uow_factory, 'Ana Mentee')
    public = add_session(uow_factory, mentor)
    private = add_session(uow_factory, mentor, start_at=NOW + 5 * HOUR, session_type=SessionType.PRIVATE)
    name, data = calendars.calendar_file(uow_factory(read_only=True), mentee, public.id, PUBLIC_URL, NOW)
    assert name == f'session-{public.id}.ics'
    [event] = Calendar.from_ical(data).walk('VEVENT')
    assert event.decoded('DTSTART') == public.start_at
    assert str(event['ORGANIZER']) == f'mailto:{mentor.email}'
    with pytest.raises(NotFound):
        calendars.calendar_file(uow_factory(read_only=True), mentee, private.id, PUBLIC_URL, NOW)
