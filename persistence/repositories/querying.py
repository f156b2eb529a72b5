"""Query pieces shared by the repositories, and their way to the unit of work's database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, and_, or_, true
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from domain import rules


def matches_search(text: str, *folded_columns: Any) -> ColumnElement[bool]:
    """rules.matches_search in SQL: every word of `text`, folded, is in one of the columns, which hold their
    text folded (stored as it is written, so no row is folded while searching); % and _ are taken literally."""
    words = rules.search_words(text)
    return and_(
        true(),  # no word: no condition
        *(or_(*(column.contains(word, autoescape=True) for column in folded_columns)) for word in words),
    )


def offset_and_limit(page: int, per_page: int) -> tuple[int, int]:
    """(offset, limit) of a 1-based page."""
    per_page = max(1, per_page)
    return (max(1, page) - 1) * per_page, per_page


class UnitOfWorkDatabase:
    """A unit of work's connection, and the ORM Session on it, each made on first use: a unit of work whose
    statements all run on the connection (an enrollment, P4) never makes a Session."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None
        self._session: Session | None = None

    def connection(self) -> Connection:
        """The connection; the transaction begins with its first statement."""
        if self._connection is None:
            self._connection = self._engine.connect()
        return self._connection

    def core(self) -> Connection:
        """The connection for a Core statement, after the Session's pending changes (as its autoflush would)."""
        if self._session is not None:
            self._session.flush()
        return self.connection()

    def session(self) -> Session:
        if self._session is None:
            self._session = _UnitOfWorkSession(self)
        return self._session

    def commit(self) -> None:
        if self._session is not None and self._session.in_transaction():  # something was added or read through it
            self._session.commit()  # flushes; commits the transaction too when the Session began it
        if self._connection is not None:
            self._connection.commit()  # when Core statements began it; else there is nothing left

    def rollback(self) -> None:
        if self._session is not None:
            self._session.rollback()
        if self._connection is not None:
            self._connection.rollback()

    def close(self) -> None:
        try:
            if self._session is not None:
                self._session.close()
        finally:
            if self._connection is not None:
                self._connection.close()


class CoreRepository:
    """A repository whose hot statements run on the unit of work's connection alone (P4), reaching the ORM
    Session only for the methods that need it."""

    def __init__(self, database: UnitOfWorkDatabase) -> None:
        self._database = database

    @property
    def _session(self) -> Session:
        """The unit of work's ORM Session, made on first use."""
        return self._database.session()

    def _core(self) -> Connection:
        return self._database.core()


class _UnitOfWorkSession(Session):
    """A SQLModel Session that works on its unit of work's connection."""

    def __init__(self, database: UnitOfWorkDatabase) -> None:
        # rollback_only: when Core statements began the transaction, the Session joins it and may roll it
        # back, but the unit of work commits it.
        super().__init__(expire_on_commit=False, join_transaction_mode='rollback_only')
        self._database = database

    def get_bind(self, *args: Any, **kwargs: Any) -> Connection:
        return self._database.connection()


def is_unique_violation(error: IntegrityError) -> bool:
    """PostgreSQL says SQLSTATE 23505; SQLite says so in words."""
    original = error.orig
    return getattr(original, 'sqlstate', None) == '23505' or 'UNIQUE constraint failed' in str(original)
