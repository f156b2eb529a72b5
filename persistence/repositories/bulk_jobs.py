"""B1: bulk upload jobs, the text of their file and the result of each row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from domain.bulk_jobs import BulkJob, JobKind, JobStatus, RowResult
from domain.ports import LeaseLost
from persistence.mapping import bulk_job_from_row, row_result_from_row, row_result_to_row
from persistence.tables import BulkJobFileRow, BulkJobResultRow, BulkJobRow


class SqlBulkJobRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, job: BulkJob, text: str, delimiter: str) -> BulkJob:
        row = BulkJobRow(
            owner_id=job.owner_id,
            file_name=job.file_name,
            time_zone=job.time_zone,
            total_rows=job.total_rows,
            done_rows=job.done_rows,
            status=job.status.value,
            created_at=job.created_at,
            kind=job.kind.value,
            leased_until=job.leased_until,
        )
        self._session.add(row)
        self._session.flush()
        added = bulk_job_from_row(row)
        self._session.add(BulkJobFileRow(job_id=added.id, delimiter=delimiter, content=text))
        return added

    def get(self, job_id: int) -> BulkJob | None:
        row = self._session.get(BulkJobRow, job_id)
        return bulk_job_from_row(row) if row else None

    def upload_text(self, job_id: int) -> tuple[str, str]:
        found = self._session.get(BulkJobFileRow, job_id)
        return (found.content, found.delimiter) if found else ('', ',')

    def latest_for(self, owner_id: int, kind: JobKind = JobKind.SESSIONS) -> BulkJob | None:
        statement = (
            select(BulkJobRow)
            .where(col(BulkJobRow.owner_id) == owner_id, col(BulkJobRow.kind) == kind.value)
            .order_by(col(BulkJobRow.id).desc())
        )
        row = self._session.exec(statement.limit(1)).first()
        return bulk_job_from_row(row) if row else None

    def record_results(
        self, job_id: int, results: Sequence[RowResult], done_before: int, leased_until: datetime
    ) -> bool:
        # On PostgreSQL a second instance's update waits for the first's to commit, then finds the count moved on.
        counted = (
            update(BulkJobRow)
            .where(col(BulkJobRow.id) == job_id, col(BulkJobRow.done_rows) == done_before)
            .values(done_rows=done_before + len(results), leased_until=leased_until)
        )
        if self._session.exec(counted.execution_options(synchronize_session=False)).rowcount != 1:
            raise LeaseLost()
        self._session.add_all([row_result_to_row(job_id, result) for result in results])
        self._session.flush()
        statement = select(BulkJobRow.cancel_requested).where(col(BulkJobRow.id) == job_id)
        return bool(self._session.exec(statement).first())

    def claim_stalled(self, now: datetime, leased_until: datetime) -> list[int]:
        # One conditional UPDATE: on PostgreSQL another instance's, waiting on the same rows, finds them leased anew.
        claim = (
            update(BulkJobRow)
            .where(
                col(BulkJobRow.status) == JobStatus.RUNNING.value,
                or_(col(BulkJobRow.leased_until).is_(None), col(BulkJobRow.leased_until) < now),
            )
            .values(leased_until=leased_until)
            .returning(col(BulkJobRow.id))
        )
        return sorted(self._session.exec(claim.execution_options(synchronize_session=False)).scalars())

    def request_cancel(self, job_id: int) -> None:
        statement = update(BulkJobRow).where(col(BulkJobRow.id) == job_id).values(cancel_requested=True)
        self._session.execute(statement)

    def finish(self, job_id: int, status: JobStatus, now: datetime) -> None:
        statement = (
            update(BulkJobRow)
            .where(col(BulkJobRow.id) == job_id, col(BulkJobRow.status) == JobStatus.RUNNING.value)
            .values(status=status.value, finished_at=now)
        )
        self._session.execute(statement)

    def results(self, job_id: int, offset: int = 0, limit: int | None = None) -> list[RowResult]:
        statement = (
            select(BulkJobResultRow)
            .where(col(BulkJobResultRow.job_id) == job_id)
            .order_by(col(BulkJobResultRow.row))
            .offset(offset)
            .limit(limit)
        )
        return [row_result_from_row(row) for row in self._session.exec(statement).all()]
