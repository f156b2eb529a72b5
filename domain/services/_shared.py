"""Small helpers the service modules share: loading a visible session, notifying, formatting times."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import UTC, datetime

from domain import rules
from domain.entities import MailKind, MentoringSession, Notice, User
from domain.errors import NotFound, WrongState
from domain.notices import notice_text
from domain.ports import InboxChanged, LoginRevoked, MeetingRooms, OutboxChanged, UnitOfWork

MAX_PER_PAGE = 100


def when(moment: datetime) -> str:
    """A moment as notifications spell it: in UTC, with the zone named (E3)."""
    return moment.astimezone(UTC).strftime('%Y-%m-%d %H:%M UTC')


# E3: the old names some browsers still report (tzdata's "backward" links), by the zone's current name.
CURRENT_ZONE_NAMES = {
    'Asia/Calcutta': 'Asia/Kolkata',
    'Asia/Saigon': 'Asia/Ho_Chi_Minh',
    'Asia/Katmandu': 'Asia/Kathmandu',
    'Asia/Rangoon': 'Asia/Yangon',
    'Asia/Dacca': 'Asia/Dhaka',
    'Asia/Thimbu': 'Asia/Thimphu',
    'Asia/Ulan_Bator': 'Asia/Ulaanbaatar',
    'Asia/Macao': 'Asia/Macau',
    'Asia/Ujung_Pandang': 'Asia/Makassar',
    'Asia/Chungking': 'Asia/Chongqing',
    'Europe/Kiev': 'Europe/Kyiv',
    'Europe/Uzhgorod': 'Europe/Kyiv',
    'Europe/Zaporozhye': 'Europe/Kyiv',
    'America/Godthab': 'America/Nuuk',
    'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
    'America/Indianapolis': 'America/Indiana/Indianapolis',
    'America/Louisville': 'America/Kentucky/Louisville',
    'Atlantic/Faeroe': 'Atlantic/Faroe',
    'Pacific/Truk': 'Pacific/Chuuk',
    'Pacific/Ponape': 'Pacific/Pohnpei',
    'Pacific/Enderbury': 'Pacific/Kanton',
}


def current_zone_name(name: str) -> str:
    """E3: a zone's current IANA name (Asia/Kolkata for Asia/Calcutta); other names as given."""
    return CURRENT_ZONE_NAMES.get(name, name)


def clean_time_zone(name: str) -> str:
    """An IANA zone name by its current name, or 'UTC' when the name is unknown or malformed."""
    try:
        zoneinfo.ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        return 'UTC'
    return current_zone_name(name)


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
    kind: MailKind,
    session: MentoringSession,
    now: datetime,
    *,
    mail: bool = True,
) -> None:
    """Leave one notice of `kind` about the session per user, as data (E3: each reader sees its time in their own
    zone), and record that their inbox changed; N1: unless `mail` is False, queue the same notice as an e-mail of
    that kind, in the same transaction."""
    recipients = list(dict.fromkeys(user_ids))
    notice = Notice(kind, session.title, session.start_at)
    text = notice_text(notice, when(session.start_at), now)
    for user_id in recipients:
        uow.notifications.add(user_id, text, now, session.id, notice)
        uow.record(InboxChanged(user_id))
    if mail:
        queue_mail(uow, recipients, kind, text, now, session.id)


def end_logins(uow: UnitOfWork, user_id: int, now: datetime) -> None:
    """R5, R6: every login of the user ends, and with it every open page of theirs, on every instance."""
    for token_hash in uow.logins.revoke_all(user_id, now):
        uow.record(LoginRevoked(token_hash))


def notify_text(
    uow: UnitOfWork,
    user_ids: Iterable[int],
    text: str,
    now: datetime,
    session_id: int | None,
    mail: MailKind | None,
) -> None:
    """A notice no `Notice` kind words (waitlist, people): its text as given; N1: queued as an e-mail of kind
    `mail` too, unless that is None."""
    recipients = list(dict.fromkeys(user_ids))
    for user_id in recipients:
        uow.notifications.add(user_id, text, now, session_id)
        uow.record(InboxChanged(user_id))
    if mail is not None:
        queue_mail(uow, recipients, mail, text, now, session_id)


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
