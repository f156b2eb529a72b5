"""N3: iCalendar files for sessions — an invitation or cancellation of one session, and a user's feed.

Built with the `icalendar` library (never glued together as text), so titles with newlines, quotes, emoji or
right-to-left text are escaped and folded by the library and cannot break the file.

- UID: one per session, the same in every file (`session-<id>@<host of MENTOR_PUBLIC_URL>`), so that a
  calendar app replaces its copy instead of adding a second event.
- SEQUENCE: the session's `calendar_sequence`, which the services raise (`next_calendar_sequence`) whenever
  something a calendar shows changes — time, title, description, mentor — and on deletion. A CANCEL carries the
  session's current value, never a lower one, so apps accept it.
- DTSTART/DTEND in the session's own time zone (TZID) with its VTIMEZONE; a reminder (VALARM) 15 minutes before.

A mail's attachment: `session_calendar(CalendarEntry(session, mentor, (recipient,)), CalendarMethod.REQUEST,
settings.public_address, now)` — REQUEST for invited, enrolled, rescheduled or edited; CANCEL for removed,
un-enrolled or deleted (pass the session as stored after the change, so its SEQUENCE is the raised one).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.entities import MentoringSession, User

if TYPE_CHECKING:  # imported where a file is made, not when the app starts (P7: 20 ms of every start)
    from icalendar import Alarm, Calendar, Event, vCalAddress

PRODUCT_ID = '-//Mentor sessions//Calendar//EN'
ALARM_BEFORE = timedelta(minutes=15)
ICS_MEDIA_TYPE = 'text/calendar; charset=utf-8'
DEFAULT_HOST = 'mentor-sessions.invalid'


class CalendarMethod(enum.StrEnum):
    REQUEST = 'REQUEST'  # invited, enrolled, rescheduled or edited: add or update the event
    CANCEL = 'CANCEL'  # removed, un-enrolled, or the session was deleted: take the event away
    PUBLISH = 'PUBLISH'  # a feed or a download: a copy of the event, nobody is asked to answer


@dataclass(frozen=True)
class CalendarEntry:
    """One session as a calendar shows it: the session, who runs it and who attends (e-mail addresses)."""

    session: MentoringSession
    mentor: User | None = None
    attendees: tuple[User, ...] = ()


def host_of(public_url: str) -> str:
    """The host part of the app's public address: the domain of every UID."""
    return urlsplit(public_url).hostname or DEFAULT_HOST


def session_uid(session_id: int, public_url: str) -> str:
    """The one UID of a session, in every invitation, cancellation, download and feed."""
    return f'session-{session_id}@{host_of(public_url)}'


def session_url(session_id: int, public_url: str) -> str:
    return f'{public_url.rstrip("/")}/sessions/{session_id}'


# What the files show (the meeting link is not among them: M2 keeps it from those who may not use it yet).
_CALENDAR_FIELDS = ('title', 'description', 'start_at', 'end_at', 'time_zone', 'mentor_id', 'deleted_at')


def next_calendar_sequence(before: MentoringSession, after: MentoringSession) -> MentoringSession:
    """`after` with its SEQUENCE raised by one if anything a calendar shows changed from `before` (N3)."""
    if all(getattr(before, name) == getattr(after, name) for name in _CALENDAR_FIELDS):
        return after
    return replace(after, calendar_sequence=before.calendar_sequence + 1)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo('UTC')


def _person(user: User, role: str) -> vCalAddress:
    from icalendar import vCalAddress, vText

    address = vCalAddress(f'mailto:{user.email}')
    address.params['CN'] = vText(user.name)
    address.params['ROLE'] = vText(role)
    return address


def _description(session: MentoringSession, url: str) -> str:
    return f'{session.description}\n\n{url}' if session.description else url


def _alarm(title: str) -> Alarm:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add('action', 'DISPLAY')
    alarm.add('description', title)
    alarm.add('trigger', -ALARM_BEFORE)
    return alarm


def _event(entry: CalendarEntry, public_url: str, stamp: datetime, method: CalendarMethod) -> Event:
    from icalendar import Event

    session = entry.session
    zone = _zone(session.time_zone)
    url = session_url(session.id, public_url)
    event = Event()
    event.add('uid', session_uid(session.id, public_url))
    event.add('sequence', session.calendar_sequence)
    event.add('dtstamp', stamp)
    event.add('dtstart', session.start_at.astimezone(zone))
    event.add('dtend', session.end_at.astimezone(zone))
    event.add('summary', session.title)
    event.add('description', _description(session, url))
    event.add('url', url)
    event.add('status', 'CANCELLED' if method is CalendarMethod.CANCEL else 'CONFIRMED')
    if entry.mentor is not None:
        event.add('organizer', _person(entry.mentor, 'CHAIR'))
    for attendee in entry.attendees:
        event.add('attendee', _person(attendee, 'REQ-PARTICIPANT'))
    if method is not CalendarMethod.CANCEL:
        event.add_component(_alarm(session.title))
    return event


def _calendar(method: CalendarMethod) -> Calendar:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add('prodid', PRODUCT_ID)
    calendar.add('version', '2.0')
    calendar.add('calscale', 'GREGORIAN')
    calendar.add('method', method.value)
    return calendar


def _add_time_zones(calendar: Calendar, sessions: Sequence[MentoringSession]) -> None:
    """The VTIMEZONE of every TZID used, with its rules over the years the sessions span (short files)."""
    if sessions:
        first = min(s.start_at for s in sessions).year - 1
        last = max(s.end_at for s in sessions).year + 2
        calendar.add_missing_timezones(date(first, 1, 1), date(last, 1, 1))


def session_calendar(entry: CalendarEntry, method: CalendarMethod, public_url: str, stamp: datetime) -> bytes:
    """The `.ics` file of one session: REQUEST (invitation, update), CANCEL, or PUBLISH (a download).

    `stamp` is when the file is made (DTSTAMP): the caller's clock.
    """
    calendar = _calendar(method)
    calendar.add_component(_event(entry, public_url, stamp, method))
    _add_time_zones(calendar, [entry.session])
    ics: bytes = calendar.to_ical()
    return ics


def feed_calendar(entries: Sequence[CalendarEntry], name: str, public_url: str) -> bytes:
    """A user's feed: every session in `entries`, as one calendar to subscribe to.

    Byte for byte the same while the sessions are (DTSTAMP is each session's creation time, not the clock),
    so an ETag taken from the bytes lets calendar apps poll cheaply.
    """
    calendar = _calendar(CalendarMethod.PUBLISH)
    calendar.add('x-wr-calname', name)
    calendar.add('refresh-interval', timedelta(hours=1), parameters={'VALUE': 'DURATION'})
    calendar.add('x-published-ttl', 'PT1H')
    for entry in entries:
        stamp = entry.session.created_at or entry.session.start_at
        calendar.add_component(_event(entry, public_url, stamp, CalendarMethod.PUBLISH))
    _add_time_zones(calendar, [entry.session for entry in entries])
    ics: bytes = calendar.to_ical()
    return ics
