"""N3: "Add to calendar" for one session, and each user's personal calendar feed (webcal) with a secret token.

The feed's token is the credential: it is shown once, when made, and only its SHA-256 is stored, like a
sign-in token. Making a new one revokes the old; a revoked or unknown token finds nothing.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.calendar import CalendarEntry, CalendarMethod, feed_calendar, session_calendar
from domain.entities import CalendarFeed, User
from domain.errors import NotFound, WrongState
from domain.ports import SecondActiveFeed, UnitOfWork
from domain.services._shared import visible_session

FEED_PAST = timedelta(days=60)  # a feed keeps sessions that ended up to this long ago
FEED_LIMIT = 500
FEED_RACED = 'Your calendar address was changed elsewhere at the same moment. Reload the page and try again.'
_TOKEN = re.compile(r'[A-Za-z0-9_-]{32,64}')


@dataclass(frozen=True)
class FeedFile:
    """A feed's bytes and their fingerprint (the ETag), which changes exactly when the bytes do."""

    content: bytes
    fingerprint: str


def feed_token_hash(token: str) -> str:
    """What is stored for a feed token: its SHA-256 in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_file(uow: UnitOfWork, actor: User, session_id: int, public_url: str, now: datetime) -> tuple[str, bytes]:
    """N3 "Add to calendar": the file name and `.ics` of one session the actor may see (PUBLISH: a copy)."""
    with uow:
        session = visible_session(uow, actor, session_id)
        mentor = uow.users.get(session.mentor_id)
    entry = CalendarEntry(session, mentor)
    return f'session-{session.id}.ics', session_calendar(entry, CalendarMethod.PUBLISH, public_url, now)


def active_feed(uow: UnitOfWork, actor: User) -> CalendarFeed | None:
    """The actor's feed that works now, if any (its token is not known any more: only its hash)."""
    with uow:
        return uow.calendar_feeds.active_for(actor.id)


def new_feed_token(uow: UnitOfWork, actor: User, now: datetime) -> str:
    """N3: a new secret feed token for the actor; the old address, if any, stops working at once."""
    token = secrets.token_urlsafe(32)
    with uow:
        uow.calendar_feeds.revoke_all(actor.id, now)
        try:
            uow.calendar_feeds.add(CalendarFeed(feed_token_hash(token), actor.id, now))
        except SecondActiveFeed:
            raise WrongState(FEED_RACED) from None
        uow.commit()
    return token


def turn_off_feed(uow: UnitOfWork, actor: User, now: datetime) -> None:
    """N3: the actor's feed address stops working; nothing replaces it."""
    with uow:
        uow.calendar_feeds.revoke_all(actor.id, now)
        uow.commit()


def feed_file(uow: UnitOfWork, token: str, public_url: str, now: datetime) -> FeedFile:
    """N3: the calendar behind a feed token — the sessions its owner mentors or is enrolled in or invited to.

    NotFound for a malformed, unknown or revoked token: all alike, so a guess learns nothing.
    """
    if not _TOKEN.fullmatch(token):
        raise NotFound('No calendar at this address.')
    with uow:
        feed = uow.calendar_feeds.get(feed_token_hash(token))
        owner = None if feed is None or feed.revoked_at is not None else uow.users.get(feed.user_id)
        if owner is None:
            raise NotFound('No calendar at this address.')
        sessions = uow.calendar_feeds.sessions_of(owner.id, now - FEED_PAST, FEED_LIMIT)
        mentors = {user.id: user for user in uow.users.get_many([s.mentor_id for s in sessions])}
    entries = [CalendarEntry(session, mentors.get(session.mentor_id)) for session in sessions]
    content = feed_calendar(entries, f'Mentor sessions — {owner.name}', public_url)
    return FeedFile(content, hashlib.sha256(content).hexdigest()[:32])
