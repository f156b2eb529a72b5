"""U1 (issue 22 item 2): `sessions.details_version`, raised by every save of a session's details, so that a
save opened on an older version is refused instead of silently undoing the newer one.

Added in place, not by a batch operation: on SQLite a batch copy of `sessions` would drop the table and
cascade to its enrollments (see 0003).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('sessions', sa.Column('details_version', sa.Integer(), server_default=sa.text('0'), nullable=False))


def downgrade() -> None:
    op.execute('ALTER TABLE sessions DROP COLUMN details_version')
