"""R4–R6 accounts: joins the outbox (0006) and calendar (0007) branches.

Revision ID: 0008
Revises: 0006, 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

revision: str = '0008'
down_revision: str | Sequence[str] | None = ('0006', '0007')
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
