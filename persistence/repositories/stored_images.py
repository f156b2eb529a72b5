"""Image bytes kept in the database, so that every app instance can serve them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from persistence.tables import ImageRow, SessionRow


class SqlImageRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, image_id: str, owner_id: int, full: bytes, thumbnail: bytes, content_type: str) -> None:
        row = ImageRow(
            id=image_id,
            owner_id=owner_id,
            full=full,
            thumbnail=thumbnail,
            content_type=content_type,
            created_at=datetime.now(UTC),
        )
        self._session.add(row)
        self._session.flush()

    def owner(self, image_id: str) -> int | None:
        """Who uploaded it (None: no such image)."""
        return self._session.exec(select(ImageRow.owner_id).where(col(ImageRow.id) == image_id)).first()

    def get(self, image_id: str, *, thumbnail: bool) -> tuple[bytes, str] | None:
        """The bytes and their content type; only the asked-for size is read."""
        data = ImageRow.thumbnail if thumbnail else ImageRow.full
        found = self._session.exec(select(data, ImageRow.content_type).where(col(ImageRow.id) == image_id)).first()
        return (bytes(found[0]), found[1]) if found else None

    def delete(self, image_id: str) -> None:
        """Sessions that showed it show none (ON DELETE SET NULL)."""
        statement = delete(ImageRow).where(col(ImageRow.id) == image_id)
        self._session.exec(statement.execution_options(synchronize_session='fetch'))

    def delete_unused(self, *, uploaded_before: datetime) -> int:
        shown = select(SessionRow.image_id).where(col(SessionRow.image_id).is_not(None))
        statement = delete(ImageRow).where(col(ImageRow.created_at) < uploaded_before, col(ImageRow.id).not_in(shown))
        result = self._session.exec(statement.execution_options(synchronize_session=False))
        return int(result.rowcount)
