"""D1: the dashboard's figures, each an aggregate the database computes on its indexes (P9): no session row
is loaded into Python, whatever the size of the period. Five statements per reading: the sessions' own figures
(with the created and deleted counts as subqueries), the enrollments and attendance, the ratings, and the two
busiest lists.

D2: the session list is read as plain columns (times as seconds since the epoch, the status worked out by the
database) and streamed: no entity and no date-time object per row (P9)."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from datetime import datetime
from itertools import chain, pairwise
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, and_, case, cast, extract, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from domain.dashboard import TOP, DashboardFigures, DashboardFilter, Period, SessionListRow
from domain.entities import OptionKind, SessionStatus
from domain.feedback import RATINGS, Attendance, RatingSummary
from persistence.tables import AttendanceMarkRow, EnrollmentRow, FeedbackRow, SessionOptionRow, SessionRow, UserRow


def _has_option(kind: OptionKind, label: str) -> ColumnElement[bool]:
    option = aliased(SessionOptionRow)  # apart from the busiest categories' own session_options
    return (
        select(option.id)
        .where(option.session_id == col(SessionRow.id), option.kind == kind.value, option.label == label)
        .correlate(SessionRow)
        .exists()
    )


def _matching(chosen: DashboardFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if chosen.mentor_id is not None:
        conditions.append(col(SessionRow.mentor_id) == chosen.mentor_id)
    if chosen.session_type is not None:
        conditions.append(col(SessionRow.session_type) == chosen.session_type.value)
    if chosen.category:
        conditions.append(_has_option(OptionKind.CATEGORIES, chosen.category))
    if chosen.medium:
        conditions.append(_has_option(OptionKind.MEDIUM, chosen.medium))
    return conditions


def _count(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _total(column: Any) -> Any:
    return func.coalesce(func.sum(column), 0)


def _between(column: Any, start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(column >= start, column < end)


def _completed(now: datetime) -> ColumnElement[bool]:
    """`rules.status_of`: completed by its mentor, or its end time passed."""
    return or_(col(SessionRow.completed_at).is_not(None), col(SessionRow.end_at) <= now)


def _status(now: datetime) -> Any:
    """`rules.status_of` as the database works it out, in the same words."""
    started = col(SessionRow.started_at).is_not(None)
    completed, live, upcoming = SessionStatus.COMPLETED.value, SessionStatus.LIVE.value, SessionStatus.UPCOMING.value
    return case((_completed(now), completed), (started, live), else_=upcoming)


def _epoch(column: Any) -> Any:
    """Whole seconds since the epoch (UTC): SQLite truncates the fraction, PostgreSQL rounds it."""
    return cast(extract('epoch', column), BigInteger)


def _count_where(*conditions: ColumnElement[bool]) -> Any:
    """How many sessions meet the conditions, as a subquery of the figures' statement."""
    return select(func.count()).select_from(SessionRow).where(*conditions).correlate(None).scalar_subquery()


class SqlDashboardRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def figures(self, chosen: DashboardFilter, period: Period, now: datetime) -> DashboardFigures:
        """D1: the figures of the not-deleted sessions starting in the period and matching the filter; created
        and deleted count by when that happened."""
        matching = _matching(chosen)
        in_period = [col(SessionRow.deleted_at).is_(None), _between(col(SessionRow.start_at), period.start, period.end)]
        scope = [*in_period, *matching]
        completed = _completed(now)
        started = col(SessionRow.started_at).is_not(None)
        bounds = [*period.weeks, period.end]
        weekly = [_count(_between(col(SessionRow.start_at), a, b)) for a, b in pairwise(bounds)]
        row = self._session.exec(
            select(  # type: ignore[call-overload]
                _count(completed),
                _count(and_(~completed, started)),
                _count(and_(~completed, ~started)),
                _count(and_(completed, started)),
                _total(col(SessionRow.seat_limit)),
                _total(col(SessionRow.seats_taken)),
                _count_where(_between(col(SessionRow.created_at), period.start, period.end), *matching),
                _count_where(_between(col(SessionRow.deleted_at), period.start, period.end), *matching),
                *weekly,
            ).where(*scope)
        ).one()
        completed_now, live, upcoming, conducted, offered, taken, created, deleted, *per_week = (int(v) for v in row)
        enrolled, attended = self._attendance(scope)
        return DashboardFigures(
            created=created,
            conducted=conducted,
            deleted=deleted,
            upcoming=upcoming,
            live=live,
            completed=completed_now,
            seats_offered=offered,
            seats_taken=taken,
            enrolled=enrolled,
            attended=attended,
            ratings=self._ratings(scope),
            busiest_categories=self._busiest_categories(scope),
            busiest_mentors=self._busiest_mentors(scope),
            per_week=tuple((week.date(), count) for week, count in zip(period.weeks, per_week, strict=True)),
        )

    def _attendance(self, scope: list[ColumnElement[bool]]) -> tuple[int, int]:
        """The enrollments of the sessions, and how many attended (A1's `attendance_of`: a mark given wins, else
        having joined)."""
        mark = col(AttendanceMarkRow.mark)
        attended = or_(
            mark == Attendance.ATTENDED.value, and_(mark.is_(None), col(EnrollmentRow.joined_at).is_not(None))
        )
        enrolled, present = self._session.exec(
            select(func.count(), _count(attended))
            .select_from(EnrollmentRow)
            .join(SessionRow, col(SessionRow.id) == col(EnrollmentRow.session_id))
            .outerjoin(
                AttendanceMarkRow,
                and_(
                    col(AttendanceMarkRow.session_id) == col(EnrollmentRow.session_id),
                    col(AttendanceMarkRow.mentee_id) == col(EnrollmentRow.mentee_id),
                ),
            )
            .where(*scope)
        ).one()
        return int(enrolled), int(present)

    def _ratings(self, scope: list[ColumnElement[bool]]) -> RatingSummary:
        rating = col(FeedbackRow.rating)
        counts = self._session.exec(
            select(*(_count(rating == stars) for stars in RATINGS))
            .select_from(FeedbackRow)
            .join(SessionRow, col(SessionRow.id) == col(FeedbackRow.session_id))
            .where(*scope)
        ).one()
        one, two, three, four, five = (int(n) for n in counts)
        return RatingSummary((one, two, three, four, five))

    def _busiest_categories(self, scope: list[ColumnElement[bool]]) -> tuple[tuple[str, int], ...]:
        sessions = func.count()
        rows = self._session.exec(
            select(SessionOptionRow.label, sessions)
            .join(SessionRow, col(SessionRow.id) == col(SessionOptionRow.session_id))
            .where(col(SessionOptionRow.kind) == OptionKind.CATEGORIES.value, *scope)
            .group_by(col(SessionOptionRow.label))
            .order_by(sessions.desc(), col(SessionOptionRow.label))
            .limit(TOP)
        ).all()
        return tuple((str(label), int(count)) for label, count in rows)

    def _busiest_mentors(self, scope: list[ColumnElement[bool]]) -> tuple[tuple[str, int], ...]:
        sessions = func.count()
        rows = self._session.exec(
            select(UserRow.name, sessions)
            .select_from(SessionRow)
            .join(UserRow, col(UserRow.id) == col(SessionRow.mentor_id))
            .where(*scope)
            .group_by(col(UserRow.id), col(UserRow.name))
            .order_by(sessions.desc(), col(UserRow.name))
            .limit(TOP)
        ).all()
        return tuple((str(name), int(count)) for name, count in rows)

    def session_list(
        self, chosen: DashboardFilter, period: Period, now: datetime, batch: int = 1000
    ) -> Iterator[SessionListRow]:
        """D2: the sessions the figures count, by start time, streamed from the database `batch` rows at a time
        (constant memory however many there are)."""
        result = self._session.connection().execute(
            _session_list_statement(chosen, period, now), execution_options={'yield_per': batch}
        )
        # Rows as the driver gives them, a batch at a time: no entity, no named tuple per row (P9).
        return typing.cast(Iterator[SessionListRow], chain.from_iterable(result.partitions()))


def _session_list_statement(chosen: DashboardFilter, period: Period, now: datetime) -> Any:
    return (
        select(  # type: ignore[call-overload]
            SessionRow.title,
            SessionRow.session_type,
            UserRow.name,
            _epoch(col(SessionRow.start_at)),
            _epoch(col(SessionRow.end_at)),
            SessionRow.seats_taken,
            _status(now),
        )
        .join(UserRow, col(UserRow.id) == col(SessionRow.mentor_id))
        .where(
            col(SessionRow.deleted_at).is_(None),
            _between(col(SessionRow.start_at), period.start, period.end),
            *_matching(chosen),
        )
        .order_by(col(SessionRow.start_at), col(SessionRow.id))
    )
