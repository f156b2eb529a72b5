"""N5, P4: the outbox loses two indexes that no query reads (`user_id`, `created_at`). Every e-mail queued, one
with each enrollment, wrote to both. The sender reads the due index, the org admin's overview the latest rows by id
and the counts by status; no user or session row is ever deleted, so the user's foreign key needs no index either.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index('ix_outbox_user_id', table_name='outbox')
    op.drop_index('ix_outbox_created_at', table_name='outbox')


def downgrade() -> None:
    op.create_index('ix_outbox_created_at', 'outbox', ['created_at'])
    op.create_index('ix_outbox_user_id', 'outbox', ['user_id'])
