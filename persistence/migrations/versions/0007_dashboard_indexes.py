"""Indexes for the dashboard's aggregates (D1, P9): sessions created and deleted in a period are counted on
`created_at` and `deleted_at`; the category and medium filters and the busiest categories walk
`session_options` by (kind, label). The figures over sessions starting in a period use `ix_sessions_start_at`.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_sessions_created_at', 'sessions', ['created_at'])
    op.create_index('ix_sessions_deleted_at', 'sessions', ['deleted_at'])
    op.create_index('ix_session_options_kind_label_session_id', 'session_options', ['kind', 'label', 'session_id'])


def downgrade() -> None:
    op.drop_index('ix_session_options_kind_label_session_id', table_name='session_options')
    op.drop_index('ix_sessions_deleted_at', table_name='sessions')
    op.drop_index('ix_sessions_created_at', table_name='sessions')
