"""D1: the dashboard's period and rate rules, and the figures it shows (pure: no database, no clock)."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from domain.csv_export import csv_cell
from domain.entities import SessionType
from domain.errors import InvalidInput
from domain.feedback import RatingSummary

MAX_CUSTOM_DAYS = 366  # a custom period spans at most a year: its weekly chart stays at ≤ 53 bars
TOP = 5  # busiest categories and mentors shown


class PeriodKind(enum.StrEnum):
    WEEK = 'This week'
    MONTH = 'This month'
    QUARTER = 'This quarter'
    CUSTOM = 'Custom dates'


@dataclass(frozen=True)
class Period:
    """Half-open [start, end) in UTC, and the first day of each week in it (Mondays, in the viewer's zone)."""

    start: datetime
    end: datetime
    weeks: tuple[datetime, ...]


@dataclass(frozen=True)
class DashboardFilter:
    mentor_id: int | None = None
    category: str | None = None
    medium: str | None = None
    session_type: SessionType | None = None


@dataclass(frozen=True)
class DashboardFigures:
    """What the dashboard counts over the sessions of a period (start time in it) that match its filters."""

    created: int = 0  # created in the period, deleted ones included
    conducted: int = 0  # started by their mentor and completed
    deleted: int = 0  # deleted in the period
    upcoming: int = 0
    live: int = 0
    completed: int = 0
    seats_offered: int = 0
    seats_taken: int = 0
    enrolled: int = 0
    attended: int = 0  # enrolled or invited mentees who attended (A1: a mark given wins, else having joined)
    ratings: RatingSummary = field(default_factory=RatingSummary)  # F1: the attendees' ratings of these sessions
    busiest_categories: tuple[tuple[str, int], ...] = ()
    busiest_mentors: tuple[tuple[str, int], ...] = ()
    per_week: tuple[tuple[date, int], ...] = ()

    @property
    def fill_rate(self) -> float | None:
        return rate(self.seats_taken, self.seats_offered)

    @property
    def attendance_rate(self) -> float | None:
        return rate(self.attended, self.enrolled)


def rate(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide (shown as "–", never as 0 %)."""
    return None if whole <= 0 else part / whole


def percent(value: float | None) -> str:
    return '–' if value is None else f'{round(value * 100)} %'


def period(
    kind: PeriodKind, today: date, zone: ZoneInfo, first: date | None = None, last: date | None = None
) -> Period:
    """D1: this calendar week (from Monday), month or quarter around `today`, or the custom days first..last
    (both included), all as midnights in the viewer's zone."""
    if kind is PeriodKind.WEEK:
        start_day = today - timedelta(days=today.weekday())
        end_day = start_day + timedelta(days=7)
    elif kind is PeriodKind.MONTH:
        start_day = today.replace(day=1)
        end_day = _add_months(start_day, 1)
    elif kind is PeriodKind.QUARTER:
        start_day = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        end_day = _add_months(start_day, 3)
    else:
        start_day, end_day = _custom(first, last)
    monday = start_day - timedelta(days=start_day.weekday())
    weeks = [monday + timedelta(weeks=n) for n in range((end_day - monday).days // 7 + 1)]
    return Period(
        _midnight(start_day, zone),
        _midnight(end_day, zone),
        tuple(_midnight(day, zone) for day in weeks if day < end_day),
    )


def _custom(first: date | None, last: date | None) -> tuple[date, date]:
    if first is None or last is None:
        raise InvalidInput('Choose both the first and the last day of the period.')
    if last < first:
        raise InvalidInput('The last day of the period must not be before its first day.')
    if (last - first).days + 1 > MAX_CUSTOM_DAYS:
        raise InvalidInput(f'A custom period can span at most {MAX_CUSTOM_DAYS} days.')
    return first, last + timedelta(days=1)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


SESSION_LIST_HEADER = (
    'No.',
    'Session Name',
    'Type',
    'Mentors',
    'Date',
    'Time',
    'Duration (Min)',
    'Mentee Count',
    'Status',
)


class SessionListRow(NamedTuple):
    """One session of D2's download as the database gives it (any row that unpacks to these seven): its start
    and end as whole seconds since the epoch (UTC), its status worked out by the database (`rules.status_of`)."""

    title: str
    session_type: str
    mentor: str
    start: int
    end: int
    mentee_count: int
    status: str


DAY = 86_400
_EPOCH_DAY = date(1970, 1, 1).toordinal()
_CLOCK = tuple(f'{minute // 60:02}:{minute % 60:02}' for minute in range(24 * 60))  # minute of the day → "HH:MM"


def _day_offset(day: int, zone: ZoneInfo) -> int | None:
    """The zone's offset in seconds through the UTC day (days since the epoch); None on a day it changes."""
    first, last = (datetime.fromtimestamp(day * DAY + s, zone).utcoffset() for s in (0, DAY - 1))
    return None if first != last or first is None else int(first.total_seconds())


def session_list_lines(rows: Iterable[SessionListRow], zone: ZoneInfo) -> Iterator[str]:
    """D2: each session's CSV line, CRLF-ended — its number (1, 2, …), then its cells with the date and time in
    the requester's zone and the text cells as `csv_export.csv_cell` has them (the type and the status are our
    own words). 100,000 rows make this a hot loop (P9): the zone's offset is asked once per UTC day (per row only
    on a day the offset changes), each date's text and each mentor's cell made once."""
    offsets: dict[int, int | None] = {}
    dates: dict[int, str] = {}
    mentors: dict[str, str] = {}
    for number, (title, session_type, mentor, start, end, mentee_count, status) in enumerate(rows, start=1):
        day = start // DAY
        offset = offsets[day] if day in offsets else offsets.setdefault(day, _day_offset(day, zone))
        if offset is None:
            offset = int(datetime.fromtimestamp(start, zone).utcoffset().total_seconds())  # type: ignore[union-attr]
        local_day, second = divmod(start + offset, DAY)
        shown_day = dates.get(local_day) or dates.setdefault(
            local_day, date.fromordinal(_EPOCH_DAY + local_day).isoformat()
        )
        mentor_cell = mentors.get(mentor) or mentors.setdefault(mentor, csv_cell(mentor))
        yield (
            f'{number},{csv_cell(title)},{session_type},{mentor_cell},{shown_day},{_CLOCK[second // 60]},'
            f'{round((end - start) / 60)},{mentee_count},{status}\r\n'
        )
