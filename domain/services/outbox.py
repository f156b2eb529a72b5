"""N5: sending what the outbox holds — claim due messages, hand them to the SMTP server, record each outcome.

Every instance runs this; a claim leases its rows (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one writer at a
time), so two instances never send the same message. A backlog goes out batch after batch over one SMTP connection
(P8), opened again when it broke; the next messages are built on a second thread while one is on the wire.

What a SIGKILL may repeat: the outcome of each message handed over is committed before the next one goes on the
wire, so at most ONE message is sent twice — the one the server had accepted (or was accepting) when the process
died, its "sent" not yet committed. Its lease runs out and it goes again with the same Message-ID. Nothing is lost:
a claimed message whose outcome was not committed is pending again once its lease ends.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain import rules
from domain.entities import MailKind, MailStatus, MentoringSession, OutboxMessage, Recipient, SessionStatus, User
from domain.errors import PermissionDenied
from domain.mail import ALWAYS_SENT, Mail, MailSettings, compose
from domain.ports import (
    MailConnection,
    MailNotSent,
    MailOutcome,
    MailSender,
    OutboxChanged,
    PreparedMail,
    UnitOfWork,
)


@dataclass(frozen=True)
class RetryPolicy:
    """Back-off while the server refuses for now or cannot be reached: first_wait, doubled per try, capped."""

    first_wait: timedelta = timedelta(seconds=30)
    longest_wait: timedelta = timedelta(hours=2)
    max_tries: int = 8
    batch: int = 20
    lease: timedelta = timedelta(minutes=10)  # longer than a batch can take (20 messages × 30 s SMTP timeout)

    def wait_after(self, tries: int) -> timedelta:
        return min(self.first_wait * (1 << min(max(0, tries - 1), 30)), self.longest_wait)


@dataclass(frozen=True)
class OutboxOverview:
    """The Outbox page (N5): the newest messages and how many there are of each status."""

    messages: list[OutboxMessage]
    counts: dict[MailStatus, int]


def _why_not_sent(
    message: OutboxMessage, recipient: Recipient | None, session: MentoringSession | None, now: datetime
) -> tuple[MailStatus, str] | None:
    if recipient is None:
        return MailStatus.FAILED, 'The recipient no longer exists.'
    if message.kind in recipient.muted and message.kind not in ALWAYS_SENT:
        return MailStatus.SKIPPED, 'The recipient turned this kind of e-mail off.'
    if message.kind is MailKind.REMINDER and (
        session is None or session.deleted_at is not None or rules.status_at(session, now) is not SessionStatus.UPCOMING
    ):
        return MailStatus.SKIPPED, 'The session was cancelled or has started.'
    return None


class _Unreachable(MailNotSent):
    """The server could not be reached: the messages left in the batch wait for their next try."""


class _Link:
    """The SMTP connection of one sending round: opened for the first message handed over, kept for the batches
    that follow (a connect, EHLO and QUIT per batch was a fifth of the exchange, P8), and dropped after a message
    failed for now — a server that refuses for the moment often closes (421), or it went away — so that the next
    message starts on a new one."""

    def __init__(self, sender: MailSender) -> None:
        self._sender = sender
        self._open = ExitStack()
        self._connection: MailConnection | None = None

    def send(self, mail: PreparedMail) -> None:
        """Hand one message over; MailNotSent as `MailConnection.send` and `MailSender.connect` raise it."""
        if self._connection is None:
            try:
                self._connection = self._open.enter_context(self._sender.connect())
            except MailNotSent as unreachable:
                raise _Unreachable(unreachable.reason, permanent=unreachable.permanent) from None
        try:
            self._connection.send(mail)
        except MailNotSent as refused:
            if not refused.permanent:
                self.close()
            raise

    def close(self) -> None:
        self._connection = None
        self._open.close()


@dataclass(frozen=True)
class _Round:
    """What every batch of one sending round shares."""

    uow_factory: Callable[[], UnitOfWork]
    sender: MailSender
    link: _Link
    builder: Executor  # one thread: builds the next messages while the current one is on the wire (P8)
    settings: MailSettings
    clock: Callable[[], datetime]
    policy: RetryPolicy


def send_backlog(
    uow_factory: Callable[[], UnitOfWork],
    sender: MailSender,
    settings: MailSettings,
    clock: Callable[[], datetime],
    policy: RetryPolicy = RetryPolicy(),
    max_batches: int = 50,
) -> int:
    """Send due messages batch after batch over one connection, until a batch comes back short or `max_batches`
    were sent (so that a long backlog does not hold the caller for ever); return how many were handled."""
    handled = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix='mail-builder') as builder:
        sending = _Round(uow_factory, sender, _Link(sender), builder, settings, clock, policy)
        try:
            for _ in range(max_batches):
                count = _send_batch(sending)
                handled += count
                if count < policy.batch:
                    break
        finally:
            sending.link.close()
    return handled


def _send_batch(sending: _Round) -> int:
    """Claim a batch (one statement), record the ones not to send (one statement), then hand the others over one
    by one, each built ahead, and commit each outcome before the next goes on the wire (see the module's note)."""
    now = sending.clock()
    with sending.uow_factory() as uow:
        due = uow.mail.claim_due(now, now + sending.policy.lease, sending.policy.batch)
        recipients = uow.mail.recipients([message.user_id for message in due])
        ids = {message.session_id for message in due if message.session_id is not None}
        sessions = {session_id: uow.sessions.get(session_id) for session_id in ids}
        mentors = {user.id: user for user in uow.users.get_many([s.mentor_id for s in sessions.values() if s])}
        uow.commit()
    if not due:
        return 0
    skipped: list[MailOutcome] = []
    ready: list[tuple[OutboxMessage, Mail]] = []
    for message in due:
        recipient = recipients.get(message.user_id)
        session = sessions.get(message.session_id) if message.session_id is not None else None
        if (refusal := _why_not_sent(message, recipient, session, now)) is not None:
            skipped.append(MailOutcome(message.id, *refusal))
        elif recipient is not None:
            mentor = mentors.get(session.mentor_id) if session is not None else None
            ready.append((message, compose(message, recipient, session, sending.settings, now, mentor)))
    with sending.uow_factory() as uow:
        _record(uow, skipped, sending.clock())
        _hand_over(sending, uow, ready)
        uow.record(OutboxChanged())  # once per batch: the Outbox page shows the batch's outcomes together
        uow.commit()
    return len(due)


def _hand_over(sending: _Round, uow: UnitOfWork, ready: list[tuple[OutboxMessage, Mail]]) -> None:
    built = deque(_build_ahead(sending, mail) for _message, mail in ready[:_AHEAD])
    for done, (message, _mail) in enumerate(ready):
        if done + _AHEAD < len(ready):
            built.append(_build_ahead(sending, ready[done + _AHEAD][1]))
        try:
            sending.link.send(built.popleft().result())
        except MailNotSent as refused:
            if isinstance(refused, _Unreachable):  # the rest of the batch waits too, recorded together
                waiting = [_refused(m, sending.clock(), sending.policy, refused) for m, _mail in ready[done:]]
                _record(uow, waiting, sending.clock())
                break
            _record(uow, [_refused(message, sending.clock(), sending.policy, refused)], sending.clock())
        else:
            _record(uow, [MailOutcome(message.id, MailStatus.SENT)], sending.clock())


def _build_ahead(sending: _Round, mail: Mail) -> Future[PreparedMail]:
    return sending.builder.submit(lambda: sending.sender.prepare(mail))


# How many messages the builder thread works ahead of the one on the wire: enough to keep one ready, few enough
# that it does not compete for the interpreter with the thread waiting on the server.
_AHEAD = 2


def _refused(message: OutboxMessage, now: datetime, policy: RetryPolicy, refused: MailNotSent) -> MailOutcome:
    tries = message.tries + 1
    error = refused.reason[:1000]
    if refused.permanent:
        return MailOutcome(message.id, MailStatus.FAILED, error)
    if tries >= policy.max_tries:
        return MailOutcome(message.id, MailStatus.FAILED, f'Gave up after {tries} tries. {error}')
    return MailOutcome(message.id, MailStatus.PENDING, error, now + policy.wait_after(tries))


def _record(uow: UnitOfWork, outcomes: list[MailOutcome], now: datetime) -> None:
    """Store outcomes in one statement and commit them at once (N5: a committed outcome is never sent again)."""
    if outcomes:
        uow.mail.record_outcomes(outcomes, now)
        uow.commit()


def outbox_overview(uow: UnitOfWork, actor: User, limit: int = 200) -> OutboxOverview:
    """N5: every message with its recipient, kind, status, tries and last error — for org admins."""
    if not actor.is_org_admin:
        raise PermissionDenied('Only org admins can see the outbox.')
    with uow:
        messages = [_without_secret(message) for message in uow.mail.latest(limit)]
        return OutboxOverview(messages, uow.mail.counts())


# R6: an invitation or reset mail holds its recipient's one-time link; whoever reads the Outbox must not use it.
ACCOUNT_TEXT_HIDDEN = 'A personal link to set a password (not shown here: it is for its recipient alone).'


def _without_secret(message: OutboxMessage) -> OutboxMessage:
    return replace(message, text=ACCOUNT_TEXT_HIDDEN) if message.kind is MailKind.ACCOUNT else message
