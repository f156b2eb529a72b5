"""E2 (issue 22 item 1): drafts of unsaved session forms, one per user, form (the session's id, 0 for a new
session) and tab, so typed work survives a reload, a lost connection or another device.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'form_drafts',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('session_key', sa.Integer(), nullable=False),
        sa.Column('part', sa.String(16), nullable=False),
        sa.Column('content', sa.Text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=True),
        sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_form_drafts_user_id_users'),
        sa.PrimaryKeyConstraint('user_id', 'session_key', 'part', name='pk_form_drafts'),
    )


def downgrade() -> None:
    op.drop_table('form_drafts')
