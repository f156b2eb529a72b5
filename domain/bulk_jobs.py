"""B1: a bulk upload as a stored job, and the fate of each of its rows; R5: the same for people."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class JobStatus(enum.StrEnum):
    RUNNING = 'Running'
    FINISHED = 'Finished'
    CANCELLED = 'Cancelled'


class JobKind(enum.StrEnum):
    """What the rows of a file are: sessions (B1) or people (R5)."""

    SESSIONS = 'sessions'
    PEOPLE = 'people'


class Outcome(enum.StrEnum):
    CREATED = 'Created'
    ADDED = 'Added'  # R5: a person added, their invitation on its way
    EDITED = 'Edited'
    DELETED = 'Deleted'
    ALREADY_EXISTS = 'Already exists'
    REFUSED = 'Refused'


@dataclass(frozen=True)
class BulkJob:
    """An upload: who sent which file, how far it got; `cancel_requested` stops it after the current row."""

    id: int
    owner_id: int
    file_name: str
    time_zone: str
    total_rows: int
    done_rows: int
    status: JobStatus
    created_at: datetime
    cancel_requested: bool = False
    finished_at: datetime | None = None
    kind: JobKind = JobKind.SESSIONS
    # Until when the instance running it holds it; after that another instance takes it over (S1).
    leased_until: datetime | None = None

    @property
    def progress_text(self) -> str:
        return f'{self.done_rows:,} of {self.total_rows:,} rows'


@dataclass(frozen=True)
class RowResult:
    """One row's fate: the session (or, R5, the person) it concerns when known, and the message of a refusal."""

    row: int
    action: str
    session_id: int | None
    outcome: Outcome
    message: str = ''
