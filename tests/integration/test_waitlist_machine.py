"""W1: the waitlist state machine (tests/waitlist_machine.py) on a real database (SQLite; PostgreSQL when set)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from sqlalchemy import Engine

from persistence.events import InMemoryEventBus
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.conftest import _empty_all_tables
from tests.waitlist_machine import waitlist_machine


def test_w1_waitlist_state_machine_on_a_real_database(engine: Engine) -> None:
    def fresh_factory() -> SqlUnitOfWorkFactory:
        _empty_all_tables(engine)  # each run of the machine starts on an empty database
        return SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='machine')

    run_state_machine_as_test(
        waitlist_machine(fresh_factory),
        settings=settings(
            max_examples=25,
            stateful_step_count=25,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
