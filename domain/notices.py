"""E3, U1–U4: the one wording of an inbox notice; the e-mail of the same event says it with these words too.

A notice is stored as data (`Notice`: kind, title, start); the reader's page words it with the start time in
the reader's zone, the outbox and the stored text with it in UTC.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.entities import MailKind, Notice

_WORDING = {
    MailKind.INVITED: 'You were invited to {title} on {at}.',
    MailKind.REMOVED: 'You were removed from {title} on {at}.',
    MailKind.MENTOR_ASSIGNED: 'You are the mentor of {title} on {at}.',
    MailKind.MENTOR_REPLACED: 'You are no longer the mentor of {title} on {at}.',
    MailKind.RESCHEDULED: '{title} was rescheduled to {at}.',
    MailKind.EDITED: 'The details of {title} on {at} were edited.',
    MailKind.MEETING: 'The meeting link of {title} on {at} was added or changed.',
    MailKind.CANCELLED: '{title} on {at} was cancelled.',
    MailKind.LIVE: '{title} is Live now. Join from the session page.',
    MailKind.REMINDER: '{title} starts in {left}, at {at}.',
    MailKind.ENROLLED: 'You are enrolled in {title} on {at}.',
    MailKind.UNENROLLED: 'You are no longer enrolled in {title} on {at}.',
    MailKind.FEEDBACK: 'How was {title}?',
}
# U4, U1: the session is gone for its reader, so the notice is all there is to see (no dead "View session" link;
# a replaced mentor of a Private session may not see it any more).
GONE_FOR_READER = frozenset({MailKind.CANCELLED, MailKind.REMOVED, MailKind.MENTOR_REPLACED})


def time_left(delta: timedelta) -> str:
    """'15 minutes', '1 minute', '2 hours' (whole minutes, rounded up)."""
    minutes = max(1, -(-int(delta.total_seconds()) // 60))
    if minutes % 60 == 0 and minutes >= 60:
        hours = minutes // 60
        return '1 hour' if hours == 1 else f'{hours} hours'
    return '1 minute' if minutes == 1 else f'{minutes} minutes'


def notice_text(notice: Notice, at: str, sent_at: datetime) -> str:
    """The notice in words; `at` is its start time as the reader reads it, `sent_at` when it was left."""
    left = time_left(notice.starts_at - sent_at)
    return _WORDING[notice.kind].format(title=notice.title, at=at, left=left)
