"""S1: a running bulk upload is leased to the instance that runs it; when that instance stops, the lease runs out
and another instance takes the job over where it stands. The index holds the running jobs only.

Jobs running when this migration runs have no lease: the first instance to look takes them over.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNNING_JOB = sa.text("status = 'Running'")


def upgrade() -> None:
    # Plain ADD COLUMN (not a batch copy), as in 0014.
    op.add_column('bulk_jobs', sa.Column('leased_until', sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        'ix_bulk_jobs_lease', 'bulk_jobs', ['leased_until'], sqlite_where=RUNNING_JOB, postgresql_where=RUNNING_JOB
    )


def downgrade() -> None:
    op.drop_index('ix_bulk_jobs_lease', table_name='bulk_jobs')
    op.execute('ALTER TABLE bulk_jobs DROP COLUMN leased_until')
