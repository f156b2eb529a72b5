"""D1: the dashboard's figures, each an aggregate the database computes on its indexes (P9): no session row
is loaded into Python, whatever the size of the period."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import pairwise
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from domain.dashboard import TOP, DashboardFigures, DashboardFilter, Period, SessionListRow
from domain.entities import OptionKind
from persistence.tables import EnrollmentRow, SessionOptionRow, SessionRow, UserRow


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


class SqlDashboardRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def figures(self, chosen: DashboardFilter, period: Period, now: datetime) -> DashboardFigures:
        """D1: the figures of the not-deleted sessions starting in the period and matching the filter; created
        and deleted count by when that happened."""
        matching = _matching(chosen)
        in_period = [col(SessionRow.deleted_at).is_(None), _between(col(SessionRow.start_at), period.start, period.end)]
        scope = [*in_period, *matching]
        completed = or_(col(SessionRow.completed_at).is_not(None), col(SessionRow.end_at) <= now)
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
                *weekly,
            ).where(*scope)
        ).one()
        completed_now, live, upcoming, conducted, offered, taken, *per_week = (int(value) for value in row)
        created = self._scalar(func.count(), _between(col(SessionRow.created_at), period.start, period.end), *matching)
        deleted = self._scalar(func.count(), _between(col(SessionRow.deleted_at), period.start, period.end), *matching)
        enrolled, attended = self._session.exec(
            select(func.count(), func.count(col(EnrollmentRow.joined_at)))
            .select_from(EnrollmentRow)
            .join(SessionRow, col(SessionRow.id) == col(EnrollmentRow.session_id))
            .where(*scope)
        ).one()
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
            busiest_categories=self._busiest_categories(scope),
            busiest_mentors=self._busiest_mentors(scope),
            per_week=tuple((week.date(), count) for week, count in zip(period.weeks, per_week, strict=True)),
        )

    def _scalar(self, aggregate: Any, *conditions: ColumnElement[bool]) -> int:
        return int(self._session.exec(select(aggregate).select_from(SessionRow).where(*conditions)).one())

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

    def session_list(self, chosen: DashboardFilter, period: Period, batch: int = 1000) -> Iterator[SessionListRow]:
        """D2: the sessions the figures count, by start time, streamed from the database `batch` rows at a time
        (constant memory however many there are)."""
        statement = (
            select(  # type: ignore[call-overload]
                SessionRow.title,
                SessionRow.session_type,
                UserRow.name,
                SessionRow.start_at,
                SessionRow.end_at,
                SessionRow.seats_taken,
                SessionRow.started_at,
                SessionRow.completed_at,
            )
            .join(UserRow, col(UserRow.id) == col(SessionRow.mentor_id))
            .where(
                col(SessionRow.deleted_at).is_(None),
                _between(col(SessionRow.start_at), period.start, period.end),
                *_matching(chosen),
            )
            .order_by(col(SessionRow.start_at), col(SessionRow.id))
            .execution_options(yield_per=batch)
        )
        for row in self._session.exec(statement):
            yield SessionListRow(*row)
