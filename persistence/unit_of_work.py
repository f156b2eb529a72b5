"""One transaction per use case, and the events it commits."""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Self

from sqlalchemy import Engine, func
from sqlalchemy import exc as sa_exc
from sqlmodel import Session, select

from domain.errors import TryAgain
from domain.ports import (
    DomainEvent,
    EnrollmentRepository,
    EventPublisher,
    ImageRepository,
    LoginRepository,
    NotificationRepository,
    OptionRepository,
    SessionRepository,
    UserRepository,
)
from persistence.database import WRITE_OPTION
from persistence.events import CHANNEL, encode_event
from persistence.repositories import (
    SqlEnrollmentRepository,
    SqlImageRepository,
    SqlLoginRepository,
    SqlNotificationRepository,
    SqlOptionRepository,
    SqlSessionRepository,
    SqlUserRepository,
)

log = logging.getLogger(__name__)

# Passing faults: the database went away, refused a connection, or timed out. The user may try again.
CONNECTION_ERRORS = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
)


class SqlUnitOfWork:
    """A `domain.ports.UnitOfWork` over one SQLModel Session. Not reusable: one `with` block."""

    users: UserRepository
    sessions: SessionRepository
    enrollments: EnrollmentRepository
    options: OptionRepository
    logins: LoginRepository
    notifications: NotificationRepository
    images: ImageRepository

    def __init__(self, engine: Engine, publisher: EventPublisher, *, instance_id: str, read_only: bool) -> None:
        # The option reaches every connection this Session takes; SQLite's "begin" hook reads it.
        self._engine = engine.execution_options(**{WRITE_OPTION: not read_only})
        self._publisher = publisher
        self._instance_id = instance_id
        self._notify = engine.dialect.name == 'postgresql'
        self._events: list[DomainEvent] = []
        self._session: Session | None = None

    def __enter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError('a unit of work is used for one `with` block only')
        session = Session(self._engine, expire_on_commit=False)
        self._session = session
        self.users = SqlUserRepository(session)
        self.sessions = SqlSessionRepository(session)
        self.enrollments = SqlEnrollmentRepository(session)
        self.options = SqlOptionRepository(session)
        self.logins = SqlLoginRepository(session)
        self.notifications = SqlNotificationRepository(session)
        self.images = SqlImageRepository(session)
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
        if isinstance(exc, CONNECTION_ERRORS):
            raise TryAgain() from exc

    def commit(self) -> None:
        """Commit; on PostgreSQL the NOTIFYs are part of the transaction. Then tell this process."""
        session = self._active()
        events = list(dict.fromkeys(self._events))
        try:
            if self._notify:
                for event in events:
                    session.exec(select(func.pg_notify(CHANNEL, encode_event(event, self._instance_id))))
            session.commit()
        except CONNECTION_ERRORS as error:
            raise TryAgain() from error
        self._events.clear()
        if events:
            self._publisher.publish(events)

    def rollback(self) -> None:
        self._events.clear()
        self._active().rollback()

    def record(self, event: DomainEvent) -> None:
        """Queue an event, published only if and after the transaction commits."""
        self._events.append(event)

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

    def __call__(self, *, read_only: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, self.publisher, instance_id=self.instance_id, read_only=read_only)
