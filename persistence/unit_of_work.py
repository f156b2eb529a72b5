"""One transaction per use case, and the events it commits."""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Connection, Engine
from sqlalchemy import exc as sa_exc
from sqlmodel import Session

from domain.errors import TryAgain
from domain.ports import (
    BulkJobRepository,
    CalendarFeedRepository,
    DashboardRepository,
    DomainEvent,
    EnrollmentRepository,
    EventPublisher,
    FeedbackRepository,
    FormDraftRepository,
    ImageRepository,
    LoginRepository,
    MailRepository,
    NotificationRepository,
    OptionRepository,
    PasswordTokenRepository,
    SessionRepository,
    UserRepository,
    WaitlistRepository,
)
from persistence.database import WRITE_OPTION
from persistence.events import PostgresNotifier
from persistence.repositories import (
    RememberedSeatChecks,
    SqlBulkJobRepository,
    SqlCalendarFeedRepository,
    SqlDashboardRepository,
    SqlEnrollmentRepository,
    SqlFeedbackRepository,
    SqlFormDraftRepository,
    SqlImageRepository,
    SqlLoginRepository,
    SqlMailRepository,
    SqlNotificationRepository,
    SqlOptionRepository,
    SqlPasswordTokenRepository,
    SqlSessionRepository,
    SqlUserRepository,
    SqlWaitlistRepository,
)

log = logging.getLogger(__name__)

# Passing faults: the database went away, refused a connection, or timed out. The user may try again.
CONNECTION_ERRORS = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
)


class _UnitOfWorkSession(Session):
    """A SQLModel Session that works on its unit of work's connection, taken on first use."""

    def __init__(self, connection: Callable[[], Connection]) -> None:
        # rollback_only: when Core statements began the transaction, the Session joins it and may roll it
        # back, but the unit of work commits it.
        super().__init__(expire_on_commit=False, join_transaction_mode='rollback_only')
        self._uow_connection = connection

    def get_bind(self, *args: Any, **kwargs: Any) -> Connection:
        return self._uow_connection()


class SqlUnitOfWork:
    """A `domain.ports.UnitOfWork` over one connection, taken on first use, and a SQLModel Session on it.
    Not reusable: one `with` block.

    The ORM repositories work through the Session; the few Core statements of the hot paths (enrollments)
    run on the connection itself, which spares them the Session's transaction machinery (P4).
    """

    users: UserRepository
    sessions: SessionRepository
    enrollments: EnrollmentRepository
    waitlist: WaitlistRepository
    options: OptionRepository
    logins: LoginRepository
    notifications: NotificationRepository
    images: ImageRepository
    mail: MailRepository
    calendar_feeds: CalendarFeedRepository
    password_tokens: PasswordTokenRepository
    bulk_jobs: BulkJobRepository
    dashboard: DashboardRepository
    feedback: FeedbackRepository
    form_drafts: FormDraftRepository

    def __init__(
        self,
        engine: Engine,
        publisher: EventPublisher,
        notifier: PostgresNotifier | None,
        *,
        read_only: bool,
        remembered: RememberedSeatChecks | None,
    ) -> None:
        self._engine = engine
        self._remembered = remembered
        self._write = not read_only
        self._publisher = publisher
        self._notifier = notifier
        self._events: list[DomainEvent] = []
        self._connection: Connection | None = None
        self._session: Session | None = None

    def __enter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError('a unit of work is used for one `with` block only')
        session = _UnitOfWorkSession(self._connect)
        self._session = session
        self.users = SqlUserRepository(session)
        self.sessions = SqlSessionRepository(session)
        self.enrollments = SqlEnrollmentRepository(session, self._connect, self._remembered)
        self.waitlist = SqlWaitlistRepository(session, self._connect)
        self.options = SqlOptionRepository(session)
        self.logins = SqlLoginRepository(session)
        self.notifications = SqlNotificationRepository(session, self._connect)
        self.images = SqlImageRepository(session)
        self.mail = SqlMailRepository(session, self._connect)
        self.calendar_feeds = SqlCalendarFeedRepository(session)
        self.password_tokens = SqlPasswordTokenRepository(session)
        self.bulk_jobs = SqlBulkJobRepository(session)
        self.dashboard = SqlDashboardRepository(session)
        self.feedback = SqlFeedbackRepository(session)
        self.form_drafts = SqlFormDraftRepository(session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session = self._active()
        try:
            self.rollback()
        except CONNECTION_ERRORS:
            log.warning('rollback failed: the connection is gone', exc_info=True)
        finally:
            session.close()
            if self._connection is not None:
                self._connection.close()
        if isinstance(exc, CONNECTION_ERRORS):
            raise TryAgain() from exc

    def commit(self) -> None:
        """Commit; then tell the other instances (PostgreSQL, PostgresNotifier) and this process."""
        session = self._active()
        events = list(dict.fromkeys(self._events))
        try:
            if session.in_transaction():  # something was added or read through the Session
                session.commit()  # flushes; commits the transaction too when the Session began it
            if self._connection is not None:
                self._connection.commit()  # when Core statements began it; else there is nothing left
        except CONNECTION_ERRORS as error:
            raise TryAgain() from error
        self._events.clear()
        if events and self._notifier is not None:
            self._notifier.send(events)
        if events:
            self._publisher.publish(events)

    def rollback(self) -> None:
        self._events.clear()
        self._active().rollback()
        if self._connection is not None:
            self._connection.rollback()

    def record(self, event: DomainEvent) -> None:
        """Queue an event, published only if and after the transaction commits."""
        self._events.append(event)

    def _connect(self) -> Connection:
        """The connection of this unit of work; the transaction begins with its first statement."""
        if self._connection is None:
            connection = self._engine.connect()
            # Before the transaction begins: SQLite's "begin" hook reads it (BEGIN IMMEDIATE for writers).
            connection.execution_options(**{WRITE_OPTION: self._write})
            self._connection = connection
        return self._connection

    def _active(self) -> Session:
        if self._session is None:
            raise RuntimeError('use the unit of work in a `with` block')
        return self._session


class SqlUnitOfWorkFactory:
    """`factory()` → a write unit of work; `factory(read_only=True)` → a read-only one."""

    def __init__(self, engine: Engine, publisher: EventPublisher, *, instance_id: str) -> None:
        self.engine = engine
        self.publisher = publisher
        self.instance_id = instance_id
        postgres = engine.dialect.name == 'postgresql'
        self.notifier = (
            PostgresNotifier(engine.url.render_as_string(hide_password=False), instance_id) if postgres else None
        )
        # Where `take_seat` verifies what was read (PostgreSQL), enrolling may decide on the instance's last read.
        self.remembered = RememberedSeatChecks() if postgres else None

    def __call__(self, *, read_only: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(
            self.engine, self.publisher, self.notifier, read_only=read_only, remembered=self.remembered
        )

    def drain_notices(self, timeout: float = 5.0) -> bool:
        """Wait until the other instances have been told of every commit so far (at shutdown, and in tests)."""
        return self.notifier is None or self.notifier.drain(timeout)
