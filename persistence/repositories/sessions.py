"""Mentoring sessions: the tiles (T1, M1, M2), the details, and the timed transitions (U3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Integer, Select, Table, and_, bindparam, delete, func, or_, update
from sqlalchemy import select as core_select
from sqlmodel import col, select

from domain.entities import MentoringSession, OptionKind, Page, SessionSummary, SessionType
from domain.ports import ExploreQuery, SessionDetails
from persistence.mapping import (
    SessionOptions,
    enrollment_from_row,
    group_session_options,
    row_id,
    session_from_row,
    session_option_lists,
    session_option_rows,
    session_values,
    user_from_row,
)
from persistence.repositories.querying import CoreRepository, matches_search, offset_and_limit
from persistence.tables import EnrollmentRow, OrganizationRow, SessionOptionRow, SessionRow, UserRow

_sessions: Table = SessionRow.__table__  # type: ignore[attr-defined]
_users: Table = UserRow.__table__  # type: ignore[attr-defined]
_session_options: Table = SessionOptionRow.__table__  # type: ignore[attr-defined]
_NOT_DELETED = _sessions.c.deleted_at.is_(None)
# The mentee count of a summary is the session row's `seats_taken`, which the database keeps (migration 0003):
# the one figure of seats taken that the seat check reads too.
# T2 (P2): the session (with its seats taken), its mentor (with organization) and the viewer's enrollment, in
# one row; built once, so that the many reads after a change neither build it nor compute its cache key.
_DETAILS: Any = (
    select(SessionRow, UserRow, OrganizationRow.name, EnrollmentRow)
    .join(UserRow, col(UserRow.id) == col(SessionRow.mentor_id))
    .join(OrganizationRow, col(OrganizationRow.id) == col(UserRow.organization_id))
    .outerjoin(
        EnrollmentRow,
        and_(
            col(EnrollmentRow.session_id) == col(SessionRow.id),
            col(EnrollmentRow.mentee_id) == bindparam('viewer_id'),
        ),
    )
    .where(col(SessionRow.id) == bindparam('session_id'))
)


def _finished(finished: bool, now: datetime | BindParameter[datetime]) -> ColumnElement[bool]:
    """Completed (rules.status_at): ended by its mentor, or its end time has passed."""
    if finished:
        return or_(_sessions.c.completed_at.is_not(None), _sessions.c.end_at <= now)
    return and_(_sessions.c.completed_at.is_(None), _sessions.c.end_at > now)


def _ordering(finished: bool) -> tuple[Any, ...]:
    if finished:  # most recent first
        return _sessions.c.start_at.desc(), _sessions.c.id.desc()
    return _sessions.c.start_at.asc(), _sessions.c.id.asc()


def _created_for_others(user_id: BindParameter[int]) -> ColumnElement[bool]:
    """Sessions the user created for another mentor. The last term restates the middle one in the form
    the partial index `ix_sessions_creator_id_start_at_for_others` is declared with, so that both databases
    use that index."""
    return and_(
        _sessions.c.creator_id == user_id,
        _sessions.c.mentor_id != user_id,
        _sessions.c.creator_id != _sessions.c.mentor_id,
    )


# T1, M1, M2 (P1): a page of tiles is read as Core rows of the sessions' columns with their mentors' names, and
# then their option lists — no ORM objects for what is only shown.
_SUMMARY = core_select(_sessions, _users.c.name.label('mentor_name')).join(_users, _users.c.id == _sessions.c.mentor_id)
_SUMMARIES_OF = _SUMMARY.where(_sessions.c.id.in_(bindparam('ids', expanding=True)))
_OPTIONS_OF = (
    core_select(_session_options.c.session_id, _session_options.c.kind, _session_options.c.label)
    .where(_session_options.c.session_id.in_(bindparam('ids', expanding=True)))
    .order_by(_session_options.c.session_id, _session_options.c.kind, _session_options.c.position)
)


@dataclass(frozen=True)
class _MentorList:
    """T1 (P1): the statements of one of Home's two lists, built once. The sessions one mentors and the ones
    one created for others are two branches rather than `mentor_id = u OR creator_id = u`, which the databases
    answer by reading and sorting every row of the user: each branch walks its own index in list order."""

    count: Select[Any]  # one row: how many sessions each branch holds
    firsts: tuple[Select[Any], ...]  # each branch's first rows in list order: (start_at, id)

    @classmethod
    def of(cls, finished: bool) -> _MentorList:
        user, now = bindparam('user_id', type_=Integer), bindparam('now', type_=_sessions.c.end_at.type)
        conditions = (_NOT_DELETED, _finished(finished, now))
        branches = (_sessions.c.mentor_id == user, _created_for_others(user))
        count = core_select(*(_count_where(branch, *conditions) for branch in branches))
        firsts = tuple(
            core_select(_sessions.c.start_at, _sessions.c.id)
            .where(branch, *conditions)
            .order_by(*_ordering(finished))
            .limit(bindparam('limit', type_=Integer))
            for branch in branches
        )
        return cls(count, firsts)


def _count_where(*conditions: ColumnElement[bool]) -> Any:
    return core_select(func.count()).select_from(_sessions).where(*conditions).scalar_subquery()


_MENTOR_LISTS = {finished: _MentorList.of(finished) for finished in (False, True)}


def _has_option(kind: OptionKind, label: str) -> ColumnElement[bool]:
    return (
        select(SessionOptionRow.id)
        .where(
            col(SessionOptionRow.session_id) == col(SessionRow.id),
            col(SessionOptionRow.kind) == kind.value,
            col(SessionOptionRow.label) == label,
        )
        .exists()
    )


class SqlSessionRepository(CoreRepository):
    def add(self, session: MentoringSession) -> MentoringSession:
        """Store a new session (its `id` is ignored) and return it with its id."""
        row = SessionRow(**session_values(session))
        self._session.add(row)
        self._session.flush()
        self._session.add_all(session_option_rows(row_id(row), session))
        self._session.flush()
        return replace(session, id=row_id(row), created_at=row.created_at)

    def get(self, session_id: int, *, lock: bool = False) -> MentoringSession | None:
        """Deleted sessions are returned too. `lock`: SELECT … FOR UPDATE (PostgreSQL; SQLite's
        write transactions are exclusive already)."""
        statement = select(SessionRow).where(col(SessionRow.id) == session_id)
        if lock:  # populate_existing: a row read earlier in this transaction is refreshed, not reused
            statement = statement.with_for_update().execution_options(populate_existing=True)
        row = self._session.exec(statement).first()
        return self._entities([row])[0] if row else None

    def update(self, session: MentoringSession) -> None:
        row = self._session.get(SessionRow, session.id)
        if row is None:
            raise LookupError(f'session {session.id} does not exist')
        values = session_values(session)
        if session.created_at is None:
            values['created_at'] = row.created_at
        row.sqlmodel_update(values)
        wanted = {kind: labels for kind, labels in session_option_lists(session).items() if labels}
        if self._options([session.id]).get(session.id, {}) != wanted:
            self._session.exec(delete(SessionOptionRow).where(col(SessionOptionRow.session_id) == session.id))
            self._session.add_all(session_option_rows(session.id, session))
        self._session.flush()

    def mentor_sessions_between(self, mentor_id: int, start_at: datetime, end_at: datetime) -> list[MentoringSession]:
        """Not-deleted sessions of the mentor whose interval intersects [start_at, end_at)."""
        statement = (
            select(SessionRow)
            .where(
                col(SessionRow.mentor_id) == mentor_id,
                _NOT_DELETED,
                col(SessionRow.start_at) < end_at,
                col(SessionRow.end_at) > start_at,
            )
            .order_by(col(SessionRow.start_at), col(SessionRow.id))
        )
        return self._entities(self._session.exec(statement).all())

    def for_mentor(
        self, user_id: int, page: int, per_page: int, *, finished: bool, now: datetime
    ) -> Page[SessionSummary]:
        """T1: not-deleted sessions the user mentors or created; upcoming+live soonest first, or completed
        most recent first."""
        statements = _MENTOR_LISTS[finished]
        connection = self._core()
        total = sum(connection.execute(statements.count, {'user_id': user_id, 'now': now}).one())
        offset, limit = offset_and_limit(page, per_page)
        keys: list[tuple[datetime, int]] = []
        for firsts in statements.firsts:  # the first offset+limit of each branch hold the page of the merged list
            found = connection.execute(firsts, {'user_id': user_id, 'now': now, 'limit': offset + limit})
            keys += [(start, session_id) for start, session_id in found]
        keys.sort(reverse=finished)  # as _ordering: by (start_at, id), both ascending or both descending
        chosen = [session_id for _, session_id in keys[offset : offset + limit]]
        summaries = {summary.session.id: summary for summary in self._summaries(_SUMMARIES_OF, {'ids': chosen})}
        return Page(items=tuple(summaries[i] for i in chosen), total=total, page=page, per_page=per_page)

    def for_mentee(
        self, mentee_id: int, page: int, per_page: int, *, finished: bool, now: datetime
    ) -> Page[SessionSummary]:
        """M2: not-deleted sessions the mentee is enrolled in or invited to, ordered as for_mentor."""
        enrolled = (
            select(EnrollmentRow.id)
            .where(col(EnrollmentRow.session_id) == col(SessionRow.id), col(EnrollmentRow.mentee_id) == mentee_id)
            .exists()
        )
        return self._page([enrolled, _NOT_DELETED, _finished(finished, now)], _ordering(finished), page, per_page)

    def explore(self, query: ExploreQuery, now: datetime) -> Page[SessionSummary]:
        """M1: not-deleted, not-completed Public sessions, soonest first; every word of `text` in the title or
        the mentor's name (rules.matches_search); each filter an exact item of its list."""
        conditions = [
            col(SessionRow.session_type) == SessionType.PUBLIC.value,
            _NOT_DELETED,
            _finished(False, now),
            matches_search(query.text, SessionRow.search_title, UserRow.search_name),
        ]
        for kind, label in (
            (OptionKind.CATEGORIES, query.category),
            (OptionKind.MEDIUM, query.medium),
            (OptionKind.RECOMMENDED_FOR, query.recommended_for),
        ):
            if label:
                conditions.append(_has_option(kind, label))
        return self._page(conditions, _ordering(False), query.page, query.per_page)

    def details(self, session_id: int, viewer_id: int) -> SessionDetails | None:
        """T2: one row (session, seats taken, mentor, the viewer's enrollment), then the option lists.
        Deleted sessions too, as `get`; None if there is no such session or its mentor is missing."""
        found = self._session.exec(_DETAILS, params={'session_id': session_id, 'viewer_id': viewer_id}).first()
        if found is None:
            return None
        row, mentor, organization_name, enrollment = found
        session = session_from_row(row, self._options([session_id]).get(session_id, {}))
        return SessionDetails(
            summary=SessionSummary(session, mentor_name=mentor.name, mentee_count=row.seats_taken),
            mentor=user_from_row(mentor, organization_name),
            viewer_enrollment=None if enrollment is None else enrollment_from_row(enrollment),
        )

    def with_image(self, image_id: str) -> MentoringSession | None:
        """The not-deleted session that shows this image, if any."""
        statement = (
            select(SessionRow)
            .where(col(SessionRow.image_id) == image_id, _NOT_DELETED)
            .order_by(col(SessionRow.id))
            .limit(1)
        )
        rows = self._entities(self._session.exec(statement).all())
        return rows[0] if rows else None

    def due_for_completion(self, now: datetime) -> list[MentoringSession]:
        """Not-deleted sessions whose end has passed but that have no completed_at."""
        statement = (
            select(SessionRow)
            .where(_NOT_DELETED, col(SessionRow.completed_at).is_(None), col(SessionRow.end_at) <= now)
            .order_by(col(SessionRow.end_at), col(SessionRow.id))
        )
        return self._entities(self._session.exec(statement).all())

    def due_for_starting_soon(self, now: datetime, window_start: datetime) -> list[MentoringSession]:
        """Not-deleted, not-started sessions starting in [now, window_start] with no notice sent yet."""
        statement = (
            select(SessionRow)
            .where(
                _NOT_DELETED,
                col(SessionRow.started_at).is_(None),
                col(SessionRow.completed_at).is_(None),
                col(SessionRow.starting_soon_sent_at).is_(None),
                col(SessionRow.start_at) >= now,
                col(SessionRow.start_at) <= window_start,
            )
            .order_by(col(SessionRow.start_at), col(SessionRow.id))
        )
        return self._entities(self._session.exec(statement).all())

    def mark_completed(self, session_id: int, now: datetime) -> bool:
        """Set completed_at only if still unset. True if this call won."""
        return self._set_once(session_id, 'completed_at', now)

    def mark_starting_soon_sent(self, session_id: int, now: datetime) -> bool:
        """Set starting_soon_sent_at only if still unset. True if this call won."""
        return self._set_once(session_id, 'starting_soon_sent_at', now)

    # --- helpers ----------------------------------------------------------------------------------

    def _set_once(self, session_id: int, column: str, now: datetime) -> bool:
        statement = (
            update(SessionRow)
            .where(col(SessionRow.id) == session_id, getattr(SessionRow, column).is_(None))
            .values({column: now})
            .execution_options(synchronize_session='fetch')
        )
        return self._session.exec(statement).rowcount == 1

    def _page(
        self, conditions: list[ColumnElement[bool]], ordering: tuple[Any, ...], page: int, per_page: int
    ) -> Page[SessionSummary]:
        counting = (
            core_select(func.count())
            .select_from(_sessions.join(_users, _users.c.id == _sessions.c.mentor_id))
            .where(*conditions)
        )
        total = self._core().execute(counting).scalar_one()
        offset, limit = offset_and_limit(page, per_page)
        statement = _SUMMARY.where(*conditions).order_by(*ordering).offset(offset).limit(limit)
        return Page(items=tuple(self._summaries(statement, {})), total=total, page=page, per_page=per_page)

    def _summaries(self, statement: Select[Any], params: dict[str, Any]) -> list[SessionSummary]:
        rows = self._core().execute(statement, params).all()
        options = self._options([row.id for row in rows])
        return [
            SessionSummary(
                session_from_row(row, options.get(row.id, {})),
                mentor_name=row.mentor_name,
                mentee_count=row.seats_taken,
            )
            for row in rows
        ]

    def _entities(self, rows: Sequence[SessionRow]) -> list[MentoringSession]:
        options = self._options([row_id(row) for row in rows])
        return [session_from_row(row, options.get(row_id(row), {})) for row in rows]

    def _options(self, session_ids: list[int]) -> dict[int, SessionOptions]:
        """The three lists of every given session, in one query."""
        if not session_ids:
            return {}
        return group_session_options(self._core().execute(_OPTIONS_OF, {'ids': session_ids}))
