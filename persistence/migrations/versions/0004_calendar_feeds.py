"""N3 calendars: `sessions.calendar_sequence` (the SEQUENCE of a session's calendar files) and `calendar_feeds`
(personal feed addresses: the token's SHA-256, at most one active per user, revocable).

`calendar_sequence` is added in place, not by a batch operation: on SQLite a batch copy of `sessions` would
drop the table and cascade to its enrollments (see 0003).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)
ACTIVE_FEED = sa.text('revoked_at IS NULL')


def upgrade() -> None:
    op.add_column(
        'sessions', sa.Column('calendar_sequence', sa.Integer(), server_default=sa.text('0'), nullable=False)
    )
    op.create_table(
        'calendar_feeds',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', UTC_DATETIME, nullable=False),
        sa.Column('revoked_at', UTC_DATETIME, nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_feeds_user_id_users')),
        sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_calendar_feeds')),
    )
    op.create_index(op.f('ix_calendar_feeds_user_id'), 'calendar_feeds', ['user_id'])
    op.create_index(
        'ix_calendar_feeds_user_id_active',
        'calendar_feeds',
        ['user_id'],
        unique=True,
        sqlite_where=ACTIVE_FEED,
        postgresql_where=ACTIVE_FEED,
    )


def downgrade() -> None:
    op.drop_index('ix_calendar_feeds_user_id_active', table_name='calendar_feeds')
    op.drop_index(op.f('ix_calendar_feeds_user_id'), table_name='calendar_feeds')
    op.drop_table('calendar_feeds')
    op.execute('ALTER TABLE sessions DROP COLUMN calendar_sequence')
