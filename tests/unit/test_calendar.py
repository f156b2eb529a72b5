"""N3: the calendar files of a session and a user's feed, parsed back with icalendar as a calendar app would."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from icalendar import Calendar, Component

from domain.calendar import (
    CalendarEntry,
    CalendarMethod,
    feed_calendar,
    next_calendar_sequence,
    session_calendar,
    session_uid,
)
from domain.entities import MentoringSession, Role, SessionType, User
from domain.services.authoring import delete_session, edit_details
from tests.fakes import InMemoryUnitOfWork
from tests.unit.support import END, NOW, START, make_draft, publish, seed_people

PUBLIC_URL = 'https://mentor.example.org'
MENTOR = User(10, 'Tom Mentor', 'tom@example.org', 1, 'Acme', 'Engineer', frozenset({Role.MENTOR}))
MENTEE = User(20, 'Ana Mentee', 'ana@example.org', 1, 'Acme', 'Analyst', frozenset({Role.MENTEE}))


def a_session(**changes: object) -> MentoringSession:
    base = MentoringSession(
        id=7,
        title='Career talk',
        description='How to grow in your first job.',
        session_type=SessionType.PUBLIC,
        mentor_id=MENTOR.id,
        creator_id=MENTOR.id,
        start_at=START,
        end_at=END,
        time_zone='Europe/Paris',
        seat_limit=20,
        recommended_for=(),
        categories=(),
        medium=(),
        created_at=NOW - timedelta(days=3),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def parsed(data: bytes) -> tuple[Calendar, Component]:
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk('VEVENT'))
    assert len(events) == 1
    return calendar, events[0]


def invitation(session: MentoringSession, method: CalendarMethod = CalendarMethod.REQUEST) -> bytes:
    return session_calendar(CalendarEntry(session, MENTOR, (MENTEE,)), method, PUBLIC_URL, NOW)


def test_an_invitation_starts_and_ends_when_the_session_does_in_its_own_time_zone() -> None:
    calendar, event = parsed(invitation(a_session()))
    assert str(calendar['METHOD']) == 'REQUEST'
    assert event.decoded('DTSTART') == START
    assert event.decoded('DTEND') == END
    assert event['DTSTART'].params['TZID'] == 'Europe/Paris'
    assert [str(zone['TZID']) for zone in calendar.walk('VTIMEZONE')] == ['Europe/Paris']


def test_an_invitation_names_the_session_its_page_its_mentor_and_attendee() -> None:
    _, event = parsed(invitation(a_session()))
    assert str(event['SUMMARY']) == 'Career talk'
    assert str(event['URL']) == 'https://mentor.example.org/sessions/7'
    assert 'How to grow in your first job.' in str(event['DESCRIPTION'])
    assert 'https://mentor.example.org/sessions/7' in str(event['DESCRIPTION'])
    assert str(event['ORGANIZER']) == 'mailto:tom@example.org'
    assert event['ORGANIZER'].params['CN'] == 'Tom Mentor'
    assert str(event['ATTENDEE']) == 'mailto:ana@example.org'


def test_an_invitation_reminds_fifteen_minutes_before() -> None:
    _, event = parsed(invitation(a_session()))
    [alarm] = event.walk('VALARM')
    assert alarm.decoded('TRIGGER') == -timedelta(minutes=15)
    assert str(alarm['ACTION']) == 'DISPLAY'


def test_every_file_of_a_session_has_the_same_uid() -> None:
    request = parsed(invitation(a_session()))[1]
    cancel = parsed(invitation(a_session(), CalendarMethod.CANCEL))[1]
    moved = parsed(invitation(a_session(start_at=START + timedelta(days=1), end_at=END + timedelta(days=1))))[1]
    assert str(request['UID']) == str(cancel['UID']) == str(moved['UID']) == 'session-7@mentor.example.org'
    assert session_uid(8, PUBLIC_URL) != session_uid(7, PUBLIC_URL)


def test_a_cancellation_says_cancel_and_sets_no_reminder() -> None:
    calendar, event = parsed(invitation(a_session(), CalendarMethod.CANCEL))
    assert str(calendar['METHOD']) == 'CANCEL'
    assert str(event['STATUS']) == 'CANCELLED'
    assert list(event.walk('VALARM')) == []


def test_the_sequence_rises_with_each_change_a_calendar_shows_and_only_then() -> None:
    before = a_session(calendar_sequence=3)
    assert next_calendar_sequence(before, replace(before, categories=('New',))).calendar_sequence == 3
    assert next_calendar_sequence(before, replace(before, title='Career talk II')).calendar_sequence == 4
    moved = replace(before, start_at=START + timedelta(hours=1), end_at=END + timedelta(hours=1))
    assert next_calendar_sequence(before, moved).calendar_sequence == 4
    assert next_calendar_sequence(before, replace(before, deleted_at=NOW)).calendar_sequence == 4


def test_rescheduling_and_deleting_a_session_raise_its_sequence_in_the_files() -> None:
    uow = InMemoryUnitOfWork()
    people = seed_people(uow)
    session = publish(uow, people.mentor)
    first = parsed(invitation(session))[1].decoded('SEQUENCE')
    later = make_draft(start_at=START + timedelta(hours=2), end_at=END + timedelta(hours=2))
    moved = edit_details(uow, people.mentor, session.id, later, NOW)
    second = parsed(invitation(moved))[1].decoded('SEQUENCE')
    renamed = edit_details(
        uow,
        people.mentor,
        session.id,
        make_draft(title='Career talk, again', start_at=moved.start_at, end_at=moved.end_at),
        NOW,
    )
    third = parsed(invitation(renamed))[1].decoded('SEQUENCE')
    delete_session(uow, people.mentor, session.id, NOW)
    with uow:
        deleted = uow.sessions.get(session.id)
    assert deleted is not None
    fourth = parsed(invitation(deleted, CalendarMethod.CANCEL))[1].decoded('SEQUENCE')
    assert first < second < third < fourth
    assert parsed(invitation(moved))[1].decoded('DTSTART') == START + timedelta(hours=2)


@pytest.mark.parametrize(
    'title',
    [
        'Line one\nBEGIN:VEVENT\nSUMMARY:injected',
        'Quotes "double" and \'single\'; commas, and semicolons;',
        'Career 🚀 talk 👩🏽‍💻 with emoji',
        'جلسة إرشاد مهني',  # right-to-left
        '🎉' * 255,
        'CRLF\r\nATTENDEE:mailto:evil@example.org',
    ],
)
def test_titles_with_newlines_emoji_and_rtl_text_come_back_unchanged_and_inject_nothing(title: str) -> None:
    data = invitation(a_session(title=title, description=title))
    _, event = parsed(data)
    assert len(list(Calendar.from_ical(data).walk('VEVENT'))) == 1
    assert str(event['SUMMARY']) == title.replace('\r\n', '\n')
    assert str(event['ATTENDEE']) == 'mailto:ana@example.org'
    assert all(len(line) <= 75 for line in data.split(b'\r\n'))  # folded in octets, per RFC 5545
    data.decode('utf-8')  # folding never splits a character


def test_an_unknown_time_zone_falls_back_to_utc_at_the_same_instant() -> None:
    _, event = parsed(invitation(a_session(time_zone='Mars/Olympus_Mons')))
    assert event.decoded('DTSTART') == START


def test_a_feed_lists_every_session_and_is_the_same_bytes_while_nothing_changes() -> None:
    sessions = [a_session(id=i, start_at=START + timedelta(days=i), end_at=END + timedelta(days=i)) for i in (1, 2, 3)]
    entries = [CalendarEntry(s, MENTOR) for s in sessions]
    data = feed_calendar(entries, 'Mentor sessions — Ana Mentee', PUBLIC_URL)
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk('VEVENT'))
    assert str(calendar['METHOD']) == 'PUBLISH'
    assert str(calendar['X-WR-CALNAME']) == 'Mentor sessions — Ana Mentee'
    assert [e.decoded('DTSTART') for e in events] == [s.start_at for s in sessions]
    assert [str(e['UID']) for e in events] == [session_uid(s.id, PUBLIC_URL) for s in sessions]
    assert feed_calendar(entries, 'Mentor sessions — Ana Mentee', PUBLIC_URL) == data


def test_an_empty_feed_is_still_a_calendar() -> None:
    calendar = Calendar.from_ical(feed_calendar([], 'Mentor sessions', PUBLIC_URL))
    assert list(calendar.walk('VEVENT')) == []


def test_a_utc_stamp_is_written_in_utc() -> None:
    _, event = parsed(session_calendar(CalendarEntry(a_session()), CalendarMethod.PUBLISH, PUBLIC_URL, NOW))
    assert event.decoded('DTSTAMP') == NOW
    assert event.decoded('DTSTAMP').tzinfo is not None


def test_people_with_quotes_semicolons_and_newlines_in_their_names_stay_in_their_parameter() -> None:
    mentor = replace(MENTOR, name='Liam "Bad" O\'Connor; ROLE=X:mailto:evil@example.org\nBEGIN:VEVENT')
    data = session_calendar(CalendarEntry(a_session(), mentor, (MENTEE,)), CalendarMethod.REQUEST, PUBLIC_URL, NOW)
    _, event = parsed(data)
    assert event['ORGANIZER'].params['CN'] == mentor.name
    assert event['ORGANIZER'].params['ROLE'] == 'CHAIR'
    assert str(event['ORGANIZER']) == 'mailto:tom@example.org'
