"""W1 waitlist: `waitlist` holds the mentees waiting for a seat; its id orders the line (first come first served).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'waitlist',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('mentee_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['session_id'], ['sessions.id'], name=op.f('fk_waitlist_session_id_sessions'), ondelete='CASCADE'
        ),
        sa.ForeignKeyConstraint(['mentee_id'], ['users.id'], name=op.f('fk_waitlist_mentee_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_waitlist')),
        sa.UniqueConstraint('session_id', 'mentee_id', name=op.f('uq_waitlist_session_id_mentee_id')),
    )
    op.create_index(op.f('ix_waitlist_mentee_id'), 'waitlist', ['mentee_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_waitlist_mentee_id'), table_name='waitlist')
    op.drop_table('waitlist')
