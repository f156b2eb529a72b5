"""N1, N4: what one outbox message says — subject, plain text and HTML in the recipient's time zone, the session's
link and a signed unsubscribe link. Pure: the SMTP adapter (persistence/smtp.py) turns a `Mail` into MIME."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from domain.calendar import CalendarEntry, CalendarMethod, session_calendar
from domain.entities import MailKind, MentoringSession, OutboxMessage, Recipient, User
from domain.notices import time_left

_HEADLINES = {
    MailKind.INVITED: ('Invitation: {title}', 'You were invited to {title}.'),
    MailKind.REMOVED: ('Removed from {title}', 'You were removed from {title}.'),
    MailKind.ENROLLED: ('Enrolled: {title}', 'You are enrolled in {title}. See you there!'),
    MailKind.UNENROLLED: ('Seat given back: {title}', 'You are no longer enrolled in {title}.'),
    MailKind.MENTOR_ASSIGNED: ('You mentor {title}', 'You are the mentor of {title}.'),
    MailKind.MENTOR_REPLACED: ('You no longer mentor {title}', 'You are no longer the mentor of {title}.'),
    MailKind.RESCHEDULED: ('Rescheduled: {title}', '{title} was rescheduled.'),
    MailKind.EDITED: ('Updated: {title}', 'The details of {title} were edited.'),
    MailKind.MEETING: ('Meeting link: {title}', 'The meeting link of {title} was added or changed.'),
    MailKind.CANCELLED: ('Cancelled: {title}', '{title} was cancelled.'),
    MailKind.LIVE: ('Live now: {title}', '{title} is Live now. Join from the session page.'),
    MailKind.REMINDER: ('Reminder: {title} starts in {left}', '{title} starts in {left}.'),
    MailKind.FEEDBACK: ('How was {title}?', 'How was {title}? Rate it on the session page within 7 days.'),
    MailKind.ACCOUNT: ('', ''),  # R6: no session; the subject is the text's first paragraph (see compose)
}
KIND_LABELS = {
    MailKind.INVITED: 'Invitations',
    MailKind.REMOVED: 'Removals from a session',
    MailKind.ENROLLED: 'Enrollment confirmations',
    MailKind.UNENROLLED: 'Un-enrollment confirmations',
    MailKind.MENTOR_ASSIGNED: 'Sessions you are made mentor of',
    MailKind.MENTOR_REPLACED: 'Sessions you no longer mentor',
    MailKind.RESCHEDULED: 'Reschedules',
    MailKind.EDITED: 'Edited session details',
    MailKind.MEETING: 'Meeting links added or changed',
    MailKind.CANCELLED: 'Cancelled sessions',
    MailKind.LIVE: 'Sessions going Live',
    MailKind.REMINDER: 'Reminders before a session starts',
    MailKind.FEEDBACK: 'Requests for feedback after a session',
    MailKind.ACCOUNT: 'Invitations to the app and password resets',
}
# R6: a person cannot turn these off (nor unsubscribe from them): without them nobody gets in again.
ALWAYS_SENT = frozenset({MailKind.ACCOUNT})
CHOOSABLE_KINDS = tuple(kind for kind in MailKind if kind not in ALWAYS_SENT)
# N3: which mails carry a calendar file, and with which METHOD.
CALENDAR_METHODS = {
    MailKind.INVITED: 'REQUEST',
    MailKind.ENROLLED: 'REQUEST',
    MailKind.MENTOR_ASSIGNED: 'REQUEST',
    MailKind.RESCHEDULED: 'REQUEST',
    MailKind.EDITED: 'REQUEST',
    MailKind.MEETING: 'REQUEST',
    MailKind.REMOVED: 'CANCEL',
    MailKind.MENTOR_REPLACED: 'CANCEL',
    MailKind.UNENROLLED: 'CANCEL',
    MailKind.CANCELLED: 'CANCEL',
}


@dataclass(frozen=True)
class MailSettings:
    public_url: str  # MENTOR_PUBLIC_URL: where links in mails point
    sender: str  # MENTOR_MAIL_FROM
    secret: str  # signs unsubscribe tokens (the storage secret)


@dataclass(frozen=True)
class CalendarFile:
    method: str  # REQUEST or CANCEL
    content: str  # the .ics text


@dataclass(frozen=True)
class Mail:
    message_id: str  # stable per outbox row: a retried message is recognisably the same one
    sender: str
    to_name: str
    to_address: str
    subject: str
    text: str
    html: str
    unsubscribe_url: str
    calendar: CalendarFile | None = None


def one_line(text: str) -> str:
    """Header-safe: every run of whitespace (newlines included) becomes one space."""
    return ' '.join(text.split())


def local_time(moment: datetime, time_zone: str) -> str:
    """E3: a moment in the recipient's zone, the zone named."""
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (KeyError, ValueError, OSError):
        zone = zoneinfo.ZoneInfo('UTC')
    here = moment.astimezone(zone)
    return f'{here:%a %d %b %Y, %H:%M} {here.tzname()} ({zone.key})'


def _signature(secret: str, user_id: int, kind: MailKind) -> str:
    digest = hmac.new(secret.encode(), f'unsubscribe:{user_id}:{kind.name}'.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode()


def unsubscribe_token(secret: str, user_id: int, kind: MailKind) -> str:
    """N4: names the user and the kind of mail, signed so that nobody else can forge it."""
    return f'{user_id}.{kind.name}.{_signature(secret, user_id, kind)}'


def read_unsubscribe_token(secret: str, token: str) -> tuple[int, MailKind] | None:
    """The (user id, kind) a genuine token names; None for anything else."""
    parts = token.split('.')
    if len(parts) != 3 or not parts[0].isdigit() or len(parts[0]) > 12 or parts[1] not in MailKind.__members__:
        return None
    user_id, kind = int(parts[0]), MailKind[parts[1]]
    return (user_id, kind) if hmac.compare_digest(parts[2], _signature(secret, user_id, kind)) else None


def message_id(message: OutboxMessage, sender: str) -> str:
    domain = sender.rpartition('@')[2].strip('> ') or 'mentor-sessions.invalid'
    return f'<outbox-{message.id}-{message.created_at:%Y%m%d%H%M%S}@{domain}>'


def calendar_file(
    kind: MailKind, session: MentoringSession, mentor: User | None, recipient: Recipient, public_url: str, now: datetime
) -> CalendarFile | None:
    """N3: the invitation (REQUEST) or cancellation (CANCEL) file this kind of mail carries, if any — of the
    session as it is when the mail is sent, so its SEQUENCE is the newest."""
    method = CALENDAR_METHODS.get(kind)
    if method is None:
        return None
    attendee = User(recipient.id, recipient.name, recipient.email, 0, '', '', frozenset())
    entry = CalendarEntry(session, mentor, (attendee,))
    return CalendarFile(method, session_calendar(entry, CalendarMethod(method), public_url, now).decode())


def compose(
    message: OutboxMessage,
    recipient: Recipient,
    session: MentoringSession | None,
    settings: MailSettings,
    now: datetime,
    mentor: User | None = None,
) -> Mail:
    """N1: the mail for one outbox message, as the recipient will read it."""
    base = settings.public_url.rstrip('/')
    token = unsubscribe_token(settings.secret, recipient.id, message.kind)
    unsubscribe_url = f'{base}/mail/unsubscribe?token={token}'
    subject_form, headline_form = _HEADLINES[message.kind]
    if session is None:
        # A first paragraph is the subject; a line that is only an address becomes a link (R6's set-password).
        subject, _, rest = message.text.partition('\n\n')
        lines = rest.splitlines()
        links = [line for line in lines if line.startswith(('https://', 'http://')) and ' ' not in line]
        headline = ' '.join(line for line in lines if line not in links) or subject
        facts = [('Link', link) for link in links]
    else:
        values = {'title': one_line(session.title), 'left': time_left(session.start_at - now)}
        subject, headline = subject_form.format(**values), headline_form.format(**values)
        facts = [
            ('When', local_time(session.start_at, recipient.time_zone)),
            ('Session', f'{base}/sessions/{session.id}'),
        ]
    label = KIND_LABELS[message.kind]
    text = '\n'.join(
        [
            f'Hello {recipient.name},',
            '',
            headline,
            '',
            *(f'{name}: {value}' for name, value in facts),
            '',
            '-- ',
            f'You get this because "{label}" e-mails are on. Turn them off: {unsubscribe_url}',
            f'Choose which e-mails you get: {base}/settings/mail',
        ]
    )
    return Mail(
        message_id=message_id(message, settings.sender),
        sender=settings.sender,
        to_name=one_line(recipient.name),
        to_address=recipient.email,
        subject=one_line(subject),
        text=text,
        html=_html(recipient.name, headline, facts, label, unsubscribe_url, f'{base}/settings/mail'),
        unsubscribe_url=unsubscribe_url,
        calendar=None if session is None else calendar_file(message.kind, session, mentor, recipient, base, now),
    )


def _html(name: str, headline: str, facts: list[tuple[str, str]], label: str, unsubscribe: str, choose: str) -> str:
    e = html.escape
    rows = ''.join(
        f'<p><strong>{e(key)}:</strong> '
        + (f'<a href="{e(value)}">{e(value)}</a>' if value.startswith(('http://', 'https://')) else e(value))
        + '</p>'
        for key, value in facts
    )
    return (
        '<!DOCTYPE html><html><body style="font-family: sans-serif; line-height: 1.5">'
        f'<p>Hello {e(name)},</p><p>{e(headline)}</p>{rows}'
        f'<hr><p style="font-size: small">You get this because “{e(label)}” e-mails are on. '
        f'<a href="{e(unsubscribe)}">Turn them off</a> · <a href="{e(choose)}">Choose which e-mails you get</a></p>'
        '</body></html>'
    )
