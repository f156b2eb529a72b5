"""Query pieces shared by the repositories."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func


def contains_text(column: Any, text: str) -> ColumnElement[bool]:
    """Case-insensitive "contains" (Unicode-aware on both databases), with % and _ taken literally."""
    return func.lower(column).contains(text.strip().lower(), autoescape=True)


def offset_and_limit(page: int, per_page: int) -> tuple[int, int]:
    """(offset, limit) of a 1-based page."""
    per_page = max(1, per_page)
    return (max(1, page) - 1) * per_page, per_page
