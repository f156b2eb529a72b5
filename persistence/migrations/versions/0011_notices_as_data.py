"""E3: notices kept as data — their kind, the session's title and start — so each reader's inbox shows the time in
the reader's own zone. Notices stored before keep only their text (the new columns stay empty).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (not a batch copy), as in 0006 and 0007.
    op.add_column('notifications', sa.Column('kind', sa.String(32), nullable=True))
    op.add_column('notifications', sa.Column('title', sa.Text(), nullable=True))
    op.add_column('notifications', sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    for column in ('starts_at', 'title', 'kind'):
        op.execute(f'ALTER TABLE notifications DROP COLUMN {column}')
