"""B1 bulk upload: `bulk_jobs` (an upload and its progress), `bulk_job_files` (the file's text, apart, so that
progress updates rewrite a small row) and `bulk_job_results` (each row's fate).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'bulk_jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('file_name', sa.String(length=200), nullable=False),
        sa.Column('time_zone', sa.String(length=64), nullable=False),
        sa.Column('total_rows', sa.Integer(), nullable=False),
        sa.Column('done_rows', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('cancel_requested', sa.Boolean(), nullable=False),
        sa.Column('created_at', UTC_DATETIME, nullable=False),
        sa.Column('finished_at', UTC_DATETIME, nullable=True),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_bulk_jobs_owner_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bulk_jobs')),
    )
    op.create_index(op.f('ix_bulk_jobs_owner_id'), 'bulk_jobs', ['owner_id'])
    op.create_table(
        'bulk_job_files',
        sa.Column('job_id', sa.Integer(), nullable=False),
        sa.Column('delimiter', sa.String(length=1), nullable=False),
        sa.Column('content', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['job_id'], ['bulk_jobs.id'], name=op.f('fk_bulk_job_files_job_id_bulk_jobs')),
        sa.PrimaryKeyConstraint('job_id', name=op.f('pk_bulk_job_files')),
    )
    op.create_table(
        'bulk_job_results',
        sa.Column('job_id', sa.Integer(), nullable=False),
        sa.Column('row', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=True),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['job_id'], ['bulk_jobs.id'], name=op.f('fk_bulk_job_results_job_id_bulk_jobs')),
        sa.PrimaryKeyConstraint('job_id', 'row', name=op.f('pk_bulk_job_results')),
    )


def downgrade() -> None:
    op.drop_table('bulk_job_results')
    op.drop_table('bulk_job_files')
    op.drop_index(op.f('ix_bulk_jobs_owner_id'), table_name='bulk_jobs')
    op.drop_table('bulk_jobs')
