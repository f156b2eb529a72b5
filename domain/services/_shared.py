"""Small helpers the service modules share: loading a visible session, notifying, formatting times.

Private to `domain/services`: the UI uses domain-level modules (`domain.zones` for time-zone names)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from domain import rules
from domain.entities import MailKind, MentoringSession, Notice, User
from domain.errors import NotFound, WrongState
from domain.notices import notice_text
from domain.ports import InboxChanged, LoginRevoked, MeetingRooms, OutboxChanged, UnitOfWork
from domain.zones import clean_time_zone as clean_time_zone  # the dashboard's pages still import it from here

MAX_PER_PAGE = 100


def when(moment: datetime) -> str:
    """A moment as notifications spell it: in UTC, with the zone named (E3)."""
    return moment.astimezone(UTC).strftime('%Y-%m-%d %H:%M UTC')


def visible_session(uow: UnitOfWork, actor: User, session_id: int, *, lock: bool = False) -> MentoringSession:
    """The session, if it exists, is not deleted and the actor may know about it; else NotFound."""
    if not rules.valid_id(session_id):
        raise NotFound()
    session = uow.sessions.get(session_id, lock=lock)
    if session is None:
        raise NotFound()
    is_participant = uow.enrollments.get(session_id, actor.id) is not None
    if not rules.may_see_session(actor, session, is_participant):
        raise NotFound()
    return session


def notify(
    uow: UnitOfWork,
    user_ids: Iterable[int],
    kind: MailKind | None,
    session: MentoringSession,
    now: datetime,
    *,
    mail: bool = True,
    text: str | None = None,
) -> None:
    """The one way to leave inbox notices: one about the session per user, and a record that their inbox changed.

    A notice of `kind` is kept as data (E3: each reader sees its time in their own zone); `text` words one that no
    `Notice` kind words (waitlist, people), as given. N1: queued as an e-mail of `kind` too, in the same
    transaction, unless `mail` is False or `kind` is None."""
    recipients = list(dict.fromkeys(user_ids))
    notice = None
    if text is None:
        if kind is None:
            raise ValueError('a notice needs a kind or a text')
        notice = Notice(kind, session.title, session.start_at)
        text = notice_text(notice, when(session.start_at), now)
    for user_id in recipients:
        uow.notifications.add(user_id, text, now, session.id, notice)
        uow.record(InboxChanged(user_id))
    if mail and kind is not None:
        queue_mail(uow, recipients, kind, text, now, session.id)


def end_logins(uow: UnitOfWork, user_id: int, now: datetime) -> None:
    """R5, R6: every login of the user ends, and with it every open page of theirs, on every instance."""
    for token_hash in uow.logins.revoke_all(user_id, now):
        uow.record(LoginRevoked(token_hash))


def queue_mail(
    uow: UnitOfWork,
    user_ids: Iterable[int],
    kind: MailKind,
    text: str,
    now: datetime,
    session_id: int | None,
    dedupe_key: str | None = None,
) -> int:
    """N5: write e-mails to the outbox in the caller's transaction (a rollback takes them back); return how many
    were added. A `dedupe_key` already used adds nothing, so a reminder is queued once however often it is due."""
    added = sum(uow.mail.add(user_id, kind, text, now, session_id, dedupe_key) for user_id in dict.fromkeys(user_ids))
    if added:
        uow.record(OutboxChanged())
    return added


def page_bounds(page: int, per_page: int, lowest: int = 1, highest: int = MAX_PER_PAGE) -> tuple[int, int]:
    """A page number of at least 1 and a page size within [lowest, highest]."""
    return min(max(1, page), rules.MAX_PAGE), min(max(per_page, lowest), highest)


def bigbluebutton(rooms: MeetingRooms | None) -> MeetingRooms:
    """C10/U2: BigBlueButton is the default platform only where a server is configured."""
    if rooms is None:
        raise WrongState(rules.BIGBLUEBUTTON_UNAVAILABLE, 'link')
    return rooms
