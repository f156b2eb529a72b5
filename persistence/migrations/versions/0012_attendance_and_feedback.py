"""A1, F1: after the session — `attendance_marks` (attended / no-show per mentee), `session_feedback` (one answer
per attendee per session; no rating: skipped) and `mentor_feedback` (the mentor's short form).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _session_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ['session_id'], ['sessions.id'], name=op.f(f'fk_{table}_session_id_sessions'), ondelete='CASCADE'
    )


def upgrade() -> None:
    op.create_table(
        'attendance_marks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('mentee_id', sa.Integer(), nullable=False),
        sa.Column('mark', sa.String(16), nullable=False),
        sa.Column('marked_by', sa.Integer(), nullable=False),
        sa.Column('marked_at', sa.DateTime(timezone=True), nullable=False),
        _session_fk('attendance_marks'),
        sa.ForeignKeyConstraint(['mentee_id'], ['users.id'], name=op.f('fk_attendance_marks_mentee_id_users')),
        sa.ForeignKeyConstraint(['marked_by'], ['users.id'], name=op.f('fk_attendance_marks_marked_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_marks')),
        sa.UniqueConstraint('session_id', 'mentee_id', name=op.f('uq_attendance_marks_session_id_mentee_id')),
    )
    op.create_table(
        'session_feedback',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('rating', sa.Integer(), nullable=True),
        sa.Column('went_well', sa.Text(), nullable=False),
        sa.Column('could_be_better', sa.Text(), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
        _session_fk('session_feedback'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_session_feedback_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_session_feedback')),
        sa.UniqueConstraint('session_id', 'user_id', name=op.f('uq_session_feedback_session_id_user_id')),
    )
    op.create_index(op.f('ix_session_feedback_user_id'), 'session_feedback', ['user_id'])
    op.create_table(
        'mentor_feedback',
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('mentor_id', sa.Integer(), nullable=False),
        sa.Column('engagement', sa.Integer(), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
        _session_fk('mentor_feedback'),
        sa.ForeignKeyConstraint(['mentor_id'], ['users.id'], name=op.f('fk_mentor_feedback_mentor_id_users')),
        sa.PrimaryKeyConstraint('session_id', name=op.f('pk_mentor_feedback')),
    )


def downgrade() -> None:
    op.drop_table('mentor_feedback')
    op.drop_index(op.f('ix_session_feedback_user_id'), table_name='session_feedback')
    op.drop_table('session_feedback')
    op.drop_table('attendance_marks')
