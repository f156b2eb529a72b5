"""R4–R6 accounts: `users.is_active` (R5) and `password_tokens` (R6: invitation and reset links, hashed).

`is_active` is added in place, not by a batch operation: on SQLite a batch copy of `users` would drop the
table under its foreign keys (see 0003).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column('users', sa.Column('is_active', sa.Boolean(), server_default=sa.text('true'), nullable=False))
    op.create_index(op.f('ix_users_is_active'), 'users', ['is_active'])
    op.create_table(
        'password_tokens',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('purpose', sa.String(length=16), nullable=False),
        sa.Column('created_at', UTC_DATETIME, nullable=False),
        sa.Column('expires_at', UTC_DATETIME, nullable=False),
        sa.Column('used_at', UTC_DATETIME, nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_password_tokens_user_id_users')),
        sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_password_tokens')),
    )
    op.create_index(op.f('ix_password_tokens_user_id'), 'password_tokens', ['user_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_password_tokens_user_id'), table_name='password_tokens')
    op.drop_table('password_tokens')
    op.drop_index(op.f('ix_users_is_active'), table_name='users')
    op.execute('ALTER TABLE users DROP COLUMN is_active')
