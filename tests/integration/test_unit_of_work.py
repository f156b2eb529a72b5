"""SqlUnitOfWork: one transaction per use case; events only after a commit; passing faults say "try again"."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput, TryAgain
from domain.ports import InboxChanged, SessionChanged
from persistence.database import make_engine
from persistence.events import InMemoryEventBus
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import RecordingSubscriber, add_user


def test_leaving_without_commit_rolls_back(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.users.add_organization('Asha')
    with uow_factory(read_only=True) as uow:
        assert uow.users.organizations() == []


def test_a_refusal_inside_the_block_rolls_back_and_propagates(uow_factory: SqlUnitOfWorkFactory) -> None:
    with pytest.raises(InvalidInput), uow_factory() as uow:
        uow.users.add_organization('Asha')
        raise InvalidInput('no')
    with uow_factory(read_only=True) as uow:
        assert uow.users.organizations() == []


def test_an_explicit_rollback_discards_the_changes_and_the_events(
    uow_factory: SqlUnitOfWorkFactory, received: RecordingSubscriber
) -> None:
    with uow_factory() as uow:
        uow.users.add_organization('Asha')
        uow.record(SessionChanged(1))
        uow.rollback()
        uow.users.add_organization('Kestrel')
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert [org.name for org in uow.users.organizations()] == ['Kestrel']
    assert received.events == []


def test_events_are_published_only_after_the_commit(
    uow_factory: SqlUnitOfWorkFactory, received: RecordingSubscriber
) -> None:
    """L1: what the other screens hear about has been committed."""
    with uow_factory() as uow:
        uow.users.add_organization('Asha')
        uow.record(SessionChanged(7))
        uow.record(InboxChanged(3))
        uow.record(SessionChanged(7))
        assert received.events == []
        uow.commit()
        assert received.batches == [(SessionChanged(7), InboxChanged(3))]


def test_no_event_is_published_without_a_commit(
    uow_factory: SqlUnitOfWorkFactory, received: RecordingSubscriber
) -> None:
    with uow_factory() as uow:
        uow.record(SessionChanged(7))
    with pytest.raises(InvalidInput), uow_factory() as uow:
        uow.record(SessionChanged(8))
        raise InvalidInput('no')
    assert received.events == []


def test_a_read_only_unit_of_work_reads_what_was_committed(uow_factory: SqlUnitOfWorkFactory) -> None:
    user = add_user(uow_factory, 'Ann')
    with uow_factory(read_only=True) as uow:
        assert uow.users.get(user.id) == user


def test_a_failing_subscriber_does_not_undo_the_commit_or_silence_others(uow_factory: SqlUnitOfWorkFactory) -> None:
    bus = uow_factory.publisher
    assert isinstance(bus, InMemoryEventBus)
    heard = RecordingSubscriber()

    def broken(_events: object) -> None:
        raise RuntimeError('subscriber bug')

    bus.subscribe(broken)
    bus.subscribe(heard)
    with uow_factory() as uow:
        uow.users.add_organization('Asha')
        uow.record(SessionChanged(1))
        uow.commit()
    assert heard.events == [SessionChanged(1)]
    with uow_factory(read_only=True) as uow:
        assert [org.name for org in uow.users.organizations()] == ['Asha']


def test_an_unreachable_database_says_try_again() -> None:
    """E2: a passing fault is a clear "try again", not a crash."""
    engine = make_engine('postgresql://postgres@127.0.0.1:1/nowhere?connect_timeout=2')
    factory = SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='lonely')
    try:
        with pytest.raises(TryAgain), factory(read_only=True) as uow:
            uow.users.get(1)
        with pytest.raises(TryAgain), factory() as uow:
            uow.users.add_organization('Asha')
            uow.record(SessionChanged(1))
            uow.commit()
    finally:
        engine.dispose()


def test_a_unit_of_work_serves_one_block_only(uow_factory: SqlUnitOfWorkFactory) -> None:
    uow = uow_factory(read_only=True)
    with uow:
        pass
    with pytest.raises(RuntimeError), uow:
        pass


def test_its_repositories_are_reached_inside_its_block_only(uow_factory: SqlUnitOfWorkFactory) -> None:
    uow = uow_factory(read_only=True)
    with pytest.raises(RuntimeError, match='with'):
        _ = uow.users  # each repository is made on first use, on the block's connection
    with uow:
        assert uow.users.organizations() == []
