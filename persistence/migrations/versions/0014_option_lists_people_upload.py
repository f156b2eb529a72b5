"""R7: org admins retire option list items (kept on old sessions, gone from the pickers); a fresh install starts
with sensible lists of Recommended for, Categories and Medium (the demo replaces them with its own).
R5: bulk upload jobs of a second kind, people.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What most mentoring programmes offer first; org admins add, rename and retire items on "Option lists".
STARTING_LISTS = {
    'Recommended for': (
        'Students',
        'Teachers',
        'School leaders',
        'New staff',
        'Parents',
        'Mentors',
    ),
    'Categories': (
        'Career development',
        'Communication',
        'Leadership',
        'Teaching practice',
        'Subject knowledge',
        'Digital skills',
        'Wellbeing',
    ),
    'Medium': ('English', 'Hindi', 'Spanish', 'French'),
}


def upgrade() -> None:
    # Plain ADD COLUMN (not a batch copy), as in 0006 and 0007.
    # R5: a bulk upload's rows are sessions (every job so far) or people.
    op.add_column('bulk_jobs', sa.Column('kind', sa.String(16), server_default='sessions', nullable=False))
    op.add_column('options', sa.Column('retired', sa.Boolean(), server_default=sa.text('false'), nullable=False))
    options = sa.table(
        'options',
        sa.column('kind', sa.String),
        sa.column('label', sa.String),
        sa.column('label_key', sa.String),
        sa.column('custom', sa.Boolean),
        sa.column('position', sa.Integer),
    )
    connection = op.get_bind()
    if connection.execute(sa.select(sa.func.count()).select_from(options)).scalar():
        return  # an install in use keeps its lists as they are
    op.bulk_insert(
        options,
        [
            {'kind': kind, 'label': label, 'label_key': label.lower(), 'custom': False, 'position': position}
            for kind, labels in STARTING_LISTS.items()
            for position, label in enumerate(labels, start=1)
        ],
    )


def downgrade() -> None:
    op.execute('ALTER TABLE options DROP COLUMN retired')
    op.execute('ALTER TABLE bulk_jobs DROP COLUMN kind')
