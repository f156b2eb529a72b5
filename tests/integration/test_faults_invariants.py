"""C6, C7, M1, U2–U4: a short run of the service state machine on a real SQLite database.

The same invariants as on the fakes (tests/unit/test_properties_invariants.py): seats, overlaps, forward-only
status, no mentees left in a deleted session — now through the SQL repositories and transactions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, settings

from persistence.database import make_engine, migrate_to_head
from persistence.events import InMemoryEventBus
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.security_machine import ServiceMachine
from tests.security_support import Uows


class SqliteServiceMachine(ServiceMachine):
    factory: ClassVar[SqlUnitOfWorkFactory | None] = None

    @staticmethod
    def new_uows() -> Uows:
        assert SqliteServiceMachine.factory is not None
        return SqliteServiceMachine.factory


@pytest.fixture(scope='module', autouse=True)
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One database for the run; each example has people of its own, so examples do not meet."""
    engine = make_engine(f'sqlite:///{tmp_path_factory.mktemp("machine") / "mentor.db"}')
    migrate_to_head(engine)
    SqliteServiceMachine.factory = SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='machine')
    yield
    SqliteServiceMachine.factory = None
    engine.dispose()


SqliteServiceMachine.TestCase.settings = settings(
    max_examples=12,
    stateful_step_count=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_c6_c7_m1_u2_u4_invariants_hold_after_any_sequence_on_sqlite = SqliteServiceMachine.TestCase
