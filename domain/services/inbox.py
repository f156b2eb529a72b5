"""A user's notifications: invitations, changes, cancellations, reminders."""

from __future__ import annotations

from datetime import datetime

from domain.entities import Notification, User
from domain.ports import InboxChanged, UnitOfWork


def inbox(uow: UnitOfWork, actor: User) -> list[Notification]:
    """The actor's latest notifications, newest first."""
    with uow:
        return uow.notifications.for_user(actor.id)


def unread_count(uow: UnitOfWork, actor: User) -> int:
    """How many of the actor's notifications are unread (the badge)."""
    with uow:
        return uow.notifications.unread_count(actor.id)


def mark_inbox_read(uow: UnitOfWork, actor: User, now: datetime) -> None:
    """Mark all the actor's notifications as read."""
    with uow:
        uow.notifications.mark_all_read(actor.id, now)
        uow.record(InboxChanged(actor.id))
        uow.commit()
