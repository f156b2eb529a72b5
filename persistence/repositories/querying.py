"""Query pieces shared by the repositories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, or_, true
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


def flushed_connection(session: Session, connection: Callable[[], Connection]) -> Connection:
    """The connection, after the Session's pending changes (as the Session's autoflush would)."""
    session.flush()
    return connection()


def is_unique_violation(error: IntegrityError) -> bool:
    """PostgreSQL says SQLSTATE 23505; SQLite says so in words."""
    original = error.orig
    return getattr(original, 'sqlstate', None) == '23505' or 'UNIQUE constraint failed' in str(original)
