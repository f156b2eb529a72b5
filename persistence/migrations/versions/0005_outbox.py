"""N1, N4, N5: the outbox of e-mails, and each user's time zone and muted kinds of mail.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Plain ADD COLUMN (not a batch copy): on SQLite a batch would copy `users` and lose nothing, but it is slower.
    op.add_column('users', sa.Column('time_zone', sa.String(64), server_default='UTC', nullable=False))
    op.add_column('users', sa.Column('muted_mail', sa.String(512), server_default='', nullable=False))
    op.create_table(
        'outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(32), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('dedupe_key', sa.String(128), nullable=True),
        sa.Column('created_at', UTC_DATETIME, nullable=False),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('tries', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', UTC_DATETIME, nullable=False),
        sa.Column('leased_until', UTC_DATETIME, nullable=True),
        sa.Column('last_error', sa.Text(), server_default='', nullable=False),
        sa.Column('sent_at', UTC_DATETIME, nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_outbox_user_id_users'),
        sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name='fk_outbox_session_id_sessions'),
        sa.PrimaryKeyConstraint('id', name='pk_outbox'),
        sa.UniqueConstraint('dedupe_key', name='uq_outbox_dedupe_key'),
    )
    op.create_index('ix_outbox_user_id', 'outbox', ['user_id'])
    op.create_index('ix_outbox_created_at', 'outbox', ['created_at'])
    due = sa.text("status = 'pending'")
    op.create_index(
        'ix_outbox_due', 'outbox', ['next_attempt_at', 'id'], sqlite_where=due, postgresql_where=due
    )


def downgrade() -> None:
    op.drop_table('outbox')
    op.execute('ALTER TABLE users DROP COLUMN muted_mail')
    op.execute('ALTER TABLE users DROP COLUMN time_zone')
