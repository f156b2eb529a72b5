"""`sessions.seats_taken`: enrolled plus invited mentees, kept by the database itself (M1, P4).

Triggers on `enrollments` add one for each row inserted and take one off for each row deleted, whoever
writes the rows, so the count cannot drift from the roster. Enrolling then reads the seats taken with the
locked session row (one statement) instead of counting the roster after the lock (a second one).

For later migrations on SQLite: a batch operation copies a table and drops the old one. On `enrollments` that
drops these triggers (re-create them afterwards); on `sessions`, with foreign keys on, the drop cascades to
its enrollments (alter the column in place, as `downgrade` below does).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TAKE = 'UPDATE sessions SET seats_taken = seats_taken + 1 WHERE id = NEW.session_id;'
_GIVE_BACK = 'UPDATE sessions SET seats_taken = seats_taken - 1 WHERE id = OLD.session_id;'

_POSTGRESQL = [
    f"""
    CREATE FUNCTION enrollments_keep_seats_taken() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN {_GIVE_BACK} END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN {_TAKE} END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER enrollments_keep_seats_taken AFTER INSERT OR DELETE OR UPDATE OF session_id ON enrollments
    FOR EACH ROW EXECUTE FUNCTION enrollments_keep_seats_taken()
    """,
]
_SQLITE = [
    f'CREATE TRIGGER enrollments_take_seat AFTER INSERT ON enrollments BEGIN {_TAKE} END',
    f'CREATE TRIGGER enrollments_give_seat_back AFTER DELETE ON enrollments BEGIN {_GIVE_BACK} END',
    f'CREATE TRIGGER enrollments_move_seat AFTER UPDATE OF session_id ON enrollments BEGIN {_GIVE_BACK} {_TAKE} END',
]


def upgrade() -> None:
    op.add_column('sessions', sa.Column('seats_taken', sa.Integer(), server_default=sa.text('0'), nullable=False))
    op.execute(
        'UPDATE sessions SET seats_taken = (SELECT count(*) FROM enrollments WHERE enrollments.session_id = sessions.id)'
    )
    for statement in _POSTGRESQL if op.get_bind().dialect.name == 'postgresql' else _SQLITE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER enrollments_keep_seats_taken ON enrollments')
        op.execute('DROP FUNCTION enrollments_keep_seats_taken()')
    else:
        for name in ('enrollments_take_seat', 'enrollments_give_seat_back', 'enrollments_move_seat'):
            op.execute(f'DROP TRIGGER {name}')
    # Not a batch operation: on SQLite that copies the table and drops the old one, and dropping `sessions`
    # would cascade to its enrollments.
    op.execute('ALTER TABLE sessions DROP COLUMN seats_taken')
