from __future__ import annotations

import pytest

from tests.fakes import InMemoryUnitOfWork, RecordingEventPublisher
from tests.unit.support import People, seed_people


@pytest.fixture
def publisher() -> RecordingEventPublisher:
    return RecordingEventPublisher()


@pytest.fixture
def uow(publisher: RecordingEventPublisher) -> InMemoryUnitOfWork:
    return InMemoryUnitOfWork(publisher)


@pytest.fixture
def people(uow: InMemoryUnitOfWork) -> People:
    return seed_people(uow)
