"""D2's download on SQLite (P9): an index that holds every column the session list reads, in its order (start
time, then id), so that the period's sessions are read from it alone. Without it, each of 100,000 rows was a
look-up into the wide `sessions` table in random order, as long as the `csv` module's whole writing of them.

SQLite only (`SQLITE_ONLY_INDEXES` in persistence/tables.py): it holds `seats_taken`, which every enrollment
changes (the triggers of 0003); on PostgreSQL such an index would end the heap-only updates of `sessions` that
each enrollment makes (P4), and there the list is read by the server's scan and sort, within the target.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = 'ix_sessions_d2_session_list'
# The session list's order first (start time, id), then the filter (deleted_at) and the columns it shows.
COLUMNS = [
    'start_at',
    'id',
    'deleted_at',
    'title',
    'session_type',
    'mentor_id',
    'end_at',
    'completed_at',
    'started_at',
    'seats_taken',
]


def upgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.create_index(INDEX, 'sessions', COLUMNS)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.drop_index(INDEX, table_name='sessions')
