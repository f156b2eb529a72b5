"""The catalogue of the three "+Select …" lists (C8)."""

from __future__ import annotations

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from domain.entities import Option, OptionKind
from persistence.mapping import option_from_row
from persistence.repositories.enrollments import is_unique_violation
from persistence.tables import OptionRow


class SqlOptionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def list(self, kind: OptionKind) -> list[Option]:
        """Built-in items first in their order, then custom ones by label."""
        statement = (
            select(OptionRow)
            .where(col(OptionRow.kind) == kind.value)
            .order_by(col(OptionRow.custom), col(OptionRow.position), col(OptionRow.label_key), col(OptionRow.id))
        )
        rows = self._session.exec(statement).all()
        builtin = [option_from_row(row) for row in rows if not row.custom]
        custom = sorted((option_from_row(row) for row in rows if row.custom), key=lambda o: (o.label.lower(), o.label))
        return builtin + custom

    def add(self, option: Option) -> Option:
        """Idempotent: an existing label (case-insensitive) of that kind is returned as it is."""
        label = option.label.strip()
        existing = self._find(option.kind, label)
        if existing is not None:
            return existing
        last = self._session.exec(select(func.max(OptionRow.position)).where(col(OptionRow.kind) == option.kind.value))
        row = OptionRow(
            kind=option.kind.value,
            label=label,
            label_key=label.lower(),
            custom=option.custom,
            position=(last.one() or 0) + 1,
        )
        try:
            with self._session.begin_nested():  # another instance may add the same label right now
                self._session.add(row)
        except IntegrityError as error:
            found = self._find(option.kind, label) if is_unique_violation(error) else None
            if found is None:
                raise
            return found
        return option_from_row(row)

    def _find(self, kind: OptionKind, label: str) -> Option | None:
        key = label.strip().lower()
        statement = select(OptionRow).where(col(OptionRow.kind) == kind.value, col(OptionRow.label_key) == key)
        row = self._session.exec(statement).first()
        return option_from_row(row) if row else None
