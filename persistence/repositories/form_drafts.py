"""E2: the drafts of unsaved session forms, one row per user, form and tab; the boxes are kept as JSON."""

from __future__ import annotations

import json

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from domain.drafts import DraftPart, DraftValue, FormDraft
from persistence.tables import FormDraftRow


def _values(content: str) -> dict[str, DraftValue]:
    try:
        stored = json.loads(content)
    except ValueError:
        return {}
    if not isinstance(stored, dict):
        return {}
    values: dict[str, DraftValue] = {}
    for name, value in stored.items():
        if isinstance(value, str):
            values[name] = value
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            values[name] = tuple(value)
    return values


class SqlFormDraftRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, user_id: int, session_key: int, part: DraftPart) -> FormDraft | None:
        row = self._session.get(FormDraftRow, (user_id, session_key, part.value))
        return None if row is None else FormDraft(_values(row.content), row.version, row.saved_at)

    def put(self, user_id: int, session_key: int, part: DraftPart, draft: FormDraft) -> None:
        assert draft.saved_at is not None
        content = json.dumps({name: list(v) if isinstance(v, tuple) else v for name, v in draft.values.items()})
        row = self._session.get(FormDraftRow, (user_id, session_key, part.value))
        if row is not None:
            row.content, row.version, row.saved_at = content, draft.version, draft.saved_at
            self._session.add(row)
            self._session.flush()
            return
        fresh = FormDraftRow(
            user_id=user_id,
            session_key=session_key,
            part=part.value,
            content=content,
            version=draft.version,
            saved_at=draft.saved_at,
        )
        try:
            with self._session.begin_nested():  # a SAVEPOINT: another tab may have written it first
                self._session.add(fresh)
        except IntegrityError:
            self.put(user_id, session_key, part, draft)  # it exists now: update it

    def delete(self, user_id: int, session_key: int, part: DraftPart) -> None:
        statement = delete(FormDraftRow).where(
            col(FormDraftRow.user_id) == user_id,
            col(FormDraftRow.session_key) == session_key,
            col(FormDraftRow.part) == part.value,
        )
        self._session.exec(statement.execution_options(synchronize_session='fetch'))
        self._session.flush()
