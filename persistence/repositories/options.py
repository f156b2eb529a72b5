"""The catalogue of the three "+Select …" lists (C8), managed by org admins (R7)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from domain.entities import Option, OptionKind
from domain.rules import option_key
from persistence.mapping import option_from_row
from persistence.repositories.querying import is_unique_violation
from persistence.tables import OptionRow, SessionOptionRow


class SqlOptionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def list(self, kind: OptionKind, *, retired: bool = False) -> list[Option]:
        """Built-in items first in their order, then custom ones by label; retired ones only when asked (R7)."""
        statement = (
            select(OptionRow)
            .where(col(OptionRow.kind) == kind.value)
            .order_by(col(OptionRow.custom), col(OptionRow.position), col(OptionRow.label_key), col(OptionRow.id))
        )
        if not retired:
            statement = statement.where(col(OptionRow.retired).is_(False))
        rows = self._session.exec(statement).all()
        builtin = [option_from_row(row) for row in rows if not row.custom]
        custom = sorted((option_from_row(row) for row in rows if row.custom), key=lambda o: (o.label.lower(), o.label))
        return builtin + custom

    def add(self, option: Option) -> Option:
        """Idempotent: an existing label (case and white space folded) of that kind is returned as it is."""
        label = option.label.strip()
        existing = self.find(option.kind, label)
        if existing is not None:
            return existing
        row = OptionRow(
            kind=option.kind.value,
            label=label,
            label_key=option_key(label),
            custom=option.custom,
            position=self._last_position(option.kind) + 1,
        )
        try:
            with self._session.begin_nested():  # another instance may add the same label right now
                self._session.add(row)
        except IntegrityError as error:
            found = self.find(option.kind, label) if is_unique_violation(error) else None
            if found is None:
                raise
            return found
        return option_from_row(row)

    def find(self, kind: OptionKind, label: str) -> Option | None:
        row = self._row(kind, label)
        return option_from_row(row) if row else None

    def rename(self, kind: OptionKind, label: str, new_label: str) -> None:
        """R7: the item and every session that has it take the new label (the filters keep finding them)."""
        row = self._row(kind, label)
        if row is None:
            return
        old = row.label
        row.label, row.label_key = new_label, option_key(new_label)
        self._session.add(row)
        self._session.flush()
        self._session.execute(
            update(SessionOptionRow)
            .where(col(SessionOptionRow.kind) == kind.value, col(SessionOptionRow.label) == old)
            .values(label=new_label)
        )

    def set_retired(self, kind: OptionKind, label: str, retired: bool) -> None:
        row = self._row(kind, label)
        if row is not None and row.retired != retired:
            row.retired = retired
            self._session.add(row)
            self._session.flush()

    def reset(self, kind: OptionKind, labels: Sequence[str]) -> None:
        """The list becomes `labels`, in this order (the demo replaces a fresh install's starting list)."""
        keys = [option_key(label) for label in labels]
        self._session.execute(
            delete(OptionRow).where(col(OptionRow.kind) == kind.value, col(OptionRow.label_key).not_in(keys))
        )
        for position, label in enumerate(labels, start=1):
            row = self._row(kind, label)
            if row is None:
                row = OptionRow(kind=kind.value, label=label, label_key=option_key(label))
            row.position, row.custom, row.retired = position, False, False
            self._session.add(row)
        self._session.flush()

    def _last_position(self, kind: OptionKind) -> int:
        last = self._session.exec(select(func.max(OptionRow.position)).where(col(OptionRow.kind) == kind.value))
        return last.one() or 0

    def _row(self, kind: OptionKind, label: str) -> OptionRow | None:
        statement = select(OptionRow).where(
            col(OptionRow.kind) == kind.value, col(OptionRow.label_key) == option_key(label)
        )
        return self._session.exec(statement).first()
