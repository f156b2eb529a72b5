"""C2: removing what nobody uses any more."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.ports import UnitOfWork

UNUSED_IMAGE_AGE = timedelta(days=1)  # longer than anyone keeps a Create or Edit form open


def remove_unused_images(uow: UnitOfWork, now: datetime) -> int:
    """Delete pictures uploaded over a day ago that no session shows (an abandoned form's); return how many."""
    with uow:
        removed = uow.images.delete_unused(uploaded_before=now - UNUSED_IMAGE_AGE)
        uow.commit()
        return removed
