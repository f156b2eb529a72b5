"""Indexes for the Home page's lists (T1, P1): "upcoming and live" by (mentor, completed_at, start time); the
sessions a user created for other mentors by a partial (creator, start time) index, which replaces the full
one (whose rows were almost all the creator's own sessions, already served by the mentor's indexes).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CREATED_FOR_OTHERS = 'creator_id <> mentor_id'


def upgrade() -> None:
    op.create_index(
        'ix_sessions_mentor_id_completed_at_start_at', 'sessions', ['mentor_id', 'completed_at', 'start_at']
    )
    op.create_index(
        'ix_sessions_creator_id_start_at_for_others',
        'sessions',
        ['creator_id', 'start_at'],
        sqlite_where=sa.text(CREATED_FOR_OTHERS),
        postgresql_where=sa.text(CREATED_FOR_OTHERS),
    )
    op.drop_index('ix_sessions_creator_id_start_at', table_name='sessions')


def downgrade() -> None:
    op.create_index('ix_sessions_creator_id_start_at', 'sessions', ['creator_id', 'start_at'])
    op.drop_index('ix_sessions_creator_id_start_at_for_others', table_name='sessions')
    op.drop_index('ix_sessions_mentor_id_completed_at_start_at', table_name='sessions')
