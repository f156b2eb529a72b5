"""One transaction per use case, and the events it commits."""

from __future__ import annotations

import logging
from functools import cached_property
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
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
from persistence.repositories.querying import UnitOfWorkDatabase

log = logging.getLogger(__name__)

# Passing faults: the database went away, refused a connection, or timed out. The user may try again.
CONNECTION_ERRORS = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
)


class SqlUnitOfWork:
    """A `domain.ports.UnitOfWork` over one connection and a SQLModel Session on it, each made on first use, as
    is each repository (`UnitOfWorkDatabase`). Not reusable: one `with` block.

    The ORM repositories work through the Session; the Core statements of the hot paths (enrollments, the
    waitlist, mail and notices) run on the connection itself: an enrollment makes neither a Session nor the
    repositories it does not use (P4).
    """

    def __init__(
        self,
        engine: Engine,
        publisher: EventPublisher,
        notifier: PostgresNotifier | None,
        *,
        remembered: RememberedSeatChecks | None,
    ) -> None:
        """`engine`: the factory's engine for writers or for readers (`WRITE_OPTION`)."""
        self._engine = engine
        self._remembered = remembered
        self._publisher = publisher
        self._notifier = notifier
        self._events: list[DomainEvent] = []
        self._database: UnitOfWorkDatabase | None = None  # from the `with` block on

    def __enter__(self) -> Self:
        if self._database is not None:
            raise RuntimeError('a unit of work is used for one `with` block only')
        self._database = UnitOfWorkDatabase(self._engine)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        database = self._active()
        try:
            self.rollback()
        except CONNECTION_ERRORS:
            log.warning('rollback failed: the connection is gone', exc_info=True)
        finally:
            database.close()
        if isinstance(exc, CONNECTION_ERRORS):
            raise TryAgain() from exc

    def commit(self) -> None:
        """Commit; then tell the other instances (PostgreSQL, PostgresNotifier) and this process."""
        database = self._active()
        events = list(dict.fromkeys(self._events))
        try:
            database.commit()
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

    def record(self, event: DomainEvent) -> None:
        """Queue an event, published only if and after the transaction commits."""
        self._events.append(event)

    def _active(self) -> UnitOfWorkDatabase:
        if self._database is None:
            raise RuntimeError('use the unit of work in a `with` block')
        return self._database

    def _session(self) -> Session:
        return self._active().session()

    # The repositories, each made on first use.
    @cached_property
    def users(self) -> UserRepository:
        return SqlUserRepository(self._session())

    @cached_property
    def sessions(self) -> SessionRepository:
        return SqlSessionRepository(self._active())

    @cached_property
    def enrollments(self) -> EnrollmentRepository:
        return SqlEnrollmentRepository(self._active(), self._remembered)

    @cached_property
    def waitlist(self) -> WaitlistRepository:
        return SqlWaitlistRepository(self._active())

    @cached_property
    def options(self) -> OptionRepository:
        return SqlOptionRepository(self._session())

    @cached_property
    def logins(self) -> LoginRepository:
        return SqlLoginRepository(self._session())

    @cached_property
    def notifications(self) -> NotificationRepository:
        return SqlNotificationRepository(self._active())

    @cached_property
    def images(self) -> ImageRepository:
        return SqlImageRepository(self._session())

    @cached_property
    def mail(self) -> MailRepository:
        return SqlMailRepository(self._active())

    @cached_property
    def calendar_feeds(self) -> CalendarFeedRepository:
        return SqlCalendarFeedRepository(self._session())

    @cached_property
    def password_tokens(self) -> PasswordTokenRepository:
        return SqlPasswordTokenRepository(self._session())

    @cached_property
    def bulk_jobs(self) -> BulkJobRepository:
        return SqlBulkJobRepository(self._session())

    @cached_property
    def dashboard(self) -> DashboardRepository:
        return SqlDashboardRepository(self._session())

    @cached_property
    def feedback(self) -> FeedbackRepository:
        return SqlFeedbackRepository(self._session())

    @cached_property
    def form_drafts(self) -> FormDraftRepository:
        return SqlFormDraftRepository(self._session())


class SqlUnitOfWorkFactory:
    """`factory()` → a write unit of work; `factory(read_only=True)` → a read-only one."""

    def __init__(self, engine: Engine, publisher: EventPublisher, *, instance_id: str) -> None:
        self.engine = engine
        # Its connections carry WRITE_OPTION, which SQLite's "begin" hook reads (BEGIN IMMEDIATE for writers):
        # set once here, not on each unit of work's connection (P4).
        self._writer = engine.execution_options(**{WRITE_OPTION: True})
        self.publisher = publisher
        self.instance_id = instance_id
        postgres = engine.dialect.name == 'postgresql'
        self.notifier = (
            PostgresNotifier(engine.url.render_as_string(hide_password=False), instance_id) if postgres else None
        )
        # Where `take_seat` verifies what was read (PostgreSQL), enrolling may decide on the instance's last read.
        self.remembered = RememberedSeatChecks() if postgres else None

    def __call__(self, *, read_only: bool = False) -> SqlUnitOfWork:
        engine = self.engine if read_only else self._writer
        return SqlUnitOfWork(engine, self.publisher, self.notifier, remembered=self.remembered)

    def drain_notices(self, timeout: float = 5.0) -> bool:
        """Wait until the other instances have been told of every commit so far (at shutdown, and in tests)."""
        return self.notifier is None or self.notifier.drain(timeout)
