"""D1: the dashboard's figures, each an aggregate the database computes on its indexes (P9): no session row
is loaded into Python, whatever the size of the period. Five statements per reading: the sessions' own figures
(with the created and deleted counts as subqueries), the enrollments and attendance, the ratings, and the two
busiest lists.

D2: the session list is read as plain columns (times as seconds since the epoch, the status worked out by the
database) and streamed from the driver's cursor: no entity, no SQLAlchemy row and no date-time object per row
(P9).

Each statement is built once per shape (the number of weeks, which filters are set) with bind parameters for
the values: building the expressions cost about as much Python time as the database spent on them (P9).
"""

from __future__ import annotations

import sqlite3
import typing
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from itertools import pairwise
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Executable, and_, bindparam, case, cast, extract, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from domain.dashboard import TOP, DashboardFigures, DashboardFilter, Period, SessionListRow
from domain.entities import OptionKind, SessionStatus
from domain.feedback import RATINGS, Attendance, RatingSummary
from persistence.driver_statements import DriverStatement
from persistence.tables import AttendanceMarkRow, EnrollmentRow, FeedbackRow, SessionOptionRow, SessionRow, UserRow


@dataclass(frozen=True)
class _Shape:
    """What a statement's text depends on; the values go in as parameters (`_parameters`)."""

    weeks: int
    mentor: bool
    session_type: bool
    category: bool
    medium: bool


def _shape(chosen: DashboardFilter, period: Period) -> _Shape:
    return _Shape(
        len(period.weeks),
        chosen.mentor_id is not None,
        chosen.session_type is not None,
        bool(chosen.category),
        bool(chosen.medium),
    )


def _parameters(chosen: DashboardFilter, period: Period, now: datetime) -> dict[str, Any]:
    bounds = [*period.weeks, period.end]
    return {
        'start': period.start,
        'end': period.end,
        'now': now,
        'mentor_id': chosen.mentor_id,
        'session_type': chosen.session_type.value if chosen.session_type else None,
        'category': chosen.category,
        'medium': chosen.medium,
        **{f'week{n}': bound for n, bound in enumerate(bounds)},
    }


def _has_option(kind: OptionKind, label: str) -> ColumnElement[bool]:
    option = aliased(SessionOptionRow)  # apart from the busiest categories' own session_options
    return (
        select(option.id)
        .where(option.session_id == col(SessionRow.id), option.kind == kind.value, option.label == bindparam(label))
        .correlate(SessionRow)
        .exists()
    )


def _matching(shape: _Shape) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if shape.mentor:
        conditions.append(col(SessionRow.mentor_id) == bindparam('mentor_id'))
    if shape.session_type:
        conditions.append(col(SessionRow.session_type) == bindparam('session_type'))
    if shape.category:
        conditions.append(_has_option(OptionKind.CATEGORIES, 'category'))
    if shape.medium:
        conditions.append(_has_option(OptionKind.MEDIUM, 'medium'))
    return conditions


def _count(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _total(column: Any) -> Any:
    return func.coalesce(func.sum(column), 0)


def _between(column: Any, start: str, end: str) -> ColumnElement[bool]:
    return and_(column >= bindparam(start), column < bindparam(end))


def _completed() -> ColumnElement[bool]:
    """`rules.status_of`: completed by its mentor, or its end time passed."""
    return or_(col(SessionRow.completed_at).is_not(None), col(SessionRow.end_at) <= bindparam('now'))


def _status() -> Any:
    """`rules.status_of` as the database works it out, in the same words."""
    started = col(SessionRow.started_at).is_not(None)
    completed, live, upcoming = SessionStatus.COMPLETED.value, SessionStatus.LIVE.value, SessionStatus.UPCOMING.value
    return case((_completed(), completed), (started, live), else_=upcoming)


# SQLite's `unixepoch` reads its date-time text in half the time of the `strftime('%s')` that `extract` gives
# (P9); it came with SQLite 3.38, and Python may be linked with an older one (Ubuntu 22.04 has 3.37).
_SQLITE_HAS_UNIXEPOCH = sqlite3.sqlite_version_info >= (3, 38, 0)


def _epoch(column: Any, dialect: str) -> Any:
    """Whole seconds since the epoch (UTC): SQLite truncates the fraction, PostgreSQL rounds it."""
    if dialect == 'sqlite' and _SQLITE_HAS_UNIXEPOCH:
        return func.unixepoch(column)
    return cast(extract('epoch', column), BigInteger)


def _scope(shape: _Shape) -> list[ColumnElement[bool]]:
    """The sessions the figures count: not deleted, starting in the period, matching the filters."""
    return [col(SessionRow.deleted_at).is_(None), _between(col(SessionRow.start_at), 'start', 'end'), *_matching(shape)]


def _count_where(*conditions: ColumnElement[bool]) -> Any:
    """How many sessions meet the conditions, as a subquery of the figures' statement."""
    return select(func.count()).select_from(SessionRow).where(*conditions).correlate(None).scalar_subquery()


@dataclass(frozen=True)
class _Statements:
    sessions: Executable
    attendance: Executable
    ratings: Executable
    categories: Executable
    mentors: Executable


@lru_cache(maxsize=128)
def _statements(shape: _Shape) -> _Statements:
    scope = _scope(shape)
    matching = _matching(shape)
    completed = _completed()
    started = col(SessionRow.started_at).is_not(None)
    weekly = [
        _count(_between(col(SessionRow.start_at), f'week{a}', f'week{b}')) for a, b in pairwise(range(shape.weeks + 1))
    ]
    mark = col(AttendanceMarkRow.mark)
    attended = or_(mark == Attendance.ATTENDED.value, and_(mark.is_(None), col(EnrollmentRow.joined_at).is_not(None)))
    rating = col(FeedbackRow.rating)
    sessions = func.count()
    return _Statements(
        sessions=select(  # type: ignore[call-overload]
            _count(completed),
            _count(and_(~completed, started)),
            _count(and_(~completed, ~started)),
            _count(and_(completed, started)),
            _total(col(SessionRow.seat_limit)),
            _total(col(SessionRow.seats_taken)),
            _count_where(_between(col(SessionRow.created_at), 'start', 'end'), *matching),
            _count_where(_between(col(SessionRow.deleted_at), 'start', 'end'), *matching),
            *weekly,
        ).where(*scope),
        # A1's `attendance_of`: a mark given wins, else having joined.
        attendance=select(func.count(), _count(attended))
        .select_from(EnrollmentRow)
        .join(SessionRow, col(SessionRow.id) == col(EnrollmentRow.session_id))
        .outerjoin(
            AttendanceMarkRow,
            and_(
                col(AttendanceMarkRow.session_id) == col(EnrollmentRow.session_id),
                col(AttendanceMarkRow.mentee_id) == col(EnrollmentRow.mentee_id),
            ),
        )
        .where(*scope),
        ratings=select(*(_count(rating == stars) for stars in RATINGS))
        .select_from(FeedbackRow)
        .join(SessionRow, col(SessionRow.id) == col(FeedbackRow.session_id))
        .where(*scope),
        categories=select(SessionOptionRow.label, sessions)
        .join(SessionRow, col(SessionRow.id) == col(SessionOptionRow.session_id))
        .where(col(SessionOptionRow.kind) == OptionKind.CATEGORIES.value, *scope)
        .group_by(col(SessionOptionRow.label))
        .order_by(sessions.desc(), col(SessionOptionRow.label))
        .limit(TOP),
        mentors=select(UserRow.name, sessions)
        .select_from(SessionRow)
        .join(UserRow, col(UserRow.id) == col(SessionRow.mentor_id))
        .where(*scope)
        .group_by(col(UserRow.id), col(UserRow.name))
        .order_by(sessions.desc(), col(UserRow.name))
        .limit(TOP),
    )


@lru_cache(maxsize=32)
def _session_list_statement(shape: _Shape, dialect: str) -> DriverStatement:
    return DriverStatement(
        select(  # type: ignore[call-overload]
            SessionRow.title,
            SessionRow.session_type,
            UserRow.name,
            _epoch(col(SessionRow.start_at), dialect),
            _epoch(col(SessionRow.end_at), dialect),
            SessionRow.seats_taken,
            _status(),
        )
        .join(UserRow, col(UserRow.id) == col(SessionRow.mentor_id))
        .where(*_scope(shape))
        .order_by(col(SessionRow.start_at), col(SessionRow.id))
    )


class SqlDashboardRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def figures(self, chosen: DashboardFilter, period: Period, now: datetime) -> DashboardFigures:
        """D1: the figures of the not-deleted sessions starting in the period and matching the filter; created
        and deleted count by when that happened."""
        statements = _statements(_shape(chosen, period))
        parameters = _parameters(chosen, period, now)
        connection = self._session.connection()
        row = connection.execute(statements.sessions, parameters).one()
        completed_now, live, upcoming, conducted, offered, taken, created, deleted, *per_week = (int(v) for v in row)
        enrolled, attended = connection.execute(statements.attendance, parameters).one()
        one, two, three, four, five = (int(n) for n in connection.execute(statements.ratings, parameters).one())
        categories = connection.execute(statements.categories, parameters).all()
        mentors = connection.execute(statements.mentors, parameters).all()
        return DashboardFigures(
            created=created,
            conducted=conducted,
            deleted=deleted,
            upcoming=upcoming,
            live=live,
            completed=completed_now,
            seats_offered=offered,
            seats_taken=taken,
            enrolled=int(enrolled),
            attended=int(attended),
            ratings=RatingSummary((one, two, three, four, five)),
            busiest_categories=tuple((str(label), int(count)) for label, count in categories),
            busiest_mentors=tuple((str(name), int(count)) for name, count in mentors),
            per_week=tuple((week.date(), count) for week, count in zip(period.weeks, per_week, strict=True)),
        )

    def session_list(
        self, chosen: DashboardFilter, period: Period, now: datetime, batch: int = 1000
    ) -> Generator[Sequence[SessionListRow], None, None]:
        """D2: the sessions the figures count, by start time, streamed from the database `batch` rows at a time
        (constant memory however many there are)."""
        connection = self._session.connection()
        statement = _session_list_statement(_shape(chosen, period), connection.dialect.name)
        # Plain tuples as the driver gives them, which unpack as SessionListRow does: no row object per row (P9).
        return typing.cast(
            Generator[Sequence[SessionListRow], None, None],
            statement.batches(connection, _parameters(chosen, period, now), batch),
        )
